"""Assessment by retrieval over the account's own resolved sessions: ranking, suggestions,
confidence, tenant isolation, thin history, and when it is computed and shown."""
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from rf.assess.engine import (
    HIGH,
    MEDIUM,
    assess,
    assess_and_store,
    codes_in,
    level_for,
    query_text,
    score_of,
    without_normal,
)
from rf.assess.retrieval import Match
from rf.assess.text import terms as words
from rf.core.extensions import db
from rf.core.models import Handoff, SessionTerm, Step, utcnow
from rf.core.models import TroubleshootingSession as TS

from .assess_history import HISTORY, make_resolved
from .factories import PASSWORD, make_account, make_escalation, make_session, make_user
from .helpers import HX, client_for
from .http import HttpClient


def tried_texts(result):
    return [suggestion["tried"] for suggestion in result["suggested_steps"]]


def escalate_new(acme, summary, steps=(), reason="Stuck, need help", domain="network"):
    account, users = acme
    session = make_session(account, users["engineer"], summary=summary, domain=domain, steps=0)
    for tried in steps:
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=users["engineer"].id,
                            tried=tried, result="didnt_work"))
    db.session.commit()
    return make_escalation(session, users["engineer"], reason=reason)


def test_the_closest_past_session_ranks_first_and_gives_cause_and_steps(app, acme, history):
    handoff = escalate_new(acme, "QuickBooks company file won't open from the workstations",
                           steps=["Checked the QuickBooks Database Server Manager service is running"],
                           reason="Hosting mode is on but the file still says another computer has it",
                           domain="systems")
    result = assess(handoff)
    assert result["matches"][0]["session_id"] == history[3].id
    assert result["likely_cause"] == history[3].resolution
    assert tried_texts(result)[0] == "Opened port 8019 and 55378 on the server firewall"
    assert result["confidence"]["level"] in ("high", "medium") and result["backend"] == "retrieval"
    assert result["matches"][0]["resolved_by"] == "Admin Acme" and result["matches"][0]["ticket_number"] == "4403"
    # The basis: the most telling words it shares, as the escalation wrote them.
    assert {"QuickBooks", "company"} <= set(result["confidence"]["shared_words"])  # not the failed step's words


def test_near_duplicates_are_told_apart_and_tried_steps_are_not_suggested(app, acme, history):
    handoff = escalate_new(acme, "Outlook disconnects every few minutes for staff on the VPN",
                           steps=["Recreated the Outlook profile"])
    result = assess(handoff)
    assert result["matches"][0]["session_id"] == history[0].id  # not the VPN password one
    assert "Recreated the Outlook profile" not in tried_texts(result)
    assert tried_texts(result)[0] == "Lowered the MTU on the AnyConnect profile to 1400"
    handoff = escalate_new(acme, "DNS requests time out at the branch, DC logs event 4015",
                           steps=["Flushed DNS on the clients"])
    result = assess(handoff)
    assert result["matches"][0]["session_id"] == history[4].id
    assert tried_texts(result) == ["Ran repadmin /syncall and restarted the DNS Server service"]


def test_a_past_session_whose_fix_already_failed_here_is_ruled_out(app, acme, history):
    """Its cause is known not to be this one's: listed last and said so, never the likely
    cause, none of its steps suggested; the same session without that failed step ranks first."""
    summary = "Outlook disconnects every few minutes for remote staff on the VPN"
    result = assess(escalate_new(acme, summary, steps=["Recreated the Outlook profile"]))
    assert result["matches"][0]["session_id"] == history[0].id and "ruled_out" not in result["matches"][0]

    handoff = escalate_new(acme, summary, steps=["Lowered the MTU to 1400 on the AnyConnect profile"])
    result = assess(handoff)
    assert [match["session_id"] for match in result["matches"]][-1] == history[0].id
    assert result["matches"][-1]["ruled_out"] is True
    assert result["likely_cause"] != history[0].resolution
    assert not any("MTU" in step for step in tried_texts(result))
    # By its command, too: the same fix typed differently, its command the same.
    db.session.add(Step(account_id=acme[0].id, session_id=history[1].id, author_id=acme[1]["admin"].id,
                        tried="Removed the saved Office logins", command="cmdkey /delete:MicrosoftOffice16",
                        result="worked", fixed_it=True))
    db.session.commit()
    session = make_session(acme[0], acme[1]["engineer"], summary="Outlook keeps asking for the password on VPN",
                           domain="m365", steps=0)
    db.session.add(Step(account_id=acme[0].id, session_id=session.id, author_id=acme[1]["engineer"].id,
                        tried="Cleared out stored creds", command="cmdkey /delete:MicrosoftOffice16",
                        result="dead_end"))
    db.session.commit()
    result = assess(make_escalation(session, acme[1]["engineer"]))
    assert {match["session_id"]: match.get("ruled_out") for match in result["matches"]}[history[1].id] is True

    assess_and_store(handoff.id)  # as the background assessment does, then shown in the context
    page = client_for(app, acme[1]["admin"]).get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert page.count("Its fix was already tried here and didn't work.") == 1


def test_suggestions_carry_the_command_and_the_cause_and_chips_fill_both_fields(app, acme, history):
    fix = next(step for step in history[4].steps if step.fixed_it)
    fix.command = "repadmin /syncall /AdeP && net stop dns && net start dns"
    db.session.commit()
    handoff = escalate_new(acme, "DNS requests time out at the branch, DC logs event 4015",
                           steps=["Flushed DNS on the clients"])
    assess_and_store(handoff.id)
    db.session.refresh(handoff)
    assert handoff.assessment["suggested_steps"] == [{
        "tried": "Ran repadmin /syncall and restarted the DNS Server service",
        "command": "repadmin /syncall /AdeP && net stop dns && net start dns",
        "cause": history[4].resolution}]
    senior = client_for(app, acme[1]["admin"])
    senior.post(f"/handoffs/{handoff.id}/claim")
    context = senior.get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert 'value="repadmin /syncall /AdeP &amp;&amp; net stop dns &amp;&amp; net start dns" readonly' in context
    assert 'data-copy-from="suggested-command-1"' in context
    assert f"It fixed: {history[4].resolution}" in context
    page = senior.get(f"/sessions/{handoff.session_id}?start=1").get_data(as_text=True)
    assert ('data-prefill="Ran repadmin /syncall and restarted the DNS Server service" '
            'data-prefill-command="repadmin /syncall /AdeP &amp;&amp; net stop dns &amp;&amp; net start dns"') in page


def test_what_a_failed_step_tried_is_no_evidence_but_what_it_showed_is():
    step = {"tried": "Checked the transport rules", "command": "Get-TransportRule", "notes": "none block it",
            "output": "550 5.7.1 Service unavailable; client host blocked", "result": "didnt_work"}
    package = {"summary": "External mail bounces", "reason": "Since Monday", "steps": [step]}
    text = query_text(package)
    assert "Get-TransportRule" not in text and "Checked the transport rules" not in text
    assert "550" in text and "none block it" in text
    assert "Get-TransportRule" in query_text({**package, "steps": [{**step, "result": "info"}]})


def test_from_pasted_output_only_codes_ids_and_names_are_searched():
    output = ("Error 0x80070005: Access is denied.\nThe operation completed successfully.\n"
              "Event ID 4015 on BR-DC01, SmtpClientAuthenticationDisabled : True, KB5034441 pending")
    assert codes_in(output).split() == ["0x80070005", "4015", "BR-DC01", "SmtpClientAuthenticationDisabled",
                                        "KB5034441"]
    assert codes_in("The operation completed successfully.") == ""


def test_what_the_junior_found_normal_is_no_evidence():
    reason = "User gets a temp profile. Disk space is fine; event 1511 in the log but the NIC looks good"
    assert without_normal(reason).split() == ["User", "gets", "a", "temp", "profile", "event", "1511", "in", "the",
                                              "log"]
    assert "disk" not in query_text({"summary": "Temp profile at logon", "reason": reason, "steps": []})


@pytest.mark.parametrize("reason, left", [
    ("copier already does smb 3. connection to pc failed", "connection to pc failed"),
    ("setspn -X finds no duplicates. event 4 KRB_AP_ERR_MODIFIED", "event 4 KRB_AP_ERR_MODIFIED"),
    ("sql service running, browser running, login failed for user appuser", "login failed for user appuser"),
    ("ip hasnt changed. everything else on vpn works. erp server unreachable", "erp server unreachable"),
    ("no h202 or errors. company file is 19gb", "company file is 19gb"),
    ("her folder is still there. disk has space. temporary profile", "temporary profile"),
    ("vpn stopped working at noon", "vpn stopped working at noon"),  # a problem, not a finding
])
def test_what_was_checked_and_found_normal_or_already_dealt_with_is_left_out(reason, left):
    assert without_normal(reason).split() == left.split()


@pytest.mark.parametrize("written, same_as", [
    ("updates updated updating", "update"), ("settings", "setting"), ("scanning scans", "scan"),
    ("stopped", "stop"), ("services", "service"), ("changed changes", "change"), ("asking asked", "ask"),
    ("ol", "Outlook"), ("qb", "QuickBooks"), ("pw pwd", "password"), ("creds", "credentials"), ("pcs", "PC"),
])
def test_every_form_of_a_word_and_a_juniors_abbreviation_is_one_term(written, same_as):
    assert set(words(written)) == set(words(same_as))


def test_contractions_written_without_the_apostrophe_are_common_words():
    assert words("cant print, wont open, doesnt sync, its offline") == words("print open sync offline")


def test_the_escalations_domain_is_a_strong_prior(app, acme, history):
    """The same words rank the session of the escalation's own problem domain first."""
    summary = "Outlook on the VPN for remote staff keeps prompting and disconnecting"
    by_domain = {domain: assess(escalate_new(acme, summary, domain=domain))["matches"][0]["session_id"]
                 for domain in ("network", "m365")}
    assert by_domain == {"network": history[0].id, "m365": history[1].id}


def test_an_unrelated_problem_gets_low_confidence_and_no_invented_cause(app, acme, history):
    result = assess(escalate_new(acme, "Conference phone firmware stuck at 12 percent"))
    assert result["confidence"]["level"] == "low"
    assert result["likely_cause"] is None and result["suggested_steps"] == []
    assert "No resolved session in this account looks like this one" in result["note"]


def test_a_match_on_a_word_or_two_is_never_more_than_low_confidence(app, acme, history):
    """"Printer offline" shares both its words with a past session (all of its distinctive
    mass), but two words are no evidence for a cause: the match is offered as possibly
    related, and the score says low as plainly as the label."""
    result = assess(escalate_new(acme, "Printer offline", reason="Help", domain="hardware"))
    assert result["matches"][0]["session_id"] == history[2].id
    assert result["confidence"]["level"] == "low" and result["confidence"]["score"] < MEDIUM
    assert result["likely_cause"] is None


def test_no_close_match_is_said_plainly_and_offers_no_chips(app, acme, history):
    """"Outlook search returns nothing" shares one word ("Outlook") with two past sessions:
    they are possibly related, but nothing is named as its cause or offered to try."""
    account, users = acme
    session = make_session(account, users["engineer"], summary="Outlook search returns nothing", domain="m365")
    client_for(app, users["engineer"]).post(f"/sessions/{session.id}/escalate",
                                            data={"reason": "Rebuilt the index, no change", "priority": "normal"})
    handoff = db.session.scalar(select(Handoff).where(Handoff.session_id == session.id))
    stored = handoff.assessment
    assert stored["confidence"]["level"] == "low" and stored["confidence"]["score"] < MEDIUM
    assert stored["likely_cause"] is None and stored["suggested_steps"] == []
    assert {m["session_id"] for m in stored["matches"]} == {history[0].id, history[1].id}
    senior = client_for(app, users["admin"])
    senior.post(f"/handoffs/{handoff.id}/claim")
    context = senior.get(f"/handoffs/{handoff.id}/context").get_data(as_text=True)
    assert "No close match among your team's 12 resolved sessions." in context
    assert "Possibly related" in context and "Similar resolved sessions" not in context
    assert "Likely cause" not in context and 'class="context__cause"' not in context
    assert "2 resolved sessions share: “Outlook”</p>" in context  # "no change" (the reason) is no evidence
    page = senior.get(f"/sessions/{session.id}?start=1").get_data(as_text=True)
    assert "data-prefill" not in page and "Lowered the MTU" not in page and "Cleared cached credentials" not in page


def test_a_fix_is_suggested_only_from_the_same_domain_and_enough_shared_words(app, acme, history):
    """The label printer that was offered "disable Large Send Offload": a file share's fix is
    evidence for a network problem, not for a hardware one. And one shared word names a topic,
    not a problem: no fix from it, even in the same domain."""
    lso = "Updated the NIC driver and disabled Large Send Offload"
    summary = "Label printer slow since Patch Tuesday"
    assert lso in tried_texts(assess(escalate_new(acme, summary, domain="network")))
    result = assess(escalate_new(acme, summary, domain="hardware"))
    assert result["matches"][0]["session_id"] == history[8].id and lso not in tried_texts(result)
    result = assess(escalate_new(acme, "Outlook search returns nothing", domain="network"))
    assert result["matches"][0]["session_id"] == history[0].id and result["suggested_steps"] == []


@pytest.mark.parametrize("score, level", [
    (0.0, "low"), (round(MEDIUM - 0.01, 2), "low"), (MEDIUM, "medium"), (round(MEDIUM + 0.01, 2), "medium"),
    (round(HIGH - 0.01, 2), "medium"), (HIGH, "high"), (round(HIGH + 0.01, 2), "high"), (1.0, "high")])
def test_one_mapping_from_the_score_to_its_level(score, level):
    assert level_for(score) == level


def full_match(shared):
    """A past session that explains the whole problem, on ``shared`` words."""
    return Match(session_id=1, score=10.0, coverage=1.0, problem_coverage=1.0,
                 words=[f"word{n}" for n in range(shared)])


CAUSE = SimpleNamespace(resolution="Replaced the failing access point.")
SAME_CAUSE = SimpleNamespace(resolution="Replaced the failing access point")
OTHER_CAUSE = SimpleNamespace(resolution="Moved the printer to its own VLAN.")


@pytest.mark.parametrize("pairs, history, most", [
    ([(full_match(2), CAUSE)], 50, "low"),  # two shared words never name a cause,
    ([(full_match(3), CAUSE)], 50, "medium"),  # three never make it high,
    ([(full_match(4), CAUSE)], 50, "high"),
    ([(full_match(5), CAUSE)], 50, "high"),
    ([(full_match(5), CAUSE), (full_match(5), OTHER_CAUSE)], 50, "medium"),  # nor does a tie with another cause,
    ([(full_match(5), CAUSE), (full_match(5), SAME_CAUSE)], 50, "high"),  # (agreeing is no doubt)
    ([(full_match(5), CAUSE)], 4, "low"),  # and four resolved sessions can't name a cause at all.
    ([(full_match(5), CAUSE)], 5, "medium"),
    ([(full_match(5), CAUSE)], 7, "high"),
])
def test_each_doubt_lowers_the_score_itself(pairs, history, most):
    """A full match, but for one doubt: the most that doubt allows, reached through the score."""
    assert level_for(score_of(pairs, history)) == most


def test_every_assessment_labels_its_score_by_the_one_mapping(app, acme, history):
    levels = {}
    for summary, domain in [("Outlook search returns nothing", "m365"),
                            ("Another laptop won't join the domain", "systems"),
                            ("Wi-Fi keeps dropping in the meeting room", "network"),
                            ("Printer on the second floor shows offline again", "hardware")]:
        confidence = assess(escalate_new(acme, summary, domain=domain))["confidence"]
        assert confidence["level"] == level_for(confidence["score"]), summary
        levels[confidence["level"]] = confidence["score"]
    assert levels["low"] < levels["medium"] < levels["high"]


def test_assessments_stored_before_the_basis_still_render(app, acme, history):
    """Stored without ``shared_words``: they render, and a low one names no cause."""
    handoff = escalate_new(acme, "Outlook search returns nothing", domain="m365")
    old = {"backend": "retrieval", "computed_at": "2026-11-20T09:00:00Z", "history": 12,
           "likely_cause": history[0].resolution, "suggested_steps": [], "confidence": {"level": "low", "score": 0.68},
           "matches": [{"session_id": history[0].id, "ticket_number": "4400", "summary": history[0].summary,
                        "resolution": history[0].resolution, "resolved_by": "Admin Acme", "resolved_at": None,
                        "score": 2.74}]}
    handoff.assessment = old
    db.session.commit()
    admin = client_for(app, acme[1]["admin"])
    section = admin.get(f"/handoffs/{handoff.id}/assessment", headers=HX).get_data(as_text=True)
    assert "No close match among your team's 12 resolved sessions." in section and "Possibly related" in section
    assert history[0].resolution not in section and "share:" not in section and "shares:" not in section
    handoff.assessment = {**old, "confidence": {"level": "medium", "score": 0.3}}
    db.session.commit()
    section = admin.get(f"/handoffs/{handoff.id}/assessment", headers=HX).get_data(as_text=True)
    assert "Likely cause" in section and history[0].resolution in section and "Similar resolved sessions" in section


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
    result = assess(escalate_new(acme, "Printer on the second floor shows offline again", domain="hardware"))
    assert twin.id not in [m["session_id"] for m in result["matches"]]
    assert result["matches"][0]["session_id"] == history[2].id
    assert "Replaced the printer's network card" not in tried_texts(result)


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
    # What the confidence rests on, in the escalation's own words.
    assert "Similar resolved sessions" in context and "1 resolved session shares: “Branch”, “lookups”," in context


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


def test_short_numbers_are_no_evidence_but_codes_and_ports_are():
    assert words("line 10 at 15% — event 4015, error 1722 on port 8019, KB5034441") == words(
        "line event 4015 error 1722 port 8019 kb5034441")
    assert "4015" in words("event 4015") and "kb5034441" in words("KB5034441")
