"""The metrics page at scale, on SQLite and PostgreSQL.

Generates 100,000 escalations with 500,000 steps over a year in one account (plus another
account of noise: 20,000 escalations, 100,000 steps), then serves the app with gunicorn +
gevent (one worker, so everything shares one event loop) and measures:

- the page's time (request to last byte over loopback) for 7, 30 and 90 days, and the CSV;
- the SQL alone (the report computed in-process on one connection);
- /healthz latency p50 / p99 while nothing else happens, and while the 90-day page is being
  computed over and over in the same worker (the long-polls' fate: they share that loop).

    .venv/bin/python bench/metrics.py                         # both engines, 100,000 escalations
    .venv/bin/python bench/metrics.py --engines sqlite --escalations 20000

PostgreSQL: RF_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/rf_bench,
recreated). Results print and go to bench/results/metrics.json.
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

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from bench.common import fresh_database, percentile, save_results  # noqa: E402
from rf import create_app  # noqa: E402
from rf.auth.passwords import hash_password  # noqa: E402
from rf.core.config import Config  # noqa: E402
from rf.core.extensions import db  # noqa: E402
from rf.core.models import DOMAINS, Account, Handoff, Step, User, utcnow  # noqa: E402
from rf.core.models import TroubleshootingSession as TS  # noqa: E402
from rf.metrics.report import report  # noqa: E402

PASSWORD = "bench password 2026"
SECRET = "bench-secret-key-0123456789"
CHUNK = 5000


def generate(account, users, escalations, steps_per, first_id, rng, now):
    """Rows for ``escalations`` escalations of ``account`` over the last year: ~94% claimed,
    ~85% of those with a first action; ``steps_per`` steps each on average."""
    juniors, seniors = users[: len(users) // 2], users[len(users) // 2:]
    sessions, handoffs, steps = [], [], []
    for n in range(escalations):
        sid = first_id + n
        junior, senior = rng.choice(juniors), rng.choice(seniors)
        escalated = now - timedelta(seconds=rng.uniform(60, 365 * 86400))
        sessions.append({"id": sid, "account_id": account, "ticket_number": str(sid), "client_name": "Client",
                         "summary": f"Problem {sid}", "domain": rng.choice(list(DOMAINS)), "owner_id": senior,
                         "status": "active", "created_at": escalated - timedelta(minutes=30), "updated_at": escalated})
        handoff = {"id": sid, "account_id": account, "session_id": sid, "intent": "escalate", "note": "Stuck",
                   "priority": rng.choice(["low", "normal", "high", "urgent"]), "created_by_id": junior,
                   "session_owner_id": junior, "created_at": escalated, "closed_at": None, "closed_reason": None,
                   "closed_by_id": None, "first_action_at": None}
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


def insert_all(table, rows):
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start:start + CHUNK])
    db.session.commit()


def seed(database_url, escalations, noise, workdir):
    app = create_app(Config(workdir, {"RF_DATABASE_URL": database_url, "RF_SECRET_KEY": SECRET}))
    rng, now = random.Random(7), utcnow()
    with app.app_context():
        upgrade()
        password = hash_password(PASSWORD)
        started = time.perf_counter()
        counts = {}
        first_id = 1
        for name, count, steps_per in (("Bench MSP", escalations, 5), ("Noise MSP", noise, 5)):
            account = Account(name=name)
            db.session.add(account)
            db.session.flush()
            people = [User(account_id=account.id, email=f"{role}{i}@{account.id}.bench", name=f"{role.title()} {i}",
                           role="owner" if (role, i) == ("senior", 0) else "engineer", password_hash=password)
                      for role in ("junior", "senior") for i in range(10)]
            db.session.add_all(people)
            db.session.commit()
            sessions, handoffs, steps = generate(account.id, [u.id for u in people], count, steps_per, first_id,
                                                 rng, now)
            first_id += count
            insert_all(TS.__table__, sessions)
            insert_all(Handoff.__table__, handoffs)
            insert_all(Step.__table__, steps)
            counts[name] = {"escalations": len(handoffs), "steps": len(steps),
                            "claimed": sum(1 for h in handoffs if h["closed_reason"])}
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"  seeded in {time.perf_counter() - started:.0f} s: {counts}")
        owner_account = db.session.scalar(db.select(Account.id).where(Account.name == "Bench MSP"))
        sql_ms = {}
        for period in ("7d", "30d", "90d"):
            timings = []
            for _ in range(5):
                t0 = time.perf_counter()
                with db.engine.connect() as connection:
                    report(connection, owner_account, period, utcnow())
                timings.append((time.perf_counter() - t0) * 1000)
            sql_ms[period] = round(min(timings), 1)
        db.engine.dispose()
    return counts, sql_ms


def start_server(database_url, port):
    env = {**os.environ, "RF_DATABASE_URL": database_url, "RF_SECRET_KEY": SECRET, "RF_METRICS_RATE_LIMIT": "100000",
           "RF_DISPATCH_IN_WORKERS": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--no-control-socket", "--access-logfile", "/dev/null", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)  # waiting for gunicorn to boot
    raise RuntimeError("server did not start")


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


def run_engine(engine, args, workdir):
    print(f"\n== {engine} ==")
    url = fresh_database(engine, workdir)
    counts, sql_ms = seed(url, args.escalations, args.noise, workdir)
    port = 18600 + (engine == "postgresql")
    server = start_server(url, port)
    try:
        cookie = log_in(port)
        page_ms = {}
        for period in ("7d", "30d", "90d"):
            timed(port, f"/metrics?period={period}", cookie, 2)  # warm up
            times = timed(port, f"/metrics?period={period}", cookie, args.repeat)
            page_ms[period] = {"p50": round(percentile(times, 0.5), 1), "max": round(max(times), 1)}
        csv_times = timed(port, "/metrics.csv?period=30d", cookie, 3)
        pages_done = []

        def keep_computing(stop):
            while not stop.is_set():
                pages_done.extend(timed(port, "/metrics?period=90d", cookie, 1))

        idle = healthz_while(port, args.seconds)
        busy = healthz_while(port, args.seconds, keep_computing)
    finally:
        server.terminate()
        server.wait()
    result = {
        "data": counts, "sql_ms_min": sql_ms, "page_ms": page_ms,
        "csv_30d_ms_p50": round(percentile(csv_times, 0.5), 1),
        "healthz_idle_ms": {"p50": round(percentile(idle, 0.5), 2), "p99": round(percentile(idle, 0.99), 2),
                            "n": len(idle)},
        "healthz_during_90d_pages_ms": {"p50": round(percentile(busy, 0.5), 2), "p99": round(percentile(busy, 0.99), 2),
                                        "n": len(busy), "pages_computed": len(pages_done)},
    }
    print(f"  SQL only (min of 5): {sql_ms} ms")
    print(f"  page: {page_ms} ms · CSV 30d p50 {result['csv_30d_ms_p50']} ms")
    print(f"  /healthz idle: {result['healthz_idle_ms']} · while the 90-day page is computed: "
          f"{result['healthz_during_90d_pages_ms']}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--escalations", type=int, default=100_000)
    parser.add_argument("--noise", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for engine in args.engines:
            results[engine] = run_engine(engine, args, workdir)
    save_results("metrics", args, results)


if __name__ == "__main__":
    main()
