"""The suite drops everything in the databases it uses: it must refuse one whose name lacks
"test" before touching it."""
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from .databases import NotATestDatabase, worker_database_url
from .settings import PG_URL, ROOT


def test_a_database_without_test_in_its_name_is_refused():
    for url in ("postgresql://postgres@127.0.0.1:5432/resolutionflow", "postgresql://u@db/rf_prod"):
        with pytest.raises(NotATestDatabase, match="must contain 'test'"):
            worker_database_url(url, "gw0")
    assert worker_database_url("postgresql://u@db/rf_test", None).endswith("/rf_test")


@pytest.mark.skipif(not PG_URL, reason="RF_TEST_DATABASE_URL is not set")
def test_pytest_stops_before_dropping_anything_in_a_real_database_not_named_for_tests():
    """A real database holding a table: pytest pointed at it exits at once and the table is
    still there."""
    name = f"rf_guard_probe_{os.getpid()}"
    server = make_url(PG_URL).set(drivername="postgresql+psycopg2")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    probe = create_engine(server.set(database=name))
    try:
        with probe.begin() as conn:
            conn.execute(text("CREATE TABLE customers (id int)"))
        env = {**os.environ, "RF_TEST_DATABASE_URL": server.set(database=name).render_as_string(hide_password=False)}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_health.py"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 3, run.stdout[-2000:] + run.stderr[-2000:]
        assert f"names the database '{name}'" in run.stdout + run.stderr
        with probe.connect() as conn:
            assert conn.scalar(text("SELECT to_regclass('customers') IS NOT NULL"))
    finally:
        probe.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
