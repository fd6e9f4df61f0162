"""`rf doctor`: a pass line per check on a healthy configuration (a real gunicorn server at the
base URL, a real SMTP server), and a fail line saying what is wrong on a broken one, exit 1."""
import time

from sqlalchemy import select, update

from rf.core.extensions import db
from rf.core.models import AppServer, ChatWebhook, utcnow
from rf.core.servers import fingerprints

from .helpers import client_for
from .servers import free_port

CHECKS = ("database", "secret key", "servers agree", "mail server", "base URL", "webhooks", "clock", "test hooks")


def doctor(app):
    result = app.test_cli_runner().invoke(args=["rf", "doctor"])
    lines = {line[6:20].strip(): line for line in result.output.splitlines() if line[:4] in ("PASS", "FAIL")}
    return result, lines


def test_a_healthy_configuration_passes_every_check(app, live_server, acme):
    app.config.update(RF_BASE_URL=live_server.url)
    result, lines = doctor(app)
    assert result.exit_code == 0, result.output
    assert set(lines) == set(CHECKS) and all(line.startswith("PASS") for line in lines.values()), result.output
    assert f"{live_server.url}/healthz answers" in lines["base URL"]
    assert "answers" in lines["mail server"] and "up to date" in lines["database"]
    assert "8 passed, 0 failed." in result.output


def test_a_broken_configuration_says_what_is_wrong(app, acme):
    account = acme[0]
    app.config.update(RF_BASE_URL=f"http://127.0.0.1:{free_port()}", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(),
                      RF_WEBHOOK_ALLOWED_HOSTS="", RF_TEST_HOOKS=True)
    db.session.add(ChatWebhook(account_id=account.id, url="http://10.20.30.40/hook", format="generic",
                               secret="s" * 32))
    other = fingerprints({**app.config, "MAIL_SERVER": "smtp.elsewhere.example"})
    db.session.add_all([AppServer(name="rf-1", fingerprints=fingerprints(app.config), sends=True, seen_at=utcnow()),
                        AppServer(name="rf-2", fingerprints=other, sends=True, seen_at=utcnow())])
    db.session.commit()
    result, lines = doctor(app)
    assert result.exit_code == 1
    for name in ("mail server", "base URL", "webhooks", "servers agree", "test hooks"):
        assert lines[name].startswith("FAIL"), result.output
    for name in ("database", "secret key", "clock"):
        assert lines[name].startswith("PASS"), result.output
    assert "Connection refused" in lines["mail server"] and "didn't answer" in lines["base URL"]
    assert "10.20.30.40" in lines["webhooks"] and "RF_WEBHOOK_ALLOWED_HOSTS" in lines["webhooks"]
    assert "sending differs: rf-1 vs rf-2" in lines["servers agree"]
    assert "RF_TEST_HOOKS is on" in lines["test hooks"]
    assert "3 passed, 5 failed." in result.output


def test_servers_that_disagree_are_shown_to_admins_on_the_notifications_page(app, acme):
    account, users = acme
    db.session.add_all([
        AppServer(name="rf-1", fingerprints=fingerprints(app.config), sends=True, seen_at=utcnow()),
        AppServer(name="rf-2", fingerprints=fingerprints({**app.config, "RF_WEBHOOK_ALLOWED_HOSTS": "10.0.0.0/8"}),
                  sends=True, seen_at=utcnow()),
        AppServer(name="rf-3", fingerprints=fingerprints({**app.config, "MAIL_SERVER": "x"}), sends=False,
                  seen_at=utcnow())])  # doesn't send: its mail settings don't matter
    db.session.commit()
    page = client_for(app, users["admin"]).get("/settings/notifications").get_data(as_text=True)
    assert "Your app servers don't agree on their settings" in page and "Sending: rf-1 vs rf-2" in page
    assert "rf-3" not in page
    engineer_page = client_for(app, users["engineer"]).get("/settings/notifications").get_data(as_text=True)
    assert "don't agree" not in engineer_page


def test_each_server_records_its_fingerprints_when_its_workers_start(app, database_url, start_server):
    start_server(database_url, extra_env={"RF_SERVER_NAME": "rf-test-a", "RF_DISPATCH_IN_WORKERS": "true"})
    start_server(database_url, extra_env={"RF_SERVER_NAME": "rf-test-b", "RF_MAIL_SERVER": "smtp.other.example"})
    servers = {server.name: server for server in db.session.scalars(select(AppServer))}
    assert {"rf-test-a", "rf-test-b"} <= set(servers)
    assert servers["rf-test-a"].sends and not servers["rf-test-b"].sends  # the test servers don't dispatch
    assert servers["rf-test-a"].fingerprints["sending"] != servers["rf-test-b"].fingerprints["sending"]
    assert servers["rf-test-a"].fingerprints["secret key"] == servers["rf-test-b"].fingerprints["secret key"]
    assert "test-secret-key" not in str(servers["rf-test-a"].fingerprints)  # hashes, never the values


def test_a_running_server_keeps_saying_so_and_a_gone_one_is_not_compared(app, database_url, start_server):
    from datetime import timedelta

    from rf.core.servers import disagreements

    start_server(database_url, extra_env={"RF_SERVER_NAME": "rf-beat", "RF_SERVER_HEARTBEAT_SECONDS": "1"})
    db.session.execute(update(AppServer).where(AppServer.name == "rf-beat")
                       .values(seen_at=utcnow() - timedelta(days=3)))
    db.session.commit()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        db.session.commit()  # a new transaction: see what the server wrote
        seen = db.session.scalar(select(AppServer.seen_at).where(AppServer.name == "rf-beat"))
        if seen > utcnow() - timedelta(minutes=1):
            break
        time.sleep(0.2)  # waiting for the server's next heartbeat, not for a race
    assert seen > utcnow() - timedelta(minutes=1), "the running server never said so again"

    db.session.add(AppServer(name="rf-gone", fingerprints={"secret key": "x", "base URL": "y", "sending": "z"},
                             sends=True, seen_at=utcnow() - timedelta(days=3)))
    db.session.commit()
    assert not any("rf-gone" in str(groups) for _, groups in disagreements())
