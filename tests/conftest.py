"""Fixtures: an app per test on SQLite and (when RF_TEST_DATABASE_URL is set) PostgreSQL.

The schema is built by the real migrations once per engine (and per pytest-xdist worker,
each with databases of its own); each test then starts from empty tables. Live-server
tests run gunicorn + gevent in a subprocess against the same database, stopped at the end
of the test; a real SMTP server (aiosmtpd) on loopback receives mail. Test data comes from
``tests/factories.py``.
"""
import threading

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rf import create_app
from rf.core.config import TestConfig
from rf.core.extensions import db

from .databases import NotATestDatabase, drop_worker_database, empty_tables, migrated, worker_database_url
from .factories import make_account, make_user
from .helpers import login
from .servers import LONG_WAIT, LiveServer, Mailbox, free_port, point_mail_at
from .settings import IN_CI, PG_URL

pytest_plugins = ("tests.assess_history",)


def pytest_sessionstart(session):
    if IN_CI and not PG_URL:
        pytest.exit("CI=true but RF_TEST_DATABASE_URL is not set: the PostgreSQL run is required.", 3)
    if PG_URL:
        try:
            worker_database_url(PG_URL, None)  # only checks the name
        except NotATestDatabase as refusal:
            pytest.exit(str(refusal), 3)


# --- databases -------------------------------------------------------------------------

def xdist_worker(config):
    return getattr(config, "workerinput", {}).get("workerid")


@pytest.fixture(scope="session")
def postgresql_url(request):
    """This worker's PostgreSQL database (None when none is configured); dropped at the end
    of the run when it was made for the worker."""
    if not PG_URL:
        yield None
        return
    url = worker_database_url(PG_URL, xdist_worker(request.config))
    yield url
    # Polls made through the test client started this process's queue listener: stop it, so it
    # doesn't try to reconnect to the database dropped here.
    from rf.queue.wakeups import hub

    hub.stop()
    drop_worker_database(PG_URL, url)
    if hub.listener is not None:
        hub.listener.join(timeout=10)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, postgresql_url, tmp_path_factory):
    """A migrated, empty database for one engine; shared by the tests that run on it."""
    if request.param == "postgresql":
        if not postgresql_url:
            pytest.skip("RF_TEST_DATABASE_URL is not set; PostgreSQL tests skipped")
        url = postgresql_url
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("sqlite") / "rf-test.sqlite3")
    return migrated(url, str(tmp_path_factory.mktemp("instance")))


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_url(request, tmp_path, postgresql_url):
    """A brand-new, empty database of each engine (beside this worker's PostgreSQL one), with
    no schema: for migrations and restores."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/scratch.sqlite3"
        return
    if not postgresql_url:
        pytest.skip("RF_TEST_DATABASE_URL is not set; PostgreSQL tests skipped")
    server = make_url(postgresql_url)
    name = f"{server.database}_migrations"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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
    forget_what_this_process_heard()
    app = create_app(TestConfig(str(tmp_path / "instance"), database_url=database_url))
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        empty_tables(database_url)
        db.engine.dispose()


def forget_what_this_process_heard():
    """Each test's database starts empty (ids and queue numbers again from 1), and one process
    runs both engines' tests: what the in-process queue listener heard, the shared answers and
    cards and the logins the long-poll trusted belong to an earlier test."""
    from rf.core.login_stamps import stamps, trusted_logins
    from rf.queue.answers import answers
    from rf.queue.cards import cards
    from rf.queue.fast_poll import passes
    from rf.queue.wakeups import hub

    for cache in (trusted_logins, answers, cards, passes):
        cache.clear()
    hub.forget()
    stamps.forget()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


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


# --- mail and webhooks ----------------------------------------------------------------------

@pytest.fixture(scope="session")
def smtp_server():
    from aiosmtpd.controller import Controller

    controller = Controller(Mailbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, app):
    """Empty inbox; the app under test delivers to the loopback SMTP server."""
    smtp_server.handler.messages.clear()
    point_mail_at(app, smtp_server.port)
    return smtp_server.handler


@pytest.fixture
def hook_server():
    """A real HTTP server on loopback receiving webhook posts (``tests.http.HookServer``)."""
    from .http import HookServer

    server = HookServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


# --- live servers ---------------------------------------------------------------------------

@pytest.fixture
def start_server():
    """Start gunicorn servers inside a test; each stops when the test ends."""
    started = []

    def start(database_url, **kwargs):
        server = LiveServer(database_url, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def live_server(app, database_url, start_server, smtp_server, mailbox):
    """A running gunicorn + gevent server on this test's database, mailing the loopback SMTP
    server and allowed to post webhooks to loopback."""
    return start_server(database_url, extra_env={
        "RF_MAIL_SERVER": "127.0.0.1", "RF_MAIL_PORT": str(smtp_server.port),
        "RF_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"})


@pytest.fixture
def queue_servers(app, database_url, start_server):
    """Two gunicorn servers (2 gevent workers each) on this test's database, parking polls 55 s."""
    return [start_server(database_url, extra_env={"RF_LONGPOLL_SECONDS": LONG_WAIT}) for _ in range(2)]
