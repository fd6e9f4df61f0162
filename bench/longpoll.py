"""Long-poll vs interval polling for the live queue, side by side, in one run.

Starts gunicorn + gevent (2 workers) on a fresh database, parks N queue pollers (one
browser tab each, of its own senior: a login may park only a few polls), commits M
escalations, and measures for each escalation the time from just before its commit to
each poller receiving it. Then it idles (nothing happens) and
counts the database transactions the server ran. Then the same N tabs do what plain htmx
polling does (``hx-trigger="every 2s"``): ask every 2 s, answered at once. Last, the floor:
the same client against bare gunicorn + gevent (``bench/floor_app.py``: no Flask, no
database) releasing N parked requests M times, i.e. what this machine allows at all. All at
N = 200, 1,000 and 2,000 (interval polling at 1,000 only), each beside its floor row.

The team scenario: 25 seniors whose browsers each hold 4 parked polls, 100 escalations
already open, a new one every 2 s for 60 s: latency, answer size, worker CPU per delivery,
beside a floor of 100 polls released every 2 s. The parked scenario: 5,000 polls (4 per
senior) held through a whole long-poll cycle, then one escalation: errors, memory per
parked poll. Every senior's browser has a loopback address of its own.

    .venv/bin/python bench/longpoll.py              # everything: 200/1,000/2,000 pollers, team, 5,000 parked
    .venv/bin/python bench/longpoll.py --engines postgresql --pollers 1000 --no-team --parked 0
    .venv/bin/python bench/longpoll.py --pollers --parked 0   # only the 25-senior team scenario

PostgreSQL: RF_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/rf_bench,
recreated). Results print and go to bench/results/longpoll.json.
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from psycogreen.gevent import patch_psycopg  # noqa: E402

patch_psycopg()

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.common import fresh_database, percentile, save_results  # noqa: E402

PASSWORD = "bench password 2026"
CURSOR = re.compile(r'id="queue-poller"[^>]*data-cursor="(\d+)"')
NEW_CARD = re.compile(r'id="card-(\d+)" class="[^"]*is-new')


# --- the server --------------------------------------------------------------------------

def seed(database_url, escalations):
    """Schema, one account, a senior and a junior, and sessions to escalate."""
    env = {**os.environ, "RF_DATABASE_URL": database_url, "RF_SECRET_KEY": "bench-secret-key-0123456789",
           "FLASK_APP": "wsgi", "RF_DISPATCH_IN_WORKERS": "false"}  # no mail server here: no retry storm
    flask = [sys.executable, "-m", "flask"]
    subprocess.run(flask + ["rf", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["rf", "create-account", "Bench MSP"], cwd=ROOT, env=env, check=True, capture_output=True)
    for email, role in (("senior@bench.test", "engineer"), ("junior@bench.test", "engineer")):
        subprocess.run(flask + ["rf", "create-user", "--account", "Bench MSP", "--email", email, "--name", email,
                                "--role", role, "--password", PASSWORD],
                       cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def start_server(env, port):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--worker-connections", "4000", "--no-control-socket", "--access-logfile", "/dev/null",
         "wsgi:app"], cwd=ROOT, env={**env, "RF_LONGPOLL_SECONDS": "25"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            gevent.sleep(0.1)
    raise RuntimeError("server did not start")


def worker_rss_mb(server):
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return [round(size, 1) for size in sizes]


# --- the clients ---------------------------------------------------------------------------

def address_of(index):
    """A loopback address of its own for each senior's browser, as on a real network (the
    server limits parked polls per client address)."""
    return f"127.0.{index // 250}.{index % 250 + 2}"


def log_in_all(port, emails):
    browsers = []
    for start in range(0, len(emails), 20):  # 20 at a time: the login throttle counts attempts in flight
        batch = [gevent.spawn(Browser, port, email, address_of(start + offset))
                 for offset, email in enumerate(emails[start:start + 20])]
        gevent.joinall(batch, raise_error=True)
        browsers += [login.value for login in batch]
    return browsers


def rss_kib_per_poll(before_mb, after_mb, polls):
    return round((sum(after_mb) - sum(before_mb)) * 1024 / polls, 1)

class Browser:
    """One logged-in cookie, shared by all the tabs (as one user's tabs share it)."""

    def __init__(self, port, email, address="127.0.0.1"):
        self.port, self.address = port, address
        conn = self.connection()
        conn.request("GET", "/login")
        response = conn.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
        body = f"email={email}&password={PASSWORD.replace(' ', '+')}&csrf_token={token}"
        conn.request("POST", "/login", body=body, headers={
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        response.read()
        assert response.status == 302, response.status
        self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        # As a browser does: the page the login leads to, then the queue page.
        for path in (response.getheader("Location"), "/escalations"):
            status, _ = self.get(conn, path)
            assert status == 200, (path, status)

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.address, 0))

    def get(self, conn, path):
        conn.request("GET", path, headers={"Cookie": self.cookie, "HX-Request": "true"})
        response = conn.getresponse()
        if response.getheader("Set-Cookie"):  # the session gained its CSRF secret
            self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        return response.status, response.read().decode()


class PollConnection:
    """A tab's keep-alive connection for its polls: HTTP/1.1 by hand, reading no more of an
    answer than its status, cookie, length and body. One process plays every browser, so its
    own cost per answer (``http.client`` parses every header in Python) would otherwise be
    most of what the latency rows measure, the floor's as much as the app's."""

    def __init__(self, port, address, cookie=None):
        self.port, self.cookie = port, cookie
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60, source_address=(address, 0))
        self.buffer = b""

    def get(self, path):
        """(status, Set-Cookie value or None, body)."""
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{cookie}HX-Request: true\r\n\r\n".encode())
        while b"\r\n\r\n" not in self.buffer:
            self.receive()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:])
        length = int(headers["Content-Length"])
        while len(self.buffer) < length:
            self.receive()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        if headers.get("Connection", "").lower() == "close":
            self.close()
        self.headers = headers
        return int(lines[0].split(" ", 2)[1]), headers.get("Set-Cookie"), body.decode()

    def receive(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def close(self):
        self.sock.close()


ERRORS = Counter()  # what the tabs' failed polls got, by status or exception
# What a poll answer that moved the cursor looked like (its headers besides gunicorn's own,
# its body's size, the request's cookie): the floor then sends and answers the same.
ANSWER_SHAPE = {}
SERVER_HEADERS = {"Date", "Server", "Connection", "Content-Length", "Set-Cookie"}


class Tab:
    """One queue tab: follows its cursor, records when each new card arrived."""

    def __init__(self, browser, cursor, mode):
        self.browser, self.cursor, self.mode = browser, cursor, mode
        self.arrivals = {}
        self.errors = 0
        self.duplicates = 0
        self.answer_bytes = []  # of each answer that moved the cursor
        self.conn = None

    def open(self):
        """Connect and ask once, answered at once (wait=0): the worker has then seen this
        browser, as it has any browser whose queue stays open: its polls then park as they
        do all day (a first poll parks after a full request)."""
        self.conn = self.connection()
        status, cookie, _ = self.conn.get(f"/queue/poll?after={self.cursor}&wait=0")
        assert status == 200 and not cookie, status

    def connection(self):
        return PollConnection(self.browser.port, self.browser.address, self.browser.cookie)

    def run(self, stop):
        conn = self.conn or self.connection()
        wait = "1" if self.mode == "longpoll" else "0"
        while not stop.is_set():
            try:
                status, cookie, page = conn.get(f"/queue/poll?after={self.cursor}&wait={wait}")
            except (OSError, ValueError, KeyError) as error:
                self.errors += 1
                ERRORS[type(error).__name__] += 1
                conn.close()
                gevent.sleep(0.5)
                conn = self.connection()
                continue
            if cookie:  # the session gained its CSRF secret
                self.browser.cookie = conn.cookie = cookie.split(";", 1)[0]
            received = time.perf_counter()
            if status != 200:
                self.errors += 1
                ERRORS[status] += 1
                gevent.sleep(0.5)
                continue
            for card in NEW_CARD.findall(page):
                if card in self.arrivals:
                    self.duplicates += 1
                self.arrivals.setdefault(card, received)
            cursor = int(CURSOR.search(page).group(1))
            if cursor != self.cursor:
                self.answer_bytes.append(len(page.encode()))
                ANSWER_SHAPE.update(headers=[(name, value) for name, value in conn.headers.items()
                                             if name not in SERVER_HEADERS],
                                    body_bytes=len(page.encode()), cookie=conn.cookie)
            self.cursor = cursor
            if self.mode == "interval":
                gevent.sleep(2)


class CommitClock:
    """``bench/commit_clock.py`` in its own process: when each queue event committed."""

    def __init__(self, database_url):
        self.database_url = database_url
        self.process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "commit_clock.py"), database_url],
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def commits_by_handoff(self):
        """{handoff id (str): commit time} of the escalations seen."""
        self.process.terminate()
        out, _ = self.process.communicate(timeout=30)
        committed = {}
        for seq, moment in (line.split() for line in out.splitlines() if line.strip()):
            committed.setdefault(int(seq), float(moment))
        engine = create_engine(make_url(self.database_url).set(
            drivername="postgresql+psycopg2" if self.database_url.startswith("postgresql") else "sqlite"))
        with engine.connect() as conn:
            events = conn.execute(text("SELECT seq, handoff_id FROM queue_events WHERE kind = 'escalated'")).all()
        engine.dispose()
        return {str(handoff_id): committed[seq] for seq, handoff_id in events if seq in committed}


