"""Transaction locks that work the same way on PostgreSQL and SQLite.

Each lock is held until the transaction commits or rolls back. SQLite allows one writer at
a time, so there every lock is that single write lock, taken at once by a write that
changes nothing (before the checks that follow read anything).
"""
import hashlib

from sqlalchemy import select, text

from .extensions import db
from .models import Account


def _is_sqlite():
    return db.engine.dialect.name == "sqlite"


def _take_sqlite_write_lock():
    db.session.execute(text("UPDATE accounts SET id = id WHERE 1 = 0"))


def lock_account(account_id):
    """Serialise changes within one account (PostgreSQL: a row lock on the account)."""
    if _is_sqlite():
        _take_sqlite_write_lock()
    else:
        db.session.execute(select(Account.id).where(Account.id == account_id).with_for_update())


def lock_name(name):
    """Serialise transactions about the same thing, e.g. logins for one email, where no
    row exists to lock (PostgreSQL: an advisory lock on a 64-bit hash of the name)."""
    if _is_sqlite():
        _take_sqlite_write_lock()
    else:
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
