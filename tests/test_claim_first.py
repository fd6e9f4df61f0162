"""Nobody works an escalation they haven't picked up: wherever a senior meets an unclaimed
escalation (session page, handoff context, the email and chat link) the action is Pick up,
and until someone does, only the session's owner and the escalator add steps."""
import re

from sqlalchemy import func, select

from rf.core.extensions import db
from rf.core.models import EscalationRead, Handoff, Step
from rf.core.models import TroubleshootingSession as TS

from .factories import make_account, make_escalation, make_session, make_user
from .helpers import HX, client_for


def waiting_escalation(acme, escalator_role="engineer"):
    account, users = acme
    session = make_session(account, users["engineer"], summary="Printer offline on floor 2")
    return session, make_escalation(session, users[escalator_role])


def step_count(session):
    return db.session.scalar(select(func.count()).select_from(Step).where(Step.session_id == session.id))


def queue_cursor(browser):
    page = browser.get("/escalations").get_data(as_text=True)
    return int(re.search(r'/queue/poll\?after=(\d+)', page).group(1))


def test_a_senior_who_hasnt_picked_it_up_gets_pick_up_not_a_step_form(app, acme):
    session, handoff = waiting_escalation(acme)
    page = client_for(app, acme[1]["admin"]).get(f"/sessions/{session.id}").get_data(as_text=True)
    assert 'id="step-form"' not in page and "Pick it up to work on it." in page
    assert page.count(f'action="/handoffs/{handoff.id}/claim"') == 2  # the banner and the step panel
    own = client_for(app, acme[1]["engineer"]).get(f"/sessions/{session.id}").get_data(as_text=True)
    assert 'id="step-form"' in own and f"/handoffs/{handoff.id}/claim" not in own
    assert "steps you add now are shown to them as added while waiting" in own
    viewer = client_for(app, acme[1]["viewer"]).get(f"/sessions/{session.id}").get_data(as_text=True)
    assert 'id="step-form"' not in viewer and "/claim" not in viewer


