"""The first user flow, in a real browser: the owner invites someone, changes a role, logs out;
the invitee joins through the emailed link."""
import re

import pytest
from playwright.sync_api import expect

from rf.cli import DEMO_PASSWORD

from .helpers import log_in

pytestmark = pytest.mark.browser


def test_owner_invites_changes_a_role_and_logs_out(app, live_server, runner, mailbox, new_page):
    app.config["RF_BASE_URL"] = live_server.url  # the dispatcher runs with the server's settings
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "owner@demo.test", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Olivia Owner")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()

    # A typo first: the message appears in the form and the text stays.
    invite_form = page.locator("#invite-form")
    invite_form.get_by_label("Email").fill("casey@")
    invite_form.get_by_role("button", name="Send invite").click()
    expect(page.locator("#invite-form")).to_contain_text("Enter a valid email address")
    expect(page.locator("#invite-form").get_by_label("Email")).to_have_value("casey@")

    page.locator("#invite-form").get_by_label("Email").fill("casey@demo.test")
    page.locator("#invite-form").get_by_label("Role").select_option("viewer")
    page.locator("#invite-form").get_by_role("button", name="Send invite").click()
    expect(page.locator("#toasts")).to_contain_text("Invite for casey@demo.test created.")
    expect(page.locator("#pending-invites")).to_contain_text("casey@demo.test")
    expect(page.locator("#pending-invites")).to_contain_text("Sending the email…")
    expect(page.locator("#invite-form").get_by_label("Email")).to_have_value("")
    # The dispatcher (here the command a systemd timer runs) sends it; the list sees it by itself.
    assert runner.invoke(args=["rf", "dispatch"]).exit_code == 0
    assert len(mailbox.messages) == 1 and mailbox.messages[0]["To"] == "casey@demo.test"
    expect(page.locator("#pending-invites")).to_contain_text("Email delivered to the mail server")

    # A second invite, sent to the wrong address, is revoked: the question first.
    page.locator("#invite-form").get_by_label("Email").fill("kasey@demo.test")
    page.locator("#invite-form").get_by_role("button", name="Send invite").click()
    expect(page.locator("#pending-invites")).to_contain_text("kasey@demo.test")
    page.get_by_role("button", name="Revoke… invite for kasey@demo.test").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Revoke the invite for kasey@demo.test? Its link stops working")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator("#pending-invites")).to_contain_text("kasey@demo.test")
    page.get_by_role("button", name="Revoke… invite for kasey@demo.test").click()
    dialog.get_by_role("button", name="Revoke invite").click()
    expect(page.locator("#pending-invites")).not_to_contain_text("kasey@demo.test")
    expect(page.locator("#pending-invites")).to_contain_text("casey@demo.test")

    # Promote Jules to admin, without a page reload.
    row = page.locator("tr", has_text="jules@demo.test")
    row.get_by_label("Role for Jules Junior").select_option("admin")
    row.get_by_role("button", name="Change role").click()
    expect(page.locator("#toasts")).to_contain_text("Jules Junior is now admin.")
    expect(page.locator("tr", has_text="jules@demo.test").get_by_label("Role for Jules Junior")).to_have_value("admin")
    page.reload()
    expect(page.locator("tr", has_text="jules@demo.test").get_by_label("Role for Jules Junior")).to_have_value("admin")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text("You're logged out.")
    assert page.console_errors == []

    # The invitee follows the emailed link and joins.
    link = re.search(r"http://\S+/invite/[\w-]+", mailbox.messages[0].get_body(("plain",)).get_content()).group(0)
    invitee = new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Join Demo MSP")).to_be_visible()
    invitee.get_by_label("Your name").fill("Casey Client")
    invitee.get_by_label("Password", exact=True).fill("short")
    invitee.get_by_label("Repeat password").fill("short")
    invitee.get_by_role("button", name="Join Demo MSP").click()
    expect(invitee.get_by_text("Use at least 12 characters")).to_be_visible()
    expect(invitee.get_by_label("Your name")).to_have_value("Casey Client")
    invitee.get_by_label("Password", exact=True).fill("violet lantern harbor")
    invitee.get_by_label("Repeat password").fill("violet lantern harbor")
    invitee.get_by_role("button", name="Join Demo MSP").click()
    expect(invitee.get_by_role("heading", name="Welcome, Casey Client")).to_be_visible()
    expect(invitee.get_by_text("read-only access")).to_be_visible()
    assert invitee.console_errors == []


def test_keyboard_only_login_and_error_pages(live_server, runner, new_page):
    runner.invoke(args=["rf", "demo"])
    page = new_page()
    page.goto(live_server.url + "/login")
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type("jules@demo.test")
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("That email and password don't match an active account.")
    expect(page.get_by_label("Email")).to_have_value("jules@demo.test")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Jules Junior")).to_be_visible()

    page.goto(live_server.url + "/team")
    expect(page.get_by_role("heading", name="You don't have access to this")).to_be_visible()
    expect(page.get_by_text("Only admins and owners can manage the team.")).to_be_visible()
    page.goto(live_server.url + "/no-such-page")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()  # still in the layout, signed in