def commit_latencies(tabs, committed, handoff_ids):
    """Each tab's arrival of each escalation, in ms after its commit."""
    return [(tab.arrivals[h] - committed[h]) * 1000 for h in handoff_ids if h in committed
            for tab in tabs if h in tab.arrivals]


def latency_fields(from_commit):
    return {"commit_ms_p50": round(percentile(from_commit, 0.5), 1) if from_commit else None,
            "commit_ms_p99": round(percentile(from_commit, 0.99), 1) if from_commit else None}


def open_tabs(tabs):
    """Each tab's first poll, 20 at a time (as the logins: seniors don't all arrive in the same ms)."""
    for start in range(0, len(tabs), 20):
        gevent.joinall([gevent.spawn(tab.open) for tab in tabs[start:start + 20]], raise_error=True)


def run_tabs(tabs):
    """Start the tabs' poll loops; returns the function that stops them."""
    stop = gevent.event.Event()
    greenlets = [gevent.spawn(tab.run, stop) for tab in tabs]

    def finish():
        stop.set()
        gevent.joinall(greenlets, timeout=35)
        gevent.killall(greenlets, block=False)
    return finish


def transactions(database_url):
    """Transactions the database has run so far (PostgreSQL's own counter)."""
    if not database_url.startswith("postgresql"):
        return None
    engine = create_engine(make_url(database_url).set(drivername="postgresql+psycopg2"))
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_stat_clear_snapshot()"))
        count = conn.execute(text("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                                  "WHERE datname = current_database()")).scalar()
    engine.dispose()
    return count


def escalate_all(junior, sessions, spacing):
    """Escalate each session over HTTP; the time just before each request is its start."""
    conn = junior.connection()
    started = {}
    for session_id in sessions:
        status, page = junior.get(conn, f"/sessions/{session_id}")
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
        body = f"reason=bench&priority=high&csrf_token={token}"
        before = time.perf_counter()
        conn.request("POST", f"/sessions/{session_id}/escalate", body=body, headers={
            "Cookie": junior.cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        response.read()
        assert response.status == 302, response.status
        started[session_id] = (before, time.perf_counter())
        gevent.sleep(spacing)
    return started


def run_mode(mode, server, port, database_url, pollers, escalations, idle, session_ids, first_handoff_id):
    seniors = log_in_all(port, senior_emails(pollers))
    junior = Browser(port, "junior@bench.test", address="127.0.0.1")
    start_cursor = int(CURSOR.search(seniors[0].get(seniors[0].connection(), "/queue/poll?after=0&wait=0")[1]).group(1))
    tabs = [Tab(senior, start_cursor, mode) for senior in seniors]
    rss_before = worker_rss_mb(server)
    open_tabs(tabs)
    finish = run_tabs(tabs)
    gevent.sleep(5 if mode == "longpoll" else 3)  # every tab is parked or on its 2 s rhythm
    rss_parked = worker_rss_mb(server)
    cpu_before = worker_cpu_seconds(server)
    clock = CommitClock(database_url)
    started = escalate_all(junior, session_ids, spacing=1.5)
    gevent.sleep(3)  # the last escalation reaches everyone
    cpu = worker_cpu_seconds(server) - cpu_before
    committed = clock.commits_by_handoff()
    before_idle = transactions(database_url)
    gevent.sleep(idle)
    after_idle = transactions(database_url)
    finish()
    # Map handoff ids to sessions: handoffs are created in escalation order.
    handoff_ids = [str(first_handoff_id + i) for i in range(len(session_ids))]
    # The commit happens inside the escalate request: its latency lies between "from the
    # request's start" (an upper bound) and "from its response" (a lower bound).
    latencies, after_response, missing = [], [], 0
    for session_id, handoff_id in zip(session_ids, handoff_ids, strict=True):
        request_start, request_end = started[session_id]
        for tab in tabs:
            if handoff_id in tab.arrivals:
                latencies.append((tab.arrivals[handoff_id] - request_start) * 1000)
                after_response.append((tab.arrivals[handoff_id] - request_end) * 1000)
            else:
                missing += 1
    return {
        "mode": mode, "pollers": pollers, "escalations": escalations,
        **latency_fields(commit_latencies(tabs, committed, handoff_ids)),
        "latency_ms_p50": round(percentile(latencies, 0.5), 1),
        "latency_ms_p99": round(percentile(latencies, 0.99), 1),
        "latency_ms_max": round(max(latencies), 1),
        "after_response_ms_p50": round(percentile(after_response, 0.5), 1),
        "after_response_ms_p99": round(percentile(after_response, 0.99), 1),
        "escalate_request_ms_p50": round(percentile(
            [(end - start) * 1000 for start, end in started.values()], 0.5), 1),
        "cpu_ms_per_delivery": round(cpu * 1000 / max(1, len(latencies)), 3),
        "deliveries": len(latencies), "missing": missing,
        "duplicates": sum(tab.duplicates for tab in tabs),
        "client_errors": sum(tab.errors for tab in tabs),
        "idle_seconds": idle,
        "db_transactions_while_idle": None if before_idle is None else after_idle - before_idle - 1,
        "worker_rss_mb": rss_parked,
        "rss_kib_per_parked_poll": rss_kib_per_poll(rss_before, rss_parked, pollers) if mode == "longpoll" else "-",
    }


def bench_floor(pollers, rounds, port, every=1.5):
    """N parked requests on bare gunicorn + gevent, released by a signal every ``every`` s, M
    times: each the same request as a poll (its cookie) answered with the same headers and
    as many bytes as the app's last poll answer of the run."""
    shape = {"headers": [], "body_bytes": 4096, "cookie": None, **ANSWER_SHAPE}
    env = {**os.environ, "RF_FLOOR_HEADERS": json.dumps(shape["headers"]),
           "RF_FLOOR_BODY_BYTES": str(shape["body_bytes"])}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gevent", "--workers", "2", "--worker-connections", "4000",
         "--bind", f"127.0.0.1:{port}", "--no-control-socket", "-c", "floor_app.py", "floor_app:app"],
        cwd=ROOT / "bench", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        gevent.sleep(3)
        workers = [int(pid) for pid in subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()]
        received = [[] for _ in range(pollers)]
        rss_before = worker_rss_mb(server)

        def tab(index):
            conn = PollConnection(port, address_of(index), shape["cookie"])
            for _ in range(rounds):
                conn.get("/wait")
                received[index].append(time.perf_counter())

        greenlets = [gevent.spawn(tab, index) for index in range(pollers)]
        gevent.sleep(1.5)
        rss_parked = worker_rss_mb(server)
        fired = []
        cpu_before = worker_cpu_seconds(server)
        for round_number in range(rounds):
            gevent.sleep(every if round_number else 0)
            fired.append(time.perf_counter())
            for pid in workers:
                os.kill(pid, signal.SIGUSR2)
        gevent.joinall(greenlets, timeout=30)
        cpu = worker_cpu_seconds(server) - cpu_before
        latencies = [(times[i] - fired[i]) * 1000 for times in received for i in range(len(times))]
        return {"engine": "none", "mode": "floor", "pollers": pollers, "escalations": rounds,
                **latency_fields(latencies),
                "latency_ms_p50": round(percentile(latencies, 0.5), 1),
                "latency_ms_p99": round(percentile(latencies, 0.99), 1),
                "latency_ms_max": round(max(latencies), 1),
                "after_response_ms_p50": "-", "after_response_ms_p99": "-", "escalate_request_ms_p50": "-",
                "cpu_ms_per_delivery": round(cpu * 1000 / max(1, len(latencies)), 3),
                "deliveries": len(latencies), "missing": pollers * rounds - len(latencies), "duplicates": 0,
                "client_errors": 0, "idle_seconds": 0, "db_transactions_while_idle": None,
                "worker_rss_mb": rss_parked,
                "rss_kib_per_parked_poll": rss_kib_per_poll(rss_before, rss_parked, pollers)}
    finally:
        server.terminate()
        server.wait(timeout=60)


def seed_team(engine_name, database_url, seniors, sessions):
    """``seniors`` seniors (copies of the first, password hash and all; one per browser, as
    in real use) and ``sessions`` active sessions of the junior to escalate, created straight
    in the database; returns the sessions' ids."""
    engine = create_engine(make_url(database_url).set(
        drivername="postgresql+psycopg2" if engine_name == "postgresql" else "sqlite"))
    with engine.begin() as conn:
        account_id, junior_id = conn.execute(text(
            "SELECT account_id, id FROM users WHERE email = 'junior@bench.test'")).one()
        conn.execute(text(
            "INSERT INTO users (account_id, email, name, role, password_hash, active, created_at, notify_email) "
            "SELECT account_id, 'senior' || n.n || '@bench.test', 'Senior ' || n.n, role, password_hash, active, "
            "created_at, notify_email FROM users, (SELECT :k AS n) AS n WHERE email = 'senior@bench.test'"),
            [{"k": n} for n in range(1, seniors)])
        for index in range(sessions):
            conn.execute(text(
                "INSERT INTO troubleshooting_sessions (account_id, ticket_number, client_name, summary, domain, "
                "owner_id, status, created_at, updated_at) VALUES (:a, :t, 'Bench client', :s, "
                "'network', :o, 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"a": account_id, "t": f"B{index}", "s": f"Bench problem {index}", "o": junior_id})
        session_ids = [row[0] for row in conn.execute(text("SELECT id FROM troubleshooting_sessions ORDER BY id"))]
    engine.dispose()
    return session_ids


def senior_emails(count):
    return ["senior@bench.test"] + [f"senior{n}@bench.test" for n in range(1, count)]


def bench_engine(engine_name, pollers, escalations, idle, port, modes=("longpoll", "interval")):
    with tempfile.TemporaryDirectory() as workdir:
        database_url = fresh_database(engine_name, workdir)
        env = seed(database_url, escalations)
        session_ids = seed_team(engine_name, database_url, pollers, escalations * len(modes))
        server = start_server(env, port)
        try:
            results = []
            for index, mode in enumerate(modes):
                batch = session_ids[index * escalations:(index + 1) * escalations]
                result = run_mode(mode, server, port, database_url, pollers, escalations, idle, batch,
                                  first_handoff_id=1 + index * escalations)
                result["engine"] = engine_name
                results.append(result)
                print(json.dumps(result), flush=True)
            return results
        finally:
            server.terminate()
            server.wait(timeout=60)


def worker_cpu_seconds(server):
    """User + system CPU seconds of the server's workers so far."""
    total = 0.0
    for pid in subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def bench_team(engine_name, port, seniors=25, polls_each=4, open_escalations=100, every=2.0, seconds=60):
    """A 25-senior MSP: each senior's browser holds 4 parked polls (as if its tabs couldn't
    share one), 100 escalations already open, a new one every 2 s for a minute."""
    arriving = int(seconds / every)
    with tempfile.TemporaryDirectory() as workdir:
        database_url = fresh_database(engine_name, workdir)
        env = seed(database_url, 0)
        session_ids = seed_team(engine_name, database_url, seniors, open_escalations + arriving)
        server = start_server(env, port)
        try:
            junior = Browser(port, "junior@bench.test")
            escalate_all(junior, session_ids[:open_escalations], spacing=0)  # already waiting
            browsers = log_in_all(port, senior_emails(seniors))
            cursor = int(CURSOR.search(browsers[0].get(browsers[0].connection(),
                                                       "/queue/poll?after=0&wait=0")[1]).group(1))
            tabs = [Tab(browser, cursor, "longpoll") for browser in browsers for _ in range(polls_each)]
            rss_before = worker_rss_mb(server)
            open_tabs(tabs)
            finish = run_tabs(tabs)
            gevent.sleep(5)
            rss_parked = worker_rss_mb(server)
            cpu_before = worker_cpu_seconds(server)
            clock = CommitClock(database_url)
            started = escalate_all(junior, session_ids[open_escalations:], spacing=every)
            gevent.sleep(3)
            cpu = worker_cpu_seconds(server) - cpu_before
            committed = clock.commits_by_handoff()
            finish()
        finally:
            server.terminate()
            server.wait(timeout=60)
    latencies, missing = [], 0
    for offset, session_id in enumerate(session_ids[open_escalations:]):
        handoff_id = str(open_escalations + 1 + offset)
        for tab in tabs:
            if handoff_id in tab.arrivals:
                latencies.append((tab.arrivals[handoff_id] - started[session_id][0]) * 1000)
            else:
                missing += 1
    sizes = [size for tab in tabs for size in tab.answer_bytes]
    arrived = [str(open_escalations + 1 + offset) for offset in range(arriving)]
    return {"engine": engine_name, "mode": "team", "pollers": len(tabs), "escalations": arriving,
            "open": open_escalations, **latency_fields(commit_latencies(tabs, committed, arrived)),
            "latency_ms_p50": round(percentile(latencies, 0.5), 1),
            "latency_ms_p99": round(percentile(latencies, 0.99), 1), "latency_ms_max": round(max(latencies), 1),
            "answer_kb_p50": round(percentile(sizes, 0.5) / 1024, 1), "answer_kb_max": round(max(sizes) / 1024, 1),
            "cpu_ms_per_delivery": round(cpu * 1000 / max(1, len(latencies)), 2),
            "deliveries": len(latencies), "missing": missing, "duplicates": sum(tab.duplicates for tab in tabs),
            "client_errors": sum(tab.errors for tab in tabs), "worker_rss_mb": rss_parked,
            "rss_kib_per_parked_poll": rss_kib_per_poll(rss_before, rss_parked, len(tabs))}


def bench_parked(engine_name, port, polls, polls_each=4):
    """Many parked polls on one box: ``polls`` of them (4 per senior, as 4 tabs), held through
    a whole long-poll cycle (each answers at ~25 s and parks again), then one escalation."""
    seniors = polls // polls_each
    with tempfile.TemporaryDirectory() as workdir:
        database_url = fresh_database(engine_name, workdir)
        env = seed(database_url, 0)
        (session_id,) = seed_team(engine_name, database_url, seniors, 1)
        server = start_server(env, port)
        try:
            browsers = log_in_all(port, senior_emails(seniors))
            junior = Browser(port, "junior@bench.test")
            tabs = [Tab(browser, 0, "longpoll") for browser in browsers for _ in range(polls_each)]
            rss_before = worker_rss_mb(server)
            open_tabs(tabs)
            finish = run_tabs(tabs)
            gevent.sleep(10)
            rss_parked = worker_rss_mb(server)
            gevent.sleep(22)  # through the ~25 s answer and the next park
            clock = CommitClock(database_url)
            started = escalate_all(junior, [session_id], spacing=0)
            gevent.sleep(5)
            committed = clock.commits_by_handoff()
            finish()
        finally:
            server.terminate()
            server.wait(timeout=60)
    latencies = [(tab.arrivals["1"] - started[session_id][0]) * 1000 for tab in tabs if "1" in tab.arrivals]
    return {"engine": engine_name, "mode": "parked", "pollers": polls, "escalations": 1,
            **latency_fields(commit_latencies(tabs, committed, ["1"])),
            "latency_ms_p50": round(percentile(latencies, 0.5), 1) if latencies else None,
            "latency_ms_p99": round(percentile(latencies, 0.99), 1) if latencies else None,
            "deliveries": len(latencies), "missing": polls - len(latencies), "duplicates": 0,
            "client_errors": sum(tab.errors for tab in tabs), "worker_rss_mb": rss_parked,
            "rss_kib_per_parked_poll": rss_kib_per_poll(rss_before, rss_parked, polls)}


def print_table(results):
    header = (f"{'engine':<11}{'mode':<9}{'pollers':>8}{'p50 ms':>9}{'p99 ms':>9}{'×floor':>12}{'req p50':>9}"
              f"{'req p99':>9}{'answer KB':>10}"
              f"{'CPU ms/dlv':>11}{'lost':>6}{'dup':>5}{'err':>5}{'idle tx':>8}{'KiB/poll':>9}  worker RSS MB")
    print("\n" + header)
    floors = {r["pollers"]: r for r in results if r["mode"] == "floor"}
    for r in results:
        floor = floors.get(r["pollers"])
        ratio = "-"
        if floor and r["mode"] != "floor" and r["commit_ms_p50"] is not None:
            p50, p99 = r["commit_ms_p50"] / floor["commit_ms_p50"], r["commit_ms_p99"] / floor["commit_ms_p99"]
            ratio = f"{p50:.2f}/{p99:.2f}"
        print(f"{r['engine']:<11}{r['mode']:<9}{r['pollers']:>8}{str(r['commit_ms_p50']):>9}"
              f"{str(r['commit_ms_p99']):>9}{ratio:>12}{str(r['latency_ms_p50']):>9}{str(r['latency_ms_p99']):>9}"
              f"{str(r.get('answer_kb_p50', '-')):>10}"
              f"{str(r.get('cpu_ms_per_delivery', '-')):>11}{r['missing']:>6}{r['duplicates']:>5}"
              f"{r['client_errors']:>5}{str(r.get('db_transactions_while_idle', '-')):>8}"
              f"{str(r['rss_kib_per_parked_poll']):>9}  {r['worker_rss_mb']}")
    print("p50/p99: from the commit (seen by bench/commit_clock.py) to each poller's answer (floor: from the "
          "release); ×floor: p50/p99 over the floor row with as many pollers (bare gunicorn + gevent, no Flask or "
          "database); req p50/p99: from just before the escalate request; "
          "answer KB: p50 of answers that moved the cursor; idle tx: PostgreSQL transactions during the quiet "
          "period; KiB/poll: worker RSS growth per parked poll")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--pollers", nargs="*", type=int, default=[200, 1000, 2000],
                        help="one poller per senior, released by each escalation")
    parser.add_argument("--interval-at", type=int, default=1000,
                        help="also run plain interval polling (every 2 s) at this many pollers")
    parser.add_argument("--escalations", type=int, default=10)
    parser.add_argument("--idle", type=int, default=30, help="seconds of quiet to count queries over")
    parser.add_argument("--team", action=argparse.BooleanOptionalAction, default=True,
                        help="the 25-senior scenario (4 polls each, 100 open, one new every 2 s for 60 s)")
    parser.add_argument("--parked", type=int, default=5000, help="polls parked at once on one box (0: skip)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    results = []
    for pollers in args.pollers:
        for engine_name in args.engines:
            modes = ("longpoll", "interval") if pollers == args.interval_at else ("longpoll",)
            results += bench_engine(engine_name, pollers, args.escalations, args.idle, args.port, modes)
        results.append(bench_floor(pollers, args.escalations, args.port))
        print(json.dumps(results[-1]), flush=True)
    if args.team:
        for engine_name in args.engines:
            results.append(bench_team(engine_name, args.port))
            print(json.dumps(results[-1]), flush=True)
        results.append(bench_floor(100, 30, args.port, every=2.0))
        print(json.dumps(results[-1]), flush=True)
    if args.parked:
        for engine_name in args.engines:
            results.append(bench_parked(engine_name, args.port, args.parked))
            print(json.dumps(results[-1]), flush=True)
    print_table(results)
    print(f"failed polls: {dict(ERRORS) or 'none'}")
    save_results("longpoll", args, results)


if __name__ == "__main__":
    main()
