"""Keyboard everywhere: destructive actions ask first in a modal dialog (Escape or Cancel keeps
everything as it was, focus back where it was, or on the action that took its place), Ctrl+Enter
sends any form from any of its fields."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import TroubleshootingSession as TS
from rf.core.models import User

from .helpers import log_in

pytestmark = pytest.mark.browser


def focused_text(page):
    return page.evaluate("document.activeElement.textContent.trim()")


def test_deactivating_asks_first_and_escape_keeps_the_member(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "owner@demo.test", DEMO_PASSWORD)
    page.goto(live_server.url + "/team")
    deactivate = page.get_by_role("button", name="Deactivate… Jules Junior")
    deactivate.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Deactivate Jules Junior? They are signed out everywhere at once")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()  # the safe choice first
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(deactivate).to_be_focused()
    assert db.session.scalar(select(User.active).where(User.email == "jules@demo.test")) is True

    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")  # Cancel → Deactivate
    expect(dialog.get_by_role("button", name="Deactivate")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#toasts")).to_contain_text("Jules Junior")
    expect(page.locator("tr", has_text="Jules Junior")).to_contain_text("Deactivated")
    expect(page.get_by_role("button", name="Reactivate Jules Junior")).to_be_focused()  # where Deactivate was
    db.session.expire_all()
    assert db.session.scalar(select(User.active).where(User.email == "jules@demo.test")) is False
    assert page.console_errors == []


def test_withdrawing_asks_first_and_ctrl_enter_sends_every_form(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    laptop = db.session.scalar(select(TS.id).where(TS.summary == "New laptop won't join the domain"))
    page = new_page()
    log_in(page, live_server.url, "sam@demo.test", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/sessions/{laptop}/escalate")
    page.get_by_label("Reason").fill("Domain join says the network path was not found")
    page.get_by_label("Reason").press("Control+Enter")
    expect(page.locator("#toasts")).to_contain_text("Escalated.")

    page.get_by_role("button", name="Withdraw escalation…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Withdraw this escalation?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Withdraw escalation…")).to_be_focused()
    page.keyboard.press("Enter")
    dialog.get_by_role("button", name="Withdraw escalation").click()
    expect(page.locator("#toasts")).to_contain_text("Escalation withdrawn.")

    page.locator("summary", has_text="Park").click()
    park_note = page.get_by_label("Why are you parking it?")
    park_note.fill("Waiting for the customer to reboot the switch")
    park_note.press("Control+Enter")
    expect(page.locator("#toasts")).to_contain_text("Parked.")
    assert db.session.scalar(select(TS.status).where(TS.id == laptop)) == "parked"

    page.goto(f"{live_server.url}/sessions/{laptop}/resolve")
    page.get_by_label("Resolution").fill("Removed the stale computer object, joined again")
    page.get_by_label("Resolution").press("Control+Enter")
    expect(page.locator("#toasts")).to_contain_text("Session resolved.")
    db.session.expire_all()
    assert db.session.scalar(select(TS.status).where(TS.id == laptop)) == "resolved"
    assert page.console_errors == []

    # A form of single-line fields too (the owner's baseline): from its last field.
    owner = new_page()
    log_in(owner, live_server.url, "owner@demo.test", DEMO_PASSWORD)
    owner.goto(f"{live_server.url}/metrics")
    owner.get_by_label("What was it").fill("#4302 Mailbox full")
    owner.get_by_label("Ticket opened → first diagnostic action").fill("12:30")
    owner.get_by_label("Ticket opened → first diagnostic action").press("Control+Enter")
    expect(owner.locator("#toasts")).to_contain_text("Measurement added to the baseline.")
    expect(owner.locator("#baseline")).to_contain_text("#4302 Mailbox full")
    assert owner.console_errors == []
