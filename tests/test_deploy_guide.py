"""docs/deploy.md followed to the letter: the test reads the guide's blocks out of the file and
runs them in a throwaway root standing in for /etc, /opt and /var/backups, as a system user of
its own when it runs as root (as CI does): the env file, the first-run commands, gunicorn as
the systemd unit starts it, Debian's nginx with the documented site in front, and the nightly
backup. Through nginx it checks login, a live queue arrival on a parked poll and a parked
poll outlasting its 25 s, a 10 MB paste, and the client's address in the access log.

Every block of the guide is either run here or named in ``NOT_RUN`` with the reason, so a
block added to the guide without a test fails this file."""
import os
import re
import secrets
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from rf.core.extensions import db
from rf.core.models import Account, Step

from .factories import PASSWORD, make_account, make_session, make_user
from .helpers import HX
from .http import HttpClient
from .servers import free_port
from .settings import IN_CI, ROOT
from .test_queue import new_cards_in

GUIDE = ROOT / "docs" / "deploy.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)  # a closing fence is a line of its own
# The blocks this test can't run, by a line they contain, and why.
NOT_RUN = {
    "apt-get install -y git make python3-venv": "installs system packages (CI installs nginx-light itself)",
    "sudo useradd --system": "makes the machine's rf user, PostgreSQL role and database, and clones: the test "
                             "makes a user of its own and uses the test database and this checkout",
    "sudo systemctl enable --now resolutionflow\n": "systemd itself; the test starts the unit's ExecStart",
    "rf.example.com {": "Caddy, not installed here",
    "rf doctor'": "tested by tests/test_doctor.py (its base-URL check would refuse the test's own certificate)",
    "Description=ResolutionFlow notifications": "the dispatch unit of multi-server installs",
    "OnCalendar=": "the timer itself (the test runs the service it starts)",
    "sudo certbot certonly": "needs a public name and port 80: the test makes its own certificate at the same paths",
    "sudo -u rf git pull": "an upgrade: rf init's upgrade is tested by tests/test_migrations.py",
}
SITE_SETTINGS = ("RF_DATABASE_URL", "RF_SECRET_KEY", "RF_BASE_URL", "RF_PORT", "RF_MAIL_SERVER", "RF_MAIL_PORT",
                 "RF_MAIL_USE_TLS", "RF_MAIL_USERNAME", "RF_MAIL_PASSWORD")


def guide_blocks():
    return [(kind, text) for kind, text in BLOCK.findall(GUIDE.read_text())]


def the_block(kind, line):
    """The one block of ``kind`` holding ``line``."""
    found = [text for block_kind, text in guide_blocks() if block_kind == kind and line in text]
    assert len(found) == 1, f"expected one {kind} block with {line!r} in docs/deploy.md, found {len(found)}"
    return found[0]


class Here:
    """The guide's paths, user and commands, as they run in this test's throwaway root."""

    def __init__(self, root, user):
        self.root, self.user = root, user
        self.paths = {"/etc/": f"{root}/etc/", "/var/backups/": f"{root}/var/backups/",
                      "/opt/resolutionflow/app": str(ROOT)}

    def path(self, text):
        for documented, here in self.paths.items():
            text = text.replace(documented, here)
        return text

    def command(self, line):
        """A line of the guide as run here: paths moved; ``sudo -u rf`` as the test's user
        (``runuser``), other ``sudo`` as this process, and the ``rf`` group the user's."""
        line = self.path(line)
        if self.user:
            line = line.replace("sudo -u rf ", f"runuser -u {self.user} -- ").replace(" -g rf ", f" -g {self.user} ")
            line = line.replace(" -o rf ", f" -o {self.user} ")
        else:
            line = re.sub(r"( -[og] \w+)+ ", " ", line.replace("sudo -u rf ", ""))
        return line.replace("sudo ", "")

    def run(self, script, env=None, stdin=None):
        done = subprocess.run(["sh", "-ec", self.command(script)], input=stdin, capture_output=True, text=True,
                              timeout=120, env={**os.environ, **(env or {})}, start_new_session=True)
        assert done.returncode == 0, f"{self.command(script)}\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr


