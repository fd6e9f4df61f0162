"""Notifications: the outbox is written with the escalation; the dispatcher sends each
delivery once to a real SMTP server on loopback, retries, gives up with the error, and
shares the work safely between dispatchers."""
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from rf.core.extensions import db
from rf.core.models import Delivery, Handoff, User, utcnow
from rf.notify.dispatch import deliver, dispatch_once, take_due

from .factories import PASSWORD, make_escalation, make_session, make_user
from .helpers import client_for
from .http import HttpClient
from .servers import free_port, point_mail_at


def deliveries(handoff=None):
    query = select(Delivery).order_by(Delivery.id)
    if handoff is not None:
        query = query.where(Delivery.handoff_id == handoff.id)
    db.session.expire_all()
    return db.session.scalars(query).all()


def test_the_escalation_queues_one_email_per_senior_except_the_escalator(app, acme, mailbox):
    account, users = acme
    make_user(account, "engineer", email="gone@acme.test", active=False)
    session = make_session(account, users["engineer"])
    handoff = make_escalation(session, users["engineer"])
    rows = deliveries(handoff)
    assert sorted(row.address for row in rows) == ["admin@acme.test", "owner@acme.test"]
    assert {row.status for row in rows} == {"queued"} and {row.channel for row in rows} == {"email"}
    # Parking notifies no one.
    parked = make_session(account, users["engineer"])
    client_for(app, users["engineer"]).post(f"/sessions/{parked.id}/park", data={"note": "Waiting on logs"})
    assert len(deliveries()) == 2


def test_dispatch_sends_text_and_html_with_a_link_and_marks_sent(app, acme, mailbox):
    account, users = acme
    session = make_session(account, users["engineer"], summary="Phones drop calls after 30 seconds")
    handoff = make_escalation(session, users["engineer"], priority="urgent", reason="SIP ALG? No idea")
    assert dispatch_once() == 2
    assert sorted(m["To"] for m in mailbox.messages) == ["admin@acme.test", "owner@acme.test"]
    message = mailbox.messages[0]
    assert message["Subject"] == "New escalation: Phones drop calls after 30 seconds"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "SIP ALG? No idea" in part and "Urgent" in part and "Harbor Dental" in part
        assert f"{app.config['RF_BASE_URL']}/handoffs/{handoff.id}/context" in part and "Engineer Acme" in part
    assert message["Message-ID"].startswith(f"<rf-escalation-{handoff.id}-")
    assert {row.status for row in deliveries(handoff)} == {"sent"} and all(r.sent_at for r in deliveries(handoff))
    assert dispatch_once() == 0 and len(mailbox.messages) == 2  # nothing sent twice


def test_a_summary_typed_on_several_lines_reaches_the_subject_on_one(app, acme, mailbox):
    """The summary is a textarea; a line break in a mail header would fail every attempt."""
    account, users = acme
    session = make_session(account, users["engineer"], summary="Phones drop calls\r\nafter 30 s\n\nsince Monday")
    make_escalation(session, users["engineer"])
    assert dispatch_once() == 2
    assert {m["Subject"] for m in mailbox.messages} == {"New escalation: Phones drop calls after 30 s since Monday"}


def test_smtp_down_retries_with_backoff_then_succeeds(app, acme, smtp_server, mailbox):
    account, users = acme
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    point_mail_at(app, free_port())  # nothing listens there
    assert dispatch_once() == 2
    rows = deliveries(handoff)
    assert {row.status for row in rows} == {"queued"} and all(row.attempts == 1 for row in rows)
    assert all(row.last_error.endswith(": Connection refused") for row in rows)
    assert all(row.next_attempt_at > utcnow() + timedelta(seconds=10) for row in rows)
    assert dispatch_once() == 0  # not due yet
    db.session.execute(update(Delivery).values(next_attempt_at=utcnow()))  # time passes
    db.session.commit()
    point_mail_at(app, smtp_server.port)  # the server is back
    assert dispatch_once() == 2
    assert {row.status for row in deliveries(handoff)} == {"sent"} and len(mailbox.messages) == 2
    assert db.session.get(Handoff, handoff.id).is_open


def test_after_the_last_attempt_a_delivery_fails_with_the_error(app, acme, mailbox):
    account, users = acme
    app.config["RF_NOTIFY_MAX_ATTEMPTS"] = 2
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    point_mail_at(app, free_port())
    for _ in range(2):
        dispatch_once()
        db.session.execute(update(Delivery).values(next_attempt_at=utcnow()))
        db.session.commit()
    rows = deliveries(handoff)
    assert {row.status for row in rows} == {"failed"} and all(row.attempts == 2 for row in rows)
    assert all("refused" in row.last_error.lower() for row in rows)
    assert dispatch_once() == 0


