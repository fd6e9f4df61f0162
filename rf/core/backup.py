"""Backups of the whole database and restores from them (``flask rf backup`` / ``rf restore``).

SQLite: SQLite's online backup API, a consistent copy while the app keeps writing (never a
copy of the file, which WAL mode would leave incomplete). PostgreSQL: ``pg_dump`` in its
custom format, restored with ``pg_restore``; the password goes to them in the environment,
never on a command line other users can read.
"""
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import datetime, timezone

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from .extensions import db


class BackupError(Exception):
    """What went wrong, in words an operator can act on."""


def default_path(folder, url):
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    return os.path.join(folder, f"resolutionflow-{stamp}.{'sqlite3' if is_sqlite(url) else 'dump'}")


def is_sqlite(url):
    return make_url(url).get_backend_name() == "sqlite"


def backup(url, path):
    """Write a consistent copy of the database at ``url`` to ``path`` (not overwriting one)."""
    if os.path.exists(path):
        raise BackupError(f"{path} already exists; name another file.")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if is_sqlite(url):
        with closing(sqlite3.connect(sqlite_file(url))) as source, closing(sqlite3.connect(path)) as target:
            source.backup(target)
    else:
        run_client("pg_dump", url, ["--format=custom", "--no-owner", f"--file={path}"])


def restore(url, path, force=False):
    """Replace the database at ``url`` with the backup at ``path``. Refuses a database that
    already holds an account unless ``force``; the caller upgrades the schema afterwards."""
    if not os.path.isfile(path):
        raise BackupError(f"No backup at {path}.")
    holds = accounts_in(url)
    if holds and not force:
        raise BackupError(f"The database already holds {holds} account{'' if holds == 1 else 's'}: restoring "
                          "would replace everything in it. Add --force to do so (take a backup of it first).")
    if is_sqlite(url):
        with open(path, "rb") as file:
            if not file.read(16).startswith(b"SQLite format 3"):
                raise BackupError(f"{path} is not a SQLite backup (a PostgreSQL one needs a PostgreSQL database).")
        db.session.remove()
        db.engine.dispose()
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(sqlite_file(url))) as target:
            source.backup(target)
    else:
        with open(path, "rb") as file:
            if not file.read(5) == b"PGDMP":
                raise BackupError(f"{path} is not a pg_dump custom-format backup.")
        db.session.remove()
        db.engine.dispose()
        run_client("pg_restore", url, ["--clean", "--if-exists", "--no-owner", "--exit-on-error", path])


def accounts_in(url):
    """How many accounts the database holds (0 when it has no schema yet)."""
    if "accounts" not in inspect(db.engine).get_table_names():
        return 0
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM accounts")).scalar()


def sqlite_file(url):
    return make_url(url).database


def run_client(program, url, arguments):
    """Run a PostgreSQL client program against ``url``'s database, connection details in
    libpq's environment variables."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} was not found: install PostgreSQL's client programs "
                          "(Debian: apt-get install postgresql-client), the same major version as the server.")
    parsed = make_url(url)
    settings = {"PGHOST": parsed.host, "PGPORT": parsed.port and str(parsed.port), "PGUSER": parsed.username,
                "PGPASSWORD": parsed.password, "PGDATABASE": parsed.database}
    environment = {**os.environ, **{name: value for name, value in settings.items() if value}}
    target = ["--dbname", parsed.database] if program == "pg_restore" else [parsed.database]
    done = subprocess.run([executable, *arguments, *target], env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")

