"""The app's one clock: naive UTC, stored the same way on SQLite and PostgreSQL.

Everything that asks the time asks ``utcnow``, so a test can move it (``move``) instead of
sleeping, and the test server's control hook (``rf.test_hooks``, registered only with
RF_TEST_HOOKS on a loopback server) can move a running server's clock."""
from datetime import datetime, timedelta, timezone

_offset = timedelta(0)


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None) + _offset


def move(delta):
    """Move this process's clock on by ``delta`` (tests only)."""
    global _offset
    _offset += delta


def reset():
    global _offset
    _offset = timedelta(0)
