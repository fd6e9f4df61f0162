"""Migrations build the schema from nothing, tear it down, and match the models exactly."""
import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from rf import create_app
from rf.core.config import TestConfig
from rf.core.extensions import db


def test_upgrade_downgrade_upgrade_and_models_match(scratch_url, tmp_path):
    app = create_app(TestConfig(str(tmp_path), database_url=scratch_url))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"accounts", "users", "invites", "login_attempts", "login_sessions", "alembic_version"} <= tables
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert differences == [], "models and migrations disagree: run `flask db migrate`"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        db.session.remove()
        db.engine.dispose()


def test_rf_init_creates_then_upgrades_idempotently(scratch_url, tmp_path):
    app = create_app(TestConfig(str(tmp_path), database_url=scratch_url))
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["rf", "init"])
        assert result.exit_code == 0, result.output
        assert "Database ready" in result.output
    with app.app_context():
        assert "accounts" in inspect(db.engine).get_table_names()
        db.engine.dispose()


# Rows of every kind the later migrations rebuild or reference, written at an older revision.
OLD_ROWS = [
    "INSERT INTO accounts (id, name, created_at, queue_seq) VALUES (1, 'Old MSP', '2026-01-01 00:00:00', 1)",
    "INSERT INTO users (id, account_id, email, name, role, password_hash, active, created_at) VALUES "
    "(1, 1, 'owner@old.test', 'Owner', 'owner', 'x', true, '2026-01-01 00:00:00'), "
    "(2, 1, 'eng@old.test', 'Eng', 'engineer', 'x', true, '2026-01-01 00:00:00')",
    "INSERT INTO invites (id, account_id, email, role, token_hash, invited_by_id, created_at, expires_at) VALUES "
    "(1, 1, 'new@old.test', 'engineer', 'digest', 1, '2026-01-01 00:00:00', '2026-01-04 00:00:00')",
    "INSERT INTO login_sessions (id, user_id, token_hash, created_at) VALUES (1, 2, 'h', '2026-01-01 00:00:00')",
    "INSERT INTO troubleshooting_sessions (id, account_id, ticket_number, client_name, summary, domain, owner_id, "
    "status, created_at, updated_at) VALUES (1, 1, '7', 'Client', 'VPN drops', 'network', 2, 'escalated', "
    "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    "INSERT INTO steps (id, account_id, session_id, author_id, tried, result, fixed_it, created_at) VALUES "
    "(1, 1, 1, 2, 'Rebooted', 'didnt_work', false, '2026-01-01 00:00:00')",
    "INSERT INTO handoffs (id, account_id, session_id, intent, note, priority, created_by_id, session_owner_id, "
    "created_at) VALUES (1, 1, 1, 'escalate', 'Stuck', 'high', 2, 2, '2026-01-01 00:00:00')",
    "INSERT INTO deliveries (id, account_id, handoff_id, recipient_id, channel, address, status, attempts, "
    "next_attempt_at, created_at) VALUES (1, 1, 1, 1, 'email', 'owner@old.test', 'sent', 1, "
    "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
]


def test_upgrading_a_database_that_holds_data(scratch_url, tmp_path):
    """The notifications migration rebuilds users and deliveries on SQLite (batch mode):
    with rows in them and foreign keys pointing at them, it must still go through."""
    app = create_app(TestConfig(str(tmp_path), database_url=scratch_url))
    with app.app_context():
        upgrade(revision="8e3257e2f948")
        with db.engine.begin() as conn:
            for statement in OLD_ROWS:
                conn.execute(text(statement))
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT email, notify_email FROM users ORDER BY id")).all() == [
                ("owner@old.test", "unwatched"), ("eng@old.test", "unwatched")]
            assert conn.execute(text("SELECT recipient_id, status, invite_id FROM deliveries")).all() == [
                (1, "sent", None)]
            assert conn.execute(text("SELECT COUNT(*) FROM login_sessions")).scalar() == 1
            assert conn.execute(text("SELECT domain FROM handoffs")).all() == [("network",)]  # its session's
            if conn.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.session.remove()
        db.engine.dispose()


