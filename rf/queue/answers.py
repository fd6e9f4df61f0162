"""One answer computed per wake-up, shared by every parked poll that asks the same question.

A wake-up releases all of an account's parked polls in a worker at once. Polls from the same
senior with the same cursor need the same HTML, so the first computes it (a few queries and
a render) and the others wait for it and reuse it: 500 parked tabs cost one render, not 500.
Keys include the wake-up itself, so an answer is only ever shared within one burst.
"""
import threading
import time

MAX_ENTRIES = 256
MAX_AGE_SECONDS = 5


class _Entry:
    def __init__(self):
        self.ready = threading.Event()
        self.html = None
        self.born = time.monotonic()


class AnswerCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = {}

    def get(self, key, compute):
        """``compute()`` once per ``key`` (which includes the queue's seq); others wait."""
        with self._lock:
            entry = self._entries.get(key)
            owner = entry is None
            if owner:
                if len(self._entries) >= MAX_ENTRIES:
                    self._forget_old()
                entry = self._entries[key] = _Entry()
        if owner:
            try:
                entry.html = compute()
            finally:
                entry.ready.set()
                if entry.html is None:  # compute failed: let the next poll try again
                    with self._lock:
                        self._entries.pop(key, None)
        else:
            entry.ready.wait(10)
        return entry.html if entry.html is not None else compute()


    def _forget_old(self):
        cutoff = time.monotonic() - MAX_AGE_SECONDS
        self._entries = {key: entry for key, entry in self._entries.items() if entry.born > cutoff}


answers = AnswerCache()
