"""WCAG 2.2 A/AA by axe-core on every page and the states people reach, at desktop and phone
widths, as each role sees them (demo data): zero violations, or a named, reasoned exception."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import Handoff
from rf.core.models import TroubleshootingSession as TS

from .a11y import DESKTOP, PHONE, axe_violations
from .helpers import log_in

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def demo_ids():
    escalated = db.session.scalar(select(TS).where(TS.summary == "Intermittent DNS failures at the branch office"))
    escalation = db.session.scalar(select(Handoff).where(Handoff.session_id == escalated.id,
                                                         Handoff.intent == "escalate", Handoff.closed_at.is_(None)))
    resolved = db.session.scalar(select(TS.id).where(TS.status == "resolved").order_by(TS.id))
    active = db.session.scalar(select(TS.id).where(TS.summary == "New laptop won't join the domain"))
    return {"escalated": escalated.id, "escalation": escalation.id, "resolved": resolved, "active": active}


def pages_by_login(ids):
    """What each demo login opens: (label, path)."""
    return {
        None: [("login", "/login"), ("forgot password", "/password/forgot"), ("not found", "/no-such-page")],
        "owner@demo.test": [("home", "/"), ("team", "/team"), ("notifications", "/settings/notifications"),
                            ("delivery log", "/notifications"), ("metrics", "/metrics"),
                            ("password", "/account/password"), ("sessions: team", "/sessions?view=team")],
        "dana@demo.test": [("queue", "/escalations"), ("context preview", f"/handoffs/{ids['escalation']}/context"),
                           ("escalated session", f"/sessions/{ids['escalated']}"),
                           ("resolved session", f"/sessions/{ids['resolved']}")],
        "sam@demo.test": [("own session", f"/sessions/{ids['active']}"), ("new session", "/sessions/new"),
                          ("escalate", f"/sessions/{ids['active']}/escalate"),
                          ("resolve", f"/sessions/{ids['active']}/resolve"), ("sessions: mine", "/sessions"),
                          ("sessions: parked", "/sessions?view=parked")],
        "vic@demo.test": [("viewer sessions", "/sessions?view=team"),
                          ("viewer session", f"/sessions/{ids['escalated']}")],
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_has_no_wcag_violations(live_server, runner, new_page, width):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    ids = demo_ids()
    found = []
    for login, pages in pages_by_login(ids).items():
        page = new_page(viewport=WIDTHS[width])
        if login:
            log_in(page, live_server.url, login, DEMO_PASSWORD)
            expect(page.get_by_role("button", name="Log out")).to_be_visible()
        for label, path in pages:
            page.goto(live_server.url + path)
            found += [f"{label} ({login or 'signed out'}): {line}" for line in axe_violations(page)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_states_people_reach_have_no_wcag_violations(live_server, runner, new_page, width):
    """Forms with errors, a live arrival in the queue, the empty queue, picking up, the
    handoff context in the session page's dialog, a refusal, and the metrics page printed."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    assert runner.invoke(args=["rf", "create-account", "Quiet MSP"]).exit_code == 0
    assert runner.invoke(args=["rf", "create-user", "--account", "Quiet MSP", "--email", "kai@quiet.test",
                               "--name", "Kai", "--role", "engineer", "--password", DEMO_PASSWORD]).exit_code == 0
    ids = demo_ids()
    found = []

    def check(page, label):
        found.extend(f"{label}: {line}" for line in axe_violations(page))

    senior, junior = new_page(viewport=WIDTHS[width]), new_page(viewport=WIDTHS[width])
    log_in(senior, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    log_in(junior, live_server.url, "sam@demo.test", DEMO_PASSWORD)

    junior.goto(live_server.url + "/sessions/new")
    junior.get_by_role("button", name="Start session").click()
    expect(junior.get_by_text("Enter the ticket number from your PSA.")).to_be_visible()
    check(junior, "new session with errors")
    junior.goto(f"{live_server.url}/sessions/{ids['active']}")
    junior.get_by_role("button", name="Log step").click()
    expect(junior.locator("#step-form .field__error").first).to_be_visible()
    check(junior, "step form with errors")

    senior.goto(live_server.url + "/escalations")
    junior.goto(f"{live_server.url}/sessions/{ids['active']}/escalate")
    junior.get_by_label("Reason").fill("Domain join fails with 'network path not found'")
    junior.get_by_role("button", name="Escalate").click()
    expect(senior.get_by_role("link", name="New laptop won't join the domain")).to_be_visible()
    check(senior, "queue after a live arrival")

    senior.goto(f"{live_server.url}/handoffs/{ids['escalation']}/context")
    senior.get_by_role("button", name="Pick up").first.click()
    expect(senior.get_by_role("heading", name="Start here")).to_be_visible()
    check(senior, "context after pick-up")
    senior.goto(f"{live_server.url}/sessions/{ids['escalated']}")
    senior.get_by_role("link", name="Show handoff context").first.click()
    expect(senior.locator("#context-dialog")).to_be_visible()
    check(senior, "session page with the context dialog open")

    viewer = new_page(viewport=WIDTHS[width])
    log_in(viewer, live_server.url, "vic@demo.test", DEMO_PASSWORD)
    viewer.goto(live_server.url + "/team")
    check(viewer, "403 page")

    quiet = new_page(viewport=WIDTHS[width])
    log_in(quiet, live_server.url, "kai@quiet.test", DEMO_PASSWORD)
    quiet.goto(live_server.url + "/escalations")
    expect(quiet.get_by_text("All clear.")).to_be_visible()
    check(quiet, "empty queue")

    owner = new_page(viewport=WIDTHS[width])
    log_in(owner, live_server.url, "owner@demo.test", DEMO_PASSWORD)
    owner.goto(live_server.url + "/metrics")
    owner.emulate_media(media="print")
    check(owner, "metrics printed")
    assert found == [], "\n".join(found)
