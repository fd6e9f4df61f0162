"""A database that goes away right after a request's commit, for real, on either engine.

PostgreSQL: the database stops accepting connections and every backend on it is
terminated (``ALTER DATABASE … ALLOW_CONNECTIONS false`` + ``pg_terminate_backend``), as in
a failover or a restart. SQLite: the database file is moved aside and a directory put in its
place, and the app's pooled connections are closed, so opening it fails as a lost disk would.
``restore()`` brings it back; nothing written before the cut is touched.
"""
import os

from flask import request_finished
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from rf.core.extensions import db

SQLITE_FILES = ("", "-wal", "-shm")


class DatabaseCut:
    """Cut the database off until ``restore()``: now, after the next top-level commit of a
    session other than ``spared`` (the test's own), or once the next response is made
    (before the request's session has ended)."""

    def __init__(self, app, database_url, spared):
        self.app = app
        self.url = make_url(database_url)
        self.spared = spared
        self.armed_for = None
        self.cut = False
        event.listen(Session, "after_commit", self._after_commit)
        request_finished.connect(self._after_response, app)

    def arm(self, after="commit"):
        """From now on the test's own session must not touch the database until ``restore()``
        (read what the request needs, e.g. ids for its URL, before arming)."""
        self.spared.commit()
        self.armed_for = after

    def _after_commit(self, session):
        if self.armed_for == "commit" and session is not self.spared and not session.in_nested_transaction():
            self.armed_for = None
            self.cut_now()

    def _after_response(self, _app, **_extra):
        if self.armed_for == "response":
            self.armed_for = None
            self.cut_now()

    def cut_now(self):
        self.spared.commit()
        self.cut = True
        if self.url.get_backend_name() == "postgresql":
            self._postgresql(allow=False)
        else:
            path = self.url.database
            for suffix in SQLITE_FILES:
                if os.path.exists(path + suffix):
                    os.rename(path + suffix, path + suffix + ".away")
            os.mkdir(path)
            db.engine.dispose()

    def restore(self):
        if not self.cut:
            return
        self.cut = False
        if self.url.get_backend_name() == "postgresql":
            self._postgresql(allow=True)
        else:
            db.engine.dispose()
            path = self.url.database
            os.rmdir(path)
            for suffix in SQLITE_FILES:
                if os.path.exists(path + suffix + ".away"):
                    os.rename(path + suffix + ".away", path + suffix)

    def close(self):
        self.restore()
        event.remove(Session, "after_commit", self._after_commit)
        request_finished.disconnect(self._after_response, self.app)

    def _postgresql(self, allow):
        name = self.url.database
        maintenance = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with maintenance.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if allow else "false"}'))
            if not allow:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        maintenance.dispose()
        if allow:
            db.engine.dispose()  # the test's own pooled connections were cut too
