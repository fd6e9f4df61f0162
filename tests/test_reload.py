"""An upgrade with ``systemctl reload`` (SIGHUP to gunicorn's master) serves the new code: the
master never imports the app, so the workers it forks after the reload load what is on disk
(it once imported ``rf``, ``rf.core.config`` and ``rf.core.mailer`` to check the settings, and
workers forked from it kept those modules as they were at its start)."""
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

from .servers import ROOT, free_port

SKIPPED = shutil.ignore_patterns(".git", ".venv", "instance", "__pycache__", "node_modules", "*.sqlite3")


def healthz(url):
    with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
        return response.read().decode()


def answer_within(url, seconds, wanted):
    """The /healthz body once it contains ``wanted`` (polled while the workers restart), else the last one."""
    deadline, body = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            body = healthz(url)
            if wanted in body:
                return body
        except OSError:
            pass  # between the old workers and the new ones
        time.sleep(0.2)  # waiting for the restarted workers, not for a race
    return body


def test_a_reload_serves_the_code_now_on_disk(tmp_path):
    app = tmp_path / "app"
    shutil.copytree(ROOT, app, ignore=SKIPPED)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "RF_DATABASE_URL": f"sqlite:///{tmp_path}/rf.sqlite3", "RF_SECRET_KEY": "x" * 32,
           "RF_BASE_URL": url, "RF_DISPATCH_IN_WORKERS": "false", "FLASK_APP": "wsgi"}
    subprocess.run([sys.executable, "-m", "flask", "rf", "init"], cwd=app, env=env, check=True, capture_output=True)
    log = open(tmp_path / "gunicorn.log", "w+")
    master = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind",
                               f"127.0.0.1:{port}", "--workers", "1", "wsgi:app"],
                              cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        assert '"app":"ok"' in answer_within(url, 30, '"app":"ok"')
        # An upgrade that changes the settings module and a view that uses it.
        (app / "rf" / "core" / "config.py").open("a").write('\nRELEASE = "new"\n')
        routes = app / "rf" / "home" / "routes.py"
        routes.write_text(routes.read_text().replace(
            'jsonify(app="ok"', 'jsonify(release=__import__("rf.core.config").core.config.RELEASE, app="ok"'))
        master.send_signal(signal.SIGHUP)
        body = answer_within(url, 30, '"release":"new"')
        log.seek(0)
        assert '"release":"new"' in body, log.read()[-3000:]
    finally:
        master.terminate()
        master.wait(timeout=40)
        log.close()
