"""The live queue in real browsers: a senior sees a junior's escalation arrive without reload."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import TroubleshootingSession as TS
from rf.core.models import User

from ..factories import make_escalation, make_session
from .helpers import log_in, start_session

pytestmark = pytest.mark.browser


def session_id(summary):
    """A demo session's id, by its problem summary."""
    return db.session.scalar(select(TS.id).where(TS.summary == summary))


def test_escalation_arrives_live_and_dismiss_clears_the_dot(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    senior = new_page()
    log_in(senior, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    senior.get_by_role("navigation", name="Main").get_by_role("link", name="Queue").click()
    heading = senior.locator("#queue-heading")
    expect(heading).to_have_text("2 escalations awaiting pickup")
    cards_before = senior.locator(".queue-card").count()
    senior.evaluate("document.title")  # the page is settled; now send it to the background
    senior.evaluate("""() => {
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")

    junior = new_page()
    log_in(junior, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    start_session(junior, "8001", "Harbor Dental", "Phones drop every call after 30 seconds")
    junior.get_by_role("link", name="Escalate").click()
    junior.get_by_label("Reason").fill("SIP ALG? No idea where to look next")
    junior.get_by_label("Urgent").check()
    junior.get_by_role("button", name="Escalate").click()
    expect(junior.locator("#toasts")).to_contain_text("Escalated.")

    # Within 2 s, without a reload: the card (urgent, so first), the heading, the title.
    card = senior.locator(".queue-card").first
    expect(card).to_contain_text("Phones drop every call after 30 seconds", timeout=2000)
    expect(heading).to_have_text("3 escalations awaiting pickup")
    assert senior.locator(".queue-card").count() == cards_before + 1
    expect(card.locator(".unread-dot")).to_be_visible()
    expect(senior.locator("#queue-announcer")).to_contain_text("New urgent priority escalation: Phones drop")
    expect(senior).to_have_title("(1) Queue · ResolutionFlow")
    senior.evaluate("""() => {
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    expect(senior).to_have_title("Queue · ResolutionFlow")

    card.hover()
    expect(card.locator(".unread-dot")).to_be_visible()  # never cleared by hover
    card.get_by_role("button", name="Mark as seen").click()
    expect(senior.locator(".queue-card").first.locator(".unread-dot")).to_be_hidden()
    senior.reload()
    expect(senior.locator(".queue-card").first.locator(".unread-dot")).to_be_hidden()
    assert senior.console_errors == []


def test_eight_queue_tabs_share_one_long_poll(queue_servers, runner, browser):
    """Browsers allow ~6 connections per host: eight tabs each parking a poll would freeze
    the app for that browser. One tab holds the poll; the others follow it."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    server = queue_servers[0]
    context = browser.new_context()
    context.set_default_timeout(10_000)
    try:
        first = context.new_page()
        log_in(first, server.url, "dana@demo.test", DEMO_PASSWORD)
        tabs = [first] + [context.new_page() for _ in range(7)]
        for tab in tabs:
            tab.goto(server.url + "/escalations")
            expect(tab.locator("#queue-heading")).to_have_text("2 escalations awaiting pickup")
        # A ninth tab still loads at once: the polls don't hold the browser's connections.
        ninth = context.new_page()
        ninth.goto(server.url + "/sessions", timeout=5_000)
        expect(ninth.get_by_role("heading", name="Sessions")).to_be_visible()
        # An escalation reaches every tab, the one polling and the seven following it.
        domain_join = session_id("New laptop won't join the domain")
        ninth.goto(server.url + f"/sessions/{domain_join}/escalate")
        ninth.get_by_label("Reason").fill("Domain join still failing")
        ninth.get_by_role("button", name="Escalate").click()
        for tab in tabs:
            expect(tab.locator("#queue-heading")).to_have_text("3 escalations awaiting pickup", timeout=5_000)
        # Dismissing in one tab clears the dot in all of them; so does opening the session.
        def quickbooks(tab):
            return tab.locator(".queue-card", has_text="QuickBooks")

        expect(quickbooks(tabs[5]).locator(".unread-dot")).to_have_count(1)
        quickbooks(tabs[3]).get_by_role("button", name="Mark as seen").click()
        for tab in tabs:
            expect(quickbooks(tab).locator(".unread-dot")).to_be_hidden()
        ninth.goto(server.url + f"/sessions/{session_id('Intermittent DNS failures at the branch office')}")
        for tab in tabs:
            expect(tab.locator(".queue-card", has_text="Intermittent DNS").locator(".unread-dot")).to_be_hidden()
    finally:
        context.close()


def test_the_queue_reconnects_after_a_server_restart_and_catches_up(app, database_url, start_server, runner,
                                                                      new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    first = start_server(database_url, workers=1)
    page = new_page()
    log_in(page, first.url, "dana@demo.test", DEMO_PASSWORD)
    page.goto(first.url + "/escalations")
    expect(page.locator("#queue-heading")).to_have_text("2 escalations awaiting pickup")
    first.stop()  # the parked poll ends; the page keeps retrying with backoff
    second = start_server(database_url, workers=1, port=first.port)
    junior = new_page()
    log_in(junior, second.url, "sam@demo.test", DEMO_PASSWORD)
    domain_join = session_id("New laptop won't join the domain")
    junior.goto(second.url + f"/sessions/{domain_join}/escalate")
    junior.get_by_label("Reason").fill("Escalated while the queue tab was reconnecting")
    junior.get_by_role("button", name="Escalate").click()
    expect(junior.locator("#toasts")).to_contain_text("Escalated.")
    expect(page.locator("#queue-heading")).to_have_text("3 escalations awaiting pickup", timeout=15_000)
    expect(page.locator(".queue-card", has_text="New laptop won't join the domain")).to_have_class(re.compile("is-new"))


def escalate_the_laptop_as_sam(page, base_url):
    """Sam escalates the demo's "New laptop won't join the domain", urgent; his page."""
    log_in(page, base_url, "sam@demo.test", DEMO_PASSWORD)
    laptop = session_id("New laptop won't join the domain")
    page.goto(f"{base_url}/sessions/{laptop}/escalate")
    page.get_by_label("Reason").fill("Domain join says the network path was not found")
    page.get_by_label("Urgent").check()
    page.get_by_role("button", name="Escalate").click()
    return page


def focused_text(page):
    return page.evaluate("document.activeElement && document.activeElement.textContent.trim()")


def test_a_focused_card_keeps_focus_through_an_arrival_and_a_claim_elsewhere(live_server, runner, new_page):
    """A keyboard senior on a card's Pick up keeps their place while the queue changes around
    it; when that card itself is picked up by someone else, focus moves to the next card and
    the live region says which one left; when the last one goes, to the queue's heading."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    senior = new_page()
    log_in(senior, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    senior.goto(live_server.url + "/escalations")
    dns = "Pick up Intermittent DNS failures at the branch office"
    senior.get_by_role("button", name=dns).focus()
    assert focused_text(senior) == dns

    escalate_the_laptop_as_sam(new_page(), live_server.url)  # urgent: sorts above the focused card
    expect(senior.locator(".queue-card").first).to_contain_text("New laptop won't join the domain")
    assert focused_text(senior) == dns

    other = new_page()  # another senior picks up a different card
    log_in(other, live_server.url, "owner@demo.test", DEMO_PASSWORD)
    other.goto(live_server.url + "/escalations")
    other.get_by_role("button", name="Pick up QuickBooks can't open the company file over the network").click()
    expect(other.get_by_role("heading", name="Start here")).to_be_visible()
    expect(senior.locator(".queue-card")).to_have_count(2)
    assert focused_text(senior) == dns

    other.goto(live_server.url + "/escalations")  # … and then the focused one
    other.get_by_role("button", name=dns).click()
    expect(other.get_by_role("heading", name="Start here")).to_be_visible()
    expect(senior.locator(".queue-card")).to_have_count(1)
    expect(senior.locator("#queue-announcer")).to_contain_text(
        "Intermittent DNS failures at the branch office is no longer waiting.")
    assert focused_text(senior) == "Pick up New laptop won't join the domain"

    other.goto(live_server.url + "/escalations")  # the last card leaves: the whole list changes
    other.get_by_role("button", name="Pick up New laptop won't join the domain").click()
    expect(other.get_by_role("heading", name="Start here")).to_be_visible()
    expect(senior.get_by_text("All clear.")).to_be_visible()
    expect(senior.locator("#queue-announcer")).to_contain_text("New laptop won't join the domain is no longer waiting.")
    assert senior.evaluate("document.activeElement.id") == "queue-heading"  # not the page body
    assert senior.console_errors == []


# Records desktop notifications instead of showing them (the page can't tell the difference).
# Chromium's own Notifications API, watched: every notification made and every permission
# request is noted, and each still goes to the real one.
SPY_ON_NOTIFICATIONS = """
window.__notifications = [];
window.__permissionRequests = 0;
const RealNotification = window.Notification;
window.Notification = class extends RealNotification {
    constructor(title, options) { super(title, options); window.__notifications.push(this); }
    static requestPermission() { window.__permissionRequests += 1; return RealNotification.requestPermission(); }
};
"""


def test_a_senior_on_a_session_page_notices_a_new_escalation(live_server, runner, browser):
    """The Queue nav item counts escalations live on any page (the same one poll per
    browser); with desktop notifications turned on (asked only on the click), a hidden tab
    shows a new urgent escalation but not a normal one, and clicking it lands on its card."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    context = browser.new_context()
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(SPY_ON_NOTIFICATIONS)
    try:
        senior = context.new_page()
        log_in(senior, live_server.url, "dana@demo.test", DEMO_PASSWORD)
        senior.goto(live_server.url + "/settings/notifications")
        senior.get_by_label("For escalations of at least").select_option("urgent")
        assert senior.evaluate("window.__permissionRequests") == 0  # nothing asked before the click
        senior.get_by_role("button", name="Notify me on this computer").click()
        expect(senior.locator("[data-desktop-notify-status]")).to_contain_text("urgent priority escalations")
        assert senior.evaluate("window.__permissionRequests") == 1

        senior.goto(f"{live_server.url}/sessions/{session_id('Intermittent DNS failures at the branch office')}")
        count = senior.get_by_role("navigation", name="Main").locator("#queue-count")
        expect(count).to_have_text("2 awaiting pickup")
        senior.evaluate("""() => {
            Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
            document.dispatchEvent(new Event('visibilitychange'));
        }""")

        jules = db.session.scalar(select(User).where(User.email == "jules@demo.test"))
        make_escalation(make_session(jules.account, jules, summary="Printer queue stuck"), jules, priority="normal")
        expect(count).to_have_text("3 awaiting pickup", timeout=2000)
        junior = escalate_the_laptop_as_sam(context.browser.new_context().new_page(), live_server.url)
        expect(count).to_have_text("4 awaiting pickup", timeout=2000)
        senior.wait_for_function("window.__notifications.length >= 1")
        shown = senior.evaluate("__notifications.map(n => ({title: n.title, body: n.body}))")
        assert shown == [{"title": "Urgent escalation waiting", "body": "New laptop won't join the domain"}]
        senior.evaluate("__notifications[0].dispatchEvent(new Event('click'))")  # as the system does
        senior.wait_for_url("**/escalations")
        expect(senior.get_by_role("button", name="Pick up New laptop won't join the domain")).to_be_focused()
        junior.context.close()
    finally:
        context.close()


def test_a_queue_tab_that_doesnt_hold_the_poll_still_counts_as_watching(live_server, runner, browser):
    """Another page of the browser (a session) holds the one long-poll; the queue tab still
    says every 20 s that it is watching (a list poll: what a list poll records is checked in
    test_notify_settings), so "email me only when I'm not watching" holds."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    context = browser.new_context()
    try:
        session_page = context.new_page()
        log_in(session_page, live_server.url, "dana@demo.test", DEMO_PASSWORD)
        session_page.goto(f"{live_server.url}/sessions/{session_id('New laptop won' + chr(39) + 't join the domain')}")
        session_page.wait_for_function("document.getElementById('queue-poller') !== null")
        queue = context.new_page()
        queue.clock.install()
        queue.goto(live_server.url + "/escalations")
        with queue.expect_response(lambda r: "/queue/poll" in r.url and "wait=0" in r.url) as tick:
            queue.clock.fast_forward(21_000)
        assert tick.value.status == 200 and "view=count" not in tick.value.url
    finally:
        context.close()
