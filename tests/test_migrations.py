"""Migrations build the schema from nothing, tear it down, and match the models exactly."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from rf import create_app
from rf.config import TestConfig, with_driver
from rf.extensions import db

from .conftest import PG_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_url(request, tmp_path):
    """A brand-new, empty database of each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/scratch.sqlite3"
        return
    if not PG_URL:
        pytest.skip("RF_TEST_DATABASE_URL is not set; PostgreSQL tests skipped")
    server = make_url(with_driver(PG_URL))
    name = f"{server.database}_migrations"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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
