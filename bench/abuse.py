"""Abuse and faults, before and after hardening, side by side in one run.

The same three scenarios run against this checkout ("now") and against an earlier commit
("before", default 6bf45e8: the code as the probe found it), each in a git worktree of its
own, on a fresh database, served by gunicorn + gevent with that tree's gunicorn.conf.py:

1. poll flood — one login opens 2,100 parked ``/queue/poll`` connections against one worker
   (1,000 connections); then ``/healthz`` is asked 5 times (5 s timeout each).
2. dispatch — (a) the mail server accepts connections and never answers; an escalation goes
   to 4 seniors by email and to the team chat: when does the chat post arrive? (b) one
   account has 2,000 emails waiting (100 escalations × 20 seniors) when the dispatchers
   start, a working mail server; another account's escalation: when does its email arrive,
   and when is the backlog gone?
3. big paste — the largest step output the server takes (a 16 MB form) posted to a
   one-worker server while another process asks ``/healthz`` every 10 ms: its p50/p99/max
   while the paste is in flight.

    .venv/bin/python bench/abuse.py                       # SQLite, all three
    .venv/bin/python bench/abuse.py --engine postgresql --only flood

PostgreSQL: RF_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/rf_bench,
recreated). Results print and go to bench/results/abuse.json.
"""
import sys

if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "seed-backlog":
    # Run by the bench inside a tree (its cwd): that tree's models and transitions.
    import os

    sys.path.insert(0, os.getcwd())
    from rf import create_app
    from rf.core.extensions import db
    from rf.core.models import Account, User
    from rf.sessions import lifecycle

    account_name, escalations = sys.argv[2], int(sys.argv[3])
    with create_app().app_context():
        account = db.session.query(Account).filter_by(name=account_name).one()
        junior = db.session.query(User).filter_by(account_id=account.id, email=f"junior@{account_name}.bench").one()
        for number in range(escalations):
            session = lifecycle.start(junior, f"B-{number}", "Backlog Ltd", f"Backlog problem {number}", "network")
            db.session.flush()
            lifecycle.escalate(session, junior, "bench backlog", "normal", assess=False)
            db.session.commit()
    sys.exit(0)

if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "sample-healthz":
    # A process of its own asks /healthz every 10 ms for a while: the bench's own work (encoding
    # and sending a 16 MB body) can't delay the asking. Prints "started seconds" per answer.
    import socket
    import time

    port, until = int(sys.argv[2]), time.monotonic() + float(sys.argv[3])
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
                conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                answered = conn.recv(64).startswith(b"HTTP/1.1 200")
        except OSError:
            answered = False
        print(started, time.monotonic() - started if answered else -1, flush=True)
        time.sleep(0.01)
    sys.exit(0)

from gevent import monkey  # noqa: E402

monkey.patch_all()

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

import gevent  # noqa: E402
import gevent.event  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402
from gevent.server import StreamServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import fresh_database, percentile, save_results, worktree  # noqa: E402
from bench.longpoll import PASSWORD, Browser  # noqa: E402

TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
STEP_KEY = re.compile(r'name="idempotency_key"[^>]*value="([\w-]+)"|value="([\w-]+)"[^>]*name="idempotency_key"')
FLOOD = 2_100


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


# --- the two trees and their servers --------------------------------------------------------

