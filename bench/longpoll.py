"""Long-poll vs interval polling for the live queue, side by side, in one run.

Starts gunicorn + gevent (2 workers) on a fresh database, parks N queue pollers (one
browser tab each, of its own senior: a login may park only a few polls), commits M
escalations, and measures for each escalation the time from just before its commit to
each poller receiving it. Then it idles (nothing happens) and
counts the database transactions the server ran. Then the same N tabs do what plain htmx
polling does (``hx-trigger="every 2s"``): ask every 2 s, answered at once. Last, the floor:
the same client against bare gunicorn + gevent (``bench/floor_app.py``: no Flask, no
database) releasing N parked requests M times, i.e. what this machine allows at all.

    .venv/bin/python bench/longpoll.py                      # SQLite and PostgreSQL, N=1000
    .venv/bin/python bench/longpoll.py --engines postgresql --pollers 200 --idle 20
    .venv/bin/python bench/longpoll.py --team-only      # the 25-senior scenario (issue 18)

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
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
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
           "FLASK_APP": "wsgi"}
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

class Browser:
    """One logged-in cookie, shared by all the tabs (as one user's tabs share it)."""

    def __init__(self, port, email):
        self.port = port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
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

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, conn, path):
        conn.request("GET", path, headers={"Cookie": self.cookie, "HX-Request": "true"})
        response = conn.getresponse()
        if response.getheader("Set-Cookie"):  # the session gained its CSRF secret
            self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        return response.status, response.read().decode()


class Tab:
    """One queue tab: follows its cursor, records when each new card arrived."""

    def __init__(self, browser, cursor, mode):
        self.browser, self.cursor, self.mode = browser, cursor, mode
        self.arrivals = {}
        self.errors = 0
        self.duplicates = 0
        self.answer_bytes = []  # of each answer that moved the cursor

    def run(self, stop):
        conn = self.browser.connection()
        wait = "1" if self.mode == "longpoll" else "0"
        while not stop.is_set():
            try:
                status, page = self.browser.get(conn, f"/queue/poll?after={self.cursor}&wait={wait}")
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn = self.browser.connection()
                gevent.sleep(0.5)
                continue
            received = time.perf_counter()
            if status != 200:
                self.errors += 1
                gevent.sleep(0.5)
                continue
            for card in NEW_CARD.findall(page):
                if card in self.arrivals:
                    self.duplicates += 1
                self.arrivals.setdefault(card, received)
            cursor = int(CURSOR.search(page).group(1))
            if cursor != self.cursor:
                self.answer_bytes.append(len(page.encode()))
            self.cursor = cursor
            if self.mode == "interval":
                gevent.sleep(2)


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


def run_mode(mode, port, database_url, pollers, escalations, idle, session_ids, first_handoff_id):
    emails = ["senior@bench.test"] + [f"senior{n}@bench.test" for n in range(1, pollers)]
    seniors = []
    for start in range(0, pollers, 20):  # 20 logins at a time: the login throttle counts attempts in flight
        batch = [gevent.spawn(Browser, port, email) for email in emails[start:start + 20]]
        gevent.joinall(batch, raise_error=True)
        seniors += [login.value for login in batch]
    junior = Browser(port, "junior@bench.test")
    start_cursor = int(CURSOR.search(seniors[0].get(seniors[0].connection(), "/queue/poll?after=0&wait=0")[1]).group(1))
    tabs = [Tab(senior, start_cursor, mode) for senior in seniors]
    stop = gevent.event.Event()
    greenlets = [gevent.spawn(tab.run, stop) for tab in tabs]
    gevent.sleep(5 if mode == "longpoll" else 3)  # every tab is parked or on its 2 s rhythm
    started = escalate_all(junior, session_ids, spacing=1.5)
    gevent.sleep(3)  # the last escalation reaches everyone
    before_idle = transactions(database_url)
    gevent.sleep(idle)
    after_idle = transactions(database_url)
    stop.set()
    gevent.joinall(greenlets, timeout=35)
    gevent.killall(greenlets, block=False)
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
        "latency_ms_p50": round(percentile(latencies, 0.5), 1),
        "latency_ms_p99": round(percentile(latencies, 0.99), 1),
        "latency_ms_max": round(max(latencies), 1),
        "after_response_ms_p50": round(percentile(after_response, 0.5), 1),
        "after_response_ms_p99": round(percentile(after_response, 0.99), 1),
        "escalate_request_ms_p50": round(percentile(
            [(end - start) * 1000 for start, end in started.values()], 0.5), 1),
        "deliveries": len(latencies), "missing": missing,
        "duplicates": sum(tab.duplicates for tab in tabs),
        "client_errors": sum(tab.errors for tab in tabs),
        "idle_seconds": idle,
        "db_transactions_while_idle": None if before_idle is None else after_idle - before_idle - 1,
        "worker_rss_mb": worker_rss_mb_holder[0],
    }


