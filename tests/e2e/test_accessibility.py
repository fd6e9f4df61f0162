"""WCAG 2.2 A/AA by axe-core on every page and the states people reach, at desktop and phone
widths, as each role sees them (demo data): zero violations, or a named, reasoned exception."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select, update

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import BaselineMeasurement, ChatWebhook, Delivery, Handoff, User, utcnow
from rf.core.models import TroubleshootingSession as TS

from ..factories import make_invite
from .a11y import DESKTOP, PHONE, axe_violations, small_targets, weak_focus_rings, wider_than_their_box
from .helpers import log_in

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
INVITE = "a11y-invite-token"


@pytest.fixture(autouse=True)
def once_on_one_engine(database_url):
    """Pages look and behave the same on either engine: checked once, on SQLite (the rest of
    the suite runs the flows behind them on both)."""
    if database_url.startswith("postgresql"):
        pytest.skip("accessibility doesn't depend on the database engine: checked on SQLite")


def demo_ids():
    escalated = db.session.scalar(select(TS).where(TS.summary == "Intermittent DNS failures at the branch office"))
    escalation = db.session.scalar(select(Handoff).where(Handoff.session_id == escalated.id,
                                                         Handoff.intent == "escalate", Handoff.closed_at.is_(None)))
    resolved = db.session.scalar(select(TS.id).where(TS.status == "resolved").order_by(TS.id))
    active = db.session.scalar(select(TS.id).where(TS.summary == "New laptop won't join the domain"))
    baseline = db.session.scalar(select(BaselineMeasurement.id).order_by(BaselineMeasurement.id))
    return {"escalated": escalated.id, "escalation": escalation.id, "resolved": resolved, "active": active,
            "baseline": baseline}


def demo_owner():
    return db.session.scalar(select(User).where(User.email == "owner@demo.test"))


def pages_by_login(ids):
    """What each demo login opens: (label, path)."""
    return {
        None: [("login", "/login"), ("forgot password", "/password/forgot"), ("not found", "/no-such-page"),
               ("invite", f"/invite/{INVITE}"), ("used or unknown invite", "/invite/no-such-invite"),
               ("used or unknown reset link", "/password/reset/no-such-link")],
        "owner@demo.test": [("home", "/"), ("team", "/team"), ("notifications", "/settings/notifications"),
                            ("API tokens", "/settings/api-tokens"),
                            ("delivery log", "/notifications"), ("metrics", "/metrics"),
                            ("baseline edit", f"/metrics/baseline/{ids['baseline']}/edit"),
                            ("password", "/account/password"), ("sessions: team", "/sessions?view=team"),
                            ("not found, signed in", "/sessions/999999999")],
        "dana@demo.test": [("queue", "/escalations"), ("context preview", f"/handoffs/{ids['escalation']}/context"),
                           ("escalated session", f"/sessions/{ids['escalated']}"),
                           ("resolved session", f"/sessions/{ids['resolved']}")],
        "sam@demo.test": [("own session", f"/sessions/{ids['active']}"), ("new session", "/sessions/new"),
                          ("escalate", f"/sessions/{ids['active']}/escalate"),
                          ("resolve", f"/sessions/{ids['active']}/resolve"), ("sessions: mine", "/sessions"),
                          ("sessions: parked", "/sessions?view=parked"), ("engineer home", "/")],
        "vic@demo.test": [("viewer sessions", "/sessions?view=team"),
                          ("viewer session", f"/sessions/{ids['escalated']}"), ("viewer home", "/"),
                          ("viewer notifications", "/settings/notifications")],
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_has_no_wcag_violations(live_server, runner, new_page, width):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    owner = demo_owner()
    make_invite(owner.account, owner, email="casey@demo.test", token=INVITE)
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
    junior.locator("summary", has_text="Park").click()
    junior.get_by_role("button", name="Park session").click()
    expect(junior.get_by_text("Leave a note for when you come back")).to_be_visible()
    check(junior, "park form with an error")
    junior.reload()
    junior.get_by_label("What did you try?").fill("Exported the System event log")
    junior.get_by_label("Output").fill("\n".join(f"21:{n % 60:02}:00 Event 5719: no domain controller for DEMO"
                                                 for n in range(400)))
    junior.get_by_label("Info").check()
    junior.get_by_role("button", name="Log step").click()
    expect(junior.locator("#toasts")).to_contain_text("logged")
    check(junior, "session page with a long output")

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
    owner.goto(live_server.url + "/team")
    owner.get_by_role("button", name="Deactivate… Jules Junior").click()
    expect(owner.get_by_role("dialog")).to_be_visible()
    check(owner, "team with the confirm dialog open")
    owner.keyboard.press("Escape")
    # A delivery that failed for good, and a team chat webhook: the log and settings show more.
    db.session.execute(update(Delivery).where(Delivery.id == db.session.scalar(
        select(func.min(Delivery.id)).where(Delivery.channel == "email"))).values(
        status="failed", attempts=6, last_error="mail.demo.test answered 550 5.1.1 mailbox unavailable"))
    db.session.add(ChatWebhook(account_id=demo_owner().account_id, url="https://hooks.slack.com/services/T1/B2/c3",
                               format="slack", secret="s" * 64, updated_at=utcnow()))
    db.session.commit()
    owner.goto(live_server.url + "/notifications?show=failures")
    expect(owner.get_by_role("button", name="Retry").first).to_be_visible()
    check(owner, "delivery log: a failure")
    owner.goto(live_server.url + "/settings/notifications")
    owner.locator("summary", has_text="Checking the signature").click()
    check(owner, "notifications with a chat webhook")
    owner.goto(live_server.url + "/metrics")
    owner.emulate_media(media="print")
    check(owner, "metrics printed")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("width, minimum", [("desktop", 24), ("phone", 44)])
def test_targets_are_big_enough_to_hit(live_server, runner, new_page, width, minimum):
    """WCAG 2.5.8: at least 24×24 px everywhere; the product's own 44×44 on phones. And no
    page or panel wider than its box (WCAG 1.4.10 reflow)."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    ids = demo_ids()
    found = []
    for login, path in pages_to_tab_through(ids):
        page = new_page(viewport=WIDTHS[width], has_touch=width == "phone")
        log_in(page, live_server.url, login, DEMO_PASSWORD)
        page.goto(live_server.url + path)
        found += [f"{path}: {target}" for target in small_targets(page, minimum)]
        found += [f"{path}: too wide: {box}" for box in wider_than_their_box(page)]
    assert found == [], "\n".join(found)


