"""A forgotten password in a real browser: from the login page's link, the emailed reset
link, a new password, then signing in with it."""
import re

import pytest
from playwright.sync_api import expect

from rf.cli import DEMO_PASSWORD
from rf.notify.dispatch import dispatch_once

from .a11y import axe_violations
from .helpers import log_in

pytestmark = pytest.mark.browser
NEW = "maple rocket tundra harbor"


def test_a_forgotten_password_is_reset_through_the_emailed_link(app, live_server, runner, mailbox, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    page.goto(live_server.url + "/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type("dana@demo.test")
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text("If that address has a login, a reset link is on its way.")

    app.config["RF_BASE_URL"] = live_server.url
    assert dispatch_once() == 1
    [message] = mailbox.messages
    assert message["To"] == "dana@demo.test"
    link = re.search(r"http://\S+/password/reset/[\w-]+", message.get_body(("plain",)).get_content()).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Repeat the new password").fill("short")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Use at least 12 characters")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Repeat the new password").fill(NEW)
    page.get_by_role("button", name="Set new password").click()
    expect(page.locator("#toasts")).to_contain_text("Password changed.")
    expect(page.get_by_role("heading", name="Welcome, Dana Senior")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    expect(page.get_by_text("That email and password don't match an active account.")).to_be_visible()
    log_in(page, live_server.url, "dana@demo.test", NEW)
    expect(page.get_by_role("heading", name="Welcome, Dana Senior")).to_be_visible()
    page.goto(link)
    expect(page.get_by_text("This reset link has already been used.")).to_be_visible()
    assert page.console_errors == []


def test_an_owner_forces_a_reset_and_the_member_chooses_a_new_password(app, live_server, runner, mailbox, new_page):
    """A junior's laptop was stolen: the owner resets their password from the Team page; the
    open browser is signed out at its next click, the old password stops working, and the
    emailed link lets the junior choose a new one."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    junior = new_page()
    log_in(junior, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    expect(junior.get_by_role("heading", name="Welcome, Jules Junior")).to_be_visible()

    owner = new_page()
    log_in(owner, live_server.url, "owner@demo.test", DEMO_PASSWORD)
    owner.goto(live_server.url + "/team")
    owner.get_by_role("button", name="Reset password… of Jules Junior").click()
    dialog = owner.get_by_role("dialog")
    expect(dialog).to_contain_text("Reset Jules Junior's password? They are signed out everywhere")
    dialog.get_by_role("button", name="Reset password").click()
    expect(owner.locator("#toasts")).to_contain_text(
        "Jules Junior was signed out everywhere and their old password no longer works.")

    junior.get_by_role("link", name="Sessions").first.click()
    expect(junior.get_by_role("heading", name="Log in")).to_be_visible()
    log_in(junior, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    expect(junior.get_by_text("That email and password don't match an active account.")).to_be_visible()

    app.config["RF_BASE_URL"] = live_server.url
    assert dispatch_once() == 1
    [message] = mailbox.messages
    assert message["To"] == "jules@demo.test"
    link = re.search(r"http://\S+/password/reset/[\w-]+", message.get_body(("plain",)).get_content()).group(0)
    junior.goto(link)
    assert axe_violations(junior) == []  # the reset page, with its token
    junior.get_by_label("New password", exact=True).fill(NEW)
    junior.get_by_label("Repeat the new password").fill(NEW)
    junior.get_by_role("button", name="Set new password").click()
    expect(junior.get_by_role("heading", name="Welcome, Jules Junior")).to_be_visible()
    assert junior.console_errors == [] and owner.console_errors == []