@pytest.fixture
def system_user():
    """A system user and group of its own, as the guide's ``rf``, when the test runs as root."""
    if os.geteuid() != 0:
        yield None
        return
    name = f"rftest{secrets.token_hex(3)}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--user-group", name], check=True)
    yield name
    subprocess.run(["userdel", name], check=False)


def can_run_the_app(user):
    """Whether ``user`` can run this checkout's virtualenv (not when its Python lives in a
    folder only root may enter, as a pyenv under /root)."""
    return user is not None and subprocess.run(
        ["runuser", "-u", user, "--", str(ROOT / ".venv" / "bin" / "python"), "-c", "pass"],
        capture_output=True).returncode == 0


@pytest.fixture
def throwaway_root():
    """A folder every user can reach (pytest's own are its owner's only), standing in for /."""
    root = Path(tempfile.mkdtemp(prefix="rf-deploy-"))
    root.chmod(0o755)
    (root / "etc").mkdir()
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def nginx():
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        if IN_CI:
            pytest.fail("nginx is not installed (.ci/run installs nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    return binary


def env_file(database_url, app_port, proxy_url, smtp_port):
    """The guide's env file with the settings that name a site (database, secret, address,
    mail server) set to this test's; every other line as the guide has it."""
    written = dict(line.split("=", 1) for line in the_block("sh", "RF_DATABASE_URL=").strip().splitlines())
    assert set(SITE_SETTINGS) <= set(written)
    written.update(RF_DATABASE_URL=database_url, RF_SECRET_KEY=secrets.token_urlsafe(48), RF_BASE_URL=proxy_url,
                   RF_PORT=str(app_port), RF_MAIL_SERVER="127.0.0.1", RF_MAIL_PORT=str(smtp_port),
                   RF_MAIL_USE_TLS="false", RF_MAIL_USERNAME="", RF_MAIL_PASSWORD="")
    return "".join(f"{name}={value}\n" for name, value in written.items())


def as_systemd_reads(env_text):
    """The environment systemd's EnvironmentFile= makes of the file (its quotes removed)."""
    pairs = (line.split("=", 1) for line in env_text.splitlines() if "=" in line)
    return {name: value[1:-1] if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"" else value
            for name, value in pairs}


def unit_settings(text):
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))


def tls_files(folder):
    folder.mkdir(parents=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=rf.example.com", "-keyout", str(folder / "privkey.pem"),
                    "-out", str(folder / "fullchain.pem")], check=True, capture_output=True)


