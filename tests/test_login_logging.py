"""A failed login is one log line, not a traceback (under gevent the password check runs in
the hub's thread pool, which prints any exception that escapes it)."""
import subprocess
import sys
import textwrap

from .settings import ROOT

SCRIPT = textwrap.dedent("""
    from gevent import monkey; monkey.patch_all()
    import gevent; gevent.get_hub()  # a worker's event loop: the password checks go to its thread pool
    import logging, sys
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from rf import create_app
    from rf.auth.passwords import hash_password, verify_password
    from rf.core.config import TestConfig

    print("right", verify_password(hash_password("correct horse battery"), "correct horse battery"))
    print("wrong", verify_password(hash_password("correct horse battery"), "wrong guess here"))
    print("unknown", verify_password(None, "wrong guess here"))
    app = create_app(TestConfig(sys.argv[2], database_url=sys.argv[1]))
    client = app.test_client()
    print("status", client.post("/login", data={"email": "who@acme.test", "password": "wrong guess here"}).status_code)
""")


def test_a_failed_login_logs_one_line_and_no_traceback(app, database_url, tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, database_url, str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["right", "True", "wrong", "False", "unknown", "False", "status", "401"], \
        done.stdout + done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "VerifyMismatchError" not in done.stderr, done.stderr[-2000:]
    failures = [line for line in done.stderr.splitlines() if "login failed" in line]
    assert len(failures) == 1 and "'who@acme.test'" in failures[0] and "wrong guess" not in done.stderr