class Tree:
    """A checkout to run: this one, or a worktree of an earlier commit."""

    def __init__(self, label, path, engine, workdir):
        self.label, self.path, self.engine, self.workdir = label, Path(path), engine, workdir

    def fresh(self, mail_port, **env):
        """A fresh database with the schema; the environment its commands and servers use."""
        url = fresh_database(self.engine, tempfile.mkdtemp(dir=self.workdir))
        self.env = {**os.environ, "RF_DATABASE_URL": url, "RF_SECRET_KEY": "bench-secret-key-0123456789",
                    "FLASK_APP": "wsgi", "RF_MAIL_SERVER": "127.0.0.1", "RF_MAIL_PORT": str(mail_port),
                    "RF_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "RF_DISPATCH_IN_WORKERS": "false",
                    "RF_LONGPOLL_SECONDS": "55", **env}
        self.cli("init")
        return self

    def cli(self, *args):
        subprocess.run([sys.executable, "-m", "flask", "rf", *args], cwd=self.path, env=self.env, check=True,
                       capture_output=True)

    def team(self, account, seniors):
        """An account with a junior and ``seniors`` seniors (engineers who get every email)."""
        self.cli("create-account", account)
        emails = [f"junior@{account}.bench"] + [f"senior{n}@{account}.bench" for n in range(seniors)]
        for email in emails:
            self.cli("create-user", "--account", account, "--email", email, "--name", email,
                     "--role", "engineer", "--password", PASSWORD)
        return emails

    def serve(self, workers=1, **env):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--no-control-socket", "--access-logfile", "/dev/null", "wsgi:app"],
            cwd=self.path, env={**self.env, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if healthz(port, timeout=1) is not None:
                return Server(process, port)
            gevent.sleep(0.1)
        process.kill()
        raise RuntimeError(f"{self.label}: server did not start")


class Server:
    def __init__(self, process, port):
        self.process, self.port = process, port

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def healthz(port, timeout):
    """Seconds /healthz took on a new connection, or None (refused, timed out, not 200)."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.settimeout(timeout)
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            head = conn.recv(64)
    except OSError:
        return None
    return time.monotonic() - started if head.startswith(b"HTTP/1.1 200") else None


def post_form(browser, page_path, path, fields):
    """POST a form as ``browser``, with the CSRF token and step key
    of the page at ``page_path``: the status, when the request started and ended, where it
    redirects."""
    conn = browser.connection()
    page = browser.get(conn, page_path)[1]
    fields = {**fields, "csrf_token": TOKEN.search(page).group(1)}
    key = STEP_KEY.search(page)
    if key and path.endswith("/steps"):
        fields["idempotency_key"] = key.group(1) or key.group(2)
    body = urlencode(fields)  # as a browser encodes a form
    started = time.monotonic()
    conn.request("POST", path, body=body, headers={"Cookie": browser.cookie,
                                                    "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    return response.status, started, time.monotonic(), response.getheader("Location")


def new_session(browser):
    """Start a session over HTTP; its page's path."""
    status, _, _, location = post_form(browser, "/sessions/new", "/sessions/new", {
        "ticket_number": "T-1", "client_name": "Bench", "summary": "Phones drop calls", "domain": "network"})
    assert status == 302, status
    return location


# --- mail and chat on loopback -------------------------------------------------------------

class SmtpSink:
    """A minimal SMTP server recording when each message arrived, per recipient."""

    def __init__(self):
        self.arrivals = []
        self.server = StreamServer(("127.0.0.1", 0), self.handle)
        self.server.start()
        self.port = self.server.server_port

    def handle(self, conn, _address):
        reader = conn.makefile("rb")
        conn.sendall(b"220 bench ESMTP\r\n")
        recipients = []
        for line in reader:
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                conn.sendall(b"250 bench\r\n")
            elif command.startswith(b"RCPT TO:"):
                recipients.append(line.strip()[8:].strip(b"<> ").decode())
                conn.sendall(b"250 OK\r\n")
            elif command == b"DATA":
                conn.sendall(b"354 go on\r\n")
                for body_line in reader:
                    if body_line in (b".\r\n", b".\n"):
                        break
                arrived = time.monotonic()
                self.arrivals += [(arrived, recipient) for recipient in recipients]
                recipients = []
                conn.sendall(b"250 queued\r\n")
            elif command == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                break
            else:  # MAIL FROM, RSET, NOOP
                conn.sendall(b"250 OK\r\n")
        conn.close()

    def first_to(self, recipient):
        return next((at for at, to in self.arrivals if to == recipient), None)


class Tarpit:
    """A mail server that accepts connections and never says a word."""

    def __init__(self):
        self.server = StreamServer(("127.0.0.1", 0), lambda conn, _address: gevent.sleep(3600))
        self.server.start()
        self.port = self.server.server_port


class ChatReceiver:
    """A webhook endpoint recording when each post arrived."""

    def __init__(self):
        self.arrivals = []
        self.server = WSGIServer(("127.0.0.1", 0), self.app, log=None)
        self.server.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def app(self, environ, start_response):
        environ["wsgi.input"].read()
        self.arrivals.append(time.monotonic())
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]


