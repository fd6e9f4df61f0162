"""Login stamps: how every worker learns that an account's logins changed.

The queue's long-poll comes back right after each answer; checking its login in the
database each time would cost a query per senior per escalation. So a worker may trust a
login it checked a moment ago (``rf.auth.logins``), for as long as the account's stamp it
heard then is still the one it hears: logging out, being signed out (deactivation, a
password change or reset) and a role change bump ``accounts.logins_seq``, which the queue
listener hears (PostgreSQL: a NOTIFY on the queue's channel; SQLite: the accounts row it
reads anyway, ``rf.queue.wakeups``). Nothing heard (no listener, or it lost its
connection) means nothing is trusted.
"""
import threading

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


def logins_changed(account_id):
    """In the transaction that ends a login or changes a member's role or access: every
    worker checks the account's logins again once it commits."""
    seq = db.session.execute(
        update(Account).where(Account.id == account_id)
        .values(logins_seq=Account.logins_seq + 1).returning(Account.logins_seq)).scalar_one()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_notify(:channel, :payload)"),
                           {"channel": NOTIFY_CHANNEL, "payload": f"{LOGINS_PREFIX}{account_id}:{seq}"})
