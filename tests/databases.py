"""Test databases: one per engine and per pytest-xdist worker, built by the real migrations.

The suite drops every table, view and function in the databases it uses, so it refuses a
PostgreSQL database whose name lacks "test" before touching anything.
"""
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from rf import create_app
from rf.core.config import TestConfig, with_driver
from rf.core.extensions import db


class NotATestDatabase(Exception):
    pass


def worker_database_url(url, worker):
    """The database this xdist worker uses: ``<name>_<worker>`` beside the configured one
    (created when missing), or the configured one itself without xdist."""
    base = make_url(with_driver(url))
    if "test" not in (base.database or ""):
        raise NotATestDatabase(
            f"RF_TEST_DATABASE_URL names the database {base.database!r}: the tests drop every table in it, "
            "so its name must contain 'test' (e.g. rf_test).")
    if worker is None:
        return base.render_as_string(hide_password=False)
    name = f"{base.database}_{worker}"
    maintenance = create_engine(base, isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    maintenance.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_worker_database(url, worker_url):
    """Drop a worker's database (servers still connected are cut off)."""
    if worker_url == make_url(with_driver(url)).render_as_string(hide_password=False):
        return
    maintenance = create_engine(with_driver(url), isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(worker_url).database}" WITH (FORCE)'))
    maintenance.dispose()


def reset_schema(url):
    """Drop every view, table (including alembic_version) and, on PostgreSQL, SQL function
    so migrations run from scratch."""
    engine = create_engine(with_driver(url))
    with engine.begin() as conn:
        schema = inspect(conn)
        views, tables = schema.get_view_names(), schema.get_table_names()
        if url.startswith("postgresql"):
            for view in views:
                conn.execute(text(f'DROP VIEW IF EXISTS "{view}" CASCADE'))
            for table in tables:
                conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
            for function in conn.scalars(text(
                    "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE n.nspname = current_schema() AND p.prokind = 'f' AND NOT EXISTS "
                    "(SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')")):
                conn.execute(text(f"DROP FUNCTION IF EXISTS {function} CASCADE"))
        else:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            for view in views:
                conn.execute(text(f'DROP VIEW IF EXISTS "{view}"'))
            for table in tables:
                conn.execute(text(f'DROP TABLE IF EXISTS "{table}"'))
    engine.dispose()


def migrated(url, instance_path):
    """``url`` emptied and brought to the latest migration."""
    reset_schema(url)
    app = create_app(TestConfig(instance_path, database_url=url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def empty_tables(url):
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if url.startswith("postgresql"):
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
