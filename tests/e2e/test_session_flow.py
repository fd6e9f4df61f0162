"""A junior works a session in a real browser: starts it, logs three steps from the keyboard
(one a dead end with command output), escalates, and exports the package."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import TroubleshootingSession

from .helpers import log_in, start_session

pytestmark = pytest.mark.browser


def log_step(page, tried, result, command=None, output=None, notes=None):
    form = page.locator("#step-form")
    form.get_by_label("What did you try?").fill(tried)
    if command:
        form.get_by_label("Command").fill(command)
    if output:
        form.get_by_label("Output").fill(output)
    form.get_by_label(result, exact=True).check()
    if notes:
        form.get_by_label("Notes").fill(notes)
    form.get_by_label("What did you try?").press("Control+Enter")


def test_junior_logs_steps_escalates_and_exports(live_server, runner, new_page, tmp_path):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    start_session(page, "7001", "Oakridge Pharmacy", "Label printer stops after every Windows update", "Hardware")
    expect(page.get_by_role("heading", name="Label printer stops after every Windows update")).to_be_visible()

    session_url = page.url
    expect(page.get_by_label("What did you try?")).to_be_focused()
    log_step(page, "Restarted the print spooler", "Didn't work", command="Restart-Service Spooler")
    steps = page.locator("#steps > li")
    expect(steps).to_have_count(1)
    expect(page.get_by_label("What did you try?")).to_be_focused()  # ready for the next one
    expect(page.get_by_label("What did you try?")).to_have_value("")

    log_step(page, "Checked the driver in use", "Dead end", command="Get-PrinterDriver | ft Name",
             output="Name\n----\n<Zebra ZDesigner> & \x1b[31mGeneric Text Only\x1b[0m",
             notes="Driver looks right")
    expect(steps).to_have_count(2)
    log_step(page, "Found the update reset the port to WSD", "Info", notes="Port was TCP/IP before")
    expect(steps).to_have_count(3)
    expect(steps.nth(1)).to_contain_text("Dead end")
    expect(steps.nth(1).locator("pre").last).to_have_text("Name\n----\n<Zebra ZDesigner> & Generic Text Only")
    assert page.url == session_url  # no reload happened

    page.get_by_role("link", name="Escalate").click()
    page.get_by_label("Reason").fill("Happens after every update; need a permanent fix")
    page.get_by_label("High").check()
    page.get_by_role("button", name="Escalate").click()
    expect(page.locator("#toasts")).to_contain_text("Escalated.")
    expect(page.get_by_role("heading", name="Escalated · High priority")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download .md").click()
    path = tmp_path / "package.md"
    download_info.value.save_as(path)
    markdown = path.read_text()
    for expected in ("Restarted the print spooler", "### 2. Checked the driver in use — Dead end",
                     "- Step 2: Checked the driver in use", "Get-PrinterDriver | ft Name",
                     "<Zebra ZDesigner> & Generic Text Only", "Found the update reset the port to WSD",
                     "Happens after every update; need a permanent fix", "- **Priority:** High"):
        assert expected in markdown, expected

    page.get_by_text("Copy the note or the Markdown").click()  # the texts load when the panel opens
    page.get_by_role("button", name="Copy note").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    clipboard = page.evaluate("navigator.clipboard.readText()")
    assert clipboard.startswith("ESCALATION: Label printer stops after every Windows update")
    assert "2. [DEAD END] Checked the driver in use" in clipboard

    # Someone resolves it in another tab; a step from this stale page gets one clear toast.
    db.session.execute(update(TroubleshootingSession).values(status="resolved"))
    db.session.commit()
    page.locator("#toasts .toast").evaluate_all("toasts => toasts.forEach(t => t.remove())")
    log_step(page, "One more thing", "Info")
    expect(page.locator("#toasts .toast")).to_have_count(1)
    expect(page.locator("#toasts")).to_contain_text("This session is resolved, so no more steps can be logged.")
    expect(steps).to_have_count(3)
    assert page.console_errors == []


def test_a_typed_step_survives_a_park_error_and_a_trip_to_escalate(live_server, runner, new_page):
    """What is typed into the step form but not logged yet stays in this tab: a Park sent with
    an empty note (a full page back with its error) and the Escalate page don't lose it, and
    the Escalate page says it is there. Logging the step lets it go."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    start_session(page, "7002", "Oakridge Pharmacy", "Scanner drops off the network")
    session_url = page.url
    form = page.locator("#step-form")
    form.get_by_label("What did you try?").fill("Gave the scanner a DHCP reservation")
    form.get_by_label("Command").fill("Add-DhcpServerv4Reservation")

    page.get_by_text("Park", exact=True).click()
    page.get_by_role("button", name="Park session").click()  # no note
    expect(page.locator("#park-form")).to_contain_text("Leave a note for when you come back")
    expect(page.locator("#park-form textarea")).to_be_focused()
    expect(form.get_by_label("What did you try?")).to_have_value("Gave the scanner a DHCP reservation")
    expect(form.get_by_label("Command")).to_have_value("Add-DhcpServerv4Reservation")

    page.goto(session_url)
    page.get_by_role("link", name="Escalate").click()
    warning = page.locator("[data-draft-warning^='step-']")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text('You typed a step you haven\'t logged: "Gave the scanner a DHCP reservation"')
    expect(page.get_by_text("You haven't logged any steps yet")).to_be_visible()
    warning.get_by_role("link", name="go back and log it").click()
    expect(form.get_by_label("What did you try?")).to_have_value("Gave the scanner a DHCP reservation")
    form.get_by_label("Didn't work", exact=True).check()
    form.get_by_role("button", name="Log step").click()
    expect(page.locator("#steps > li")).to_have_count(1)
    page.reload()
    expect(form.get_by_label("What did you try?")).to_have_value("")  # logged: the draft is gone
    page.get_by_role("link", name="Escalate").click()
    expect(page.locator("[data-draft-warning^='step-']")).to_be_hidden()
    # Logging out forgets drafts: the next person in this tab doesn't find them.
    page.goto(session_url)
    form.get_by_label("What did you try?").fill("Half a thought")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    page.goto(session_url)
    expect(form.get_by_label("What did you try?")).to_have_value("")
    assert page.console_errors == []


def test_a_step_typed_before_the_page_script_ran_survives_a_park_error(live_server, runner, new_page):
    """A quick typist on a slow page: what went into the step form before rf.js had run is kept
    as a draft too, so the Park error page gives it back."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "jules@demo.test", DEMO_PASSWORD)
    start_session(page, "7003", "Oakridge Pharmacy", "Label printer prints blank pages")
    # start_session waited for the session page to load: only the reload's rf.js is held below.
    held = []
    page.route("**/static/rf.js*", lambda route: held.append(route))
    page.reload(wait_until="commit")
    page.locator("#step-form").get_by_label("What did you try?").fill("Reinstalled the Zebra driver")
    page.wait_for_function("document.readyState === 'interactive'")  # parsed, rf.js still held
    assert len(held) == 1
    held[0].continue_()
    page.unroute("**/static/rf.js*")
    page.wait_for_load_state("load")

    page.get_by_text("Park", exact=True).click()
    page.get_by_role("button", name="Park session").click()  # no note
    expect(page.locator("#park-form")).to_contain_text("Leave a note for when you come back")
    expect(page.locator("#step-form").get_by_label("What did you try?")).to_have_value(
        "Reinstalled the Zebra driver")
    assert page.console_errors == []
