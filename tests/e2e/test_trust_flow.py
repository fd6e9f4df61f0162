"""The two promises, in a real browser: nothing typed is lost (typing while a step is still
being saved, pressing Ctrl+Enter twice), and nobody works an escalation they haven't picked
up (the email link lands on a preview whose action is Pick up)."""
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import Handoff, Step
from rf.core.models import TroubleshootingSession as TS
from rf.notify.dispatch import dispatch_once

from .helpers import log_in, start_session

pytestmark = pytest.mark.browser


def test_typing_while_a_step_is_saved_loses_nothing_and_logs_it_once(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    start_session(page, "7101", "Oakridge Pharmacy", "Label printer prints blank labels", "Hardware")
    form = page.locator("#step-form")
    tried, command, notes = (form.get_by_label(label) for label in ("What did you try?", "Command", "Notes"))

    # A slow network: the step's request waits until the test lets it through.
    held = []
    page.route("**/steps", lambda route: held.append(route))
    tried.fill("Reinstalled the Zebra driver")
    command.fill("pnputil /add-driver zebra.inf")
    form.get_by_label("Didn't work", exact=True).check()
    tried.press("Control+Enter")
    expect(form.locator("[data-saving-status]")).to_have_text("Saving…")  # said in a live region
    # The tech goes on at once: replaces what they tried, adds a note, presses Ctrl+Enter again.
    tried.press("Control+A")
    tried.press_sequentially("Printed a test label from the driver page")
    notes.press_sequentially("blank again")
    tried.press("Control+Enter")  # dropped: one send at a time
    assert len(held) == 1
    held[0].continue_()
    page.unroute("**/steps")

    steps = page.locator("#steps > li")
    expect(steps).to_have_count(1)
    expect(page.locator("#toasts")).to_contain_text("Step 1 logged.")
    expect(form.locator("[data-saving-status]")).to_have_text("")
    # What was sent is cleared; what was typed meanwhile is all still there.
    expect(command).to_have_value("")
    expect(tried).to_have_value("Printed a test label from the driver page")
    expect(notes).to_have_value("blank again")
    expect(form.locator("input[name=result]:checked")).to_have_count(0)  # the next result is chosen afresh
    draft = page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('rf-draft:'))"
                          ".map(k => sessionStorage.getItem(k)).join('')")
    assert "Printed a test label" in draft and "Reinstalled" not in draft

    form.get_by_label("Info", exact=True).check()
    tried.press("Control+Enter")
    expect(steps).to_have_count(2)
    session_id = int(re.search(r"/sessions/(\d+)", page.url).group(1))
    logged = db.session.scalars(select(Step).where(Step.session_id == session_id).order_by(Step.id)).all()
    assert [(s.tried, s.command, s.notes, s.result) for s in logged] == [
        ("Reinstalled the Zebra driver", "pnputil /add-driver zebra.inf", None, "didnt_work"),
        ("Printed a test label from the driver page", None, "blank again", "info")]
    assert page.console_errors == []


def test_the_email_link_offers_pick_up_and_the_other_senior_gets_no_step_form(
        app, live_server, runner, new_page, mailbox):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    junior = new_page()
    log_in(junior, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    start_session(junior, "7102", "Cedar Law", "Shared drive mapping fails at logon", "Systems")
    junior.locator("#step-form").get_by_label("What did you try?").fill("Ran gpupdate /force")
    junior.locator("#step-form").get_by_label("Didn't work", exact=True).check()
    junior.get_by_role("button", name="Log step").click()
    expect(junior.locator("#steps > li")).to_have_count(1)
    junior.get_by_role("link", name="Escalate").click()
    junior.get_by_label("Reason").fill("The GPO looks right; need someone who knows the file server")
    junior.get_by_role("button", name="Escalate").click()
    expect(junior.get_by_role("heading", name=re.compile("Escalated"))).to_be_visible()
    handoff = db.session.scalar(select(Handoff).join(TS).where(TS.ticket_number == "7102"))

    app.config["RF_BASE_URL"] = live_server.url  # as the server's own setting would be
    dispatch_once()
    to_dana = next(m for m in mailbox.messages if m["To"] == "dana@demo.test")
    link = re.search(r"Pick it up: (\S+)", to_dana.get_body(("plain",)).get_content()).group(1)
    assert urlsplit(link).path == f"/handoffs/{handoff.id}/context"

    # Sam has the session page open: the escalation is waiting, so Pick up and no step form.
    sam = new_page()
    log_in(sam, live_server.url, "sam@demo.test", DEMO_PASSWORD)
    sam.goto(live_server.url + f"/sessions/{handoff.session_id}")
    expect(sam.locator("#step-form")).to_have_count(0)
    expect(sam.get_by_text("Pick it up to work on it.")).to_be_visible()

    # Dana opens the email on her phone: a preview whose action is Pick up.
    dana = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    dana.goto(link)  # not signed in on the phone yet: the login page, then back to the link
    expect(dana).to_have_url(re.compile(r"/login\?next="))
    dana.get_by_label("Email").fill("dana@demo.test")
    dana.get_by_label("Password").fill(DEMO_PASSWORD)
    dana.get_by_role("button", name="Log in").click()
    expect(dana).to_have_url(link)
    expect(dana.locator("#context-heading")).to_have_text("Handoff context")
    expect(dana.get_by_role("link", name="Start here")).to_have_count(0)
    expect(dana.get_by_role("button", name="Pick up")).to_have_count(1)  # at the top on a phone, once
    with dana.expect_navigation():  # to the same address: wait for the new page, not the old one
        dana.get_by_role("button", name="Pick up").click()
    expect(dana).to_have_url(re.compile(rf"/handoffs/{handoff.id}/context$"))
    expect(dana.locator(".context__action-top").get_by_role("link", name="Start here")).to_be_visible()
    expect(dana.get_by_role("link", name="Start here")).to_have_count(1)  # at the top on a phone, once
    expect(dana.get_by_role("button", name="Pick up")).to_have_count(0)

    # Sam, on the page he had open, is a moment late.
    sam.locator(".banner").get_by_role("button", name="Pick up").click()
    expect(sam.locator("#toasts")).to_contain_text(re.compile(r"Already claimed by Dana Senior \d+s ago"))
    db.session.expire_all()
    assert db.session.get(Handoff, handoff.id).closed_by.email == "dana@demo.test"
    assert dana.console_errors == [] and sam.console_errors == []
