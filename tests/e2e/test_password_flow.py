"""Changing your password in a real browser: from the header link, by keyboard, then signing
in with the new one."""
import pytest
from playwright.sync_api import expect

from rf.cli import DEMO_PASSWORD

from .helpers import log_in

pytestmark = pytest.mark.browser
NEW = "maple rocket tundra harbor"


def test_a_senior_changes_their_password_and_signs_in_with_it(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Dana Senior").click()  # your name in the header: your password
    expect(page.get_by_label("Current password")).to_be_focused()
    page.keyboard.type("not my password")
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Repeat the new password").fill(NEW)
    page.get_by_label("Repeat the new password").press("Enter")
    expect(page.get_by_text("That isn't your current password.")).to_be_visible()
    expect(page.get_by_label("Current password")).to_be_focused()  # the field to fix
    page.get_by_label("Current password").fill(DEMO_PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Repeat the new password").fill(NEW)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#toasts")).to_contain_text("Password changed.")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    expect(page.get_by_text("That email and password don't match an active account.")).to_be_visible()
    log_in(page, live_server.url, "dana@demo.test", NEW)
    expect(page.get_by_role("heading", name="Welcome, Dana Senior")).to_be_visible()
    assert page.console_errors == []
