"""gunicorn settings: gevent workers sized for many parked long-polls.

Environment: RF_HOST, RF_PORT, RF_WORKERS, RF_WORKER_CONNECTIONS, RF_ACCESS_LOG (see README).

The master never imports the app (only ``rf/core/config.py``, as a file of its own): workers
forked after a reload (``systemctl reload``, SIGHUP) then load the code as it is on disk now,
not the modules the master would otherwise have kept from its start.
"""
import importlib.util
import os
import sys

from gunicorn import glogging

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)


def settings_module():
    """The app's settings code, loaded under a name of its own so that ``rf`` stays unimported."""
    spec = importlib.util.spec_from_file_location("_rf_settings", os.path.join(ROOT, "rf", "core", "config.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_settings = settings_module()
try:  # fail before forking workers, with the variable named, on a bad setting
    _settings.Config(os.path.join(ROOT, "instance"))
    _port = _settings.env_int(os.environ, "RF_PORT", 8000, minimum=1, maximum=65535)
    workers = _settings.env_int(os.environ, "RF_WORKERS", 2, minimum=1, maximum=64)
    # Each parked long-poll holds one connection (not a database connection) for up to ~25 s.
    worker_connections = _settings.env_int(os.environ, "RF_WORKER_CONNECTIONS", 1000, minimum=10)
    # Off unless asked for (the deploy guide's env file does), so that `make run`'s terminal
    # keeps the demo logins in view instead of a line per request.
    accesslog = "-" if _settings.env_bool(os.environ, "RF_ACCESS_LOG", False) else None
except _settings.ConfigError as error:
    sys.exit(f"ResolutionFlow configuration error: {error}")

_host = os.environ.get("RF_HOST", "").strip() or "127.0.0.1"
bind = f"[{_host}]:{_port}" if ":" in _host else f"{_host}:{_port}"
worker_class = "gevent"
# gevent workers heartbeat from the event loop, so a 25–30 s long-poll never trips this.
timeout = 60
# On restart a worker stops accepting, then gets this long to finish what it is serving:
# longer than one long-poll (~25 s), so in-flight answers are never cut off.
graceful_timeout = 35
keepalive = 75
errorlog = "-"
control_socket_disable = True


class QuietPollLogger(glogging.Logger):
    """The access log without the queue long-poll's answers: every open browser gets one each
    ~25 s and after every queue change (the page's heartbeat, not a visit, and the bulk of a
    busy server's requests and log-formatting time). A poll that fails is still logged."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") == "/queue/poll" and resp.status_code == 200:
            return
        super().access(resp, req, environ, request_time)


logger_class = QuietPollLogger


def on_starting(server):
    """Every open browser holds a connection: let the workers open as many files as their
    connections need, raising the soft limit (1,024 by default in many shells and under
    systemd) as far as the hard one allows."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = server.cfg.worker_connections + 256  # database, listener and log files besides
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard),
                                                    hard))


def when_ready(server):
    """With RF_READY_BANNER (``make run``: the file holding the demo's logins), print it once
    the server listens, so it is the last thing in the terminal."""
    banner = os.environ.get("RF_READY_BANNER")
    if banner and os.path.isfile(banner):
        with open(banner) as text:
            print(text.read(), flush=True)


def post_fork(server, worker):
    """Let psycopg2 yield to other greenlets while it waits on PostgreSQL, and let the event
    loop's thread have the GIL back within 1 ms (not Python's 5 ms) when a thread-pool thread
    computes (a big paste parsed, a password hashed): each of a request's many waits on the
    network or SQLite hands the GIL over and waits that long to get it back."""
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()
    sys.setswitchinterval(0.001)


def post_worker_init(worker):
    """On a graceful stop (SIGTERM), end parked long-polls at once instead of letting them
    run out their ~25 s: clients reconnect to another worker and catch up from their cursor.
    And the app is loaded: its objects (modules, templates, the mapper configuration) live as
    long as the worker, so the garbage collector stops scanning them (``gc.freeze``); a full
    collection in the burst after a queue change then takes far less."""
    import gc
    import signal

    from rf.queue.wakeups import hub

    handle_exit = worker.handle_exit

    def end_parked_polls_then_exit(sig, frame):
        import gevent

        gevent.spawn(hub.stop)  # not in the handler itself: the hub's lock may be held
        handle_exit(sig, frame)

    signal.signal(signal.SIGTERM, end_parked_polls_then_exit)
    gc.collect()  # what loading left behind goes now, not kept forever
    gc.freeze()
