"""When each queue event committed, seen from outside the server: prints "<seq> <time>"
(``time.perf_counter()``, the same clock in every process here) as the number appears.

PostgreSQL: LISTENs to the NOTIFY the commit sends. SQLite: reads ``PRAGMA data_version``
every millisecond, and the queue number when it changed. ``bench/longpoll.py`` runs it
beside the server, so its latencies can start at the commit, as the floor's start at the
release.

    python bench/commit_clock.py DATABASE_URL
"""
import select
import sqlite3
import sys
import time

from sqlalchemy.engine import make_url

CHANNEL = "rf_queue"  # rf.core.login_stamps.NOTIFY_CHANNEL


def watch_postgresql(url):
    import psycopg2

    conn = psycopg2.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
    conn.autocommit = True
    conn.cursor().execute(f"LISTEN {CHANNEL}")
    print("ready", flush=True)
    while True:
        if select.select([conn], [], [], 5) == ([], [], []):
            continue
        conn.poll()
        while conn.notifies:
            seq = conn.notifies.pop(0).payload.split(":")[1]
            print(seq, time.perf_counter(), flush=True)


def watch_sqlite(url):
    conn = sqlite3.connect(make_url(url).database)
    seen_version, seen_seq = None, None
    print("ready", flush=True)
    while True:
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version != seen_version:
            seen_version = version
            seq = conn.execute("SELECT MAX(queue_seq) FROM accounts").fetchone()[0]
            if seq != seen_seq:
                seen_seq = seq
                print(seq, time.perf_counter(), flush=True)
        time.sleep(0.001)


if __name__ == "__main__":
    (watch_postgresql if sys.argv[1].startswith("postgresql") else watch_sqlite)(sys.argv[1])
