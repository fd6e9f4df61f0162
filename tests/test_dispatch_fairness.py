"""Dispatch under faults and load: channels in lanes of their own (a stuck mail server
doesn't hold up the chat post), accounts served in turn (one account's backlog doesn't
starve another's escalation), only what is about to be sent is taken (a dispatcher's crash
leaves the rest due at once), and a lease renewed while a send is under way."""
import socket
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from rf.core.extensions import db
from rf.core.models import ChatWebhook, Delivery, utcnow
from rf.notify import dispatch
from rf.notify.dispatch import dispatch_once, drain, in_app_context, send_round, take_due

from .factories import make_account, make_escalation, make_session, make_user
from .servers import point_mail_at

TIMEOUT = 2  # seconds a send may take (mail and webhook)


class Arrivals(list):
    """The webhook receiver's request list, noting when each request arrived."""

    def __init__(self):
        super().__init__()
        self.times = []

    def append(self, request):
        self.times.append(time.monotonic())
        super().append(request)


@pytest.fixture
def hooks(app, hook_server):
    app.config.update(RF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", RF_WEBHOOK_TIMEOUT_SECONDS=TIMEOUT, MAIL_TIMEOUT=TIMEOUT)
    hook_server.requests = Arrivals()
    return hook_server


@pytest.fixture
def silent_server():
    """A server that accepts connections (the kernel completes them) and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(32)
    yield listener
    listener.close()


def configure_chat(account, url):
    db.session.add(ChatWebhook(account_id=account.id, url=url, format="generic", secret="s", updated_at=utcnow()))
    db.session.commit()


def rows(**where):
    db.session.expire_all()
    return db.session.scalars(select(Delivery).filter_by(**where).order_by(Delivery.id)).all()


def test_a_stuck_mail_server_does_not_hold_up_the_chat_post(app, acme, hooks, silent_server):
    account, users = acme
    point_mail_at(app, silent_server.getsockname()[1])
    configure_chat(account, hooks.url)
    make_escalation(make_session(account, users["engineer"]), users["engineer"])  # 2 emails, then the post
    started = time.monotonic()
    dispatch_once()
    assert len(hooks.requests) == 1
    assert hooks.requests.times[0] - started < TIMEOUT  # not after the emails' timeouts
    assert [(row.status, row.last_error) for row in rows(channel="email")] == [
        ("queued", "the mail server did not answer in time")] * 2
    assert rows(channel="webhook")[0].status == "sent"


def backlog_and_another_account(acme, techs, chat=None):
    """Acme with a backlog (an escalation mailed to ``techs`` more engineers, all due an hour
    ago), then Beta IT's new escalation (2 emails; a chat post when ``chat`` is a webhook
    address). Returns the two accounts."""
    account, users = acme
    for n in range(techs):
        make_user(account, "engineer", email=f"tech{n}@acme.test")
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    db.session.execute(update(Delivery).values(next_attempt_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    other = make_account("Beta IT")
    beta = [make_user(other, role, email=f"{role}@beta.test") for role in ("owner", "admin", "engineer")]
    if chat:
        configure_chat(other, chat)
    make_escalation(make_session(other, beta[2]), beta[2])
    return account, other


def test_one_accounts_backlog_does_not_starve_another_accounts_escalation(app, acme, mailbox):
    account, other = backlog_and_another_account(acme, 200)
    assert len(rows(channel="email", status="queued")) == 202 + 2
    taken = send_round("email").ids
    assert len(taken) == dispatch.SENDERS
    # Acme's oldest two, and Beta's in the first round.
    assert {m["To"] for m in mailbox.messages} == {"owner@acme.test", "admin@acme.test",
                                                   "owner@beta.test", "admin@beta.test"}
    assert {row.status for row in rows(account_id=other.id)} == {"sent"}


def test_with_mail_stuck_and_a_backlog_another_account_is_posted_at_once_and_mailed_first(
        app, acme, hooks, silent_server, mailbox, smtp_server):
    """Both faults of the probe at once: one account's backlog and a mail server that never
    answers. Another account's escalation is posted to its chat while the first round of
    mail is still timing out, its emails are tried in that very round, and when mail is back
    they are the first sent."""
    account, other = backlog_and_another_account(acme, 30, chat=hooks.url)
    point_mail_at(app, silent_server.getsockname()[1])

    mail_round = threading.Thread(target=in_app_context, args=(app, send_round, "email"))
    mail_round.start()
    assert drain("webhook") == 1  # the chat lane doesn't wait for the mail lane
    mail_round.join()
    mail_round_over = time.monotonic()
    assert len(hooks.requests) == 1 and hooks.requests.times[0] < mail_round_over
    tried = rows(status="queued", attempts=1)
    assert len(tried) == dispatch.SENDERS and [row.last_error for row in tried] == [
        "the mail server did not answer in time"] * dispatch.SENDERS
    assert {row.address for row in tried if row.account_id == other.id} == {"owner@beta.test", "admin@beta.test"}

    point_mail_at(app, smtp_server.port)  # mail is back; the retries' backoff has passed
    db.session.execute(update(Delivery).where(Delivery.status == "queued").values(next_attempt_at=utcnow()))
    db.session.commit()
    send_round("email")
    assert {"owner@beta.test", "admin@beta.test"} <= {message["To"] for message in mailbox.messages}
    assert {row.status for row in rows(account_id=other.id)} == {"sent"}
    assert len(rows(account_id=account.id, status="sent")) == dispatch.SENDERS - 2  # the round's rest


def test_a_dispatcher_killed_with_rows_taken_leaves_everything_else_due_at_once(app, acme, mailbox):
    account, users = acme
    for n in range(2):
        make_user(account, "engineer", email=f"senior{n}@acme.test")
    for n in range(2):
        make_escalation(make_session(account, users["engineer"], summary=f"Problem {n}"), users["engineer"])
    assert len(rows(status="queued")) == 8
    # A dispatcher takes what it is about to send, and dies (kill -9) before sending it.
    dead = take_due(utcnow(), "email")
    assert len(dead.ids) == dispatch.SENDERS and dead.until <= utcnow() + dispatch.LEASE
    assert dispatch_once() == 4  # a fresh dispatcher sends the rest at once
    sent = {(m["To"], m["Subject"]) for m in mailbox.messages}
    assert len(mailbox.messages) == len(sent) == 4
    taken = {(row.address, f"New escalation: {row.handoff.session.summary}") for row in rows(status="sending")}
    assert len(taken) == 4 and not sent & taken
    assert dispatch_once() == 0  # what the dead one took is left alone a few seconds …
    db.session.execute(update(Delivery).where(Delivery.status == "sending").values(
        taken_at=utcnow() - dispatch.ORPHANED - timedelta(seconds=1)))  # … not its whole lease:
    db.session.commit()  # it never tried them, so they are orphans
    assert dead.until > utcnow() + timedelta(seconds=30)
    assert dispatch_once() == 4
    assert len(mailbox.messages) == 8 and {row.status for row in rows()} == {"sent"}
    assert {row.attempts for row in rows()} == {1}


def test_a_row_a_dispatcher_is_trying_is_never_taken_as_an_orphan(app, acme, mailbox):
    """Tried (its attempt recorded) and still being sent: it stays with its dispatcher until
    the lease runs out, however long ago it was taken."""
    account, users = acme
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    lease = take_due(utcnow(), "email")
    assert lease.ids and all(lease.write(delivery_id, last_attempt_at=utcnow(), attempts=Delivery.attempts + 1)
                             for delivery_id in lease.ids)
    db.session.execute(update(Delivery).where(Delivery.id.in_(lease.ids)).values(
        taken_at=utcnow() - timedelta(minutes=5), last_attempt_at=utcnow() - timedelta(minutes=4)))
    db.session.commit()
    assert take_due(utcnow(), "email").ids == []


def test_a_send_under_way_keeps_its_lease(app, acme, hooks, monkeypatch):
    """The receiver answers nothing for longer than a lease; meanwhile another dispatcher
    looks for due rows and must not take the one being sent."""
    monkeypatch.setattr(dispatch, "LEASE", timedelta(seconds=1))
    monkeypatch.setattr(dispatch, "RENEW_SECONDS", 0.2)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    rival_took = []

    def slow_receiver():
        connection, _ = listener.accept()  # the send is under way
        with app.app_context():
            first_lease = db.session.scalar(select(Delivery.lease_until).where(Delivery.channel == "webhook"))
            while utcnow() < first_lease + timedelta(seconds=0.5):
                time.sleep(0.1)  # the slow receiver's pace: the first lease runs out meanwhile
            rival_took.extend(take_due(utcnow(), "webhook").ids)
            db.session.remove()
        connection.close()

    receiver = threading.Thread(target=slow_receiver, daemon=True)
    receiver.start()
    app.config["RF_WEBHOOK_TIMEOUT_SECONDS"] = 10
    account, users = acme
    configure_chat(account, f"http://127.0.0.1:{listener.getsockname()[1]}/hook")
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    point_mail_at(app, 9)  # the emails don't matter here
    dispatch_once()
    receiver.join(10)
    listener.close()
    assert rival_took == []
    row = rows(channel="webhook")[0]
    assert (row.status, row.attempts, row.lease_until) == ("queued", 1, None)  # its own outcome, written
