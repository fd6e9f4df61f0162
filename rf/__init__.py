"""ResolutionFlow: escalation software for small MSPs."""
import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .core.config import Config
from .core.extensions import db

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config=None):
    """Build the app. ``config`` is a config object (e.g. ``TestConfig``) or a mapping
    of overrides; by default settings come from ``RF_*`` environment variables.

    This is the composition layer (with ``cli``, ``demo`` and ``home``): the one place that
    knows every feature (see docs/architecture.md)."""
    app = Flask(
        __name__,
        instance_path=os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    if config is None:
        app.config.from_object(Config(app.instance_path))
    elif isinstance(config, dict):
        app.config.from_object(Config(app.instance_path))
        app.config.update(config)
    else:
        app.config.from_object(config)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        os.makedirs(app.instance_path, exist_ok=True)

    from . import api, auth, core, home, metrics, notify, queue, sessions
    from .cli import rf_cli

    core.init_app(app, migrations_directory=os.path.join(ROOT, "migrations"))
    for feature in (home, auth, sessions, queue, notify, metrics, api):
        feature.init_app(app)
    if app.config.get("RF_TEST_HOOKS"):
        from . import test_hooks

        test_hooks.init_app(app)
    if app.config["RF_TRUSTED_PROXIES"]:  # outermost: every part sees the client's address
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["RF_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    start_queue_listener(app)
    app.cli.add_command(rf_cli)
    return app


def start_queue_listener(app):
    """In a gevent worker, listen for queue changes from boot, so no wake-up is missed (and
    prepare the answers a change's polls will ask for), and run the notification dispatcher."""
    from gevent import monkey

    if monkey.is_module_patched("socket"):
        from .queue.routes import answers_preparer
        from .queue.wakeups import hub

        hub.prepare = answers_preparer(app)  # one app per worker: its answers, made before a wake-up
        with app.app_context():  # the engine's URL: relative SQLite paths resolved
            hub.ensure_listener(db.engine.url.render_as_string(hide_password=False))
            say_which_settings_this_server_runs(app)
        if app.config["RF_DISPATCH_IN_BACKGROUND"]:
            from .notify.worker import start_dispatcher

            start_dispatcher(app)


def say_which_settings_this_server_runs(app, first=True):
    """Record this server's settings fingerprints and log any disagreement with the other
    servers on this database (``rf.core.servers``), at start and then every
    RF_SERVER_HEARTBEAT_SECONDS, so a running server is never taken for a gone one. Never
    stops a worker."""
    import gevent

    from .core.servers import record_this_server, warn_about_disagreements

    try:
        record_this_server(sends=app.config["RF_DISPATCH_IN_BACKGROUND"])
        if first:
            warn_about_disagreements()
    except Exception:
        app.logger.exception("could not record this server's settings fingerprints")
        db.session.rollback()
    finally:
        db.session.remove()
    if first:
        gevent.spawn(keep_saying_which_settings, app)


def keep_saying_which_settings(app):
    import gevent

    while True:
        gevent.sleep(app.config["RF_SERVER_HEARTBEAT_SECONDS"])
        with app.app_context():
            say_which_settings_this_server_runs(app, first=False)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Foreign keys on, WAL so readers never block the writer, wait (not fail) on a lock;
    the SQL functions the metrics queries use."""
    import sqlite3

    from .metrics.queries import register_sqlite_functions

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # sqlite3 is not gevent-aware: a wait for the write lock stalls the whole worker, so
    # keep it short (writes here take milliseconds; PostgreSQL is for heavier use).
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    register_sqlite_functions(dbapi_connection)
