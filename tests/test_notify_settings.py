"""Each senior's email preference (every / only when not watching the queue / never), and
the owners' delivery log: per escalation, recipient × channel, failures, retry."""
from datetime import timedelta

from sqlalchemy import select, update

from rf.core.extensions import db
from rf.core.models import Delivery, User, utcnow
from rf.notify.dispatch import dispatch_once

from .factories import make_account, make_escalation, make_session, make_user
from .helpers import HX, client_for, login
from .servers import free_port, point_mail_at


def email_to(user, handoff):
    db.session.expire_all()
    return db.session.scalar(select(Delivery).where(Delivery.handoff_id == handoff.id,
                                                    Delivery.recipient_id == user.id))


def prefer(user, choice):
    db.session.execute(update(User).where(User.id == user.id).values(notify_email=choice))
    db.session.commit()


def test_saving_the_email_preference(app, acme, client):
    login(client, acme[1]["engineer"])
    page = client.get("/settings/notifications").get_data(as_text=True)
    # the default
    assert '<input checked id="notify_email-1" name="notify_email" required type="radio" value="unwatched">' in page
    response = client.post("/settings/notifications/email", data={"notify_email": "never"}, follow_redirects=True)
    assert "Saved. Never email me about escalations." in response.get_data(as_text=True)
    assert db.session.get(User, acme[1]["engineer"].id).notify_email == "never"
    bad = client.post("/settings/notifications/email", data={"notify_email": "sometimes"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(as_text=True)
    assert db.session.get(User, acme[1]["engineer"].id).notify_email == "never"


def test_viewers_are_told_they_are_not_notified(app, acme, client):
    login(client, acme[1]["viewer"])
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert "Viewers aren't notified about escalations" in page
    assert "<form" not in page.split("Your email")[1].split("</section>")[0]


def test_never_is_recorded_as_suppressed_with_why(app, acme, mailbox):
    account, users = acme
    prefer(users["admin"], "never")
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    row = email_to(users["admin"], handoff)
    assert (row.status, row.reason) == ("suppressed", "email turned off in their notification settings")
    dispatch_once()
    assert [m["To"] for m in mailbox.messages] == ["owner@acme.test"]


def test_only_when_not_watching_skips_a_senior_with_a_live_queue_tab(app, acme, mailbox):
    account, users = acme
    watcher, other = users["owner"], users["admin"]  # both "only when I'm not watching" (the default)
    tab = client_for(app, watcher)
    assert tab.get("/queue/poll?after=0&wait=0").status_code == 200  # a live queue tab polls
    db.session.expire_all()
    assert db.session.get(User, watcher.id).queue_seen_at > utcnow() - timedelta(seconds=5)
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    dispatch_once()
    assert (email_to(watcher, handoff).status, email_to(watcher, handoff).reason) == (
        "suppressed", "seen live: they had the queue open")
    assert email_to(other, handoff).status == "sent"
    assert [m["To"] for m in mailbox.messages] == ["admin@acme.test"]

    # A tab last live more than a minute ago is not watching; "every" ignores watching.
    db.session.execute(update(User).where(User.id == watcher.id).values(queue_seen_at=utcnow() - timedelta(seconds=61)))
    db.session.commit()
    prefer(other, "every")
    client_for(app, other).get("/escalations")
    second = make_escalation(make_session(account, users["engineer"], summary="Printer offline"), users["engineer"])
    dispatch_once()
    assert email_to(watcher, second).status == "sent" and email_to(other, second).status == "sent"


def test_a_notice_for_an_escalation_picked_up_before_it_went_is_suppressed(app, acme, mailbox):
    account, users = acme
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    client_for(app, users["admin"]).post(f"/handoffs/{handoff.id}/claim")
    dispatch_once()
    assert email_to(users["owner"], handoff).reason == "the escalation was picked up before it was sent"
    assert mailbox.messages == []


def test_a_notice_that_failed_before_its_escalation_was_picked_up_still_shows_the_outage(app, acme, mailbox,
                                                                                         owner_client):
    """The mail server is down; the escalation is picked up before a retry gets through: the
    log says it never got through and why, and counts it among the failures."""
    account, users = acme
    point_mail_at(app, free_port())
    handoff = make_escalation(make_session(account, users["engineer"], summary="Mail outage"), users["engineer"])
    dispatch_once()  # first attempt fails: retrying
    client_for(app, users["admin"]).post(f"/handoffs/{handoff.id}/claim")
    db.session.execute(update(Delivery).values(next_attempt_at=utcnow()))
    db.session.commit()
    dispatch_once()  # no longer wanted
    row = email_to(users["owner"], handoff)
    assert (row.status, row.state) == ("suppressed", "stopped")
    failures = owner_client.get("/notifications?show=failures").get_data(as_text=True)
    assert f'id="delivery-{row.id}"' in failures and ">Not sent after errors</span>" in failures
    assert "the escalation was picked up before it was sent; before that, sending it failed: mail server" in failures
    assert "Connection refused" in failures and '<span class="count-badge">2</span>' in failures  # owner, admin
    assert "No failures." not in failures


def test_the_delivery_log_shows_each_recipient_and_channel_and_filters_to_failures(app, acme, mailbox, owner_client):
    account, users = acme
    make_user(account, "engineer", email="no-at-sign", name="Broken Address")
    first = make_escalation(make_session(account, users["engineer"], summary="VPN drops"), users["engineer"])
    dispatch_once()
    point_mail_at(app, free_port())  # the mail server goes away
    app.config["RF_NOTIFY_MAX_ATTEMPTS"] = 1
    second = make_escalation(make_session(account, users["engineer"], summary="Outlook & <b>calendar</b>"),
                             users["engineer"])
    dispatch_once()
    # Another MSP's escalation never shows.
    other = make_account("Other MSP")
    other_engineer = make_user(other, "engineer", email="eng@other.test")
    make_user(other, "owner", email="boss@other.test")
    make_escalation(make_session(other, other_engineer, summary="Other MSP secret problem"), other_engineer)

    page = owner_client.get("/notifications").get_data(as_text=True)
    assert page.index("Outlook &amp; &lt;b&gt;calendar&lt;/b&gt;") < page.index("VPN drops")  # newest first
    assert "Other MSP secret problem" not in page and "boss@other.test" not in page
    for row_id in (email_to(users["owner"], first).id, email_to(users["owner"], second).id):
        assert f'id="delivery-{row_id}"' in page
    assert page.count(">Sent</span>") == 2 and page.count(">Failed</span>") == 2
    assert page.count(">Not sent</span>") == 2 and page.count("no valid email address") == 2
    assert "mail server 127.0.0.1:" in page and "Connection refused" in page
    assert '<span class="count-badge">2</span>' in page

    failures = owner_client.get("/notifications?show=failures").get_data(as_text=True)
    assert "VPN drops" not in failures and failures.count(">Failed</span>") == 2
    assert ">Sent</span>" not in failures and ">Not sent</span>" not in failures


def test_retrying_a_failed_delivery_sends_it(app, acme, mailbox, owner_client, smtp_server):
    account, users = acme
    app.config["RF_NOTIFY_MAX_ATTEMPTS"] = 1
    point_mail_at(app, free_port())
    handoff = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    dispatch_once()
    row = email_to(users["owner"], handoff)
    assert row.status == "failed"
    point_mail_at(app, smtp_server.port)  # fixed
    response = owner_client.post(f"/notifications/{row.id}/retry", headers=HX)
    page = response.get_data(as_text=True)
    assert f'id="delivery-{row.id}"' in page and ">Retrying</span>" in page and "Queued again" in page
    dispatch_once()
    assert email_to(users["owner"], handoff).status == "sent"
    assert "owner@acme.test" in [m["To"] for m in mailbox.messages]
    again = owner_client.post(f"/notifications/{row.id}/retry", headers=HX)
    assert "Only a failed delivery can be retried." in again.get_data(as_text=True)


def test_the_delivery_log_pages_and_explains_when_empty(app, acme, owner_client, mailbox):
    assert "Nothing sent yet." in owner_client.get("/notifications").get_data(as_text=True)
    assert "No failures." in owner_client.get("/notifications?show=failures").get_data(as_text=True)
    account, users = acme
    handoffs = [make_escalation(make_session(account, users["engineer"], summary=f"Problem {n}"), users["engineer"])
                for n in range(22)]
    page = owner_client.get("/notifications").get_data(as_text=True)
    assert "Problem 21" in page and "Problem 2<" in page and "Problem 1<" not in page
    assert f"before={handoffs[2].id}" in page
    older = owner_client.get(f"/notifications?before={handoffs[2].id}").get_data(as_text=True)
    assert "Problem 1<" in older and "Problem 0<" in older and "Problem 2<" not in older and "before=" not in older


def test_an_engineer_is_told_what_the_delivery_log_is_for(app, acme):
    response = client_for(app, acme[1]["engineer"]).get("/notifications")
    assert response.status_code == 403
    assert ("Only admins and owners can see the delivery log and set up the team chat."
            in response.get_data(as_text=True))
