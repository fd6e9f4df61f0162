"""The team page: invites (delivered to a real SMTP server), roles, deactivation, transfer."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from rf.core.extensions import db
from rf.core.models import Delivery, Invite, User, utcnow
from rf.notify.dispatch import dispatch_once

from .factories import make_invite, make_user
from .helpers import HX, login
from .servers import free_port, point_mail_at

NEW_PASSWORD = "plum kettle orbit"


def invite_link(message):
    return re.search(r"https?://\S+/invite/[\w-]+", message.get_body(("plain",)).get_content()).group(0)


def test_team_page_lists_members_and_forms(owner_client, acme):
    page = owner_client.get("/team").get_data(as_text=True)
    for user in acme[1].values():
        assert user.email in page and f'id="member-{user.id}"' in page
    assert ">Send invite</button>" in page and 'id="pending-invites"' in page
    assert "Transfer ownership" in page


def test_invite_is_emailed_and_accepted_once(owner_client, acme, mailbox, app):
    response = owner_client.post("/team/invite", data={"email": "New.Tech@Acme.test", "role": "viewer"},
                                 follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Invite for new.tech@acme.test created. The email is on its way" in page
    assert "Sending the email…" in page and 'hx-trigger="load delay:2s"' in page  # it looks again shortly
    assert mailbox.messages == []  # the outbox: sent by the dispatcher, after the commit
    assert dispatch_once() == 1
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == "new.tech@acme.test"
    assert message["Subject"] == "You're invited to Acme IT on ResolutionFlow"
    link = invite_link(message)
    assert link.startswith(app.config["RF_BASE_URL"])
    assert link in message.get_body(("html",)).get_content()
    pending = owner_client.get("/team/invites").get_data(as_text=True)
    assert "new.tech@acme.test" in pending and "Email delivered to the mail server" in pending
    assert "hx-trigger" not in pending  # settled: no more reloading
    assert f'value="{link}"' in pending  # the link, ready to copy

    owner_client.post("/logout")
    path = link[len(app.config["RF_BASE_URL"]):]
    join_page = owner_client.get(path).get_data(as_text=True)
    assert "Join Acme IT" in join_page and "viewer" in join_page
    response = owner_client.post(path, data={"name": "Nia New", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert "Welcome to Acme IT, Nia New!" in owner_client.get("/").get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "new.tech@acme.test"))
    assert (user.role, user.account_id, user.name) == ("viewer", acme[0].id, "Nia New")

    owner_client.post("/logout")
    reused = owner_client.get(path)
    assert reused.status_code == 410 and "already been used" in reused.get_data(as_text=True)
    assert owner_client.post(path, data={"name": "X", "password": NEW_PASSWORD,
                                         "confirm": NEW_PASSWORD}).status_code == 410
    assert login(owner_client, "new.tech@acme.test", NEW_PASSWORD).status_code == 302


def test_expired_revoked_and_unknown_invites_explain_themselves(client, acme):
    owner = acme[1]["owner"]
    expired = make_invite(acme[0], owner, email="late@acme.test", token="expired-token")
    expired.expires_at = utcnow() - timedelta(minutes=1)
    make_invite(acme[0], owner, email="nope@acme.test", token="revoked-token").revoked_at = utcnow()
    db.session.commit()
    response = client.get("/invite/expired-token")
    assert response.status_code == 410 and "This invite has expired." in response.get_data(as_text=True)
    response = client.post("/invite/expired-token", data={"name": "Late", "password": NEW_PASSWORD,
                                                          "confirm": NEW_PASSWORD})
    assert response.status_code == 410
    assert "withdrawn" in client.get("/invite/revoked-token").get_data(as_text=True)
    assert client.get("/invite/made-up").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(User)) == 4


def test_accepting_an_invite_with_bad_input_keeps_what_was_typed(client, acme):
    make_invite(acme[0], acme[1]["owner"], email="kim@acme.test", token="kim-token")
    weak = client.post("/invite/kim-token", data={"name": "Kim Typed", "password": "short", "confirm": "short"})
    page = weak.get_data(as_text=True)
    assert weak.status_code == 422
    assert "Use at least 12 characters (this one has 5)." in page
    assert 'value="Kim Typed"' in page
    mismatch = client.post("/invite/kim-token",
                           data={"name": "Kim", "password": NEW_PASSWORD, "confirm": "other words here"})
    assert "The two passwords don&#39;t match." in mismatch.get_data(as_text=True)
    too_long = client.post("/invite/kim-token",
                           data={"name": "K" * 500, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert too_long.status_code == 422 and "Names are at most 100 characters." in too_long.get_data(as_text=True)
    common = client.post("/invite/kim-token",
                         data={"name": "Kim", "password": "passwordpassword", "confirm": "passwordpassword"})
    assert "too easy to guess" in common.get_data(as_text=True)
    assert db.session.scalar(select(Invite.accepted_at).where(Invite.email == "kim@acme.test")) is None


def test_invite_form_rejects_bad_input_and_keeps_it(owner_client, acme, mailbox):
    cases = [
        ({"email": "not-an-email", "role": "engineer"}, "Enter a valid email address"),
        ({"email": "engineer@acme.test", "role": "engineer"}, "is already on your team"),
        ({"email": "x@acme.test", "role": "owner"}, "Choose a role: Admin, Engineer or Viewer"),
        ({"email": "x@acme.test", "role": "wizard"}, "Choose a role: Admin, Engineer or Viewer"),
        ({"email": "a" * 260 + "@acme.test", "role": "engineer"}, "Email addresses are at most 254 characters."),
    ]
    for data, message in cases:
        response = owner_client.post("/team/invite", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, data
        assert message in page, data
        assert f'value="{data["email"]}"' in page, data
        assert "<html" in page  # a plain form post gets the whole page back
    assert mailbox.messages == []
    assert db.session.scalar(select(func.count()).select_from(Invite)) == 0


def test_invite_over_htmx_swaps_the_form_and_pending_list(owner_client, mailbox):
    bad = owner_client.post("/team/invite", data={"email": "bad", "role": "engineer"}, headers=HX)
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="invite-form"' in page and "<html" not in page
    good = owner_client.post("/team/invite", data={"email": "ok@acme.test", "role": "engineer"}, headers=HX)
    page = good.get_data(as_text=True)
    assert good.status_code == 200 and "<html" not in page
    assert 'id="invite-form"' in page
    assert 'id="pending-invites"' in page and 'hx-swap-oob="true"' in page and "ok@acme.test" in page
    assert 'hx-swap-oob="beforeend:#toasts"' in page and "Invite for ok@acme.test created." in page
    assert good.headers["Vary"].startswith("HX-Request") or "HX-Request" in good.headers["Vary"]


def test_reinviting_replaces_the_old_link(owner_client, mailbox):
    owner_client.post("/team/invite", data={"email": "twice@acme.test", "role": "engineer"})
    dispatch_once()
    owner_client.post("/team/invite", data={"email": "twice@acme.test", "role": "admin"})
    dispatch_once()
    first, second = (invite_link(m).rsplit("/", 1)[1] for m in mailbox.messages)
    owner_client.post("/logout")
    assert owner_client.get(f"/invite/{first}").status_code == 410
    assert "as <strong>admin</strong>" in owner_client.get(f"/invite/{second}").get_data(as_text=True)


def test_an_invite_replaced_or_revoked_before_its_email_went_is_not_sent(owner_client, mailbox):
    owner_client.post("/team/invite", data={"email": "twice@acme.test", "role": "engineer"})
    owner_client.post("/team/invite", data={"email": "twice@acme.test", "role": "admin"})
    owner_client.post("/team/invite", data={"email": "gone@acme.test", "role": "admin"})
    gone = db.session.scalar(select(Invite).where(Invite.email == "gone@acme.test"))
    owner_client.post(f"/team/invites/{gone.id}/revoke")
    assert dispatch_once() == 3
    assert [m["To"] for m in mailbox.messages] == ["twice@acme.test"]
    owner_client.post("/logout")
    assert "as <strong>admin</strong>" in owner_client.get(
        "/invite/" + invite_link(mailbox.messages[0]).rsplit("/", 1)[1]).get_data(as_text=True)
    suppressed = db.session.scalars(select(Delivery).where(Delivery.status == "suppressed")).all()
    assert [d.address for d in suppressed] == ["twice@acme.test", "gone@acme.test"]
    assert {d.reason for d in suppressed} == {"the invite was accepted, withdrawn or expired before it was sent"}


def test_mail_server_down_keeps_the_invite_retries_and_offers_the_link(owner_client, app, mailbox):
    point_mail_at(app, free_port())  # nothing listens there
    app.config["RF_NOTIFY_MAX_ATTEMPTS"] = 2
    owner_client.post("/team/invite", data={"email": "offline@acme.test", "role": "engineer"})
    invite = db.session.scalar(select(Invite))
    assert invite.email == "offline@acme.test"
    dispatch_once()
    page = owner_client.get("/team").get_data(as_text=True)
    assert "Email not delivered yet (mail server 127.0.0.1:" in page and "Connection refused); trying again." in page
    assert f'value="{invite.link}" readonly' in page and re.search(r"http://\S+/invite/[\w-]+", invite.link)
    db.session.execute(Delivery.__table__.update().values(next_attempt_at=utcnow()))
    db.session.commit()
    dispatch_once()  # the last attempt
    page = owner_client.get("/team").get_data(as_text=True)
    assert "Email failed: mail server 127.0.0.1:" in page and "Copy the link and send it yourself." in page
    # The copied link works.
    owner_client.post("/logout")
    assert "Join Acme IT" in owner_client.get(invite.link[len(app.config["RF_BASE_URL"]):]).get_data(as_text=True)


def test_a_mail_server_that_never_answers_times_out(owner_client, app, mailbox):
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts connections, never says a word
    app.config["MAIL_TIMEOUT"] = 1
    point_mail_at(app, silent.getsockname()[1])
    try:
        owner_client.post("/team/invite", data={"email": "slow@acme.test", "role": "engineer"}, headers=HX)
        dispatch_once()
    finally:
        silent.close()
    assert "the mail server did not answer in time" in owner_client.get("/team/invites").get_data(as_text=True)
    assert db.session.scalar(select(Invite.email)) == "slow@acme.test"


def test_revoke_invite(owner_client, acme):
    invite = make_invite(acme[0], acme[1]["owner"], email="gone@acme.test", token="revoke-me")
    response = owner_client.post(f"/team/invites/{invite.id}/revoke", headers=HX)
    page = response.get_data(as_text=True)
    assert 'id="pending-invites"' in page and "No pending invites." in page
    owner_client.post("/logout")
    assert owner_client.get("/invite/revoke-me").status_code == 410


def test_change_role_over_htmx_returns_the_row(owner_client, acme):
    engineer = acme[1]["engineer"]
    response = owner_client.post(f"/team/members/{engineer.id}/role", data={"role": "admin"}, headers=HX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<tr id="member-{engineer.id}"') and "<html" not in page
    assert "Engineer Acme is now admin." in page
    assert db.session.get(User, engineer.id).role == "admin"


def test_role_rules(app, acme):
    users = acme[1]
    owner_browser, admin_browser = app.test_client(), app.test_client()
    login(owner_browser, users["owner"])
    login(admin_browser, users["admin"])

    def change(browser, user, role):
        return browser.post(f"/team/members/{user.id}/role", data={"role": role}, headers=HX)

    # Ownership never moves through a role change, in either direction.
    response = change(owner_browser, users["engineer"], "owner")
    assert response.status_code == 422 and "Ownership moves only through a transfer" in response.get_data(as_text=True)
    response = change(owner_browser, users["owner"], "admin")
    assert response.status_code == 422
    assert "Ownership changes only through a transfer of ownership." in response.get_data(as_text=True)
    # Admins can't touch owners or themselves.
    assert "Ownership changes only through a transfer" in change(admin_browser, users["owner"],
                                                                 "viewer").get_data(as_text=True)
    assert "Only an owner can deactivate an owner" in admin_browser.post(
        f"/team/members/{users['owner'].id}/deactivate", headers=HX).get_data(as_text=True)
    assert "You can&#39;t change your own role" in change(admin_browser, users["admin"],
                                                          "viewer").get_data(as_text=True)
    assert "You can&#39;t deactivate yourself" in owner_browser.post(
        f"/team/members/{users['owner'].id}/deactivate", headers=HX).get_data(as_text=True)
    # Admins manage everyone else.
    assert change(admin_browser, users["viewer"], "engineer").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, users["owner"].id).role == "owner"
    assert db.session.get(User, users["owner"].id).active
    assert db.session.get(User, users["admin"].id).role == "admin"
    assert db.session.get(User, users["viewer"].id).role == "engineer"


def test_the_last_owner_cannot_be_deactivated(app, acme):
    second_owner = make_user(acme[0], "owner", email="owner2@acme.test")
    browser = app.test_client()
    login(browser, second_owner)
    assert browser.post(f"/team/members/{acme[1]['owner'].id}/deactivate").status_code == 302
    # Now second_owner is the last active owner; the first can't come back to remove them
    # (deactivated), and nobody else may.
    admin = app.test_client()
    login(admin, acme[1]["admin"])
    page = admin.post(f"/team/members/{second_owner.id}/deactivate", headers=HX).get_data(as_text=True)
    assert "Only an owner can deactivate an owner." in page
    assert db.session.get(User, second_owner.id).active


def test_deactivate_and_reactivate(owner_client, acme):
    engineer = acme[1]["engineer"]
    response = owner_client.post(f"/team/members/{engineer.id}/deactivate", follow_redirects=True)
    assert "Engineer Acme was deactivated and signed out." in response.get_data(as_text=True)
    assert not db.session.get(User, engineer.id).active
    assert login(owner_client.application.test_client(), engineer).status_code == 401
    page = owner_client.post(f"/team/members/{engineer.id}/reactivate", headers=HX).get_data(as_text=True)
    assert "can log in again" in page and ">Deactivate…<" in page
    assert db.session.get(User, engineer.id).active
    assert login(owner_client.application.test_client(), engineer).status_code == 302


def test_transfer_ownership(owner_client, acme):
    owner, admin = acme[1]["owner"], acme[1]["admin"]
    refused = owner_client.post("/team/transfer", data={"new_owner": admin.id}, follow_redirects=True)
    assert "Tick the box to confirm the transfer." in refused.get_data(as_text=True)
    assert db.session.get(User, owner.id).role == "owner"
    response = owner_client.post("/team/transfer", data={"new_owner": admin.id, "confirm": "y"}, follow_redirects=True)
    assert "Admin Acme is now the owner. You&#39;re an admin." in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).role == "owner"
    assert db.session.get(User, owner.id).role == "admin"
    # The former owner no longer sees the transfer form and can't transfer again.
    assert "Transfer ownership" not in response.get_data(as_text=True)
    assert owner_client.post("/team/transfer", data={"new_owner": admin.id, "confirm": "y"}).status_code == 403


def test_transfer_only_to_an_active_member_of_this_account(app, owner_client, acme):
    from .factories import make_account, make_user

    outsider = make_user(make_account("Other MSP"), "engineer")
    inactive = make_user(acme[0], "engineer", active=False)
    for target in (outsider, inactive):
        page = owner_client.post("/team/transfer", data={"new_owner": target.id, "confirm": "y"},
                                 follow_redirects=True).get_data(as_text=True)
        assert "Choose an active member of your team." in page
        assert db.session.get(User, target.id).role == "engineer"
    assert db.session.get(User, acme[1]["owner"].id).role == "owner"


def test_viewer_and_engineer_cannot_reach_the_team_page(app, acme):
    for role in ("viewer", "engineer"):
        browser = app.test_client()
        login(browser, acme[1][role])
        response = browser.get("/team")
        assert response.status_code == 403
        assert "Only admins and owners can manage the team." in response.get_data(as_text=True)
        assert 'href="/team"' not in browser.get("/").get_data(as_text=True)  # no link either
