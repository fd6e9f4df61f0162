"""Notification settings and the delivery log in a real browser: the owner connects the team
chat (a private address is refused in the form), sends a test, a senior turns email off, and
after an escalation the delivery log shows what went where; removing the webhook asks first."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import ChatWebhook, TroubleshootingSession, User

from ..factories import make_escalation
from .helpers import log_in

pytestmark = pytest.mark.browser


def test_owner_connects_chat_sends_a_test_and_reads_the_delivery_log(app, live_server, runner, mailbox,
                                                                     hook_server, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "owner@demo.test", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()

    # A private address is refused, and what was typed stays.
    address = page.get_by_label("Webhook address")
    address.fill("http://10.0.0.5/hooks/chat")
    page.get_by_role("button", name="Save webhook").click()
    expect(page.get_by_text("10.0.0.5 is a private or local address")).to_be_visible()
    expect(page.get_by_label("Webhook address")).to_have_value("http://10.0.0.5/hooks/chat")

    page.get_by_label("Webhook address").fill(hook_server.url)
    page.get_by_label("Generic JSON (signed)").check()
    page.get_by_role("button", name="Save webhook").click()
    expect(page.locator("#toasts")).to_contain_text("Team chat webhook saved.")
    expect(page.locator(".facts")).to_contain_text("Generic JSON (signed)")

    page.get_by_role("button", name="Send test").click()
    expect(page.locator("#webhook-test-result")).to_contain_text("Test message delivered")
    assert [r["body"]["event"] for r in hook_server.requests] == ["test"]

    # Sam turns escalation email off.
    sam = new_page()
    log_in(sam, live_server.url, "sam@demo.test", DEMO_PASSWORD)
    sam.goto(live_server.url + "/settings/notifications")
    sam.get_by_label("Never email me about escalations").check()
    sam.get_by_role("button", name="Save").click()
    expect(sam.locator("#toasts")).to_contain_text("Saved. Never email me about escalations.")

    # Jules escalates Sam's session; the dispatcher sends; the log shows each recipient and the chat post.
    session = db.session.scalar(select(TroubleshootingSession).where(
        TroubleshootingSession.summary == "New laptop won't join the domain"))
    jules = db.session.scalar(select(User).where(User.email == "jules@demo.test"))
    make_escalation(session, jules, reason="Domain join fails with 'account already exists'")
    app.config.update(RF_BASE_URL=live_server.url, RF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")  # the server's settings
    assert runner.invoke(args=["rf", "dispatch"]).exit_code == 0
    assert hook_server.requests[-1]["body"]["summary"] == "New laptop won't join the domain"

    page.get_by_role("link", name="Delivery log").click()
    group = page.locator(".delivery-group").first
    expect(group.get_by_role("heading")).to_have_text("New laptop won't join the domain")
    expect(group.locator("tr", has_text="Team chat")).to_contain_text("Sent")
    expect(group.locator("tr", has_text="sam@demo.test")).to_contain_text("email turned off")
    expect(group.locator("tr", has_text="owner@demo.test")).to_contain_text("Sent")
    page.get_by_role("link", name="Failures and retries").click()
    expect(page.get_by_text("No failures.")).to_be_visible()

    # Removing the webhook asks first; Escape keeps it, the dialog's button removes it.
    page.goto(live_server.url + "/settings/notifications")
    page.get_by_role("button", name="Remove…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Remove the team chat webhook?")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Remove…")).to_be_focused()
    assert db.session.scalar(select(ChatWebhook.id)) is not None
    page.get_by_role("button", name="Remove…").click()
    dialog.get_by_role("button", name="Remove webhook").click()
    expect(page.get_by_role("button", name="Remove…")).to_have_count(0)
    db.session.expire_all()
    assert db.session.scalar(select(ChatWebhook.id)) is None
    assert page.console_errors == [] and sam.console_errors == []
