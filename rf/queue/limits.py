"""Limits on parked polls, per worker: one browser parks one poll (its tabs share it), so a
user with more than a few parked, or an address with very many, is a tab that went away
without closing its connection — or a flood. The oldest extra poll is answered at once, and
a user parking polls faster than any browser would gets 429."""
import threading
import time
from collections import defaultdict, deque

MAX_PER_USER = 4
# An office behind one NAT (or a proxy not named in RF_TRUSTED_PROXIES): every senior's poll
# comes from one address. Half the default RF_WORKER_CONNECTIONS: one address can't take all.
MAX_PER_ADDRESS = 500
RATE_WINDOW_SECONDS = 10
MAX_PARKS_PER_WINDOW = 60  # a browser parks one poll per change (4 tabs that share none: 4), or every ~25 s
RETRY_AFTER_SECONDS = RATE_WINDOW_SECONDS


class ParkedPolls:
    def __init__(self):
        self._lock = threading.Lock()
        self._by_user = defaultdict(deque)
        self._by_address = defaultdict(deque)
        self._parks = defaultdict(deque)

    def admit(self, user_id, address):
        """Record a poll about to park; False when this user parks too fast (answer 429)."""
        now = time.monotonic()
        with self._lock:
            recent = self._parks[user_id]
            while recent and recent[0] <= now - RATE_WINDOW_SECONDS:
                recent.popleft()
            if len(recent) >= MAX_PARKS_PER_WINDOW:
                return False
            recent.append(now)
            return True

    def enter(self, user_id, address, wakeup):
        """Count ``wakeup``'s poll as parked; the oldest beyond a limit is woken to answer."""
        evicted = []
        with self._lock:
            for polls, limit in ((self._by_user[user_id], MAX_PER_USER),
                                 (self._by_address[address], MAX_PER_ADDRESS)):
                polls.append(wakeup)
                while len(polls) > limit:
                    evicted.append(polls.popleft())
        for old in evicted:
            old.evicted = True
            old.set()

    def replace(self, user_id, address, old, new):
        """The poll waits on a new event (it subscribed again)."""
        with self._lock:
            for polls in (self._by_user[user_id], self._by_address[address]):
                if old in polls:
                    polls[polls.index(old)] = new
        if old.evicted:
            new.evicted = True
            new.set()

    def leave(self, user_id, address, wakeup):
        with self._lock:
            for table, key in ((self._by_user, user_id), (self._by_address, address)):
                polls = table.get(key)
                if polls is not None and wakeup in polls:
                    polls.remove(wakeup)
                if polls is not None and not polls:
                    del table[key]


parked = ParkedPolls()
