"""The metrics page at scale, on SQLite and PostgreSQL, this checkout beside an earlier one.

Generates 100,000 escalations with 500,000 steps over a year in one account (plus another
account of noise: 20,000 escalations, 100,000 steps), writes the same rows into two
databases, one at this checkout's schema and one at the baseline commit's (default
863effb, the code before issue 21), and serves each with its own code (the baseline from a
git worktree) by gunicorn + gevent, one worker each. Then, with the requests to the two
servers taking turns so both see the machine as it is at that moment:

- the page's time (request to last byte over loopback) for 7, 30 and 90 days;
- the statistics SQL alone (each checkout's sql/stats.sql on its own database, in-process);
- for this checkout: the whole report in-process, the CSV, and /healthz latency p50 / p99
  while nothing else happens and while the 90-day page is computed over and over in the
  same worker (the long-polls' fate: they share that loop).

    .venv/bin/python bench/metrics.py                         # both engines, 100,000 escalations
    .venv/bin/python bench/metrics.py --engines sqlite --escalations 20000 --baseline 32a6bd7

PostgreSQL: RF_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/rf_bench,
and rf_bench_baseline beside it; both recreated). Results print and go to
bench/results/metrics.json.
"""
import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alembic.script import ScriptDirectory  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import MetaData, insert, text  # noqa: E402

from bench.common import fresh_database, percentile, save_results, worktree  # noqa: E402
from rf import create_app  # noqa: E402
from rf.auth.passwords import hash_password  # noqa: E402
from rf.core.config import Config  # noqa: E402
from rf.core.extensions import db  # noqa: E402
from rf.core.models import DOMAINS, utcnow  # noqa: E402
from rf.metrics.queries import prepared  # noqa: E402
from rf.metrics.report import report  # noqa: E402

PASSWORD = "bench password 2026"
SECRET = "bench-secret-key-0123456789"
CHUNK = 5000
PERIODS = ("7d", "30d", "90d")


def generate(account, users, escalations, steps_per, first_id, rng, now):
    """Rows for ``escalations`` escalations of ``account`` over the last year: ~94% claimed,
    ~85% of those with a first action; ``steps_per`` steps each on average."""
    juniors, seniors = users[: len(users) // 2], users[len(users) // 2:]
    sessions, handoffs, steps = [], [], []
    for n in range(escalations):
        sid = first_id + n
        junior, senior = rng.choice(juniors), rng.choice(seniors)
        escalated = now - timedelta(seconds=rng.uniform(60, 365 * 86400))
        domain = rng.choice(list(DOMAINS))
        sessions.append({"id": sid, "account_id": account, "ticket_number": str(sid), "client_name": "Client",
                         "summary": f"Problem {sid}", "domain": domain, "owner_id": senior,
                         "status": "active", "created_at": escalated - timedelta(minutes=30), "updated_at": escalated})
        handoff = {"id": sid, "account_id": account, "session_id": sid, "intent": "escalate", "note": "Stuck",
                   "priority": rng.choice(["low", "normal", "high", "urgent"]), "created_by_id": junior,
                   "session_owner_id": junior, "created_at": escalated, "closed_at": None, "closed_reason": None,
                   "closed_by_id": None, "first_action_at": None, "domain": domain}
        count = max(1, round(rng.gauss(steps_per, 1)))
        before = min(count, 2)
        for k in range(before):
            steps.append((sid, junior, escalated - timedelta(minutes=20 - k)))
        after, author = escalated + timedelta(minutes=3), junior  # unclaimed: the junior keeps trying
        if rng.random() < 0.94:
            claimed = escalated + timedelta(seconds=min(rng.expovariate(1 / 600), 20 * 3600))
            handoff.update(closed_at=claimed, closed_reason="claimed", closed_by_id=senior)
            if rng.random() < 0.85:  # else only the junior logs more (no first action)
                after, author = claimed + timedelta(seconds=min(rng.expovariate(1 / 300), 10 * 3600)), senior
                handoff["first_action_at"] = after  # as logging that step records it
        for k in range(count - before):
            steps.append((sid, author, after + timedelta(minutes=7 * k)))
        handoffs.append(handoff)
    step_rows = [{"account_id": account, "session_id": sid, "author_id": author, "tried": "Tried something",
                  "result": "didnt_work", "fixed_it": False, "created_at": at} for sid, author, at in steps]
    return sessions, handoffs, step_rows


def dataset(escalations, noise):
    """Every row of both accounts, as ``{table: rows}`` in insertion order."""
    rng, now, password = random.Random(7), utcnow(), hash_password(PASSWORD)
    rows = {"accounts": [], "users": [], "troubleshooting_sessions": [], "handoffs": [], "steps": []}
    first_id = 1
    for account, (name, count) in enumerate((("Bench MSP", escalations), ("Noise MSP", noise)), start=1):
        rows["accounts"].append({"id": account, "name": name, "created_at": now})
        people = [{"id": account * 100 + n, "account_id": account, "email": f"{role}{i}@{account}.bench",
                   "name": f"{role.title()} {i}", "role": "owner" if (role, i) == ("senior", 0) else "engineer",
                   "password_hash": password, "active": True, "created_at": now}
                  for n, (role, i) in enumerate((role, i) for role in ("junior", "senior") for i in range(10))]
        rows["users"] += people
        sessions, handoffs, steps = generate(account, [u["id"] for u in people], count, 5, first_id, rng, now)
        rows["troubleshooting_sessions"] += sessions
        rows["handoffs"] += handoffs
        rows["steps"] += steps
        first_id += count
    return rows


def seed(database_url, rows, revision, workdir):
    """The schema at ``revision``, then ``rows`` (only the columns that schema has)."""
    app = create_app(Config(workdir, {"RF_DATABASE_URL": database_url, "RF_SECRET_KEY": SECRET}))
    with app.app_context():
        upgrade(revision=revision)
        tables = MetaData()
        tables.reflect(db.engine)
        with db.engine.begin() as connection:
            for name, table_rows in rows.items():
                table = tables.tables[name]
                for start in range(0, len(table_rows), CHUNK):
                    chunk = [{k: v for k, v in row.items() if k in table.c} for row in table_rows[start:start + CHUNK]]
                    connection.execute(insert(table), chunk)
            if connection.dialect.name == "postgresql":  # the ids were given, so move the sequences on
                for name in rows:
                    connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                            f"(SELECT MAX(id) FROM {name}))"))
        # As a database in use stands: statistics gathered and, on PostgreSQL, the
        # visibility map set (autovacuum's work), so index-only scans are possible.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE" if connection.dialect.name == "postgresql" else "ANALYZE"))
        db.engine.dispose()
    return app


