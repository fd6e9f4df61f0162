"""One answer per (senior, cursor, queue seq), shared by the polls that ask it at the same time.

A wake-up releases all of an account's parked polls in a worker at once, and the tabs that
were answered a moment earlier come back with the same cursor. Polls from the same senior
with the same cursor need the same HTML, so the first computes it (a few queries and a
render) and the others wait for it and reuse it: 500 tabs cost one render, not 500.
An answer is reused for one second only: a tab catching up in that second may still show
a dot its senior dismissed a moment earlier (until the next change or reload).
"""
import threading
import time

FRESH_SECONDS = 1.0
MAX_ENTRIES = 256


class _Entry:
    def __init__(self):
        self.ready = threading.Event()
        self.html = None
        self.born = time.monotonic()

    def stale(self, now):
        return self.ready.is_set() and now - self.born > FRESH_SECONDS


class AnswerCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = {}

    def get(self, key, compute):
        """``compute()`` once per ``key`` while fresh; concurrent askers wait for it."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            owner = entry is None or entry.stale(now)
            if owner:
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries = {k: e for k, e in self._entries.items() if not e.stale(now)}
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

    def clear(self):
        with self._lock:
            self._entries = {}


answers = AnswerCache()
