"""`rf backup` while escalations are being written, `rf restore` into a fresh database: every
row committed before the backup is back, each session whole; a database holding accounts is
never replaced without --force; a missing pg_dump is a message, not a traceback."""
import os
import re
import threading

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from rf import create_app
from rf.core.config import TestConfig
from rf.core.extensions import db
from rf.core.models import Step
from rf.core.models import TroubleshootingSession as TS

from .factories import make_account, make_escalation, make_session, make_user

STEPS_EACH = 3


class Writer(threading.Thread):
    """Escalates one session after another (each session, its steps and its escalation one
    transaction after another) until told to stop; ``committed`` holds the sessions done."""

    def __init__(self, app, account_id, user_id):
        super().__init__(daemon=True)
        self.app, self.account_id, self.user_id = app, account_id, user_id
        self.committed, self.stop, self.enough = [], threading.Event(), threading.Event()
        self.error = None

    def run(self):
        from rf.core.models import Account, User

        try:
            with self.app.app_context():
                account, user = db.session.get(Account, self.account_id), db.session.get(User, self.user_id)
                while not self.stop.is_set():
                    session = make_session(account, user, summary=f"Printer offline #{len(self.committed)}",
                                           steps=STEPS_EACH)
                    make_escalation(session, user)
                    self.committed.append(session.id)
                    if len(self.committed) >= 20:
                        self.enough.set()
                db.session.remove()
        except Exception as error:  # reported by the test
            self.error = error
            self.enough.set()


def test_a_backup_taken_while_escalations_are_written_restores_whole(app, scratch_url, tmp_path):
    account = make_account()
    user = make_user(account, role="engineer")
    writer = Writer(app, account.id, user.id)
    writer.start()
    try:
        assert writer.enough.wait(60) and writer.error is None, writer.error
        committed_before = list(writer.committed)
        path = tmp_path / "rf.backup"
        result = app.test_cli_runner().invoke(args=["rf", "backup", str(path)])
    finally:
        writer.stop.set()
        writer.join(60)
    assert result.exit_code == 0, result.output
    assert f"Backed up to {path}" in result.output and path.stat().st_size > 0
    again = app.test_cli_runner().invoke(args=["rf", "backup", str(path)])
    assert again.exit_code != 0 and "already exists" in again.output

    fresh = create_app(TestConfig(str(tmp_path / "fresh"), database_url=scratch_url))
    with fresh.app_context():
        restored = fresh.test_cli_runner().invoke(args=["rf", "restore", str(path)])
        if scratch_url.split(":")[0] != app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]:
            assert restored.exit_code != 0 and "is not a" in restored.output  # the other engine's backup
            return
        assert restored.exit_code == 0, restored.output
        assert "Restored" in restored.output and "The schema is up to date" in restored.output
        sessions = set(db.session.scalars(select(TS.id)))
        assert set(committed_before) <= sessions  # every escalation written before the backup began
        steps_per_session = dict(db.session.execute(
            select(Step.session_id, func.count()).group_by(Step.session_id)).all())
        assert all(steps_per_session.get(session_id) == STEPS_EACH for session_id in sessions)  # none half-written

        refused = fresh.test_cli_runner().invoke(args=["rf", "restore", str(path)])
        assert refused.exit_code != 0 and "already holds 1 account" in refused.output and "--force" in refused.output
        forced = fresh.test_cli_runner().invoke(args=["rf", "restore", "--force", str(path)])
        assert forced.exit_code == 0, forced.output
        assert set(db.session.scalars(select(TS.id))) == sessions
        db.session.remove()
        db.engine.dispose()


def test_a_missing_backup_or_client_program_is_a_message(app, monkeypatch, tmp_path):
    missing = app.test_cli_runner().invoke(args=["rf", "restore", str(tmp_path / "nope.dump")])
    assert missing.exit_code != 0 and f"No backup at {tmp_path / 'nope.dump'}" in missing.output
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump anywhere on it
        result = app.test_cli_runner().invoke(args=["rf", "backup", str(tmp_path / "x.dump")])
        assert result.exit_code != 0 and "pg_dump was not found" in result.output
        assert "apt-get install postgresql-client" in result.output and not os.path.exists(tmp_path / "x.dump")