worker_rss_mb_holder = [None]


def bench_floor(pollers, rounds, port):
    """N parked requests on bare gunicorn + gevent, released by a signal, M times."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gevent", "--workers", "2", "--worker-connections", "4000",
         "--bind", f"127.0.0.1:{port}", "--no-control-socket", "-c", "floor_app.py", "floor_app:app"],
        cwd=ROOT / "bench", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        gevent.sleep(3)
        workers = [int(pid) for pid in subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()]
        received = [[] for _ in range(pollers)]

        def tab(index):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for _ in range(rounds):
                conn.request("GET", "/wait")
                conn.getresponse().read()
                received[index].append(time.perf_counter())

        greenlets = [gevent.spawn(tab, index) for index in range(pollers)]
        fired = []
        for _ in range(rounds):
            gevent.sleep(1.5)
            fired.append(time.perf_counter())
            for pid in workers:
                os.kill(pid, signal.SIGUSR2)
        gevent.joinall(greenlets, timeout=30)
        latencies = [(times[i] - fired[i]) * 1000 for times in received for i in range(len(times))]
        return {"engine": "none", "mode": "floor", "pollers": pollers, "escalations": rounds,
                "latency_ms_p50": round(percentile(latencies, 0.5), 1),
                "latency_ms_p99": round(percentile(latencies, 0.99), 1),
                "latency_ms_max": round(max(latencies), 1),
                "after_response_ms_p50": "-", "after_response_ms_p99": "-", "escalate_request_ms_p50": "-",
                "deliveries": len(latencies), "missing": pollers * rounds - len(latencies), "duplicates": 0,
                "client_errors": 0, "idle_seconds": 0, "db_transactions_while_idle": None,
                "worker_rss_mb": worker_rss_mb(server)}
    finally:
        server.terminate()
        server.wait(timeout=60)


def bench_engine(engine_name, pollers, escalations, idle, port):
    with tempfile.TemporaryDirectory() as workdir:
        database_url = fresh_database(engine_name, workdir)
        env = seed(database_url, escalations)
        # Sessions to escalate, created straight in the database (two runs' worth).
        engine = create_engine(make_url(database_url).set(
            drivername="postgresql+psycopg2" if engine_name == "postgresql" else "sqlite"))
        with engine.begin() as conn:
            account_id, junior_id = conn.execute(text(
                "SELECT account_id, id FROM users WHERE email = 'junior@bench.test'")).one()
            # One senior per poller, as in real use (a login may park only a few polls per
            # worker): copies of the first senior, password hash and all.
            conn.execute(text(
                "INSERT INTO users (account_id, email, name, role, password_hash, active, created_at, notify_email) "
                "SELECT account_id, 'senior' || n.n || '@bench.test', 'Senior ' || n.n, role, password_hash, active, "
                "created_at, notify_email FROM users, (SELECT :k AS n) AS n WHERE email = 'senior@bench.test'"),
                [{"k": n} for n in range(1, pollers)])
            for index in range(escalations * 2):
                conn.execute(text(
                    "INSERT INTO troubleshooting_sessions (account_id, ticket_number, client_name, summary, domain, "
                    "owner_id, status, created_at, updated_at) VALUES (:a, :t, 'Bench client', 'Bench problem', "
                    "'network', :o, 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                    {"a": account_id, "t": f"B{index}", "o": junior_id})
            session_ids = [row[0] for row in conn.execute(text("SELECT id FROM troubleshooting_sessions ORDER BY id"))]
        engine.dispose()
        server = start_server(env, port)
        try:
            results = []
            for index, mode in enumerate(("longpoll", "interval")):
                batch = session_ids[index * escalations:(index + 1) * escalations]
                worker_rss_mb_holder[0] = None
                result = run_mode(mode, port, database_url, pollers, escalations, idle, batch,
                                  first_handoff_id=1 + index * escalations)
                result["worker_rss_mb"] = worker_rss_mb(server)
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
        env = {**seed(database_url, 0), "RF_DISPATCH_IN_WORKERS": "false"}  # no mail server here
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
            for index in range(open_escalations + arriving):
                conn.execute(text(
                    "INSERT INTO troubleshooting_sessions (account_id, ticket_number, client_name, summary, domain, "
                    "owner_id, status, created_at, updated_at) VALUES (:a, :t, 'Bench client', :s, "
                    "'network', :o, 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                    {"a": account_id, "t": f"T{index}", "s": f"Team bench problem {index}", "o": junior_id})
            session_ids = [row[0] for row in conn.execute(text("SELECT id FROM troubleshooting_sessions ORDER BY id"))]
        engine.dispose()
        server = start_server(env, port)
        try:
            junior = Browser(port, "junior@bench.test")
            escalate_all(junior, session_ids[:open_escalations], spacing=0)  # already waiting
            emails = ["senior@bench.test"] + [f"senior{n}@bench.test" for n in range(1, seniors)]
            browsers = []
            for start in range(0, seniors, 20):
                batch = [gevent.spawn(Browser, port, email) for email in emails[start:start + 20]]
                gevent.joinall(batch, raise_error=True)
                browsers += [login.value for login in batch]
            cursor = int(CURSOR.search(browsers[0].get(browsers[0].connection(),
                                                       "/queue/poll?after=0&wait=0")[1]).group(1))
            tabs = [Tab(browser, cursor, "longpoll") for browser in browsers for _ in range(polls_each)]
            stop = gevent.event.Event()
            greenlets = [gevent.spawn(tab.run, stop) for tab in tabs]
            gevent.sleep(5)
            cpu_before = worker_cpu_seconds(server)
            started = escalate_all(junior, session_ids[open_escalations:], spacing=every)
            gevent.sleep(3)
            cpu = worker_cpu_seconds(server) - cpu_before
            rss = worker_rss_mb(server)
            stop.set()
            gevent.joinall(greenlets, timeout=35)
            gevent.killall(greenlets, block=False)
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
    return {"engine": engine_name, "mode": "team", "pollers": len(tabs), "escalations": arriving,
            "open": open_escalations, "latency_ms_p50": round(percentile(latencies, 0.5), 1),
            "latency_ms_p99": round(percentile(latencies, 0.99), 1), "latency_ms_max": round(max(latencies), 1),
            "answer_kb_p50": round(percentile(sizes, 0.5) / 1024, 1), "answer_kb_max": round(max(sizes) / 1024, 1),
            "cpu_ms_per_delivery": round(cpu * 1000 / max(1, len(latencies)), 2),
            "deliveries": len(latencies), "missing": missing, "duplicates": sum(tab.duplicates for tab in tabs),
            "client_errors": sum(tab.errors for tab in tabs), "worker_rss_mb": rss}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--pollers", type=int, default=1000)
    parser.add_argument("--escalations", type=int, default=10)
    parser.add_argument("--idle", type=int, default=60, help="seconds of quiet to count queries over")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--team-only", action="store_true",
                        help="only the team scenario (25 seniors × 4 polls, 100 open, one new every 2 s)")
    args = parser.parse_args()
    if args.team_only:
        team = [bench_team(engine_name, args.port) for engine_name in args.engines]
        for row in team:
            print(json.dumps(row), flush=True)
        save_results("longpoll_team", args, team)
        return
    results = []
    for engine_name in args.engines:
        results += bench_engine(engine_name, args.pollers, args.escalations, args.idle, args.port)
    results.append(bench_floor(args.pollers, args.escalations, args.port))
    print(json.dumps(results[-1]), flush=True)
    header = (f"{'engine':<11}{'mode':<10}{'pollers':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
              f"{'resp p50':>10}{'resp p99':>10}{'esc ms':>8}{'lost':>6}{'dup':>5}{'err':>5}{'idle tx':>9}"
              "  worker RSS MB")
    print("\n" + header)
    for r in results:
        print(f"{r['engine']:<11}{r['mode']:<10}{r['pollers']:>8}{r['latency_ms_p50']:>9}{r['latency_ms_p99']:>9}"
              f"{r['latency_ms_max']:>9}{r['after_response_ms_p50']:>10}{r['after_response_ms_p99']:>10}"
              f"{r['escalate_request_ms_p50']:>8}{r['missing']:>6}{r['duplicates']:>5}{r['client_errors']:>5}"
              f"{str(r['db_transactions_while_idle']):>9}  {r['worker_rss_mb']}")
    print("p50/p99/max: from just before the escalate request; resp: from its response (the commit "
          "is in between); esc ms: the escalate request itself; idle tx: PostgreSQL transactions "
          "during the quiet period; floor: bare gunicorn + gevent, no Flask or database, from the release")
    save_results("longpoll", args, results)


if __name__ == "__main__":
    main()
