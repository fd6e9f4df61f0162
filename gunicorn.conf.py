"""gunicorn settings: gevent workers sized for many parked long-polls.

Environment: RF_HOST, RF_PORT, RF_WORKERS, RF_WORKER_CONNECTIONS (see README).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from rf.config import ConfigError, Config  # noqa: E402

try:  # fail before forking workers, with the variable named, on a bad setting
    _port = int(os.environ.get("RF_PORT", "8000"))
    _workers = int(os.environ.get("RF_WORKERS", "2"))
    _connections = int(os.environ.get("RF_WORKER_CONNECTIONS", "1000"))
    Config(os.path.join(os.path.dirname(os.path.abspath(__file__)), "instance"))
except ValueError as error:
    message = error if isinstance(error, ConfigError) else f"RF_PORT, RF_WORKERS and RF_WORKER_CONNECTIONS must be whole numbers ({error})."
    sys.exit(f"ResolutionFlow configuration error: {message}")

bind = f"{os.environ.get('RF_HOST', '127.0.0.1')}:{_port}"
worker_class = "gevent"
workers = _workers
# Each parked long-poll holds one connection (not a database connection) for up to ~25 s.
worker_connections = _connections
# gevent workers heartbeat from the event loop, so a 25–30 s long-poll never trips this.
timeout = 60
# On restart, parked polls get this long to finish before the worker is stopped.
graceful_timeout = 10
keepalive = 75
accesslog = "-"
errorlog = "-"
control_socket_disable = True


def post_fork(server, worker):
    """Let psycopg2 yield to other greenlets while it waits on PostgreSQL."""
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()
