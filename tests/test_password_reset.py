"""Resetting a forgotten password through an emailed link, and an admin forcing a reset: the
same answer whether or not an address has a login, a link that works once within the hour,
every other login ended."""
import re
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update

from rf.auth.passwords import verify_password
from rf.auth.routes import RESET_ON_ITS_WAY
from rf.core.extensions import db
from rf.core.models import Delivery, PasswordReset, User
from rf.notify.dispatch import dispatch_once

from .factories import PASSWORD, make_account, make_user
from .helpers import HX, client_for, login

NEW = "maple rocket tundra harbor"
LINK = re.compile(r"http://\S+/password/reset/[\w-]+")


def ask(client, email):
    return client.post("/password/forgot", data={"email": email})


def reset_deliveries():
    return db.session.scalars(select(Delivery).where(Delivery.password_reset_id.is_not(None))).all()


def emailed_link(mailbox, to):
    """The reset link in the plain-text part of the last email to ``to``."""
    message = [m for m in mailbox.messages if m["To"] == to][-1]
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    link = LINK.search(text).group(0)
    assert link in html
    return link


def choose(client, link, password=NEW):
    """Submit a new password through the link (its path: the test client is this host)."""
    return client.post(urlsplit(link).path, data={"password": password, "confirm": password})


def test_the_answer_is_the_same_whether_or_not_the_address_has_a_login(app, acme, mailbox):
    unknown = ask(app.test_client(), "nobody@acme.test")
    known = ask(app.test_client(), "Engineer@Acme.test ")
    for response in (unknown, known):
        assert response.status_code == 302 and response.headers["Location"] == "/login"
    browser = app.test_client()
    ask(browser, "nobody@acme.test")
    assert RESET_ON_ITS_WAY in browser.get("/login").get_data(as_text=True)
    [delivery] = reset_deliveries()
    assert delivery.address == "engineer@acme.test" and delivery.status == "queued"
    assert dispatch_once() == 1
    assert [m["To"] for m in mailbox.messages] == ["engineer@acme.test"]
    assert mailbox.messages[0]["Subject"] == "Choose a new password for ResolutionFlow"
    assert emailed_link(mailbox, "engineer@acme.test").startswith(f"{app.config['RF_BASE_URL']}/password/reset/")


def test_a_deactivated_user_gets_no_link(app, acme, mailbox):
    make_user(acme[0], "engineer", email="gone@acme.test", active=False)
    assert ask(app.test_client(), "gone@acme.test").status_code == 302
    assert reset_deliveries() == []


def test_the_link_sets_a_new_password_once_and_ends_every_other_login(app, acme, mailbox):
    user = acme[1]["engineer"]
    elsewhere = client_for(app, user)
    ask(app.test_client(), user.email)
    dispatch_once()
    link = emailed_link(mailbox, user.email)
    browser = app.test_client()
    assert browser.get(urlsplit(link).path).status_code == 200
    weak = choose(browser, link, "short")
    assert weak.status_code == 422 and "Use at least 12 characters" in weak.get_data(as_text=True)
    response = choose(browser, link)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Password changed." in browser.get("/").get_data(as_text=True)  # signed in here
    assert elsewhere.get("/").status_code == 302  # signed out there
    assert login(app.test_client(), user, PASSWORD).status_code == 401
    assert login(app.test_client(), user, NEW).status_code == 302
    again = choose(app.test_client(), link, "another long passphrase")
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert verify_password(db.session.get(User, user.id).password_hash, NEW)


def test_replaced_expired_and_unknown_links_say_so(app, acme, mailbox):
    user = acme[1]["engineer"]
    ask(app.test_client(), user.email)
    dispatch_once()
    first = emailed_link(mailbox, user.email)
    ask(app.test_client(), user.email)  # a newer link replaces it
    dispatch_once()
    second = emailed_link(mailbox, user.email)
    replaced = choose(app.test_client(), first)
    assert replaced.status_code == 410 and "A newer reset link was sent" in replaced.get_data(as_text=True)
    for reset in db.session.scalars(select(PasswordReset)):
        reset.expires_at -= timedelta(hours=2)
    db.session.commit()
    expired = choose(app.test_client(), second)
    assert expired.status_code == 410 and "has expired" in expired.get_data(as_text=True)
    unknown = app.test_client().get("/password/reset/not-a-token")
    assert unknown.status_code == 404 and "isn&#39;t valid" in unknown.get_data(as_text=True)
    assert verify_password(db.session.get(User, user.id).password_hash, PASSWORD)


def test_a_link_replaced_before_its_email_went_out_is_not_sent(app, acme, mailbox):
    user = acme[1]["engineer"]
    ask(app.test_client(), user.email)
    ask(app.test_client(), user.email)
    dispatch_once()
    assert [(d.status, d.reason) for d in sorted(reset_deliveries(), key=lambda d: d.id)] == [
        ("suppressed", "the reset link was used, replaced or expired before it was sent"), ("sent", None)]
    assert len(mailbox.messages) == 1


def test_the_email_is_suppressed_if_the_user_is_deactivated_before_it_is_sent(app, acme, mailbox):
    user = acme[1]["engineer"]
    ask(app.test_client(), user.email)
    db.session.execute(update(User).where(User.id == user.id).values(active=False))
    db.session.commit()
    dispatch_once()
    [delivery] = reset_deliveries()
    assert delivery.status == "suppressed" and delivery.reason == "the recipient was deactivated"
    assert mailbox.messages == []


def test_requests_are_rate_limited_like_logins(app, acme, mailbox):
    browser = app.test_client()
    statuses = [ask(browser, "nobody@acme.test").status_code for _ in range(11)]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
    refused = ask(browser, "nobody@acme.test").get_data(as_text=True)
    assert "Too many failed attempts for this email. Try again in" in refused


def test_an_admin_forces_a_reset_that_signs_the_member_out_and_emails_them(app, acme, mailbox):
    account, users = acme
    member = users["engineer"]
    signed_in = client_for(app, member)
    admin = client_for(app, users["admin"])
    assert 'action="/team/members/%d/reset-password"' % member.id in admin.get("/team").get_data(as_text=True)
    response = admin.post(f"/team/members/{member.id}/reset-password", headers=HX)
    row = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="member-{member.id}"' in row
    assert "A reset link is on its way to engineer@acme.test" in row
    assert signed_in.get("/").status_code == 302
    assert login(app.test_client(), member, PASSWORD).status_code == 401  # the old password is gone
    dispatch_once()
    message = mailbox.messages[0]
    assert message["To"] == member.email and "Admin Acme reset your" in message.get_body(("plain",)).get_content()
    assert choose(app.test_client(), emailed_link(mailbox, member.email)).status_code == 302
    assert login(app.test_client(), member, NEW).status_code == 302


def test_who_may_force_a_reset(app, acme, mailbox):
    account, users = acme
    engineer = client_for(app, users["engineer"])
    assert engineer.post(f"/team/members/{users['viewer'].id}/reset-password").status_code == 403
    admin = client_for(app, users["admin"])
    for target, problem in ((users["admin"], "use Password in the header"),
                            (users["owner"], "Only an owner can reset an owner")):
        response = admin.post(f"/team/members/{target.id}/reset-password", headers=HX)
        assert response.status_code == 422 and problem in response.get_data(as_text=True)
    stranger = make_user(make_account("Other MSP"), "engineer", email="stranger@other.test")
    assert admin.post(f"/team/members/{stranger.id}/reset-password").status_code == 404
    assert reset_deliveries() == []
    assert login(app.test_client(), stranger, PASSWORD).status_code == 302