def test_stored_escape_sequences_are_removed_from_old_rows(scratch_url, tmp_path):
    """Text typed before every field was cleaned loses its escape sequences and control
    characters, in the frozen package too; outputs and clean rows are untouched, and an
    account name that would collide with another's is left as it was."""
    app = create_app(TestConfig(str(tmp_path), database_url=scratch_url))
    package = {"summary": "VPN \x1b[8mhidden\x1b[0m drops", "steps": [{"tried": "Ping\x07", "output": "ok"}]}
    with app.app_context():
        upgrade(revision="f1a7c3e9b2d4")
        with db.engine.begin() as conn:
            conn.execute(text(OLD_ROWS[0]))
            conn.execute(text("INSERT INTO accounts (id, name, created_at, queue_seq) VALUES "
                              "(2, :name, '2026-01-01 00:00:00', 1), (3, :clash, '2026-01-01 00:00:00', 1)"),
                         {"name": "Clean MSP", "clash": "Old MSP\x1b[2J"})
            for statement in OLD_ROWS[1:3] + OLD_ROWS[4:]:
                conn.execute(text(statement))
            conn.execute(text("UPDATE troubleshooting_sessions SET summary = :summary, client_name = :client"),
                         {"summary": "VPN \x1b[8mhidden\x1b[0m drops", "client": "Contoso\x1b]0;owned\x07 Ltd"})
            conn.execute(text("UPDATE steps SET tried = :tried, output = :output"),
                         {"tried": "Ping\x07ed the \x01gateway", "output": "\x1b[31mred\x1b[0m"})
            conn.execute(text("UPDATE handoffs SET package = :package"), {"package": json.dumps(package)})
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT summary, client_name FROM troubleshooting_sessions")).one() == (
                "VPN hidden drops", "Contoso Ltd")
            assert conn.execute(text("SELECT tried, output FROM steps")).one() == (
                "Pinged the gateway", "\x1b[31mred\x1b[0m")
            assert json.loads(conn.execute(text("SELECT package FROM handoffs")).scalar()) == {
                "summary": "VPN hidden drops", "steps": [{"tried": "Ping", "output": "ok"}]}
            assert conn.execute(text("SELECT name FROM accounts ORDER BY id")).scalars().all() == [
                "Old MSP", "Clean MSP", "Old MSP\x1b[2J"]
        db.session.remove()
        db.engine.dispose()


EARLY_ROWS = [  # what a database made by the second migration holds, written in that schema's own columns
    ("INSERT INTO accounts (id, name, created_at) VALUES (1, 'Acme IT', '2026-01-05 09:00:00')"),
    ("INSERT INTO users (id, email, name, role, password_hash, active, created_at, account_id) VALUES "
     "(1, 'ann@acme.test', 'Ann', 'owner', 'x', true, '2026-01-05 09:00:00', 1)"),
    ("INSERT INTO troubleshooting_sessions (id, ticket_number, client_name, summary, domain, owner_id, status, "
     "created_at, updated_at, account_id, resolution, resolved_at, resolved_by_id) VALUES "
     "(1, 'T-1', 'Harbor Dental', 'Printer offline after the update', 'hardware', 1, 'resolved', "
     "'2026-01-05 09:00:00', '2026-01-05 10:00:00', 1, 'Reserved its address.', '2026-01-05 10:00:00', 1)"),
    ("INSERT INTO steps (id, session_id, author_id, tried, command, output, result, fixed_it, created_at, "
     "account_id) VALUES (1, 1, 1, 'Gave the printer a DHCP reservation', NULL, NULL, 'worked', true, "
     "'2026-01-05 09:30:00', 1)"),
]


