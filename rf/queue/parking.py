"""A parked long-poll: waiting for the account's queue to move past the client's cursor.

No request, database or template in here: the route (``routes.poll``) decides that a poll
parks, the fast path (``fast_poll``) parks it outside Flask's request, and the answer is
the shared one or the route's.
"""
import time
from dataclasses import dataclass

from .limits import parked
from .wakeups import Wakeup, hub


def poll_view(value):
    """A poll's view: "count" (the nav count, on any page but the queue) or "list"."""
    return "count" if value == "count" else "list"


def current_if_heard(account_id, after):
    """The account's queue number when the client's cursor ``after`` is the one the
    listener heard last (the usual poll, back after an answer: current, no query); None
    when that can't be known without the database."""
    heard = hub.latest_seq(account_id)
    return heard if heard is not None and after == str(heard) else None


@dataclass
class Parking:
    """A poll about to park: whose (``asker``: user id and creation time), from where, at
    which cursor, for which view, on the wake-up it subscribed before the cursor was found
    current."""
    account_id: int
    asker: tuple
    address: str
    cursor: int
    view: str
    wakeup: Wakeup


@dataclass(frozen=True)
class Woken:
    """How a parked poll ended. ``seq``: the account's queue number then (the cursor when
    nothing changed: timed out, or the server is stopping; None when unknown: read it from
    the database). ``evicted``: a newer poll of the same user or address took its place."""
    seq: int | None
    evicted: bool = False


def park(parking, seconds):
    """Wait up to ``seconds`` for the queue to move past the cursor."""
    account_id, user_id, address, cursor = parking.account_id, parking.asker[0], parking.address, parking.cursor
    wakeup = parking.wakeup
    deadline = time.monotonic() + seconds
    parked.enter(user_id, address, wakeup)
    try:
        while True:
            if not wakeup.wait(max(0, deadline - time.monotonic())) or wakeup.evicted:
                # Timed out (nothing changed; a listener that lost its connection wakes
                # everyone when it is back), or this is a user's oldest parked poll and a
                # newer one took its place: the client's next poll reads afresh.
                return Woken(cursor, evicted=wakeup.evicted)
            seq = wakeup.seq if wakeup.seq is not None else hub.latest_seq(account_id)
            if seq is None or seq > cursor:
                return Woken(seq)
            if hub.stopping.is_set():
                return Woken(cursor)
            # A late notice for a change we already have: wait on, checking what the listener
            # heard after subscribing again (a notice heard in between woke nobody).
            old, wakeup = wakeup, hub.subscribe(account_id, parking.view)
            parked.replace(user_id, address, old, wakeup)
            hub.unsubscribe(account_id, old)
            seq = hub.latest_seq(account_id)
            if seq is None or seq > cursor:
                return Woken(seq)
    finally:
        parked.leave(user_id, address, wakeup)
        hub.unsubscribe(account_id, wakeup)
