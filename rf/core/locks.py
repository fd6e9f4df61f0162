"""Transaction locks that work the same way on PostgreSQL and SQLite.

Each lock is held until the transaction commits or rolls back. SQLite allows one writer at
a time, so there every lock is that single write lock, taken at once by a write that
changes nothing (before the checks that follow read anything).
"""
import hashlib

from sqlalchemy import select, text

from .extensions import db
from .models import Account, TroubleshootingSession


def _is_sqlite():
    return db.engine.dialect.name == "sqlite"


def _take_sqlite_write_lock():
    db.session.execute(text("UPDATE accounts SET id = id WHERE 1 = 0"))


def _lock_row(model, row_id):
    if _is_sqlite():
        _take_sqlite_write_lock()
    else:
        db.session.execute(select(model.id).where(model.id == row_id).with_for_update())


def lock_account(account_id):
    """Serialise changes within one account (PostgreSQL: a row lock on the account)."""
    _lock_row(Account, account_id)


def lock_session(session_id):
    """Serialise changes to one troubleshooting session (its status, its steps)."""
    _lock_row(TroubleshootingSession, session_id)


def lock_name(name):
    """Serialise transactions about the same thing, e.g. logins for one email, where no
    row exists to lock (PostgreSQL: an advisory lock on a 64-bit hash of the name)."""
    if _is_sqlite():
        _take_sqlite_write_lock()
    else:
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
