"""Real servers for tests: gunicorn + gevent serving the app, and a loopback SMTP mailbox."""
import os
import socket
import subprocess
import sys
import tempfile
import time

from rf.core.extensions import mail

from .settings import ROOT

LONG_WAIT = "55"  # parked polls wait this long: only a wake-up, never the timeout, answers in time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """Messages received by the loopback SMTP server."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def point_mail_at(app, port):
    """Deliver this app's mail to 127.0.0.1:port (Flask-Mail reads its settings at init)."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    mail.init_app(app)


class LiveServer:
    """gunicorn with gevent workers serving the app against a test database.

    Unless a test asks, it doesn't dispatch notifications (the test calls the dispatcher, so
    it knows when mail went out). The secret key is the test app's, as a dispatcher's is the
    server's (invite links are derived from it). Each worker keeps at most four pooled
    PostgreSQL connections (eight in a burst) and its listener's, so parallel tests stay
    inside the server's connection limit."""

    def __init__(self, database_url, workers=2, extra_env=None, port=None):
        # A free port may be taken by another test's server before this one binds it: that
        # gunicorn can't listen, and the other answers /healthz in its place. So a server is
        # healthy only once its own log says it listens; a lost port is tried again.
        for attempt in range(3):
            self.port = port or free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            env = {**os.environ, "RF_DATABASE_URL": database_url, "RF_BASE_URL": self.url,
                   "RF_SECRET_KEY": "test-secret-key-not-for-production", "RF_LONGPOLL_SECONDS": "10",
                   "RF_DISPATCH_IN_WORKERS": "false", "RF_DB_POOL_SIZE": "4", **(extra_env or {})}
            self.log = tempfile.NamedTemporaryFile("w+", prefix=f"rf-gunicorn-{self.port}-", suffix=".log",
                                                   delete=False)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(workers), "--no-control-socket", "wsgi:app"],
                cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
            failure = self._wait_until_healthy()
            if failure is None:
                return
            if port or "Connection in use" not in failure or attempt == 2:
                raise RuntimeError("gunicorn did not become healthy:\n" + failure)

    def _log_text(self):
        with open(self.log.name) as log:
            return log.read()

    def _wait_until_healthy(self, timeout=30):
        """None once this server (its own log says it listens) answers /healthz; else its log."""
        import urllib.request

        listening = f"Listening at: {self.url}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if listening in self._log_text():
                try:
                    with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                        if response.status == 200:
                            return None
                except OSError:
                    pass
            time.sleep(0.1)  # waiting for the server to boot, not for a race
        self.stop()
        return self._log_text()[-4000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self.log.closed:
            self.log.close()
