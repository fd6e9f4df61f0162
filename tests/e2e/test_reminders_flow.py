"""Never left waiting, in a real browser: an urgent escalation nobody picks up shows
"reminded" on its card once the first rung is sent, while the senior looking at it keeps
their place. The server's clock is moved by its test hook (RF_TEST_HOOKS), not waited for."""
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import Delivery, Reminder, User

from ..factories import make_escalation, make_session
from .helpers import log_in

pytestmark = pytest.mark.browser


def move_server_clock(server, minutes):
    body = urllib.parse.urlencode({"minutes": minutes}).encode()
    with urllib.request.urlopen(urllib.request.Request(server.url + "/_test/clock", data=body), timeout=10) as answer:
        assert answer.status == 200


def test_an_urgent_escalation_left_alone_shows_reminded_after_the_first_rung(app, database_url, runner, start_server,
                                                                             smtp_server, mailbox, new_page):
    assert runner.invoke(args=["rf", "demo"]).exit_code == 0
    server = start_server(database_url, workers=1, extra_env={
        "RF_TEST_HOOKS": "true", "RF_DISPATCH_IN_WORKERS": "true",
        "RF_MAIL_SERVER": "127.0.0.1", "RF_MAIL_PORT": str(smtp_server.port)})
    senior = new_page()
    log_in(senior, server.url, "dana@demo.test", DEMO_PASSWORD)
    senior.goto(server.url + "/escalations")
    expect(senior.locator("#queue-on-call")).to_contain_text("On call: Dana Senior until")

    jules = db.session.scalar(select(User).where(User.email == "jules@demo.test"))
    handoff = make_escalation(make_session(jules.account, jules, summary="Phones drop every call"), jules,
                              priority="urgent")
    card = senior.locator(f"#card-{handoff.id}")
    expect(card).to_contain_text("Phones drop every call")
    expect(card).not_to_contain_text("reminded")
    pick_up = card.get_by_role("button", name="Pick up")
    pick_up.focus()  # the senior is about to pick it up when the reminder goes out

    move_server_clock(server, 5)
    expect(card.locator(".queue-card__reminded")).to_contain_text("reminded just now · on call: Dana Senior")
    assert senior.evaluate("document.activeElement.matches('[data-pick-up]')")
    assert senior.evaluate("document.activeElement.closest('li').id") == f"card-{handoff.id}"
    reminder = db.session.scalar(select(Reminder).where(Reminder.handoff_id == handoff.id, Reminder.rung == 1))
    assert reminder.status == "sent"
    assert db.session.scalars(select(Delivery).where(Delivery.handoff_id == handoff.id, Delivery.rung == 1)).all()
    senior.keyboard.press("Enter")  # and picks it up, from where they were
    expect(senior.locator("#context-heading")).to_have_text("Handoff context")
    db.session.expire_all()
    assert db.session.scalar(select(Reminder.status).where(Reminder.handoff_id == handoff.id,
                                                           Reminder.rung == 2)) == "cancelled"
    assert senior.console_errors == []