def add_webhook(tree, account, receiver):
    """The account's chat webhook, set by its owner on the Notifications page."""
    owner = f"owner@{account}.bench"
    tree.cli("create-user", "--account", account, "--email", owner, "--name", "Owner", "--role", "owner",
             "--password", PASSWORD)
    server = tree.serve()
    try:
        status, *_ = post_form(Browser(server.port, owner), "/settings/notifications",
                               "/settings/notifications/webhook", {"url": receiver.url, "format": "generic"})
        assert status == 302, status
    finally:
        server.stop()


# --- the scenarios ----------------------------------------------------------------------------

def flood(tree):
    """2,100 parked polls from one login, then /healthz."""
    tree.fresh(mail_port=1)
    emails = tree.team("flood", seniors=1)
    server = tree.serve(workers=1, RF_WORKER_CONNECTIONS="1000")
    sockets = []
    try:
        senior = Browser(server.port, emails[1])
        request = (f"GET /queue/poll?after=0&wait=1 HTTP/1.1\r\nHost: bench\r\nHX-Request: true\r\n"
                   f"Cookie: {senior.cookie}\r\n\r\n").encode()
        for _ in range(FLOOD):
            try:
                conn = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                conn.sendall(request)
                sockets.append(conn)
            except OSError:
                break
        gevent.sleep(2)  # the worker takes in what it accepts
        checks = [healthz(server.port, timeout=5) for _ in range(5)]
    finally:
        for conn in sockets:
            conn.close()
        server.stop()
    answered = [check for check in checks if check is not None]
    return {"connections_opened": len(sockets), "healthz_answered": f"{len(answered)}/{len(checks)}",
            "healthz_p50_ms": ms(percentile(answered, 0.5)), "healthz_max_ms": ms(max(answered)) if answered else None}


def stuck_mail(tree):
    """Mail server that never answers; 4 seniors by email and the team chat."""
    tarpit, chat = Tarpit(), ChatReceiver()
    tree.fresh(mail_port=tarpit.port, RF_MAIL_TIMEOUT="10")
    emails = tree.team("stuck", seniors=4)
    add_webhook(tree, "stuck", chat)
    server = tree.serve(workers=1, RF_DISPATCH_IN_WORKERS="true")
    try:
        junior = Browser(server.port, emails[0])
        page = new_session(junior)
        status, started, _, _ = post_form(junior, page, f"{page}/escalate", {"reason": "bench", "priority": "urgent"})
        assert status == 302, status
        deadline = time.monotonic() + 90
        while not chat.arrivals and time.monotonic() < deadline:
            gevent.sleep(0.01)
    finally:
        server.stop()
        tarpit.server.stop()
        chat.server.stop()
    return {"chat_post_after_ms": ms(chat.arrivals[0] - started) if chat.arrivals else "none within 90 s"}


