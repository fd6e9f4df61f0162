"""Fixtures: an app per test on SQLite and (when RF_TEST_DATABASE_URL is set) PostgreSQL.

The schema is built by the real migrations once per engine; each test then starts from
empty tables. Live-server tests run gunicorn + gevent in a subprocess against the same
database, and a real SMTP server (aiosmtpd) on loopback receives mail.
"""
import os
import socket
import subprocess
import threading
import sys
import time
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from rf import create_app
from rf.auth.passwords import hash_password
from rf.config import TestConfig, with_driver
from rf.extensions import db
from rf.models import Account, Invite, User, utcnow

pytest_plugins = ("tests.assess_history",)

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("RF_TEST_DATABASE_URL", "").strip()
IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "correct horse battery"


def pytest_sessionstart(session):
    if IN_CI and not PG_URL:
        pytest.exit("CI=true but RF_TEST_DATABASE_URL is not set: the PostgreSQL run is required.", 3)


# --- databases -------------------------------------------------------------------------

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


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A migrated, empty database for one engine; shared by the tests that run on it."""
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("RF_TEST_DATABASE_URL is not set; PostgreSQL tests skipped")
        url = PG_URL
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("sqlite") / "rf-test.sqlite3")
    reset_schema(url)
    app = create_app(TestConfig(str(tmp_path_factory.mktemp("instance")), database_url=url))
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


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context (its own ``g`` and database session), as in
    production; afterwards the test's session ends its transaction to see what was written."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.commit()
        return response


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(TestConfig(str(tmp_path / "instance"), database_url=database_url))
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        empty_tables(database_url)
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- data -------------------------------------------------------------------------------

_password_hash = None


def make_account(name="Acme IT"):
    account = Account(name=name)
    db.session.add(account)
    db.session.commit()
    return account


def make_user(account, role="engineer", email=None, name=None, active=True):
    """A user whose password is PASSWORD (hashed once per run: Argon2 is slow on purpose)."""
    global _password_hash
    if _password_hash is None:
        _password_hash = hash_password(PASSWORD)
    email = email or f"{role}-{account.id}-{time.monotonic_ns()}@example.com"
    user = User(account_id=account.id, email=email, name=name or f"{role.title()} of {account.name}",
                role=role, password_hash=_password_hash, active=active)
    db.session.add(user)
    db.session.commit()
    return user


def make_invite(account, invited_by, email="new@example.com", role="engineer", token="tok"):
    from datetime import timedelta

    from rf.models import token_digest

    invite = Invite(account_id=account.id, email=email, role=role, invited_by_id=invited_by.id,
                    token_hash=token_digest(token), expires_at=utcnow() + timedelta(hours=72))
    db.session.add(invite)
    db.session.commit()
    return invite


def make_session(account, owner, status="active", summary="VPN drops every 10 minutes",
                 ticket="4411", client="Harbor Dental", domain="network", steps=1):
    from rf.models import Step, TroubleshootingSession

    session = TroubleshootingSession(account_id=account.id, owner_id=owner.id, ticket_number=ticket,
                                     client_name=client, summary=summary, domain=domain, status=status)
    if status == "resolved":
        session.resolution, session.resolved_at, session.resolved_by_id = "Fixed it", utcnow(), owner.id
    db.session.add(session)
    db.session.flush()
    for number in range(1, steps + 1):
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=owner.id,
                            tried=f"Step {number}", result="didnt_work"))
    db.session.commit()
    return session


def make_escalation(session, escalator, priority="high", reason="Need a second pair of eyes"):
    """An open escalation with its frozen package and queue event, made as the route makes it."""
    from rf.handoff.actions import escalate_session

    handoff = escalate_session(session, escalator, reason, priority, utcnow())
    db.session.commit()
    return handoff


def login(client, user_or_email, password=PASSWORD):
    email = getattr(user_or_email, "email", user_or_email)
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def acme(app):
    """An account with one user per role."""
    account = make_account("Acme IT")
    users = {role: make_user(account, role, email=f"{role}@acme.test", name=f"{role.title()} Acme")
             for role in ("owner", "admin", "engineer", "viewer")}
    return account, users


@pytest.fixture
def owner_client(client, acme):
    login(client, acme[1]["owner"])
    return client


# --- mail ---------------------------------------------------------------------------------

class Mailbox:
    """Messages received by the loopback SMTP server."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, app):
    """Empty inbox; the app under test delivers to the loopback SMTP server."""
    smtp_server.handler.messages.clear()
    point_mail_at(app, smtp_server.port)
    return smtp_server.handler


def point_mail_at(app, port):
    """Deliver this app's mail to 127.0.0.1:port (Flask-Mail reads its settings at init)."""
    from rf.extensions import mail

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    mail.init_app(app)


@pytest.fixture
def hook_server():
    """A real HTTP server on loopback receiving webhook posts (``tests.http.HookServer``)."""
    from .http import HookServer

    server = HookServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


# --- live servers ---------------------------------------------------------------------------

class LiveServer:
    """gunicorn with gevent workers serving the app against a test database."""

    def __init__(self, database_url, workers=2, extra_env=None, port=None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Servers outlive tests (one per engine for the run): they don't dispatch notifications
        # unless a test asks, or they would take other tests' deliveries. The secret key is the
        # test app's, as a dispatcher's is the server's (invite links are derived from it).
        env = {**os.environ, "RF_DATABASE_URL": database_url, "RF_BASE_URL": self.url,
               "RF_SECRET_KEY": "test-secret-key-not-for-production", "RF_LONGPOLL_SECONDS": "10",
               "RF_DISPATCH_IN_WORKERS": "false", **(extra_env or {})}
        self.log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"rf-gunicorn-{self.port}.log", "w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_until_healthy()

    def _wait_until_healthy(self, timeout=30):
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)  # waiting for the server to boot, not for a race
        self.stop()
        self.log.seek(0)
        raise RuntimeError("gunicorn did not become healthy:\n" + self.log.read()[-4000:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def start_server():
    """Start extra gunicorn servers inside a test; all are stopped at the end of the run."""
    started = []

    def start(database_url, **kwargs):
        server = LiveServer(database_url, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def live_server_for(start_server, smtp_server):
    servers = {}

    def get(database_url):
        if database_url not in servers:
            servers[database_url] = start_server(database_url, extra_env={
                "RF_MAIL_SERVER": "127.0.0.1", "RF_MAIL_PORT": str(smtp_server.port),
                "RF_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"})
        return servers[database_url]

    return get


LONG_WAIT = "55"  # parked polls wait this long: only a wake-up, never the timeout, answers in time


@pytest.fixture(scope="session")
def queue_servers_for(start_server):
    servers = {}

    def get(database_url):
        if database_url not in servers:
            servers[database_url] = [start_server(database_url, extra_env={"RF_LONGPOLL_SECONDS": LONG_WAIT})
                                     for _ in range(2)]
        return servers[database_url]

    return get


@pytest.fixture
def queue_servers(app, database_url, queue_servers_for):
    """Two gunicorn servers (2 gevent workers each) on this test's database, parking polls 55 s."""
    return queue_servers_for(database_url)


@pytest.fixture
def live_server(app, database_url, live_server_for, mailbox):
    """A running gunicorn + gevent server on this test's database (tables emptied per test)."""
    return live_server_for(database_url)
