"""One answer per (account, cursor, queue seq, view), shared by the polls that ask it at the same time.

A wake-up releases all of an account's parked polls in a worker at once, and the tabs that
were answered a moment earlier come back with the same cursor. Polls with the same cursor
need the same answer, so the first computes it (a few queries and a render) and the others
wait for it and reuse it: 500 seniors cost one render, not 500. An answer is reused for
one second only: a tab catching up in that second may still show a dot its senior
dismissed a moment earlier (until the next change or reload).
"""
import threading
import time

FRESH_SECONDS = 1.0
MAX_ENTRIES = 256


class _Entry:
    def __init__(self):
        self.ready = threading.Event()
        self.value = None
        self.born = time.monotonic()

    def stale(self, now):
        return self.ready.is_set() and now - self.born > FRESH_SECONDS


class AnswerCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = {}

    def get(self, key, compute, refresh=False):
        """``compute()`` once per ``key`` while fresh (``refresh``: a fresh one now);
        concurrent askers wait for it."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            owner = entry is None or entry.stale(now) or (refresh and entry.ready.is_set())
            if owner:
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries = {k: e for k, e in self._entries.items() if not e.stale(now)}
                entry = self._entries[key] = _Entry()
        if owner:
            try:
                entry.value = compute()
            finally:
                entry.ready.set()
                if entry.value is None:  # compute failed: let the next poll try again
                    with self._lock:
                        self._entries.pop(key, None)
        else:
            entry.ready.wait(10)
        return entry.value if entry.value is not None else compute()

    def clear(self):
        with self._lock:
            self._entries = {}


answers = AnswerCache()