def migration_head(tree):
    return ScriptDirectory(str(tree / "migrations")).get_current_head()


def sql_alone(apps, sources, account_id, repeat=5):
    """Each checkout's stats.sql on its own database, taking turns: min ms per period."""
    timings = {label: {period: [] for period in PERIODS} for label in apps}
    now = utcnow()
    for _ in range(repeat):
        for period in PERIODS:
            start = now - timedelta(days=int(period[:-1]))
            for label, app in apps.items():
                with app.app_context(), db.engine.connect() as connection:
                    t0 = time.perf_counter()
                    connection.execute(prepared(sources[label]), {"account_id": account_id, "start": start,
                                                                  "end": now, "breakdowns": 1}).all()
                    timings[label][period].append((time.perf_counter() - t0) * 1000)
    return {label: {period: round(min(t), 1) for period, t in by.items()} for label, by in timings.items()}


def report_alone(app, account_id, repeat=5):
    """This checkout's whole report in-process (min ms per period)."""
    found = {}
    with app.app_context():
        for period in PERIODS:
            timings = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                with db.engine.connect() as connection:
                    report(connection, account_id, period, utcnow())
                timings.append((time.perf_counter() - t0) * 1000)
            found[period] = round(min(timings), 1)
        db.engine.dispose()
    return found


def start_server(database_url, port, tree=ROOT):
    env = {**os.environ, "RF_DATABASE_URL": database_url, "RF_SECRET_KEY": SECRET, "RF_METRICS_RATE_LIMIT": "100000",
           "RF_DISPATCH_IN_WORKERS": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--no-control-socket", "--access-logfile", "/dev/null", "wsgi:app"],
        cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)  # waiting for gunicorn to boot
    server.kill()
    raise RuntimeError(f"the server of {tree} did not start")