def start_nginx(binary, here, app_port, https_port, http_port):
    """The guide's site, as written but for its ports and certificate paths, in a minimal
    nginx.conf of the test's: checked with ``nginx -t``, then served."""
    site = the_block("nginx", "proxy_pass")
    enable = the_block("sh", "sudo ln -s /etc/nginx/sites-available/resolutionflow")
    site = (site.replace("listen 443", f"listen 127.0.0.1:{https_port}")
            .replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("127.0.0.1:8000", f"127.0.0.1:{app_port}")
            .replace("/etc/letsencrypt/live/rf.example.com/", f"{here.root}/tls/"))
    available, enabled = here.root / "etc" / "nginx" / "sites-available", here.root / "etc" / "nginx" / "sites-enabled"
    available.mkdir(parents=True)
    enabled.mkdir()
    (available / "resolutionflow").write_text(site)
    here.run(enable.splitlines()[0])  # then nginx -t (below, on the test's nginx.conf) and systemctl
    assert (enabled / "resolutionflow").is_symlink()
    tls_files(here.root / "tls")
    conf = here.root / "nginx.conf"
    temp = "".join(f"{name}_temp_path {here.root}/nginx-{name};\n"
                   for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf.write_text(f"{'user root;' if os.geteuid() == 0 else ''}\npid {here.root}/nginx.pid;\n"
                    f"error_log {here.root}/nginx-error.log;\nevents {{}}\n"
                    f"http {{\naccess_log {here.root}/nginx-access.log;\n{temp}include {enabled}/resolutionflow;\n}}\n")
    checked = subprocess.run([binary, "-t", "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0 and "test is successful" in checked.stderr, checked.stderr
    return subprocess.Popen([binary, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE), enable


def until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)  # waiting for a server to start, not for a race
    pytest.fail(f"{what} within {seconds} s")


def answered(url):
    try:
        return HttpClient(url, tls=unverified()).get("/healthz", timeout=2).status == 200
    except OSError:
        return False


def unverified():
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def test_the_deploy_guide_to_the_letter(app, database_url, smtp_server, mailbox, system_user, nginx,
                                        throwaway_root, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("the guide deploys on PostgreSQL (SQLite's own path is `make run`)")
    root = throwaway_root
    here = Here(root, system_user)
    ran = []
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    proxy_url = f"https://127.0.0.1:{https_port}"

    # The env file: made readable by root and the rf group only, then written.
    create = the_block("sh", "install -m 0640 -o root -g rf /dev/null /etc/resolutionflow.env")
    here.run(create.splitlines()[0])  # then the editor: the test writes the env block that follows
    ran.append(create)
    env_path = root / "etc" / "resolutionflow.env"
    env_path.write_text(env_file(database_url, app_port, proxy_url, smtp_server.port))
    ran.append(the_block("sh", "RF_DATABASE_URL="))
    assert oct(env_path.stat().st_mode & 0o777) == "0o640"
    if system_user:  # the service's user reads it, as the guide's commands and unit do
        here.run("sudo -u rf sh -c 'set -a; . /etc/resolutionflow.env; test -n \"$RF_SECRET_KEY\"'")
    if not can_run_the_app(system_user):
        here = Here(root, None)  # the app's commands run as this process's user

    # Schema, first account, its owner (the password typed at the prompt) and a test email.
    first_run = the_block("sh", "rf create-account")
    output = here.run(first_run, stdin=f"{PASSWORD}\n{PASSWORD}\n")
    ran.append(first_run)
    assert "Database ready" in output and "Created owner you@acme.example" in output
    assert any("ResolutionFlow" in (message["Subject"] or "") for message in mailbox.messages), output

    # gunicorn as the unit starts it: its user, working directory, environment file, command.
    unit = unit_settings(the_block("ini", "ExecStart=/opt/resolutionflow/app/.venv/bin/gunicorn"))
    ran.append(the_block("ini", "ExecStart=/opt/resolutionflow/app/.venv/bin/gunicorn"))
    assert unit["User"] == "rf" and unit["EnvironmentFile"] == "/etc/resolutionflow.env"
    command = here.path(unit["ExecStart"]).split()
    if here.user:
        command = ["runuser", "-u", here.user, "--", *command]
    service_env = {**{k: v for k, v in os.environ.items() if not k.startswith("RF_")},
                   **as_systemd_reads(env_path.read_text())}
    log = open(tmp_path / "service.log", "w+")
    service = subprocess.Popen(command, cwd=here.path(unit["WorkingDirectory"]), env=service_env, stdout=log,
                               stderr=subprocess.STDOUT)
    proxy = None
    try:
        ran.append(the_block("nginx", "proxy_pass"))
        proxy, enable = start_nginx(nginx, here, app_port, https_port, http_port)
        ran.append(enable)
        until(lambda: answered(proxy_url), 30, "the app answering through nginx")
        check_through_the_proxy(proxy_url, log)
    finally:
        if proxy:
            proxy.terminate()
            proxy.wait(10)
        service.terminate()
        service.wait(40)
        log.close()

    # The nightly backup, as its service runs it (systemd's %% is a %).
    backup_unit = the_block("ini", "rf backup")
    ran.append(backup_unit)
    folder = the_block("sh", "install -d -m 0750 -o rf -g rf /var/backups/rf")
    here.run(folder.splitlines()[0])  # the rest of the block is systemctl: systemd itself
    ran.append(folder)
    backup = unit_settings(backup_unit)
    here.run(f"cd {backup['WorkingDirectory']} && set -a && . {backup['EnvironmentFile']} && set +a && "
             f"sudo -u rf {backup['ExecStart'].replace('%%', '%')}")
    backups = list((root / "var" / "backups" / "rf").glob("rf-*.backup"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0
    assert oct(backups[0].stat().st_mode & 0o777) == "0o600" and backup["UMask"] == "0077"

    # The restore, with its systemctl lines left to systemd: the backup just made, over the
    # database, with nothing else connected to it (as the guide says: the app stopped).
    db.session.remove()
    db.engine.dispose()
    restore = the_block("sh", "rf restore --force")
    ran.append(restore)
    example = re.search(r"/var/backups/rf/\S+\.backup", restore).group(0)
    lines = [line for line in restore.splitlines() if "systemctl" not in line]
    output = here.run("\n".join(lines).replace(example, f"/var/backups/rf/{backups[0].name}"))
    assert "Restored" in output and "The schema is up to date" in output

    not_run = [text for kind, text in guide_blocks() if text not in ran]
    unexplained = [text for text in not_run if not any(line in text for line in NOT_RUN)]
    assert not unexplained, f"blocks of docs/deploy.md no test runs: {unexplained}"
    gone = [line for line in NOT_RUN if not any(line in text for text in not_run)]
    assert not gone, f"NOT_RUN names blocks that are gone or now run: {gone}"


def check_through_the_proxy(proxy_url, log):
    tls = unverified()
    owner = HttpClient(proxy_url, tls=tls, source="127.0.0.2")  # a client that isn't the proxy
    logged_in = owner.log_in("you@acme.example", PASSWORD)
    assert logged_in.status == 200, logged_in.text[-1500:]
    assert "You" in owner.get("/").text

    account = db.session.scalar(select(Account).where(Account.name == "Acme IT"))
    engineer = make_user(account, role="engineer", email="eng@acme.example")
    session = make_session(account, engineer, steps=0)
    elsewhere = make_account("Elsewhere IT")
    quiet = HttpClient(proxy_url, tls=tls)
    assert quiet.log_in(make_user(elsewhere, role="owner", email="o@elsewhere.example").email, PASSWORD).status == 200
    junior = HttpClient(proxy_url, tls=tls)
    assert junior.log_in(engineer.email, PASSWORD).status == 200

    # Two parked polls: one wakes on the escalation; one, in an account where nothing happens,
    # outlasts its 25 s and still gets its answer (the proxy's read timeout is longer).
    answers = {}

    def park(name, client):
        started = time.monotonic()
        response = client.get("/queue/poll?after=0&wait=1", headers=HX, timeout=60)
        answers[name] = (response, time.monotonic() - started, time.monotonic())

    assert owner.get("/queue/poll?after=0&wait=0", headers=HX).status == 200  # ready, cursor current
    threads = [threading.Thread(target=park, args=(name, client)) for name, client in (("woken", owner),
                                                                                       ("quiet", quiet))]
    for thread in threads:
        thread.start()
    token = junior.csrf_token(f"/sessions/{session.id}")
    output = "".join(f"line {n}: event 4015 on BR-DC01\n" for n in range(350_000))[:10_000_000]
    pasted = junior.post(f"/sessions/{session.id}/steps", {"tried": "Read the DNS log", "output": output,
                                                             "result": "info", "csrf_token": token}, timeout=60)
    assert pasted.status == 200 and "Step 1 logged" in pasted.text  # 10 MB through nginx
    assert db.session.scalar(select(Step.tried).where(Step.session_id == session.id)) == "Read the DNS log"
    escalated = junior.post(f"/sessions/{session.id}/escalate", {"reason": "stuck", "priority": "high",
                                                                 "csrf_token": token})
    escalated_at = time.monotonic()
    assert escalated.status == 200
    for thread in threads:
        thread.join(60)
    woken, _, woken_at = answers["woken"]
    assert woken.status == 200 and len(new_cards_in(woken.text)) == 1
    assert woken_at - escalated_at < 2, f"the parked poll got the escalation {woken_at - escalated_at:.1f} s later"
    quiet_answer, quiet_waited, _ = answers["quiet"]
    assert quiet_answer.status == 200 and quiet_waited >= 24, (quiet_answer.status, quiet_waited)

    log.flush()
    log.seek(0)
    # The client's address, as nginx reports it (gunicorn believes the proxy on 127.0.0.1).
    assert re.search(r'^127\.0\.0\.2 .*"POST /login HTTP/1\.[01]" 302', log.read(), re.M)
