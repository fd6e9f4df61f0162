"""The owner's metrics in a real browser: the stopwatch records a baseline measurement, and
the page prints to at most two pages with the numbers on them."""
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from rf.cli import DEMO_PASSWORD

from .a11y import DESKTOP, PHONE
from .helpers import log_in

pytestmark = pytest.mark.browser


def test_the_owner_times_a_baseline_and_prints_the_report(live_server, runner, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "owner@demo.test", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Metrics").click()
    expect(page.get_by_role("heading", name="Escalation metrics")).to_be_visible()
    page.get_by_role("link", name="90 days").click()
    expect(page.locator("#claimed")).to_contain_text("11")  # the demo's picked-up escalations

    # The stopwatch fills in the time; the measurement joins the baseline.
    page.get_by_label("What was it").fill("#4301 Printer offline")
    page.get_by_role("button", name="Start stopwatch").click()
    expect(page.locator("[data-stopwatch-display]")).to_have_text("0:01", timeout=5000)
    page.get_by_role("button", name="Stop", exact=True).click()
    expect(page.get_by_label("Ticket opened → first diagnostic action")).to_have_value(re.compile(r"^0:0[1-9]$"))
    page.get_by_label("Ticket opened → first diagnostic action").fill("47")  # what the owner actually timed
    page.get_by_role("button", name="Add measurement").click()
    expect(page.locator("#toasts")).to_contain_text("Measurement added to the baseline.")
    expect(page.locator("#baseline")).to_contain_text("#4301 Printer offline")
    expect(page.locator("#recovered")).to_contain_text("minutes recovered per escalation")

    page.goto(live_server.url + "/metrics?period=90d")
    claim_median = re.search(r"\d+(\.\d)? (s|min|h|days)",
                             page.locator("#time-to-claim .metric-card__value").inner_text()).group(0)
    recovered = page.locator(".recovered__value strong").first.inner_text()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert 1 <= len(pdf.pages) <= 2
    text = " ".join(p.extract_text() for p in pdf.pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Demo MSP" in flat and "last 90 days" in flat and "generated" in flat
    assert claim_median in flat and recovered in flat
    assert "Who picks up" in flat and "What these numbers mean" in flat
    assert "Log out" not in flat and "Add measurement" not in flat  # no navigation or forms on paper
    assert len(PdfReader(io.BytesIO(page.pdf(format="Letter"))).pages) <= 2
    headings = page.locator("section.panel h2").all_inner_texts()
    assert len(headings) >= 5
    for paper in ("A4", "Letter"):
        every_section_starts_with_its_heading_and_a_line(page.pdf(format=paper), headings, paper)

    # Deleting asks first, then returns to the same period.
    row = page.locator("#baseline tr", has_text="#4301 Printer offline")
    row.get_by_role("button", name="Delete… #4301 Printer offline").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete “#4301 Printer offline” from the baseline?")
    dialog.get_by_role("button", name="Delete measurement").click()
    expect(page.locator("#toasts")).to_contain_text("Measurement deleted.")
    expect(page.locator("#baseline")).not_to_contain_text("#4301 Printer offline")
    assert "period=90d" in page.url
    assert page.console_errors == []


def every_section_starts_with_its_heading_and_a_line(pdf_bytes, headings, paper):
    """Each section whole on a page (every page after the first starts with a section's
    heading: none runs over from the page before), and no orphaned heading: each is on a
    page with at least one line of its section after it. Read from the PDF's own text."""
    pages = [[" ".join(line.split()) for line in p.extract_text().splitlines() if line.strip()]
             for p in PdfReader(io.BytesIO(pdf_bytes)).pages]
    for heading in headings:
        found = [(number, lines.index(heading)) for number, lines in enumerate(pages) if heading in lines]
        assert found, f"{paper}: heading {heading!r} not found as a line of its own"
        number, at = found[0]
        assert at + 1 < len(pages[number]), f"{paper}: {heading!r} is the last line of page {number + 1}"
    for number, lines in enumerate(pages[1:], start=2):
        assert lines[0] in headings, f"{paper}: page {number} starts inside a section: {lines[0]!r}"



def test_the_queue_card_loads_after_the_page_and_says_so_when_it_cannot(live_server, runner, new_page):
    """A skeleton while the card loads; filled with the conversion and the disclaimer; when the
    server fails, a plain line with Retry (no toast), and Retry fills it in place, focus kept."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page()
    log_in(page, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    held = []
    page.route("**/metrics/card", lambda route: held.append(route))  # answered when the test says
    page.goto(live_server.url + "/escalations")
    card = page.locator("#queue-metrics")
    expect(card.locator(".queue-metrics__skeleton").first).to_be_visible()
    expect(card).to_have_attribute("aria-busy", "true")
    while not held:
        page.wait_for_timeout(50)  # waiting for the card's request to reach the route, not for a race
    held.pop().fulfill(status=500, body="boom")
    expect(card.get_by_text("These figures couldn't be loaded.")).to_be_visible()
    expect(card.locator(".queue-metrics__skeleton:visible")).to_have_count(0)
    expect(page.locator("#toasts")).not_to_contain_text("couldn't complete")
    page.unroute("**/metrics/card")
    card.get_by_role("button", name="Retry").focus()
    page.keyboard.press("Enter")
    expect(card).to_contain_text("picked-up escalations reached a first action (")
    expect(card).to_contain_text("In-product time only — not minutes saved.")
    expect(card.get_by_role("link", name="Metrics")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "queue-metrics"
    # htmx logs the failed answer itself; nothing else went wrong (no script error, no CSP refusal).
    expected = "Response Status Error Code 500 from /metrics/card"
    assert [error for error in page.console_errors if not error.startswith(expected)] == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_queue_does_not_move_when_the_card_fills_in(live_server, runner, new_page, viewport):
    """The skeleton holds the filled card's place, so the escalation a senior is about to
    pick up doesn't jump away from the pointer or thumb when the figures arrive."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    held = []
    page.route("**/metrics/card", lambda route: held.append(route))
    page.goto(live_server.url + "/escalations")
    first_escalation = page.locator(".queue-card").first
    while not held:
        page.wait_for_timeout(50)  # waiting for the card's request to reach the route, not for a race
    waiting_top = first_escalation.bounding_box()["y"]
    held.pop().continue_()
    expect(page.locator("#queue-metrics")).to_contain_text("reached a first action (")
    moved = first_escalation.bounding_box()["y"] - waiting_top
    assert abs(moved) <= 12, f"the queue moved {moved:.0f} px when the card filled in"
