"""Pick Up in real browsers: two seniors race for one card; the winner lands on the handoff
context and starts from a suggested step, the loser is told who has it."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import Handoff, Step, User
from rf.core.models import TroubleshootingSession as TS

from .helpers import log_in

pytestmark = pytest.mark.browser
SUMMARY = "Intermittent DNS failures at the branch office"


RECORD_CLAIMED_CARD = """() => new MutationObserver(() => {
    const card = document.querySelector(".queue-card.is-claimed");
    if (card) window.claimedCardText = card.textContent;
}).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true})"""


def test_two_seniors_race_and_the_winner_starts_from_the_context(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    handoff = db.session.scalar(select(Handoff).join(TS).where(TS.summary == SUMMARY, Handoff.closed_at.is_(None)))
    # The demo's assessment, learned from its resolved sessions (a past branch DNS failure).
    suggestion = handoff.assessment["suggested_steps"][0]
    assert "repadmin /syncall" in suggestion["tried"] and suggestion["command"] == "repadmin /syncall /AdeP"

    pages = {}
    for email in ("dana@demo.test", "sam@demo.test"):
        page = new_page()
        log_in(page, live_server.url, email, DEMO_PASSWORD)
        page.goto(live_server.url + "/escalations")
        expect(page.locator(f"#card-{handoff.id}")).to_be_visible()
        pages[email] = page
    for page in pages.values():
        expect(page.locator(f"#card-{handoff.id}").get_by_role("button", name="Pick up")).to_be_enabled()
        # The loser's card names the winner for about a second, then leaves: what it said is
        # recorded as it is shown, so a slow test machine can't miss it.
        page.evaluate(RECORD_CLAIMED_CARD)
    # Both seniors click in the same millisecond (the browsers share this machine's clock).
    at = pages["dana@demo.test"].evaluate("Date.now() + 400")
    for page in pages.values():
        page.evaluate("""([id, at]) => setTimeout(() => document.querySelector(
            `#card-${id} form[hx-post$="/claim"] button`).click(), at - Date.now())""", [handoff.id, at])

    context_url = re.compile(rf"/handoffs/{handoff.id}/context$")
    for page in pages.values():
        page.wait_for_function("() => location.pathname.endsWith('/context') || "
                               "document.querySelector('#toasts .toast')")
    winners = [email for email, page in pages.items() if context_url.search(page.url)]
    assert len(winners) == 1, [page.url for page in pages.values()]
    winner_email = winners[0]
    winner, loser = pages[winner_email], pages[next(e for e in pages if e != winner_email)]
    winner_user = db.session.scalar(select(User).where(User.email == winner_email))

    # The loser: told who has it, in the live region; the card names the winner, then leaves.
    expect(loser.locator("#toasts")).to_contain_text(re.compile(rf"Already claimed by {winner_user.name} \d+s ago"))
    assert f"Picked up by {winner_user.name}" in " ".join(loser.evaluate("window.claimedCardText || ''").split())
    expect(loser.locator(f"#card-{handoff.id}")).to_have_count(0, timeout=5000)
    expect(loser.locator("#queue-heading")).to_have_text("1 escalation awaiting pickup")
    # Focus went to the next card, not back to the top of the page.
    other = db.session.scalar(select(Handoff.id).where(Handoff.intent == "escalate", Handoff.closed_at.is_(None),
                                                       Handoff.id != handoff.id))
    assert loser.evaluate("document.activeElement.closest('.queue-card') "
                          "&& document.activeElement.closest('.queue-card').id") == f"card-{other}"

    # The winner: the context, focus on its heading, four sections in order.
    expect(winner.locator("#context-heading")).to_be_focused()
    expect(winner.locator("#context-heading")).to_have_text("Handoff context")
    expect(winner.locator(".context__summary")).to_have_text(SUMMARY)
    headings = winner.locator(".context__section h2").all_text_contents()
    assert headings == ["Problem summary", "What's been tried", "Start here", "Assessment"]
    expect(winner.locator("#assessment")).to_contain_text("AD replication to the branch DC had failed")
    # Keyboard order from the heading: what was tried (outputs too wide for their box are
    # scrollable, so Chromium lets the keyboard reach them), Start here, Close, then the
    # assessment's own controls.
    tab_stops = []
    while len(tab_stops) < 14 and (not tab_stops or tab_stops[-1][1] != "Refresh assessment"):
        winner.keyboard.press("Tab")
        tab_stops.append(tuple(winner.evaluate("""() => { const el = document.activeElement;
            return [el.closest('#assessment') ? 'assessment' : el.tagName, el.textContent.trim()]; }""")))
    start = tab_stops.index(("A", "Start here"))
    assert {kind for kind, _ in tab_stops[:start]} == {"PRE"}, tab_stops
    assert tab_stops[start + 1] == ("A", "Close Esc"), tab_stops
    assert {kind for kind, _ in tab_stops[start + 2:]} == {"assessment"}, tab_stops

    # Start here: the session, a chip prefills the step's words and command, the step is the claimer's.
    with winner.expect_navigation():  # the session page, loaded: its script handles the chips
        winner.get_by_role("link", name="Start here").click()
    winner.get_by_role("button", name=suggestion["tried"]).click()
    tried = winner.get_by_label("What did you try?")
    expect(tried).to_have_value(suggestion["tried"])
    command = winner.get_by_label("Command")
    expect(command).to_have_value("repadmin /syncall /AdeP")
    expect(tried).to_be_focused()
    command.fill("repadmin /syncall BR-DC01 /AdeP")  # the senior's own version: a chip never replaces it
    winner.get_by_role("button", name=suggestion["tried"]).click()
    expect(command).to_have_value("repadmin /syncall BR-DC01 /AdeP")
    winner.get_by_label("Info").check()
    winner.get_by_role("button", name="Log step").click()
    expect(winner.locator("#toasts")).to_contain_text("logged.")
    step = db.session.scalars(
        select(Step).where(Step.session_id == handoff.session_id).order_by(Step.id.desc())).first()
    assert (step.tried, step.command, step.author_id) == (
        suggestion["tried"], "repadmin /syncall BR-DC01 /AdeP", winner_user.id)

    # Reopen the context from the session page; Esc closes it.
    expect(winner.locator("#pickup-heading")).to_contain_text(f"Picked up by {winner_user.name}")
    winner.locator("#pickup-heading").locator("xpath=..").get_by_role("link", name="Show handoff context").click()
    dialog = winner.locator("#context-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#context-heading")).to_be_focused()
    winner.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # The context as a page: Esc goes back to the session.
    winner.goto(live_server.url + f"/handoffs/{handoff.id}/context")
    winner.keyboard.press("Escape")
    expect(winner).to_have_url(re.compile(rf"/sessions/{handoff.session_id}$"))
    assert winner.console_errors == [] and loser.console_errors == []
