"""The first-run checklist on an owner's or admin's home page: each item ticks itself when it
is done, "Send a test email" sends one through the real SMTP server (or says why not), and the
checklist goes away when the required items are done. Engineers and viewers never see it."""
from sqlalchemy import select

from rf.core.extensions import db
from rf.core.models import Account, BaselineMeasurement, Invite, utcnow

from .factories import make_invite
from .helpers import HX, client_for
from .servers import free_port, point_mail_at


def test_the_checklist_ticks_itself_and_goes_away(app, acme, mailbox):
    account, users = acme
    owner = client_for(app, users["owner"])
    # acme has several members already: the team item is done; nothing else is.
    page = owner.get("/").get_data(as_text=True)
    assert 'id="first-run"' in page and "Getting started" in page
    assert "Send a test email to" in page and "Record a baseline" in page and "Set up team chat" in page
    assert page.count("first-run__item is-done") == 1 and "Invite your team" not in page

    answer = owner.post("/first-run/mail-test", headers=HX)
    assert answer.status_code == 200 and f"Test email sent to {users['owner'].email}" in answer.get_data(as_text=True)
    assert [m["To"] for m in mailbox.messages] == [users["owner"].email]
    assert mailbox.messages[0]["Subject"] == "ResolutionFlow test email"
    assert db.session.get(Account, account.id).mail_tested_at is not None
    assert "Send a test email to" not in owner.get("/").get_data(as_text=True)  # ticked

    db.session.add(BaselineMeasurement(account_id=account.id, **baseline_fields()))
    db.session.commit()
    assert 'id="first-run"' not in owner.get("/").get_data(as_text=True)  # the chat is optional


def test_a_failed_test_email_says_why_and_stays_unticked(app, acme):
    account, users = acme
    point_mail_at(app, free_port())  # nothing listens there
    answer = client_for(app, users["admin"]).post("/first-run/mail-test", headers=HX).get_data(as_text=True)
    assert "The test email wasn&#39;t sent:" in answer and "Connection refused" in answer
    assert 'id="first-run"' in answer and "Send a test email to" in answer
    assert db.session.get(Account, account.id).mail_tested_at is None


def test_a_new_account_starts_with_nothing_done_and_invites_count(app):
    from .factories import make_account, make_user

    account = make_account("Solo IT")
    owner = make_user(account, role="owner")
    page = client_for(app, owner).get("/").get_data(as_text=True)
    assert "is-done" not in page and "Invite your team" in page
    invite = make_invite(account, owner)
    invite.revoked_at = utcnow()
    db.session.commit()
    assert "Invite your team" in client_for(app, owner).get("/").get_data(as_text=True)  # a revoked one doesn't count
    make_invite(account, owner, email="second@example.com", token="tok2")
    assert "Invite your team" not in client_for(app, owner).get("/").get_data(as_text=True)
    assert db.session.scalar(select(Invite.id)) is not None


def test_only_owners_and_admins_see_it_or_send_the_test(app, acme):
    users = acme[1]
    for role in ("engineer", "viewer"):
        client = client_for(app, users[role])
        assert 'id="first-run"' not in client.get("/").get_data(as_text=True)
        assert client.post("/first-run/mail-test", headers=HX).status_code == 403


def baseline_fields():
    return {"measured_on": utcnow().date(), "seconds": 45 * 60, "label": "Before: juniors waited on Teams"}
