"""Login stamps: how every worker learns that an account's logins changed.

The queue's long-poll comes back right after each answer; checking its login in the
database each time would cost a query per senior per escalation. So a worker may trust a
login it checked a moment ago (``TrustedLogins``: filled by ``rf.auth.logins``, read there
and by the queue's fast path, ``rf.queue.fast_poll``), for as long as the account's stamp it
heard then is still the one it hears: logging out, being signed out (deactivation, a
password change or reset) and a role change bump ``accounts.logins_seq``, which the queue
listener hears (PostgreSQL: a NOTIFY on the queue's channel; SQLite: the accounts row it
reads anyway, ``rf.queue.wakeups``). Nothing heard (no listener, or it lost its
connection) means nothing is trusted.
"""
import random
import threading
import time

from sqlalchemy import text, update

from .extensions import db
from .models import Account

NOTIFY_CHANNEL = "rf_queue"  # queue events and login stamps share the listener's channel
LOGINS_PREFIX = "logins:"


class LoginStamps:
    def __init__(self):
        self._lock = threading.Lock()
        self._stamps = {}

    def current(self, account_id):
        with self._lock:
            return self._stamps.get(account_id)

    def heard(self, account_id, seq):
        with self._lock:
            self._stamps[account_id] = seq

    def forget(self):
        with self._lock:
            self._stamps = {}


stamps = LoginStamps()


class TrustedLogins:
    """Logins checked a moment ago, trusted by the queue's long-poll only (it comes back
    right after every answer): until the account's login stamp changes, or some minutes
    pass (spread, so logins checked together aren't checked again together). The user is
    the one loaded then, detached: its columns only. A browser's tabs polling at once wait
    for one check of their login, not one each."""

    TRUST_SECONDS = (480, 720)
    MAX_LOGINS = 20_000

    def __init__(self):
        self._lock = threading.Lock()
        self._logins = {}
        self._checking = {}

    def get(self, digest):
        with self._lock:
            entry = self._logins.get(digest)
        if entry is None:
            return None
        user, stamp, until = entry
        if stamp != stamps.current(user.account_id) or time.monotonic() > until:
            return None
        return user

    def put(self, digest, user, stamp):
        """``stamp``: the account's ``logins_seq`` read with the login; trusted while the
        listener hears that one (not before it has, not after a change)."""
        with self._lock:
            if len(self._logins) >= self.MAX_LOGINS:
                self._logins = {}
            self._logins[digest] = (user, stamp, time.monotonic() + random.uniform(*self.TRUST_SECONDS))

    def check_once(self, digest, check):
        """``check()`` for ``digest`` unless another request is checking it: then wait for
        that one and use what it trusted (or check too, when it trusted nothing)."""
        with self._lock:
            running = self._checking.get(digest)
            if running is None:
                running = self._checking[digest] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            running.wait(10)
            return self.get(digest) or check()
        try:
            return check()
        finally:
            with self._lock:
                self._checking.pop(digest, None)
            running.set()

    def clear(self):
        with self._lock:
            self._logins = {}


trusted_logins = TrustedLogins()


def logins_changed(account_id):
    """In the transaction that ends a login or changes a member's role or access: every
    worker checks the account's logins again once it commits."""
    seq = db.session.execute(
        update(Account).where(Account.id == account_id)
        .values(logins_seq=Account.logins_seq + 1).returning(Account.logins_seq)).scalar_one()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_notify(:channel, :payload)"),
                           {"channel": NOTIFY_CHANNEL, "payload": f"{LOGINS_PREFIX}{account_id}:{seq}"})