def pages_to_tab_through(ids):
    """(login, path): the queue, a senior's view of an escalated session and its context, a
    junior's own session (step form, result pills, Park, Escalate), the sessions list, a new
    session, the team and the metrics."""
    return [("dana@demo.test", "/escalations"), ("dana@demo.test", f"/sessions/{ids['escalated']}"),
            ("dana@demo.test", f"/handoffs/{ids['escalation']}/context"), ("dana@demo.test", "/sessions"),
            ("sam@demo.test", f"/sessions/{ids['active']}"), ("sam@demo.test", "/sessions/new"),
            ("owner@demo.test", "/team"), ("owner@demo.test", "/metrics")]


OVERLAPS = """selector => {
    const boxes = Array.from(document.querySelectorAll(selector)).filter(el => el.getClientRects().length)
        .map(el => [el.id || el.className, el.getBoundingClientRect()]);
    const found = [];
    boxes.forEach(([a, boxA], i) => boxes.slice(i + 1).forEach(([b, boxB]) => {
        if (boxA.left < boxB.right - 1 && boxB.left < boxA.right - 1 && boxA.top < boxB.bottom - 1
            && boxB.top < boxA.bottom - 1) found.push(a + " × " + b);
    }));
    return found;
}"""
SECTIONS = ".context__section, .context__header, .context__action-top"


def test_the_handoff_context_fits_every_screen_and_start_here_lands_in_the_step_field(
        live_server, runner, new_page):
    """Phones: the claimer's Start here is at the top and stays in view while the steps scroll
    by. Desktop sizes: nothing overlaps, in the page or in the session page's dialog, wherever
    it is scrolled. Start here puts the cursor in "What did you try?", which is described by
    the suggested steps."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    ids = demo_ids()
    page = new_page(viewport=PHONE)
    log_in(page, live_server.url, "dana@demo.test", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/handoffs/{ids['escalation']}/context")
    page.locator(".context__action-top").get_by_role("button", name="Pick up").click()
    start = page.locator(".context__action-top").get_by_role("link", name="Start here")
    expect(start).to_be_in_viewport()
    page.mouse.wheel(0, 5000)
    expect(page.get_by_role("button", name="Refresh assessment")).to_be_in_viewport()
    expect(start).to_be_in_viewport()  # the bar stayed at the top
    page.get_by_role("button", name="Refresh assessment").focus()
    for _ in range(8):  # tabbing back up, nothing focused hides under the bar (WCAG 2.4.11)
        page.keyboard.press("Shift+Tab")
        hidden = page.evaluate("""() => {
            const bar = document.querySelector('.context__action-top'), el = document.activeElement;
            const a = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
            return !bar.contains(el) && a.top < b.bottom - 1 && a.bottom > b.top + 1;
        }""")
        assert not hidden, page.evaluate("document.activeElement.outerHTML.slice(0, 100)")

    for size in ({"width": 1280, "height": 800}, {"width": 1440, "height": 900}):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/handoffs/{ids['escalation']}/context")
        for scrolled in (0, 600, 5000):
            page.evaluate("y => window.scrollTo(0, y)", scrolled)
            assert page.evaluate(OVERLAPS, SECTIONS) == [], (size, scrolled)
        page.goto(f"{live_server.url}/sessions/{ids['escalated']}")
        page.get_by_role("link", name="Show handoff context").first.click()
        dialog = page.locator("#context-dialog")
        expect(dialog.get_by_role("heading", name="Handoff context")).to_be_focused()
        for scrolled in (0, 600, 5000):
            dialog.evaluate("(el, y) => el.scrollTo(0, y)", scrolled)
            assert page.evaluate(OVERLAPS, SECTIONS) == [], ("dialog", size, scrolled)
        page.keyboard.press("Escape")

    page.goto(f"{live_server.url}/handoffs/{ids['escalation']}/context")
    page.get_by_role("link", name="Start here").click()
    tried = page.get_by_label("What did you try?")
    expect(tried).to_be_focused()
    assert "suggested-steps" in tried.get_attribute("aria-describedby")
    assert page.locator("#suggested-steps .chip").count() > 0
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_every_focus_ring_is_visible_against_its_background(live_server, runner, new_page, width):
    """WCAG 2.4.13 / 1.4.11: tabbing through each page (and the confirm dialog), each control's
    ring is at least 2 px and 3:1 against the colour around it."""
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    ids = demo_ids()
    found = []
    for login, path in pages_to_tab_through(ids):
        page = new_page(viewport=WIDTHS[width])
        log_in(page, live_server.url, login, DEMO_PASSWORD)
        page.goto(live_server.url + path)
        found += [f"{path}: {ring}" for ring in weak_focus_rings(page)]
    page.goto(live_server.url + "/team")
    page.get_by_role("button", name="Deactivate… Jules Junior").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    found += [f"confirm dialog: {ring}" for ring in weak_focus_rings(page, presses=3)]
    assert found == [], "\n".join(found)
