"""ResolutionFlow: escalation software for small MSPs."""
import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import Config
from .extensions import csrf, db, htmx, login_manager, mail, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config=None):
    """Build the app. ``config`` is a config object (e.g. ``TestConfig``) or a mapping
    of overrides; by default settings come from ``RF_*`` environment variables."""
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

    from .auth.access import require_login

    # Before CSRF: an expired login is sent to the login page, not told its token is stale.
    app.before_request(require_login)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)

    from . import assess, auth, core, handoff, metrics, notify, queue, sessions
    from .cli import rf_cli

    for feature in (core, auth, sessions, handoff, queue, assess, notify, metrics):
        feature.load_views()
        app.register_blueprint(feature.bp)
    start_queue_listener(app)
    core.init_app(app)
    app.cli.add_command(rf_cli)
    return app


def start_queue_listener(app):
    """In a gevent worker, listen for queue changes from boot, so no wake-up is missed, and
    run the notification dispatcher."""
    from gevent import monkey

    if monkey.is_module_patched("socket"):
        from .queue.wakeups import hub

        with app.app_context():  # the engine's URL: relative SQLite paths resolved
            hub.ensure_listener(db.engine.url.render_as_string(hide_password=False))
        if app.config["RF_DISPATCH_IN_BACKGROUND"]:
            from .notify.worker import start_dispatcher

            start_dispatcher(app)


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