def same_engine_or_skip(app, scratch_url):
    if scratch_url.split(":")[0] != app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]:
        pytest.skip("a backup is restored into a database of its own engine")


def backup_of(scratch_url, tmp_path, revision, statements):
    """A backup of a database made at schema ``revision`` holding what ``statements`` write."""
    old = create_app(TestConfig(str(tmp_path / "old"), database_url=scratch_url))
    path = tmp_path / "old.backup"
    with old.app_context():
        upgrade(revision=revision)
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        assert old.test_cli_runner().invoke(args=["rf", "backup", str(path)]).exit_code == 0
        db.session.remove()
        db.engine.dispose()
    return path


def test_an_older_backup_replaces_a_newer_database_and_is_upgraded(app, scratch_url, tmp_path):
    """Rolling back an upgrade: the backup taken before it, restored over the upgraded
    database; what the backup doesn't have (newer tables) goes, and the schema is brought up
    to this version."""
    same_engine_or_skip(app, scratch_url)
    path = backup_of(scratch_url, tmp_path, "a3c7e1f9b5d2",
                     ["INSERT INTO accounts (id, name, created_at) VALUES (7, 'Before IT', '2026-11-01 09:00:00')"])
    upgraded = create_app(TestConfig(str(tmp_path / "upgraded"), database_url=scratch_url))
    with upgraded.app_context():
        upgrade()  # the same database, upgraded, and used since
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO accounts (id, name, created_at) VALUES (8, 'Since IT', "
                                    "'2026-12-01 09:00:00')"))
        restored = upgraded.test_cli_runner().invoke(args=["rf", "restore", "--force", str(path)])
        assert restored.exit_code == 0, restored.output
        assert "Restored" in restored.output and "Upgraded the schema from a3c7e1f9b5d2 to " in restored.output
        assert db.session.execute(text("SELECT name FROM accounts")).scalars().all() == ["Before IT"]
        assert db.session.execute(text("SELECT COUNT(*) FROM app_servers")).scalar() == 0  # made again by the upgrade
        db.session.remove()
        db.engine.dispose()


def test_a_backup_from_a_newer_version_is_refused_before_anything_changes(app, acme, scratch_url, tmp_path):
    same_engine_or_skip(app, scratch_url)
    path = backup_of(scratch_url, tmp_path, "head", [
        "INSERT INTO accounts (id, name, created_at) VALUES (7, 'Future IT', '2027-01-01 09:00:00')",
        "UPDATE alembic_version SET version_num = 'ffff0000aaaa'"])
    refused = app.test_cli_runner().invoke(args=["rf", "restore", "--force", str(path)])
    assert refused.exit_code != 0 and "newer than this version" in refused.output
    assert "Nothing was changed" in refused.output
    assert db.session.execute(text("SELECT name FROM accounts")).scalars().all() == ["Acme IT"]


def test_backups_are_readable_by_their_owner_only(app, tmp_path):
    path = tmp_path / "backups" / "rf.backup"
    assert app.test_cli_runner().invoke(args=["rf", "backup", str(path)]).exit_code == 0
    assert oct(path.stat().st_mode & 0o777) == "0o600" and oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_a_postgresql_restore_refuses_while_something_else_is_connected(app, acme, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite's backup API replaces the file however many readers it has")
    path = tmp_path / "rf.backup"
    assert app.test_cli_runner().invoke(args=["rf", "backup", str(path)]).exit_code == 0
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.connect() as connection:  # an app server still running
        connection.execute(text("SELECT 1"))
        refused = app.test_cli_runner().invoke(args=["rf", "restore", "--force", str(path)])
    other.dispose()
    assert refused.exit_code != 0 and re.search(r"\d+ other connections? to the database", refused.output)
    assert "Nothing was changed" in refused.output
    assert db.session.execute(text("SELECT name FROM accounts")).scalars().all() == ["Acme IT"]
