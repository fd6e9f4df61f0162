"""The metrics under gevent on SQLite run in native threads (so a worker's long-polls keep
flowing); ten reports asked for at once on a cold worker all come back."""
import subprocess
import sys
import textwrap

import pytest

from .settings import ROOT

SCRIPT = textwrap.dedent("""
    from gevent import monkey; monkey.patch_all()
    import sys, gevent
    from rf import create_app
    from rf.core.config import TestConfig
    from rf.metrics.queries import computed_apart
    from rf.metrics.report import report
    from rf.core.models import utcnow

    app = create_app(TestConfig(sys.argv[2], database_url=sys.argv[1]))

    def one():
        with app.app_context():
            return computed_apart(report, 1, "30d", utcnow())["overall"].claim.n

    reports = [gevent.spawn(one) for _ in range(10)]
    gevent.joinall(reports, timeout=20)
    print(sum(r.value is not None for r in reports), "of", len(reports))
""")


def test_simultaneous_reports_on_a_cold_gevent_worker_all_finish(database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("the thread offload is for SQLite; psycopg2 yields to gevent by itself")
    done = subprocess.run([sys.executable, "-c", SCRIPT, database_url, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().endswith("10 of 10"), done.stdout + done.stderr[-2000:]