def test_init_upgrades_a_database_from_the_early_schema_with_its_data(scratch_url, tmp_path):
    """`rf init` on a database made long ago: it says what it applied, every row is still
    there and works (the old resolved session is indexed and found by an assessment), and a
    second run says there is nothing to do."""
    from rf.assess.index import index_unindexed
    from rf.assess.retrieval import rank
    from rf.assess.text import terms

    app = create_app(TestConfig(str(tmp_path), database_url=scratch_url))
    with app.app_context():
        upgrade(revision="825d31eb4755")
        with db.engine.begin() as connection:
            for statement in EARLY_ROWS:
                connection.execute(text(statement))
        result = app.test_cli_runner().invoke(args=["rf", "init"])
        assert result.exit_code == 0, result.output
        assert "Upgraded the schema from 825d31eb4755 to " in result.output
        assert "  e93f3a8ca8c9  queue events" in result.output and "  a3c7e1f9b5d2  reindex" in result.output
        assert db.session.execute(text("SELECT summary, resolution FROM troubleshooting_sessions")).all() == [
            ("Printer offline after the update", "Reserved its address.")]
        assert db.session.execute(text("SELECT tried, fixed_it FROM steps")).all() == [
            ("Gave the printer a DHCP reservation", True)]
        assert index_unindexed(1) == 1
        assert [match.session_id for match in rank(1, terms("printer offline"), terms("printer offline"))] == [1]
        again = app.test_cli_runner().invoke(args=["rf", "init"])
        assert "The schema is up to date (" in again.output and "applied" not in again.output
        db.session.remove()
        db.engine.dispose()


def test_init_on_a_database_it_cannot_reach_says_how_to_create_it(tmp_path, postgresql_url):
    import os
    import subprocess
    import sys

    from .servers import ROOT

    urls = [f"sqlite:///{tmp_path}/no/such/folder/rf.sqlite3"]
    if postgresql_url:
        urls.append(make_url(postgresql_url).set(database="rf_never_created").render_as_string(hide_password=False))
    for url in urls:
        done = subprocess.run([sys.executable, "-m", "flask", "rf", "init"], cwd=ROOT, capture_output=True, text=True,
                              timeout=60, env={**os.environ, "FLASK_APP": "wsgi", "RF_DATABASE_URL": url,
                                               "RF_SECRET_KEY": "x" * 32})
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert "Can't reach the database" in done.stderr
        if url.startswith("sqlite"):
            assert "Check that its folder exists" in done.stderr
        else:
            assert 'database "rf_never_created" does not exist' in done.stderr
            assert "createdb --owner=" in done.stderr and "rf_never_created" in done.stderr


def test_init_upgrades_a_database_made_by_the_oldest_migration(scratch_url, tmp_path):
    """The very first schema, with its owner in it: after `rf init` the owner logs in with the
    password they always had."""
    from rf.auth.passwords import hash_password

    from .helpers import login

    app = create_app(TestConfig(str(tmp_path), database_url=scratch_url))
    with app.app_context():
        upgrade(revision="a9bb9b8379df")
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO accounts (id, name, created_at) VALUES (1, 'Acme IT', "
                                    "'2025-11-01 09:00:00')"))
            connection.execute(text(
                "INSERT INTO users (id, email, name, role, password_hash, active, created_at, account_id) VALUES "
                "(1, 'ann@acme.test', 'Ann', 'owner', :hash, true, '2025-11-01 09:00:00', 1)"),
                {"hash": hash_password("an old password, kept")})
            connection.execute(text(
                "INSERT INTO invites (id, email, role, token_hash, created_at, expires_at, account_id) VALUES "
                "(1, 'bo@acme.test', 'engineer', :token, '2025-11-01 09:00:00', '2025-11-08 09:00:00', 1)"),
                {"token": "0" * 64})
        result = app.test_cli_runner().invoke(args=["rf", "init"])
        assert result.exit_code == 0, result.output
        assert "Upgraded the schema from a9bb9b8379df to " in result.output
        client = app.test_client()
        assert login(client, "ann@acme.test", "an old password, kept").status_code == 302
        assert "Welcome, Ann" in client.get("/").get_data(as_text=True)
        assert db.session.execute(text("SELECT email FROM invites")).scalars().all() == ["bo@acme.test"]
        db.session.remove()
        db.engine.dispose()