def test_a_non_owner_seniors_step_on_an_unclaimed_escalation_is_refused_and_kept(app, acme):
    session, handoff = waiting_escalation(acme)
    before = step_count(session)
    senior = client_for(app, acme[1]["admin"])
    typed = {"tried": "Restarted the spooler", "command": "net stop spooler", "result": "didnt_work"}
    response = senior.post(f"/sessions/{session.id}/steps", headers=HX, data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#step-form"
    assert "This session was escalated by Engineer Acme; pick it up to continue." in page
    assert "Restarted the spooler" in page and "net stop spooler" in page  # what was typed comes back
    plain = senior.post(f"/sessions/{session.id}/steps", data=typed)
    assert plain.status_code == 409 and "Restarted the spooler" in plain.get_data(as_text=True)
    assert step_count(session) == before


def test_the_owners_and_the_escalators_steps_while_waiting_are_marked(app, acme):
    account, users = acme
    session = make_session(account, users["engineer"], summary="Scanner to email fails")
    handoff = make_escalation(session, users["admin"])  # a peer escalation: admin escalated engineer's session
    for role, tried in (("engineer", "Sent the SMTP log"), ("admin", "Checked the relay allow-list")):
        response = client_for(app, users[role]).post(f"/sessions/{session.id}/steps", headers=HX,
                                                     data={"tried": tried, "result": "info"})
        assert response.status_code == 200
    waiting = db.session.scalars(select(Step).where(Step.session_id == session.id, Step.added_while_waiting)).all()
    assert sorted(s.tried for s in waiting) == ["Checked the relay allow-list", "Sent the SMTP log"]
    context = client_for(app, users["owner"]).get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert context.count("Added while waiting") == 2
    # After the pick-up, steps are ordinary work again.
    client_for(app, users["owner"]).post(f"/handoffs/{handoff.id}/claim")
    client_for(app, users["owner"]).post(f"/sessions/{session.id}/steps", data={"tried": "Fixed", "result": "worked"})
    assert db.session.scalar(select(Step.added_while_waiting).where(Step.tried == "Fixed")) is False


def test_pick_up_from_every_place_claims_and_clears_a_second_seniors_queue(app, acme):
    account, users = acme
    other_senior = client_for(app, users["owner"])
    for place in ("session page", "context preview", "email landing"):
        session, handoff = waiting_escalation(acme)
        cursor = queue_cursor(other_senior)
        senior = client_for(app, users["admin"])
        where = f"/sessions/{session.id}" if place == "session page" else f"/handoffs/{handoff.id}/context"
        page = senior.get(where).get_data(as_text=True)
        assert f'action="/handoffs/{handoff.id}/claim"' in page, place
        response = senior.post(f"/handoffs/{handoff.id}/claim")
        assert response.status_code == 303 and response.headers["Location"].endswith(f"/handoffs/{handoff.id}/context")
        landed = senior.get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
        assert ">Start here</a>" in landed and f"/handoffs/{handoff.id}/claim" not in landed
        answer = other_senior.get(f"/queue/poll?after={cursor}&wait=0", headers=HX).get_data(as_text=True)
        assert 'id="queue-list"' in answer and f'id="card-{handoff.id}"' not in answer, place
        assert db.session.get(TS, session.id).owner_id == users["admin"].id


def test_the_email_landing_says_who_has_it_or_that_it_is_gone(app, acme):
    account, users = acme
    session, handoff = waiting_escalation(acme)
    viewer = client_for(app, users["viewer"]).get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert "Problem summary" in viewer and "/claim" not in viewer and ">Start here</a>" not in viewer
    client_for(app, users["admin"]).post(f"/handoffs/{handoff.id}/claim")
    late = client_for(app, users["owner"]).get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert re.search(r"Admin Acme picked it up <time[^>]*>[^<]+</time>: it is their session now\.", late)
    assert "/claim" not in late and ">Start here</a>" not in late
    # Pick up from an old email of a claimed escalation: the same loser message as anywhere.
    refused = client_for(app, users["owner"]).post(f"/handoffs/{handoff.id}/claim", follow_redirects=True)
    assert re.search(r"Already claimed by Admin Acme \d+s ago\.", refused.get_data(as_text=True))
    withdrawn_session, withdrawn = waiting_escalation(acme)
    client_for(app, users["engineer"]).post(f"/sessions/{withdrawn_session.id}/escalation/withdraw")
    page = client_for(app, users["owner"]).get(f"/handoffs/{withdrawn.id}/context").get_data(as_text=True)
    assert "/claim" not in page
    # Said at the top, before the steps (an old email link on a phone).
    assert page.index("Engineer Acme withdrew this escalation") < page.index("been tried")
    stranger = client_for(app, make_user(make_account("Other MSP"), "owner"))
    assert stranger.get(f"/handoffs/{handoff.id}/context").status_code == 404


def test_opening_the_preview_clears_the_unread_dot(app, acme):
    _, handoff = waiting_escalation(acme)
    senior = client_for(app, acme[1]["admin"])
    reads = select(func.count()).select_from(EscalationRead).where(
        EscalationRead.handoff_id == handoff.id, EscalationRead.user_id == acme[1]["admin"].id)
    assert db.session.scalar(reads) == 0
    page = senior.get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert f'data-escalation-seen="{handoff.id}"' in page
    assert db.session.scalar(reads) == 1


def test_a_step_refused_for_a_new_escalation_offers_the_pick_up(app, acme):
    """The page was loaded before the escalation: the refusal itself leads to Pick up."""
    session, handoff = waiting_escalation(acme)
    response = client_for(app, acme[1]["admin"]).post(f"/sessions/{session.id}/steps", headers=HX,
                                                      data={"tried": "Checked the queue", "result": "info"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and f'href="/handoffs/{handoff.id}/context">Pick it up</a>' in page


def test_chips_only_come_from_an_assessment_with_a_close_match(app, acme):
    session, handoff = waiting_escalation(acme)
    senior = client_for(app, acme[1]["admin"])
    senior.post(f"/handoffs/{handoff.id}/claim")
    stored = {"backend": "retrieval", "likely_cause": "A stale DHCP reservation",
              "suggested_steps": ["Renew the lease"]}
    for confidence, close in (({"level": "low", "score": 0.19, "shared_words": ["DHCP"], "shared_by": 1}, False),
                              ({"level": "medium", "score": 0.2, "shared_words": ["DHCP"], "shared_by": 1}, True),
                              ({"level": "low", "score": 0.68}, False)):  # stored by an older version: its level
        db.session.get(Handoff, handoff.id).assessment = {**stored, "confidence": confidence}
        db.session.commit()
        page = senior.get(f"/sessions/{session.id}?start=1").get_data(as_text=True)
        assert ('data-prefill="Renew the lease"' in page) is close
        context = senior.get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
        assert ("A stale DHCP reservation" in context) is close
        assert f"<strong>{confidence['level']}</strong>" in context
        assert ("(score 0.68" in context) is False  # an old score measured something else
