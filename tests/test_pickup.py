"""Pick Up: exactly one winner, the loser told who and when, the session changing hands, and
the handoff-context screen with its way back from the session page."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from rf.core.extensions import db
from rf.core.models import EscalationRead, Handoff, QueueEvent, Step, utcnow
from rf.core.models import TroubleshootingSession as TS

from .factories import PASSWORD, make_account, make_escalation, make_session, make_user
from .helpers import HX, all_at_once, client_for
from .http import HttpClient


def claimed_events(handoff):
    return db.session.scalars(select(QueueEvent).where(
        QueueEvent.handoff_id == handoff.id, QueueEvent.kind == "claimed")).all()


def escalated_session(acme, **session_args):
    account, users = acme
    session = make_session(account, users["engineer"], steps=0, **session_args)
    for tried, result, output in (("Pinged the gateway", "info", "Reply from 10.0.0.1: time=1ms"),
                                  ("Re-registered DNS", "dead_end", "ipconfig /registerdns\nnothing changed"),
                                  ("Flushed the ARP cache", "didnt_work", None)):
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=users["engineer"].id,
                            tried=tried, result=result, output=output))
    db.session.commit()
    return session, make_escalation(session, users["engineer"], reason="Out of ideas after the DNS check")


def test_pick_up_gives_the_session_to_the_claimer_and_lands_on_the_context(app, acme):
    account, users = acme
    session, handoff = escalated_session(acme)
    senior = client_for(app, users["admin"])
    response = senior.post(f"/handoffs/{handoff.id}/claim")
    assert response.status_code == 303 and response.headers["Location"] == f"/handoffs/{handoff.id}/context"
    db.session.expire_all()
    assert (session.status, session.owner_id) == ("active", users["admin"].id)
    assert (handoff.closed_reason, handoff.closed_by_id) == ("claimed", users["admin"].id)
    assert handoff.closed_at is not None
    assert len(claimed_events(handoff)) == 1
    assert db.session.scalar(select(EscalationRead.id).where(
        EscalationRead.user_id == users["admin"].id, EscalationRead.handoff_id == handoff.id)) is not None
    # The card has left the queue, for the claimer and everyone else.
    for user in (users["admin"], users["owner"]):
        page = client_for(app, user).get("/escalations").get_data(as_text=True)
        assert f'id="card-{handoff.id}"' not in page and "No escalations awaiting pickup" in page


def test_pick_up_over_htmx_redirects_to_the_context(app, acme):
    _, handoff = escalated_session(acme)
    response = client_for(app, acme[1]["owner"]).post(f"/handoffs/{handoff.id}/claim", headers=HX)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/handoffs/{handoff.id}/context"


def test_the_loser_is_told_who_claimed_it_and_when(app, acme):
    _, handoff = escalated_session(acme)
    assert client_for(app, acme[1]["admin"]).post(f"/handoffs/{handoff.id}/claim").status_code == 303
    late = client_for(app, acme[1]["owner"])
    response = late.post(f"/handoffs/{handoff.id}/claim", headers=HX)
    text = response.get_data(as_text=True)
    # Only out-of-band swaps (found anywhere in the page): the form that asked may be gone.
    assert response.status_code == 200 and "HX-Retarget" not in response.headers
    assert 'hx-swap-oob="beforeend:#toasts"' in text
    assert re.search(r"Already claimed by Admin Acme \d+s ago\.", text), text
    # The card, out of band, names the winner (the queue script lets it linger, then go).
    assert f'id="card-{handoff.id}"' in text and 'hx-swap-oob="true"' in text
    assert "Picked up by <strong>Admin Acme</strong>" in text and "Pick up<" not in text
    # Without HTMX: back to the queue with the same message.
    response = late.post(f"/handoffs/{handoff.id}/claim", follow_redirects=True)
    assert "Already claimed by Admin Acme" in response.get_data(as_text=True)
    db.session.expire_all()
    assert handoff.closed_by_id == acme[1]["admin"].id and len(claimed_events(handoff)) == 1


def test_withdrawn_resolved_own_and_parked_handoffs_cannot_be_picked_up(app, acme):
    account, users = acme
    senior = client_for(app, users["admin"])
    withdrawn_session, withdrawn = escalated_session(acme)
    client_for(app, users["engineer"]).post(f"/sessions/{withdrawn_session.id}/escalation/withdraw")
    text = senior.post(f"/handoffs/{withdrawn.id}/claim", headers=HX).get_data(as_text=True)
    assert "Engineer Acme withdrew this escalation" in text
    resolved_session, resolved = escalated_session(acme)
    client_for(app, users["engineer"]).post(f"/sessions/{resolved_session.id}/resolve",
                                            data={"resolution": "Replaced the switch"})
    text = senior.post(f"/handoffs/{resolved.id}/claim", headers=HX).get_data(as_text=True)
    assert "Engineer Acme resolved this session" in text
    own_session, own = escalated_session(acme)
    text = client_for(app, users["engineer"]).post(f"/handoffs/{own.id}/claim", headers=HX).get_data(as_text=True)
    assert "This is your own session" in text
    db.session.expire_all()
    assert own.is_open and own_session.status == "escalated"
    parked_session = make_session(account, users["engineer"])
    client_for(app, users["engineer"]).post(f"/sessions/{parked_session.id}/park", data={"note": "Waiting on logs"})
    park = db.session.scalar(select(Handoff).where(Handoff.session_id == parked_session.id))
    assert senior.post(f"/handoffs/{park.id}/claim").status_code == 404
    assert senior.get(f"/handoffs/{park.id}/context").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(QueueEvent).where(QueueEvent.kind == "claimed")) == 0


def test_viewers_cannot_pick_up_and_other_accounts_get_404(app, acme):
    _, handoff = escalated_session(acme)
    viewer = client_for(app, acme[1]["viewer"])
    response = viewer.post(f"/handoffs/{handoff.id}/claim", headers=HX)
    assert response.status_code == 403 and "Viewers have read-only access" in response.get_data(as_text=True)
    context = viewer.get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert ">Start here</a>" not in context and 'href="/escalations"' not in context  # nothing they can't use
    assert '<p class="breadcrumb"><a href="/sessions">Sessions</a>' in context
    stranger = make_user(make_account("Other MSP"), "owner")
    assert client_for(app, stranger).post(f"/handoffs/{handoff.id}/claim").status_code == 404
    db.session.expire_all()
    assert handoff.is_open


def test_queue_cards_offer_pick_up_except_on_your_own_session(app, acme):
    _, handoff = escalated_session(acme)
    """A card holds both; its is-own class (set for the session's owner) shows "Your session"
    instead of Pick up (the browser test checks what shows)."""
    senior_page = client_for(app, acme[1]["admin"]).get("/escalations").get_data(as_text=True)
    assert f'hx-post="/handoffs/{handoff.id}/claim"' in senior_page
    assert re.search(rf'id="card-{handoff.id}" class="[^"]*is-unread"', senior_page)
    own_page = client_for(app, acme[1]["engineer"]).get("/escalations").get_data(as_text=True)
    assert re.search(rf'id="card-{handoff.id}" class="[^"]*is-unread is-own"', own_page)
    assert f'data-own="{handoff.id}"' in own_page and 'data-own=""' in senior_page


def test_the_context_has_four_sections_and_what_was_handed_over(app, acme):
    account, users = acme
    session, handoff = escalated_session(acme)
    senior = client_for(app, users["admin"])
    senior.post(f"/handoffs/{handoff.id}/claim")
    senior.post(f"/sessions/{session.id}/steps", data={"tried": "Swapped the patch cable", "result": "worked"})
    response = senior.get(f"/handoffs/{handoff.id}/context")
    page = response.get_data(as_text=True)
    headings = re.findall(r'<h2 id="context-[a-z]+"[^>]*>([^<]+)</h2>', page)
    assert headings == ["Problem summary", "What's been tried", "Start here", "Assessment"]
    assert page.index("Pinged the gateway") < page.index("Re-registered DNS") < page.index("Flushed the ARP cache")
    assert "Reply from 10.0.0.1" in page and "1 dead end marked" in page
    assert "Swapped the patch cable" not in page  # logged after the pick-up: not part of the handoff
    assert "Out of ideas after the DNS check" in page and "Assessment pending" in page
    assert f'href="/sessions/{session.id}?start=1"' in page
    assert 'data-focus-on-load="#context-heading"' in page and 'tabindex="-1"' in page
    assert f'data-escape-to="/sessions/{session.id}"' in page
    assert "Picked up by Admin Acme" in page
    assert response.headers["Vary"] == "Cookie, HX-Request" or "HX-Request" in response.headers["Vary"]
    fragment = senior.get(f"/handoffs/{handoff.id}/context", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and 'data-escape-to' not in fragment
    assert 'id="handoff-context"' in fragment and '<form method="dialog">' in fragment


def test_a_stored_assessment_shows_and_offers_its_suggestions_as_chips(app, acme):
    session, handoff = escalated_session(acme)
    handoff.assessment = {
        "likely_cause": "Stale DHCP reservation on the core switch",
        "suggested_steps": ["Check the DHCP lease table", "Clear the reservation for the MAC"],
        "confidence": {"level": "high", "score": 0.62, "shared_words": ["DHCP", "reservation"], "shared_by": 1},
        "backend": "retrieval"}
    db.session.commit()
    senior = client_for(app, acme[1]["admin"])
    senior.post(f"/handoffs/{handoff.id}/claim")
    context = senior.get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert "Stale DHCP reservation on the core switch" in context and "Assessment pending" not in context
    assert "<strong>high</strong> <span class=\"muted\">(score 0.62:" in context
    page = senior.get(f"/sessions/{session.id}?start=1").get_data(as_text=True)
    assert 'data-prefill="Check the DHCP lease table"' in page
    assert 'data-prefill="Clear the reservation for the MAC"' in page
    assert re.search(r'name="tried"[^>]*autofocus|autofocus[^>]*name="tried"', page)
    # The chips are for the person working the session, not for onlookers.
    onlooker = client_for(app, acme[1]["engineer"]).get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "data-prefill" not in onlooker


def test_the_session_page_says_who_picked_it_up_and_keeps_the_history(app, acme):
    account, users = acme
    session = make_session(account, users["engineer"])
    junior = client_for(app, users["engineer"])
    junior.post(f"/sessions/{session.id}/park", data={"note": "Waiting on the firewall logs"})
    junior.post(f"/sessions/{session.id}/resume")
    first = make_escalation(session, users["engineer"], reason="First try")
    junior.post(f"/sessions/{session.id}/escalation/withdraw")
    second = make_escalation(session, users["engineer"], reason="Still stuck")
    client_for(app, users["admin"]).post(f"/handoffs/{second.id}/claim")
    page = junior.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert re.search(r'<h2 id="pickup-heading">Picked up by Admin Acme <time', page)
    assert f'hx-get="/handoffs/{second.id}/context"' in page and 'id="context-dialog"' in page
    history = page[page.index('id="handoff-history"'):]
    whats = re.findall(r'<p class="history__what"><strong>([^<]+)</strong> ([^<]+)</p>', history)
    assert whats == [("Engineer Acme", "parked the session"), ("Engineer Acme", "resumed the session"),
                     ("Engineer Acme", "escalated it (high priority)"),
                     ("Engineer Acme", "withdrew the escalation"),
                     ("Engineer Acme", "escalated it (high priority)"), ("Admin Acme", "picked it up")]
    assert "Waiting on the firewall logs" in history and "First try" in history and first.id != second.id


def test_the_first_action_after_a_pick_up_is_the_claimers_own_step(app, acme):
    """What "time to first action" needs: the claim time, and steps that say who logged them
    (the junior may still add notes after the pick-up; they are not the senior's action)."""
    session, handoff = escalated_session(acme)
    senior = client_for(app, acme[1]["owner"])
    senior.post(f"/handoffs/{handoff.id}/claim")
    client_for(app, acme[1]["engineer"]).post(f"/sessions/{session.id}/steps",
                                              data={"tried": "Sent the senior the switch photos", "result": "info"})
    senior.post(f"/sessions/{session.id}/steps", data={"tried": "Checked the switch port", "result": "info"})
    db.session.expire_all()
    after_claim = db.session.scalars(select(Step).where(
        Step.session_id == session.id, Step.created_at >= handoff.closed_at).order_by(Step.id)).all()
    assert [(s.tried, s.author_id) for s in after_claim] == [
        ("Sent the senior the switch photos", acme[1]["engineer"].id),
        ("Checked the switch port", acme[1]["owner"].id)]
    first_action = next(s for s in after_claim if s.author_id == handoff.closed_by_id)
    assert first_action.tried == "Checked the switch port"
    before_claim = [s for s in session.steps if s.created_at < handoff.closed_at]
    assert len(before_claim) == 3 and all(s.author_id == acme[1]["engineer"].id for s in before_claim)


def test_another_accounts_context_is_not_found(app, acme):
    _, handoff = escalated_session(acme)
    stranger = client_for(app, make_user(make_account("Other MSP"), "owner"))
    assert stranger.get(f"/handoffs/{handoff.id}/context").status_code == 404
    assert stranger.get(f"/handoffs/{handoff.id}/context", headers=HX).status_code == 404


def test_fifty_simultaneous_pick_ups_make_exactly_one_winner(live_server, acme):
    """Real HTTP against gunicorn + gevent (2 workers), released together by a barrier."""
    account, users = acme
    _, handoff = escalated_session(acme)
    seniors = [make_user(account, "engineer", email=f"senior{n}@acme.test", name=f"Senior {n}") for n in range(50)]
    clients = []
    for senior in seniors:
        client = HttpClient(live_server.url)
        client.log_in(senior.email, PASSWORD)
        clients.append((client, client.csrf_token("/escalations")))
    url = f"/handoffs/{handoff.id}/claim"
    responses = all_at_once([lambda c=c, t=t: c.post(url, {}, headers={"HX-Request": "true", "X-CSRFToken": t})
                             for c, t in clients])
    winners = [i for i, r in enumerate(responses) if r.status == 204 and r.headers.get("HX-Redirect")]
    assert len(winners) == 1, [r.status for r in responses]
    winner = seniors[winners[0]]
    losers = [r for r in responses if f"Already claimed by {winner.name} " in r.text]
    assert len(losers) == 49, [(r.status, r.text[:200]) for r in responses if r.status != 204]
    db.session.expire_all()
    assert len(claimed_events(handoff)) == 1
    assert (handoff.closed_by_id, handoff.closed_reason) == (winner.id, "claimed")
    assert db.session.scalar(select(TS.owner_id).where(TS.id == handoff.session_id)) == winner.id
    # The winner lands on the context.
    context = clients[winners[0]][0].get(f"/handoffs/{handoff.id}/context")
    assert context.status == 200 and "Problem summary" in context.text


def test_seconds_ago_in_the_refusal():
    from rf.sessions.pickup_routes import seconds_ago

    now = utcnow()
    assert seconds_ago(now - timedelta(seconds=2), now) == "2s ago"
    assert seconds_ago(now - timedelta(minutes=5), now) == "5 min ago"