def test_a_recipient_without_a_valid_address_is_suppressed_with_why(app, acme, mailbox):
    account, users = acme
    odd = make_user(account, "admin", email="not-an-address")
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    row = next(r for r in deliveries() if r.recipient_id == odd.id)
    assert (row.status, row.reason) == ("suppressed", "no valid email address")
    dispatch_once()
    assert "not-an-address" not in [m["To"] for m in mailbox.messages]


def test_a_delivery_whose_dispatcher_died_mid_send_is_sent_again_with_the_same_message_id(app, acme, mailbox):
    account, users = acme
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    # A dispatcher took both rows, sent one, and died before recording it.
    db.session.execute(update(Delivery).values(status="sending", attempts=1,
                                               lease_until=utcnow() + timedelta(minutes=2)))
    db.session.commit()
    assert dispatch_once() == 0  # still leased: its dispatcher may be alive
    db.session.execute(update(Delivery).values(lease_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert dispatch_once() == 2
    assert {row.status for row in deliveries(handoff)} == {"sent"}
    ids = {m["Message-ID"] for m in mailbox.messages}
    assert ids == {f"<rf-escalation-{handoff.id}-{row.recipient_id}@127.0.0.1>" for row in deliveries(handoff)}


def test_a_dispatcher_that_lost_its_lease_sends_nothing_and_overwrites_nothing(app, acme, mailbox):
    account, users = acme
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    lease = take_due(utcnow(), "email")
    assert len(lease.ids) == 2
    # It stalled past its lease; another dispatcher took the rows over (and will send them).
    taken_over = lease.until + timedelta(minutes=5)
    db.session.execute(update(Delivery).values(lease_until=taken_over))
    db.session.commit()
    assert [deliver(row_id, lease) for row_id in lease.ids] == [None, None]
    assert mailbox.messages == []
    assert {(row.status, row.lease_until, row.attempts) for row in deliveries(handoff)} == {("sending", taken_over, 0)}


def test_retries_still_check_what_changed_but_not_seen_live(app, acme, mailbox, smtp_server):
    account, users = acme
    app.config["RF_NOTIFY_MAX_ATTEMPTS"] = 3
    point_mail_at(app, free_port())
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    dispatch_once()
    assert {row.status for row in deliveries(handoff)} == {"queued"}  # retrying
    # Meanwhile the admin was deactivated, and the owner opened the queue.
    db.session.execute(update(User).where(User.id == users["admin"].id).values(active=False))
    db.session.execute(update(User).where(User.id == users["owner"].id).values(queue_seen_at=utcnow()))
    db.session.execute(update(Delivery).values(next_attempt_at=utcnow()))
    db.session.commit()
    point_mail_at(app, smtp_server.port)
    dispatch_once()
    by_address = {row.address: (row.status, row.reason) for row in deliveries(handoff)}
    assert by_address == {"admin@acme.test": ("suppressed", "the recipient was deactivated"),
                          "owner@acme.test": ("sent", None)}  # a retry finishes what was started
    assert [m["To"] for m in mailbox.messages] == ["owner@acme.test"]


def test_two_dispatchers_racing_send_each_message_exactly_once(app, acme, mailbox):
    account, users = acme
    for n in range(3):
        make_user(account, "engineer", email=f"senior{n}@acme.test")
    for n in range(6):
        make_escalation(make_session(account, users["engineer"], summary=f"Problem {n}"), users["engineer"])
    queued = len(deliveries())
    assert queued == 6 * 5
    barrier = threading.Barrier(3)
    counts = []

    def dispatcher():
        with app.app_context():
            barrier.wait()
            counts.append(dispatch_once())
            db.session.remove()

    threads = [threading.Thread(target=dispatcher) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == queued
    assert len(mailbox.messages) == queued
    assert len({(m["To"], m["Subject"]) for m in mailbox.messages}) == queued
    assert {row.status for row in deliveries()} == {"sent"} and {row.attempts for row in deliveries()} == {1}


def test_a_crash_right_after_the_escalation_commits_loses_no_email(app, database_url, start_server, acme,
                                                                   smtp_server, mailbox):
    """gunicorn is SIGKILLed after the escalation committed and before anything was sent;
    the next server sends each email exactly once."""
    account, users = acme
    mail_env = {"RF_MAIL_SERVER": "127.0.0.1", "RF_MAIL_PORT": str(smtp_server.port)}
    first = start_server(database_url, extra_env={**mail_env, "RF_DISPATCH_IN_WORKERS": "false"})
    session = make_session(account, users["engineer"])
    client = HttpClient(first.url)
    client.log_in(users["engineer"].email, PASSWORD)
    token = client.csrf_token(f"/sessions/{session.id}")
    escalated = client.post(f"/sessions/{session.id}/escalate",
                            {"reason": "Stuck", "priority": "high", "csrf_token": token})
    assert "Escalated." in escalated.text
    first.process.kill()  # no shutdown, no cleanup
    first.process.wait()
    assert mailbox.messages == [] and {row.status for row in deliveries()} == {"queued"}
    second = start_server(database_url, extra_env={**mail_env, "RF_DISPATCH_IN_WORKERS": "true"})  # looks at boot
    deadline = time.monotonic() + 30
    while len(mailbox.messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # waiting for the other process to deliver, not ordering a race
    second.stop()  # a dispatching server must not take later tests' deliveries
    assert sorted(m["To"] for m in mailbox.messages) == ["admin@acme.test", "owner@acme.test"]
    assert {row.status for row in deliveries()} == {"sent"}
    assert dispatch_once() == 0 and len(mailbox.messages) == 2


def test_mail_test_reports_success_and_the_servers_error(app, runner, mailbox):
    result = runner.invoke(args=["rf", "mail-test", "ops@acme.test"])
    assert result.exit_code == 0 and "Sent to ops@acme.test" in result.output
    assert "127.0.0.1:" in result.output and "no TLS, without a login" in result.output
    assert [m["Subject"] for m in mailbox.messages] == ["ResolutionFlow mail test"]
    point_mail_at(app, free_port())
    result = runner.invoke(args=["rf", "mail-test", "ops@acme.test"])
    assert result.exit_code == 1 and "Not sent: mail server 127.0.0.1:" in result.output
    assert "Connection refused" in result.output
    result = runner.invoke(args=["rf", "mail-test", "not-an-address"])
    assert result.exit_code == 1 and "'not-an-address' is not an email address." in result.output


def test_the_dispatch_command_sends_what_is_due(app, acme, runner, mailbox):
    account, users = acme
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    result = runner.invoke(args=["rf", "dispatch"])
    assert result.exit_code == 0 and "2 deliveries attempted." in result.output
    assert len(mailbox.messages) == 2 and {row.status for row in deliveries()} == {"sent"}


class RefusingMailbox:
    """A mail server that answers every recipient with ``answer``."""

    def __init__(self, answer):
        self.answer = answer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return self.answer


@pytest.fixture
def refusing_server(app):
    """Start a loopback mail server answering RCPT with the given line; the app mails it."""
    from aiosmtpd.controller import Controller

    started = []

    def start(answer):
        controller = Controller(RefusingMailbox(answer), hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        point_mail_at(app, controller.port)

    yield start
    for controller in started:
        controller.stop()


def test_a_mailbox_that_does_not_exist_fails_at_once_in_the_servers_words(app, acme, refusing_server):
    account, users = acme
    refusing_server("550 5.1.1 no such mailbox")
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    assert dispatch_once() == 2
    rows = deliveries(handoff)
    assert {(row.status, row.attempts) for row in rows} == {("failed", 1)}
    assert {row.last_error for row in rows} == {"the mail server answered 550 5.1.1 no such mailbox"}
    assert dispatch_once() == 0


def test_a_mail_server_asking_to_try_later_is_retried(app, acme, refusing_server):
    account, users = acme
    refusing_server("421 4.7.0 try again later")
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    dispatch_once()
    rows = deliveries(handoff)
    assert {(row.status, row.attempts) for row in rows} == {("queued", 1)}
    assert {row.last_error for row in rows} == {"the mail server answered 421 4.7.0 try again later"}
    assert all(row.next_attempt_at > utcnow() for row in rows)


def test_mail_errors_are_told_in_words():
    import smtplib

    from rf.core.mailer import describe_mail_error, is_permanent_mail_error

    refused = smtplib.SMTPRecipientsRefused({"a@x.test": (550, b"5.1.1 no such mailbox")})
    assert describe_mail_error(refused) == "the mail server answered 550 5.1.1 no such mailbox"
    assert is_permanent_mail_error(refused)
    assert not is_permanent_mail_error(smtplib.SMTPRecipientsRefused({"a@x.test": (450, b"mailbox busy")}))
    assert is_permanent_mail_error(smtplib.SMTPDataError(554, b"5.7.1 message refused"))
    login = smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials")
    assert describe_mail_error(login) == "the mail server answered 535 5.7.8 bad credentials"
    assert not is_permanent_mail_error(login)  # the server's setup: fixing it sends what waits
    assert not is_permanent_mail_error(TimeoutError("timed out"))
