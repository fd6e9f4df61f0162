"""Running the metrics SQL: one query per file in ``sql/``, the same text on SQLite and
PostgreSQL, with bound parameters. The dialect gaps (seconds between two timestamps, the
week of a timestamp) are closed once by the SQL functions ``rf_seconds`` and ``rf_week``:
Python functions on each SQLite connection (``register_sqlite_functions``), SQL functions
in PostgreSQL (created by a migration)."""
from datetime import date, datetime
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy import DateTime, bindparam, create_engine, text
from sqlalchemy.pool import NullPool

from ..core.extensions import db

SQL_DIR = Path(__file__).parent / "sql"
TIMESTAMP_PARAMETERS = ("start", "end")
# Result columns that are timestamps (SQLite hands them back as text).
TIMESTAMP_COLUMNS = ("oldest", "escalated_at", "claimed_at", "first_action_at")
# A Monday: rf_week(t) counts whole weeks from it, so weeks group by integer.
WEEK_ZERO = date(1969, 12, 29)


@cache
def statement(name):
    return prepared((SQL_DIR / f"{name}.sql").read_text())


def prepared(source):
    """The SQL text ``source`` with its timestamp parameters and columns typed."""
    query = text(source).bindparams(
        *(bindparam(p, type_=DateTime()) for p in TIMESTAMP_PARAMETERS if f":{p}" in source))
    return query.columns(**{c: DateTime() for c in TIMESTAMP_COLUMNS if c in source})


def run(connection, name, **parameters):
    """The rows of ``sql/<name>.sql`` as mappings."""
    return connection.execute(statement(name), parameters).mappings().all()


def computed_apart(compute, *args):
    """``compute(connection, *args)``, without stalling this worker's other requests.

    psycopg2 yields to gevent while PostgreSQL works, so there it runs here on a pooled
    connection. sqlite3 would hold the whole gevent worker (and its parked queue polls)
    until the query ends, so in a gevent worker it runs in a real thread with a connection
    of its own; sqlite3 releases the GIL while it works.
    """
    from gevent import get_hub, monkey

    if db.engine.dialect.name == "sqlite" and monkey.is_module_patched("socket"):
        engine = sqlite_engine(db.engine.url)
        return get_hub().threadpool.apply(_in_thread, (current_app._get_current_object(), engine, compute, args))
    with db.engine.connect() as connection:
        return compute(connection, *args)


def _in_thread(app, engine, compute, args):
    with app.app_context(), engine.connect() as connection:
        return compute(connection, *args)


@cache
def sqlite_engine(url):
    """A pool-less engine for threads: each report opens and closes its own connection.

    Its first connection is made here, in the calling greenlet: SQLAlchemy guards the first
    connect of an engine with a lock, which under gevent is a gevent lock that native
    threads waiting on it would never be woken from."""
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 5, "check_same_thread": False})
    engine.connect().close()
    return engine


def _parse(value):
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def sqlite_seconds(start, end):
    """rf_seconds(a, b): seconds from a to b (negative if b is earlier); NULL if either is."""
    if start is None or end is None:
        return None
    return (_parse(end) - _parse(start)).total_seconds()


def week_number(day):
    """The week ``day`` falls in, counted in whole weeks from the Monday ``WEEK_ZERO``."""
    return (day - WEEK_ZERO).days // 7


def sqlite_week(moment):
    """rf_week(t): the number of t's week (see ``week_number``)."""
    return None if moment is None else week_number(_parse(moment).date())


def register_sqlite_functions(connection):
    connection.create_function("rf_seconds", 2, sqlite_seconds, deterministic=True)
    connection.create_function("rf_week", 1, sqlite_week, deterministic=True)
