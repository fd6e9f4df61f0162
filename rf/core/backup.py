"""Backups of the whole database and restores from them (``flask rf backup`` / ``rf restore``).

SQLite: SQLite's online backup API, a consistent copy while the app keeps writing (never a
copy of the file, which WAL mode would leave incomplete). PostgreSQL: ``pg_dump`` in its
custom format, restored with ``pg_restore`` into an emptied schema in one transaction; the
client programs get the app's own connection (its query parameters too) with the password
in the environment, never on a command line other users can read. Backups are readable by
their owner only: they hold password hashes and webhook secrets.
"""
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing, contextmanager
from datetime import datetime, timezone

from sqlalchemy import inspect, text

from .extensions import db


class BackupError(Exception):
    """What went wrong, in words an operator can act on."""


def default_path(folder):
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    return os.path.join(folder, f"resolutionflow-{stamp}.{'sqlite3' if is_sqlite() else 'dump'}")


def is_sqlite():
    return db.engine.dialect.name == "sqlite"


def sqlite_file():
    """The database file the app uses (a relative URL resolved as the app resolves it)."""
    return db.engine.url.database


@contextmanager
def owner_only():
    """Files and folders made inside are readable by their owner only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def backup(path):
    """Write a consistent copy of the app's database to ``path`` (never over an existing file)."""
    if os.path.exists(path):
        raise BackupError(f"{path} already exists; name another file.")
    with owner_only():
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        if is_sqlite():
            if not os.path.isfile(sqlite_file()):
                raise BackupError(f"There is no database at {sqlite_file()} to back up.")
            with closing(sqlite3.connect(sqlite_file())) as source, closing(sqlite3.connect(path)) as target:
                source.backup(target)
        else:
            run_client("pg_dump", ["--format=custom", "--no-owner", f"--file={path}"])


def restore(path, known_revisions, force=False):
    """Replace the app's database with the backup at ``path``; returns the backup's schema
    version. Refuses, before touching anything: a missing file, another engine's backup, a
    backup whose schema is newer than this version knows (``known_revisions``), and a
    database that already holds an account unless ``force``. The caller upgrades the schema."""
    if not os.path.isfile(path):
        raise BackupError(f"No backup at {path}.")
    revision = backup_revision(path)
    if revision is not None and revision not in known_revisions:
        raise BackupError(f"The backup's schema ({revision}) is newer than this version of ResolutionFlow: "
                          "upgrade the app first, then restore. Nothing was changed.")
    holds = accounts_in()
    if holds and not force:
        raise BackupError(f"The database already holds {holds} account{'' if holds == 1 else 's'}: restoring "
                          "would replace everything in it. Add --force to do so (take a backup of it first).")
    db.session.remove()
    db.engine.dispose()
    if is_sqlite():
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(sqlite_file())) as target:
            source.backup(target)  # the whole file, tables the backup doesn't have gone too
    else:
        with db.engine.begin() as connection:  # what the backup doesn't have goes too
            others = connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )).scalar()
            if others:
                raise BackupError(f"{others} other connection{'' if others == 1 else 's'} to the database: stop every "
                                  "app server (and rf dispatch) first. Nothing was changed.")
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()
        run_client("pg_restore", ["--no-owner", "--single-transaction", "--exit-on-error", path])
    return revision


def backup_revision(path):
    """The schema version stored in a backup (None when it has none), checking that it is a
    backup of this engine."""
    with open(path, "rb") as file:
        head = file.read(16)
    if is_sqlite():
        if not head.startswith(b"SQLite format 3"):
            raise BackupError(f"{path} is not a SQLite backup (a PostgreSQL one needs a PostgreSQL database).")
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as backup_db:
            try:
                row = backup_db.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.DatabaseError:
                return None
        return row[0] if row else None
    if not head.startswith(b"PGDMP"):
        raise BackupError(f"{path} is not a pg_dump custom-format backup (a SQLite one needs a SQLite database).")
    listing = run_client("pg_restore", ["--data-only", "--table=alembic_version", "--file=-", path], database=False)
    found = re.search(r"^COPY public\.alembic_version .*?;\n([0-9a-f]+)\n", listing, re.M)
    return found.group(1) if found else None


def accounts_in():
    """How many accounts the database holds (0 when it has no schema yet)."""
    if "accounts" not in inspect(db.engine).get_table_names():
        return 0
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM accounts")).scalar()


def run_client(program, arguments, database=True):
    """Run a PostgreSQL client program on the app's database (``database``: against it, not
    only reading a file); returns what it printed."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} was not found: install PostgreSQL's client programs "
                          "(Debian: apt-get install postgresql-client), the same major version as the server.")
    url = db.engine.url
    target = ["--dbname", url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)]
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    done = subprocess.run([executable, *arguments, *(target if database else [])], env=environment,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout
