"""Assessment by retrieval over the account's own resolved sessions: ranking, suggestions,
confidence, tenant isolation, thin history, and when it is computed and shown."""
import time
from datetime import timedelta

from sqlalchemy import select

from rf.assess.engine import assess
from rf.assess.text import terms as words
from rf.core.extensions import db
from rf.core.models import Handoff, SessionTerm, Step, utcnow
from rf.core.models import TroubleshootingSession as TS

from .assess_history import HISTORY, make_resolved
from .factories import PASSWORD, make_account, make_escalation, make_session, make_user
from .helpers import HX, client_for
from .http import HttpClient


def escalate_new(acme, summary, steps=(), reason="Stuck, need help"):
    account, users = acme
    session = make_session(account, users["engineer"], summary=summary, steps=0)
    for tried in steps:
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=users["engineer"].id,
                            tried=tried, result="didnt_work"))
    db.session.commit()
    return make_escalation(session, users["engineer"], reason=reason)


def test_the_closest_past_session_ranks_first_and_gives_cause_and_steps(app, acme, history):
    handoff = escalate_new(acme, "QuickBooks company file won't open from the workstations",
                           steps=["Checked the QuickBooks Database Server Manager service is running"],
                           reason="Hosting mode is on but the file still says another computer has it")
    result = assess(handoff)
    assert result["matches"][0]["session_id"] == history[3].id
    assert result["likely_cause"] == history[3].resolution
    assert result["suggested_steps"][0] == "Opened port 8019 and 55378 on the server firewall"
    assert result["confidence"]["level"] in ("high", "medium") and result["backend"] == "retrieval"
    assert result["matches"][0]["resolved_by"] == "Admin Acme" and result["matches"][0]["ticket_number"] == "4403"


def test_near_duplicates_are_told_apart_and_tried_steps_are_not_suggested(app, acme, history):
    handoff = escalate_new(acme, "Outlook disconnects every few minutes for staff on the VPN",
                           steps=["Recreated the Outlook profile"])
    result = assess(handoff)
    assert result["matches"][0]["session_id"] == history[0].id  # not the VPN password one
    assert "Recreated the Outlook profile" not in result["suggested_steps"]
    assert result["suggested_steps"][0] == "Lowered the MTU on the AnyConnect profile to 1400"
    handoff = escalate_new(acme, "DNS requests time out at the branch, DC logs event 4015",
                           steps=["Flushed DNS on the clients"])
    result = assess(handoff)
    assert result["matches"][0]["session_id"] == history[4].id
    assert result["suggested_steps"] == ["Ran repadmin /syncall and restarted the DNS Server service"]


def test_an_unrelated_problem_gets_low_confidence_and_no_invented_cause(app, acme, history):
    result = assess(escalate_new(acme, "Conference phone firmware stuck at 12 percent"))
    assert result["confidence"]["level"] == "low"
    assert result["likely_cause"] is None and result["suggested_steps"] == []
    assert "No resolved session in this account looks like this one" in result["note"]


def test_a_match_on_a_word_or_two_is_never_more_than_low_confidence(app, acme, history):
    """"Printer offline" shares both its words with a past session (all of its distinctive
    mass), but two words are no evidence: the match is offered, at low confidence."""
    result = assess(escalate_new(acme, "Printer offline", reason="Help"))
    assert result["matches"][0]["session_id"] == history[2].id
    assert result["confidence"]["level"] == "low" and result["confidence"]["score"] >= 0.9


def test_thin_history_says_so(app, acme):
    account, users = acme
    make_resolved(account, users["admin"], *HISTORY[3])
    result = assess(escalate_new(acme, "QuickBooks can't open the company file over the network"))
    assert result["confidence"]["level"] == "low"
    assert result["note"] == "Not enough history yet: 1 resolved session in this account to learn from."
    empty = make_account("Empty MSP")
    engineer = make_user(empty, "engineer")
    session = make_session(empty, engineer, summary="QuickBooks can't open the company file")
    result = assess(make_escalation(session, engineer))
    assert result["matches"] == [] and result["likely_cause"] is None
    assert result["note"] == "Not enough history yet: 0 resolved sessions in this account to learn from."


def test_another_accounts_history_never_informs_an_assessment(app, acme, history):
    other = make_account("Other MSP")
    senior = make_user(other, "admin")
    twin = make_resolved(other, senior, "Printer on the second floor shows offline again", "hardware",
                         [("Replaced the printer's network card", "worked", True)], "Dead network card.")
    result = assess(escalate_new(acme, "Printer on the second floor shows offline again"))
    assert twin.id not in [m["session_id"] for m in result["matches"]]
    assert result["matches"][0]["session_id"] == history[2].id
    assert "Replaced the printer's network card" not in result["suggested_steps"]


def test_resolving_indexes_the_session_and_old_ones_are_indexed_on_first_use(app, acme, history):
    account, users = acme
    session = make_session(account, users["engineer"], summary="Laptop fans loud after BIOS update")
    client = client_for(app, users["engineer"])
    client.post(f"/sessions/{session.id}/resolve", data={"resolution": "Rolled back the BIOS"})
    db.session.expire_all()
    assert session.terms_length > 0
    terms = set(db.session.scalars(select(SessionTerm.term).where(SessionTerm.session_id == session.id)))
    assert set(words("Laptop fans loud after BIOS update; rolled back the BIOS")) <= terms
    # A session resolved before indexing existed is picked up by the next assessment.
    db.session.execute(SessionTerm.__table__.delete().where(SessionTerm.session_id == history[5].id))
    history[5].terms_length = None
    db.session.commit()
    result = assess(escalate_new(acme, "Another laptop won't join the domain"))
    assert result["matches"][0]["session_id"] == history[5].id


def test_escalating_stores_an_assessment_after_the_commit(app, acme, history):
    account, users = acme
    session = make_session(account, users["engineer"], summary="Branch office DNS lookups time out again")
    client = client_for(app, users["engineer"])
    response = client.post(f"/sessions/{session.id}/escalate", data={"reason": "Event 4015 again", "priority": "high"})
    assert response.status_code == 302
    handoff = db.session.scalar(select(Handoff).where(Handoff.session_id == session.id))
    stored = handoff.assessment
    assert stored["matches"][0]["session_id"] == history[4].id
    context = client_for(app, users["admin"]).get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert "AD replication to the branch DC had stopped" in context and "Assessment pending" not in context
    assert "Ran repadmin /syncall and restarted the DNS Server service" in context
    assert f'href="/sessions/{history[4].id}"' in context and "ticket 4404" in context


def test_pending_then_overdue_and_only_the_claimer_refreshes(app, acme, history):
    account, users = acme
    handoff = escalate_new(acme, "Wi-Fi keeps dropping in the meeting room")  # factory: no assessment yet
    admin = client_for(app, users["admin"])
    page = admin.get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert "Assessment pending" in page and f'hx-get="/handoffs/{handoff.id}/assessment"' in page
    # Overdue (the worker that owed it died): polling stops, a GET computes nothing.
    handoff.created_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    section = admin.get(f"/handoffs/{handoff.id}/assessment", headers=HX).get_data(as_text=True)
    assert "No assessment arrived" in section and "hx-get" not in section and "Refresh assessment" in section
    db.session.expire_all()
    assert db.session.get(Handoff, handoff.id).assessment is None
    viewer_section = client_for(app, users["viewer"]).get(f"/handoffs/{handoff.id}/assessment", headers=HX)
    assert "Refresh assessment" not in viewer_section.get_data(as_text=True)
    refreshed = admin.post(f"/handoffs/{handoff.id}/assessment", headers=HX).get_data(as_text=True)
    assert "Channel interference" in refreshed and 'id="assessment"' in refreshed
    # Picked up: only the claimer may recompute, and a recompute sees new history.
    admin.post(f"/handoffs/{handoff.id}/claim")
    other = client_for(app, users["owner"])
    assert other.post(f"/handoffs/{handoff.id}/assessment", headers=HX).status_code == 403
    assert "Refresh assessment" not in other.get(f"/handoffs/{handoff.id}/assessment",
                                                 headers=HX).get_data(as_text=True)
    newer = make_resolved(account, users["owner"], "Wi-Fi keeps dropping in the meeting room during calls", "network",
                          [("Replaced the meeting room access point", "worked", True)], "The access point was failing.")
    refreshed = admin.post(f"/handoffs/{handoff.id}/assessment", headers=HX).get_data(as_text=True)
    assert f'href="/sessions/{newer.id}"' in refreshed
    assert client_for(app, users["viewer"]).post(f"/handoffs/{handoff.id}/assessment", headers=HX).status_code == 403


def test_a_failing_assessment_never_fails_the_escalation(app, acme, monkeypatch):
    account, users = acme
    import rf.assess.engine as engine

    def broken(handoff):
        raise RuntimeError("ranking exploded")

    monkeypatch.setattr(engine, "assess", broken)
    session = make_session(account, users["engineer"])
    response = client_for(app, users["engineer"]).post(
        f"/sessions/{session.id}/escalate", data={"reason": "Stuck", "priority": "normal"})
    assert response.status_code == 302
    handoff = db.session.scalar(select(Handoff).where(Handoff.session_id == session.id))
    assert handoff.is_open and "couldn't be worked out" in handoff.assessment["failed"]
    assert db.session.scalar(select(TS.status).where(TS.id == session.id)) == "escalated"
    context = client_for(app, users["admin"]).get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert "No assessment." in context and "Refresh assessment" in context and "Assessment pending" not in context


def test_under_gunicorn_the_assessment_fills_in_after_the_escalation_answered(live_server, acme, history):
    """Real gunicorn + gevent: the escalation answers first; the section then fills in."""
    account, users = acme
    session = make_session(account, users["engineer"], summary="Branch office DNS lookups time out again")
    client = HttpClient(live_server.url)
    client.log_in(users["engineer"].email, PASSWORD)
    token = client.csrf_token(f"/sessions/{session.id}")
    escalated = client.post(f"/sessions/{session.id}/escalate",
                            {"reason": "Event 4015 again", "priority": "high", "csrf_token": token})
    assert escalated.status == 200 and "Escalated." in escalated.text
    handoff_id = db.session.scalar(select(Handoff.id).where(Handoff.session_id == session.id))
    deadline = time.monotonic() + 15
    section = client.get(f"/handoffs/{handoff_id}/assessment", headers=HX).text
    while "Assessment pending" in section and time.monotonic() < deadline:
        time.sleep(0.2)  # the page asks every 2 s; the test asks more often
        section = client.get(f"/handoffs/{handoff_id}/assessment", headers=HX).text
    assert "AD replication to the branch DC had stopped" in section
