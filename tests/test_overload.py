"""When every database connection of a worker stays busy for the pool's whole timeout, a
request is shed with 503 and Retry-After (come back), not failed with a 500."""
import pytest

from rf import create_app
from rf.core.config import TestConfig
from rf.core.extensions import db


def test_a_request_that_gets_no_database_connection_is_a_503(database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite connections are not pooled")
    config = TestConfig(str(tmp_path), database_url=database_url)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.5}
    app = create_app(config)
    with app.app_context():
        held = db.engine.connect()  # the pool's only connection, busy
        try:
            response = app.test_client().post("/login", data={"email": "a@acme.test", "password": "whatever you"})
            assert response.status_code == 503 and response.headers["Retry-After"] == "5"
            assert "Too many requests are being answered right now" in response.get_data(as_text=True)
        finally:
            held.close()
            db.engine.dispose()