def request(port, method, path, body=None, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.getheader("Set-Cookie"), data


def log_in(port):
    status, cookie, page = request(port, "GET", "/login")
    token = re.search(rb'"X-CSRFToken": "([^"]+)"', page).group(1).decode()
    session_cookie = cookie.split(";", 1)[0]
    body = f"email=senior0%40{1}.bench&password={PASSWORD.replace(' ', '+')}&csrf_token={token}"
    status, cookie, _ = request(port, "POST", "/login", body, session_cookie)
    assert status == 302, status
    return cookie.split(";", 1)[0]


def timed(port, path, cookie, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        status, _, _ = request(port, "GET", path, cookie=cookie)
        assert status == 200, (path, status)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def pages_taking_turns(servers, repeat):
    """Page p50 / max per server and period, the servers asked in turn."""
    times = {label: {period: [] for period in PERIODS} for label in servers}
    for period in PERIODS:
        for port, cookie in servers.values():
            timed(port, f"/metrics?period={period}", cookie, 2)  # warm up
        for _ in range(repeat):
            for label, (port, cookie) in servers.items():
                times[label][period] += timed(port, f"/metrics?period={period}", cookie, 1)
    return {label: {period: {"p50": round(percentile(t, 0.5), 1), "max": round(max(t), 1)}
                    for period, t in by.items()} for label, by in times.items()}


def healthz_while(port, seconds, busy=None):
    """/healthz latencies (ms), one request every 20 ms for ``seconds``, while ``busy`` runs."""
    stop, latencies = threading.Event(), []
    worker = threading.Thread(target=busy, args=(stop,), daemon=True) if busy else None
    if worker:
        worker.start()
        time.sleep(0.2)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.perf_counter()
        request(port, "GET", "/healthz")
        latencies.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.02)  # the probe's pace
    stop.set()
    if worker:
        worker.join()
    return latencies


def run_engine(engine, args, baseline_tree, workdir):
    print(f"\n== {engine} ==")
    rows = dataset(args.escalations, args.noise)
    counts = {account["name"]: {"escalations": sum(h["account_id"] == account["id"] for h in rows["handoffs"]),
                                "steps": sum(s["account_id"] == account["id"] for s in rows["steps"])}
              for account in rows["accounts"]}
    urls = {"baseline": fresh_database(engine, workdir, "_baseline"), "now": fresh_database(engine, workdir)}
    started = time.perf_counter()
    apps = {"baseline": seed(urls["baseline"], rows, migration_head(baseline_tree), workdir),
            "now": seed(urls["now"], rows, "head", workdir)}
    print(f"  seeded both in {time.perf_counter() - started:.0f} s: {counts}")
    sources = {"baseline": (baseline_tree / "rf/metrics/sql/stats.sql").read_text(),
               "now": (ROOT / "rf/metrics/sql/stats.sql").read_text()}
    sql_ms = sql_alone(apps, sources, account_id=1)
    report_ms = report_alone(apps["now"], account_id=1)
    trees = {"baseline": baseline_tree, "now": ROOT}
    servers, processes = {}, []
    try:
        for offset, label in enumerate(trees):
            port = 18600 + 2 * (engine == "postgresql") + offset
            processes.append(start_server(urls[label], port, trees[label]))
            servers[label] = (port, log_in(port))
        page_ms = pages_taking_turns(servers, args.repeat)
        port, cookie = servers["now"]
        csv_times = timed(port, "/metrics.csv?period=30d", cookie, 3)
        pages_done = []

        def keep_computing(stop):
            while not stop.is_set():
                pages_done.extend(timed(port, "/metrics?period=90d", cookie, 1))

        idle = healthz_while(port, args.seconds)
        busy = healthz_while(port, args.seconds, keep_computing)
    finally:
        for process in processes:
            process.terminate()
            process.wait()
    result = {
        "data": counts, "page_ms": page_ms, "stats_sql_ms_min": sql_ms, "report_ms_min": report_ms,
        "csv_30d_ms_p50": round(percentile(csv_times, 0.5), 1),
        "healthz_idle_ms": {"p50": round(percentile(idle, 0.5), 2), "p99": round(percentile(idle, 0.99), 2),
                            "n": len(idle)},
        "healthz_during_90d_pages_ms": {"p50": round(percentile(busy, 0.5), 2), "p99": round(percentile(busy, 0.99), 2),
                                        "n": len(busy), "pages_computed": len(pages_done)},
    }
    print(f"  {'page p50 (ms)':22}" + "".join(f"{p:>10}" for p in PERIODS))
    for label in trees:
        name = f"{label} ({args.baseline})" if label == "baseline" else label
        print(f"  {name:22}" + "".join(f"{page_ms[label][p]['p50']:>10}" for p in PERIODS))
    print(f"  stats.sql alone (min): {sql_ms} · this report in-process (min): {report_ms}")
    print(f"  CSV 30d p50 {result['csv_30d_ms_p50']} ms · /healthz idle: {result['healthz_idle_ms']} · while the "
          f"90-day page is computed: {result['healthz_during_90d_pages_ms']}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--escalations", type=int, default=100_000)
    parser.add_argument("--noise", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--baseline", default="863effb", help="the commit to compare with")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as workdir, worktree(args.baseline, workdir) as baseline_tree:
        for engine in args.engines:
            results[engine] = run_engine(engine, args, baseline_tree, workdir)
    save_results("metrics", args, results)


if __name__ == "__main__":
    main()
