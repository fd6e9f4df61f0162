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
from dataclasses import dataclass, field

from .cards import mine_html

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
        entry, owner = self._claim(key, refresh)
        if owner:
            self._fill(key, entry, compute)
        else:
            entry.ready.wait(10)
        return entry.value if entry.value is not None else compute()

    def reserve(self, key):
        """Claim ``key`` for an answer about to be made: ``fill(compute)`` makes it (askers
        wait for it meanwhile), or None when one is there or being made already."""
        entry, owner = self._claim(key)
        return (lambda compute: self._fill(key, entry, compute)) if owner else None

    def _claim(self, key, refresh=False):
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            owner = entry is None or entry.stale(now) or (refresh and entry.ready.is_set())
            if owner:
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries = {k: e for k, e in self._entries.items() if not e.stale(now)}
                entry = self._entries[key] = _Entry()
        return entry, owner

    def _fill(self, key, entry, compute):
        try:
            entry.value = compute()
        finally:
            entry.ready.set()
            if entry.value is None:  # compute failed: let the next poll try again
                with self._lock:
                    self._entries.pop(key, None)

    def peek(self, key):
        """The fresh answer for ``key`` (waiting for one being computed), or None."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or entry.stale(time.monotonic()):
            return None
        entry.ready.wait(10)
        return entry.value

    def clear(self):
        with self._lock:
            self._entries = {}


answers = AnswerCache()


@dataclass
class SharedAnswer:
    """A poll answer as every senior of the account gets it, and what makes one senior's."""
    html: str
    viewers: dict  # who may have it: {user id: created_at}
    open_cards: list = field(default_factory=list)
    reads: dict | None = None  # view "list": {user id: {seen handoff ids}}


def senior_view(open_cards, read_ids, user_id):
    """(unread ids, own-session ids) of the open cards for one senior."""
    unread = {card.id for card in open_cards} - read_ids
    return unread, {card.id for card in open_cards if card.owner_id == user_id}


def answer_for(answer, asker):
    """``answer`` as the senior ``asker`` gets it, or None when they aren't one of its
    viewers (not an active senior of the account when it was computed)."""
    user_id, created_at = asker
    if answer.viewers.get(user_id) != created_at:
        return None
    if answer.reads is None:
        return answer.html
    unread, own = senior_view(answer.open_cards, answer.reads.get(user_id, set()), user_id)
    return str(mine_html(unread, own, oob=True)) + answer.html
