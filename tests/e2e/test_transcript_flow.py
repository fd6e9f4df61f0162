"""A junior pastes a PowerShell transcript instead of typing steps, from the keyboard: three
commands, one failed; the preview pre-marks the failure, the junior rewrites one step, adds
them, escalates, and the senior's handoff context shows the three steps as added."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import Handoff
from rf.core.models import TroubleshootingSession as TS

from .a11y import PHONE, axe_violations
from .helpers import log_in, start_session

pytestmark = pytest.mark.browser

SUMMARY = "Front desk can't print: spooler won't stay up"
# Three commands, the second failed, the third continued on a ">>" line; CRLF as Windows copies it.
TRANSCRIPT = (Path(__file__).parent.parent / "transcripts" / "powershell_spooler_wont_start.txt").read_bytes().decode()
AS_SHOWN = TRANSCRIPT.replace("\r\n", "\n")  # a textarea's value has LF line ends


def test_a_pasted_transcript_becomes_three_steps_in_the_handoff_context(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    start_session(page, "7310", "Oakridge Pharmacy", SUMMARY, "Hardware")

    # Keyboard only: open the paste box, paste from the clipboard, preview.
    page.locator("#paste-transcript > summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Terminal transcript")).to_be_focused()
    page.evaluate("text => navigator.clipboard.writeText(text)", TRANSCRIPT)
    page.keyboard.press("Control+V")
    expect(page.get_by_label("Terminal transcript")).to_have_value(AS_SHOWN)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Preview the steps")).to_be_focused()
    page.keyboard.press("Enter")

    heading = page.get_by_role("heading", name="3 steps from this PowerShell transcript")
    expect(heading).to_be_focused()  # a screen reader hears what came back
    steps = [page.get_by_role("group", name=f"Step {n}", exact=True) for n in (1, 2, 3)]
    expect(steps[0].get_by_label("Command")).to_have_value("Get-Service Spooler")
    expect(steps[1]).to_contain_text("Start-Service : Service 'Print Spooler (Spooler)' cannot be started")
    expect(steps[1].get_by_label("Didn't work")).to_be_checked()  # the error, pre-marked
    expect(steps[2].get_by_label("Command")).to_have_value(
        "Get-ChildItem C:\\Windows\\System32\\spool\\PRINTERS |\nMeasure-Object")  # the >> continuation
    for step in (steps[0], steps[2]):
        expect(step.get_by_role("radio", checked=True)).to_have_count(0)  # the tech's to say
    assert axe_violations(page) == []

    # Rewrite the first step in the tech's words; mark the two that didn't fail.
    tried = steps[0].get_by_label("What did you try?")
    tried.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Checked the print spooler: stopped")
    steps[0].get_by_label("Info").check()
    info = steps[2].get_by_label("Info")
    info.focus()
    page.keyboard.press("Space")
    # Enter on a choice sends the form with its first button: it keeps the preview as it is
    # (never re-reads the paste over the edits), and the focus stays on the choice.
    with page.expect_response(re.compile(r"/transcript$")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200
    expect(info).to_be_focused()
    expect(info).to_be_checked()
    expect(steps[0].get_by_label("What did you try?")).to_have_value("Checked the print spooler: stopped")
    # Coming back to the page (a reload, a look at Escalate first): the preview as it was left,
    # and the focus where the page puts it (the step form), not taken by the preview arriving.
    page.reload()
    expect(steps[0].get_by_label("What did you try?")).to_have_value("Checked the print spooler: stopped")
    expect(page.locator("#step-form").get_by_label("What did you try?")).to_be_focused()
    expect(steps[0].get_by_label("Info")).to_be_checked()
    expect(steps[1].get_by_label("Didn't work")).to_be_checked()
    expect(steps[2].get_by_label("Info")).to_be_checked()
    page.get_by_role("button", name="Add these steps").focus()
    page.keyboard.press("Enter")

    expect(page.locator("#toasts")).to_contain_text("3 steps logged from the transcript.")
    logged = page.locator("#steps > li")
    expect(logged).to_have_count(3)
    expect(logged.nth(0)).to_contain_text("Checked the print spooler: stopped")
    expect(logged.nth(1)).to_contain_text("Didn't work")
    expect(page.get_by_label("Terminal transcript")).to_have_value("")  # ready for the next paste
    expect(page.get_by_label("Terminal transcript")).to_be_focused()
    assert page.console_errors == []
    page.reload()  # the draft went with the added steps: nothing comes back
    expect(page.locator("#steps > li")).to_have_count(3)
    expect(page.locator("#pasted-heading")).to_have_count(0)
    expect(page.get_by_label("Terminal transcript")).to_be_hidden()

    page.get_by_role("link", name="Escalate").click()
    expect(page.get_by_text("You pasted a transcript")).to_be_hidden()
    page.get_by_label("Reason").fill("Spooler dies on start; 412 jobs stuck in the queue folder")
    page.get_by_role("button", name="Escalate").click()
    expect(page.locator("#toasts")).to_contain_text("Escalated.")

    session = db.session.scalar(select(TS).where(TS.summary == SUMMARY))
    handoff = db.session.scalar(select(Handoff).where(Handoff.session_id == session.id))
    senior = new_page()
    log_in(senior, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    senior.goto(f"{live_server.url}/handoffs/{handoff.id}/context")
    context_steps = senior.locator(".steps--context > li")
    expect(context_steps).to_have_count(3)
    expect(context_steps.nth(0)).to_contain_text("Checked the print spooler: stopped")
    expect(context_steps.nth(1)).to_contain_text("Ran Start-Service Spooler")
    expect(context_steps.nth(1).locator(".result")).to_have_text("Didn't work")
    expect(context_steps.nth(2)).to_contain_text("Count    : 412")
    assert senior.console_errors == []


def test_the_preview_fits_a_phone_and_a_paste_is_never_overwritten(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page(viewport=PHONE)
    log_in(page, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    start_session(page, "7311", "Oakridge Pharmacy", SUMMARY)
    page.get_by_text("Paste a terminal transcript").click()
    box = page.get_by_label("Terminal transcript")
    box.fill("It stopped printing after the update. I rebooted it twice.")
    page.get_by_role("button", name="Preview the steps").click()
    expect(page.locator("#transcript-error")).to_contain_text("No commands found.")
    expect(box).to_have_value("It stopped printing after the update. I rebooted it twice.")
    expect(box).to_be_focused()
    page.reload()  # coming back to the page: the paste is still there, its box open
    expect(box).to_be_visible()
    expect(box).to_have_value("It stopped printing after the update. I rebooted it twice.")
    page.get_by_role("link", name="Escalate").click()  # and escalating first points it out
    expect(page.get_by_text("You pasted a transcript whose steps you haven't added")).to_contain_text(
        '"It stopped printing after the update. I rebooted it twice."')
    page.get_by_role("link", name="go back and add them").click()
    expect(box).to_be_visible()

    # A preview that never arrives (the connection dropped) loses nothing either.
    box.fill(TRANSCRIPT)
    page.route(re.compile(r"/transcript$"), lambda route: route.abort())
    page.get_by_role("button", name="Preview the steps").click()
    expect(page.locator("#toasts")).to_contain_text("Couldn't reach ResolutionFlow")
    page.unroute(re.compile(r"/transcript$"))
    page.console_errors.clear()  # htmx logs the failed request: expected here
    page.reload()
    expect(box).to_have_value(AS_SHOWN)

    # While the preview is on its way nothing can be typed that its answer would overwrite.
    held = []
    page.route(re.compile(r"/transcript$"), lambda route: held.append(route))
    page.get_by_role("button", name="Preview the steps").click()
    expect(page.locator("#paste-transcript [data-saving-status]")).to_have_text("Working…")
    expect(box).to_be_disabled()
    while not held:
        page.wait_for_timeout(50)  # waiting for the preview's request to reach the route, not for a race
    assert len(held) == 1
    held[0].continue_()
    page.unroute(re.compile(r"/transcript$"))
    expect(page.get_by_role("heading", name=re.compile("3 steps"))).to_be_focused()
    expect(box).to_be_enabled()
    expect(box).to_have_value(AS_SHOWN)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    assert page.console_errors == []

    # A kept preview the server can't give back (busy): asked for once, the paste back in the box.
    asked = []
    page.route(re.compile(r"/transcript$"), lambda route: (asked.append(route.request.url),
                                                           route.fulfill(status=503, body="busy")))
    page.reload()
    expect(page.locator("#toasts")).to_contain_text("The server couldn't complete that (503)")
    expect(box).to_have_value(AS_SHOWN)
    expect(page.locator("#pasted-heading")).to_have_count(0)
    assert len(asked) == 1
    page.unroute(re.compile(r"/transcript$"))
    page.console_errors.clear()  # the 503, as htmx logs it

    # Discard asks first; then the box is empty and nothing comes back on a reload.
    page.get_by_role("button", name="Preview the steps").click()
    expect(page.get_by_role("heading", name=re.compile("3 steps"))).to_be_focused()
    page.get_by_role("button", name="Discard…").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_contain_text("Discard this transcript and its preview?")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    dialog.get_by_role("button", name="Discard").click()
    expect(page.locator("#toasts")).to_contain_text("Transcript discarded.")
    expect(box).to_have_value("")
    expect(page.locator("#pasted-heading")).to_have_count(0)
    page.reload()
    expect(page.locator("#pasted-heading")).to_have_count(0)
    expect(box).to_be_hidden()
    assert page.console_errors == []