def backlog(tree, escalations=100, seniors=20):
    """2,000 emails of one account waiting; another account's first escalation."""
    sink = SmtpSink()
    tree.fresh(mail_port=sink.port)
    tree.team("backlog", seniors=seniors)
    other = tree.team("other", seniors=1)
    seeded = subprocess.run([sys.executable, str(Path(__file__).resolve()), "seed-backlog", "backlog",
                             str(escalations)], cwd=tree.path, env=tree.env, capture_output=True, text=True)
    if seeded.returncode:
        raise RuntimeError(f"{tree.label}: seeding the backlog failed\n{seeded.stderr[-3000:]}")
    waiting = escalations * seniors
    server = tree.serve(workers=2, RF_DISPATCH_IN_WORKERS="true")
    try:
        started_dispatch = time.monotonic()
        junior = Browser(server.port, other[0])
        page = new_session(junior)
        status, started, _, _ = post_form(junior, page, f"{page}/escalate", {"reason": "bench", "priority": "high"})
        assert status == 302, status
        deadline = time.monotonic() + 180
        while (sink.first_to(other[1]) is None or len(sink.arrivals) < waiting + 1) and time.monotonic() < deadline:
            gevent.sleep(0.05)
    finally:
        server.stop()
        sink.server.stop()
    arrived = sink.first_to(other[1])
    drained = sorted(at for at, to in sink.arrivals if to != other[1])
    return {"backlog_emails": waiting,
            "other_account_email_after_ms": ms(arrived - started) if arrived else "none within 180 s",
            "backlog_sent": len(drained),
            "backlog_drained_s": round(drained[-1] - started_dispatch, 1) if len(drained) >= waiting else None}


def big_paste(tree, body_limit=16 * 1024 * 1024, sampling_seconds=4):
    """The largest step output the server takes (its form just under the 16 MB body limit,
    encoded as a browser encodes it) while another process asks /healthz every 10 ms."""
    tree.fresh(mail_port=1)
    emails = tree.team("paste", seniors=0)
    server = tree.serve(workers=1)
    try:
        junior = Browser(server.port, emails[0])
        page = new_session(junior)
        line = "2026-12-06 10:00:00 Error 0x80070005 Access is denied. Source: Kerberos, event 4771\n"
        output = line * ((body_limit - 4096) // len(urlencode({"o": line})[2:]))
        sampler = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "sample-healthz",
                                    str(server.port), str(sampling_seconds)], stdout=subprocess.PIPE, text=True)
        gevent.sleep(0.5)  # idle samples first
        status, started, finished, _ = post_form(junior, page, f"{page}/steps",
                                                 {"tried": "Exported the log", "result": "info", "output": output})
        samples = [tuple(map(float, line.split())) for line in sampler.communicate()[0].splitlines()]
    finally:
        server.stop()
    # Asked while the paste was in flight (sent, parsed, cleaned, stored, answered).
    during = [seconds for asked, seconds in samples if started <= asked <= finished]
    idle = [seconds for asked, seconds in samples if asked < started and seconds >= 0]
    answered = [seconds for seconds in during if seconds >= 0]
    return {"paste_chars": len(output), "paste_status": status, "paste_ms": ms(finished - started),
            "healthz_idle_p50_ms": ms(percentile(idle, 0.5)),
            "healthz_during_n": len(during), "healthz_during_failed": len(during) - len(answered),
            "healthz_during_p50_ms": ms(percentile(answered, 0.5)),
            "healthz_during_p99_ms": ms(percentile(answered, 0.99)),
            "healthz_during_max_ms": ms(max(answered)) if answered else None}


SCENARIOS = {"flood": flood, "stuck_mail": stuck_mail, "backlog": backlog, "big_paste": big_paste}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="6bf45e8", help="the commit to compare with")
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--only", choices=sorted(SCENARIOS), action="append")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="rf-abuse-")
    results = {}
    try:
        with worktree(args.before, workdir) as before:
            trees = [Tree(f"before ({args.before})", before, args.engine, workdir),
                     Tree("now", ROOT, args.engine, workdir)]
            for name in args.only or SCENARIOS:
                for tree in trees:
                    figures = SCENARIOS[name](tree)
                    results.setdefault(name, {})[tree.label] = figures
                    print(f"{name:11} {tree.label:18} " + "  ".join(f"{k}={v}" for k, v in figures.items()),
                          flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    save_results("abuse", args, results)


if __name__ == "__main__":
    main()
