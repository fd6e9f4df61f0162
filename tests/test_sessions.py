"""Troubleshooting sessions: starting, listing, the step log, output capping, resolving."""
import re

from sqlalchemy import func, select

from rf.core.extensions import db
from rf.core.models import Step
from rf.core.models import TroubleshootingSession as TS
from rf.sessions.output import KEEP_HEAD, KEEP_TAIL, clean_output

from .factories import make_session, make_user
from .helpers import HX, client_for, login


def engineer_client(app, acme, role="engineer"):
    return client_for(app, acme[1][role])


def test_start_a_session(app, acme):
    browser = engineer_client(app, acme)
    form = browser.get("/sessions/new").get_data(as_text=True)
    for label in ("Ticket number", "Client", "Problem summary", "Domain", ">Start session<"):
        assert label in form
    response = browser.post("/sessions/new", data={"ticket_number": "5001", "client_name": "Cedar Law",
                                                   "summary": "Printer offline", "domain": "hardware"})
    session = db.session.scalar(select(TS))
    assert response.headers["Location"] == f"/sessions/{session.id}"
    assert (session.owner_id, session.status, session.domain) == (acme[1]["engineer"].id, "active", "hardware")
    page = browser.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Printer offline" in page and "#5001" in page and "Cedar Law" in page


def test_new_session_links_on_home_and_list(app, acme):
    browser = engineer_client(app, acme)
    assert 'href="/sessions/new"' in browser.get("/").get_data(as_text=True)
    assert 'href="/sessions/new"' in browser.get("/sessions").get_data(as_text=True)


def test_bad_session_input_is_explained_and_kept(app, acme):
    browser = engineer_client(app, acme)
    response = browser.post("/sessions/new", data={"ticket_number": "", "client_name": "C" * 101,
                                                   "summary": "Kept summary text", "domain": "plumbing"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the ticket number from your PSA." in page
    assert "The client name can be at most 100 characters." in page
    assert "Not a valid choice" in page
    assert "Kept summary text" in page and "C" * 101 in page
    assert db.session.scalar(select(func.count()).select_from(TS)) == 0


def test_lists_and_filters(app, acme):
    account, users = acme
    me, colleague = users["engineer"], users["admin"]
    mine = make_session(account, me, ticket="100", client="Harbor Dental", domain="network")
    theirs = make_session(account, colleague, ticket="200", client="Cedar Law", domain="m365")
    parked = make_session(account, me, ticket="300", client="Harbor Dental", status="parked")
    their_parked = make_session(account, colleague, ticket="400", client="Cedar Law", status="parked")
    resolved = make_session(account, colleague, ticket="500", client="Maple Vet", status="resolved")
    browser = engineer_client(app, acme)

    def listed(query):
        page = browser.get(f"/sessions?{query}").get_data(as_text=True)
        return {int(n) for n in re.findall(r'href="/sessions/(\d+)"', page)}

    assert listed("view=mine") == {mine.id, parked.id}
    assert listed("view=team") == {mine.id, theirs.id}
    assert listed("view=parked") == {parked.id}  # parked is private to its owner
    assert listed("view=resolved") == {resolved.id}
    assert listed("view=team&client=harbor") == {mine.id}
    assert listed("view=team&ticket=20") == {theirs.id}
    assert listed("view=team&domain=m365") == {theirs.id}
    assert listed("view=team&client=%25") == set()  # wildcards are literal
    assert their_parked.id not in listed("view=team") | listed("view=parked")
    assert "No sessions match these filters." in browser.get("/sessions?view=team&client=zzz").get_data(as_text=True)


def test_log_a_step_over_htmx(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = engineer_client(app, acme)
    response = browser.post(f"/sessions/{session.id}/steps", headers=HX, data={
        "tried": "Pinged the gateway", "command": "ping 10.0.0.1", "output": "Reply from 10.0.0.1",
        "result": "info", "notes": "Gateway answers"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    # The form stays where it is (its script clears what was sent, keeping anything typed
    # meanwhile): only out-of-band swaps — the step, a new key for the form, a toast.
    assert response.headers["HX-Reswap"] == "none" and 'id="step-form"' not in page
    assert 'hx-swap-oob="beforeend:#steps"' in page
    assert "Pinged the gateway" in page and "ping 10.0.0.1" in page and "Reply from 10.0.0.1" in page
    assert re.search(r'<input type="hidden" id="idempotency_key" name="idempotency_key" value="[\w-]+" '
                     r'hx-swap-oob="true">', page)
    step = db.session.scalar(select(Step))
    assert (step.author_id, step.result, step.notes) == (acme[1]["engineer"].id, "info", "Gateway answers")


def test_step_authors_are_recorded_per_person(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    for role in ("engineer", "admin"):
        engineer_client(app, acme, role).post(f"/sessions/{session.id}/steps",
                                              data={"tried": f"by {role}", "result": "info"})
    authors = db.session.execute(select(Step.tried, Step.author_id).order_by(Step.id)).all()
    assert authors == [("by engineer", acme[1]["engineer"].id), ("by admin", acme[1]["admin"].id)]


def test_bad_step_keeps_what_was_typed(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = engineer_client(app, acme)
    response = browser.post(f"/sessions/{session.id}/steps", headers=HX, data={
        "tried": "", "command": "Get-Thing -Keep", "output": "kept output", "result": "info",
        "notes": "n" * 4001})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say what you tried." in page and "Notes can be at most 4,000 characters." in page
    assert "Get-Thing -Keep" in page and "kept output" in page
    # Without HTMX, the whole page comes back with the same errors and text.
    page = browser.post(f"/sessions/{session.id}/steps", data={"tried": "", "command": "kept too",
                                                             "result": "info"}).get_data(as_text=True)
    assert "<html" in page and "Say what you tried." in page and "kept too" in page
    assert db.session.scalar(select(func.count()).select_from(Step)) == 0


def test_output_is_escaped_stripped_of_ansi_and_capped(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = engineer_client(app, acme)
    hostile = "<script>alert(1)</script>\x1b[31mRED\x1b[0m done"
    browser.post(f"/sessions/{session.id}/steps", data={"tried": "<b>bold?</b>", "output": hostile, "result": "info"})
    page = browser.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;RED done" in page
    assert "<script>alert" not in page and "&lt;b&gt;bold?&lt;/b&gt;" in page
    huge = "line of log output\n" * 200_000  # ~3.8 MB
    browser.post(f"/sessions/{session.id}/steps", data={"tried": "Dumped the log", "output": huge, "result": "info"})
    step = db.session.scalar(select(Step).where(Step.tried == "Dumped the log"))
    assert step.output_original_chars == len(huge.rstrip())
    assert len(step.output) < KEEP_HEAD + KEEP_TAIL + 100 and "characters omitted" in step.output
    page = browser.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "The pasted output was 3,799,999 characters; the first 16,000 and last 48,000 were kept." in page
    assert "<details class=\"output\">" in page  # long output starts collapsed


def test_clean_output_unit():
    assert clean_output("") == (None, None)
    assert clean_output("\x1b]0;title\x07ok\r\nnext\x00") == ("ok\nnext", None)
    text, original = clean_output("a" * 70_000)
    assert original == 70_000 and text.startswith("a" * KEEP_HEAD) and text.endswith("a" * KEEP_TAIL)


def test_no_steps_on_a_resolved_session(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], status="resolved")
    browser = engineer_client(app, acme)
    response = browser.post(f"/sessions/{session.id}/steps", headers=HX, data={"tried": "late", "result": "info"})
    assert response.status_code == 409
    assert "This session is resolved, so no more steps can be logged." in response.get_data(as_text=True)
    page = browser.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert 'id="step-form"' not in page
    assert db.session.scalar(select(func.count()).select_from(Step)) == 1


def test_viewer_reads_but_cannot_write(app, acme):
    session = make_session(acme[0], acme[1]["engineer"])
    viewer = engineer_client(app, acme, "viewer")
    page = viewer.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "VPN drops every 10 minutes" in page and 'id="step-form"' not in page and "Escalate" not in page
    assert 'href="/sessions/new"' not in viewer.get("/sessions").get_data(as_text=True)
    response = viewer.post(f"/sessions/{session.id}/steps", data={"tried": "x", "result": "info"})
    assert response.status_code == 403 and "Viewers have read-only access." in response.get_data(as_text=True)
    assert viewer.get("/sessions/new").status_code == 403


def test_resolve_records_the_fix_and_which_steps(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=3)
    step_ids = [s.id for s in session.steps]
    browser = engineer_client(app, acme)
    bad = browser.post(f"/sessions/{session.id}/resolve", data={"resolution": "", "fixed_by": [step_ids[1]]})
    assert bad.status_code == 422 and "Say what fixed it" in bad.get_data(as_text=True)
    assert f'value="{step_ids[1]}" checked' in bad.get_data(as_text=True)
    browser.post(f"/sessions/{session.id}/resolve", data={"resolution": "Replaced the switch port",
                                                         "fixed_by": [step_ids[1], step_ids[2]]})
    db.session.expire_all()
    session = db.session.get(TS, session.id)
    assert (session.status, session.resolution, session.resolved_by_id) == (
        "resolved", "Replaced the switch port", acme[1]["engineer"].id)
    assert [s.fixed_it for s in session.steps] == [False, True, True]
    again = browser.post(f"/sessions/{session.id}/resolve", data={"resolution": "again"}, follow_redirects=True)
    assert "This session is already resolved." in again.get_data(as_text=True)
    assert db.session.get(TS, session.id).resolution == "Replaced the switch port"


def test_only_the_owner_or_an_admin_resolves(app, acme):
    session = make_session(acme[0], acme[1]["admin"])
    other_engineer = make_user(acme[0], "engineer", email="other@acme.test")
    browser = app.test_client()
    login(browser, other_engineer)
    response = browser.post(f"/sessions/{session.id}/resolve", data={"resolution": "x"})
    assert response.status_code == 403
    assert "Only the session&#39;s owner or an admin can resolve it." in response.get_data(as_text=True)
    assert db.session.get(TS, session.id).status == "active"


def test_control_characters_never_reach_the_database(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = engineer_client(app, acme)
    response = browser.post(f"/sessions/{session.id}/steps", data={
        "tried": "Null\x00byte\x07", "command": "cmd\x00", "notes": "tab\tkept\x1f", "result": "info"})
    assert response.status_code == 302
    step = db.session.scalar(select(Step))
    assert (step.tried, step.command, step.notes) == ("Nullbyte", "cmd", "tab\tkept")
    assert browser.get("/sessions?view=team&client=%00x").status_code == 200
    assert browser.post("/sessions/new", data={"ticket_number": "1\x00", "client_name": "C", "summary": "S",
                                               "domain": "other"}).status_code == 302
    assert login(app.test_client(), "nobody\x00@acme.test", "x").status_code == 401


def test_a_step_on_a_resolved_session_is_refused_without_htmx_too(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], status="resolved")
    page = engineer_client(app, acme).post(f"/sessions/{session.id}/steps", data={"tried": "late", "result": "info"},
                                           follow_redirects=True).get_data(as_text=True)
    assert "This session is resolved, so no more steps can be logged." in page
    assert db.session.scalar(select(func.count()).select_from(Step)) == 1


def test_htmx_step_is_announced(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=2)
    page = engineer_client(app, acme).post(f"/sessions/{session.id}/steps", headers=HX,
                                           data={"tried": "Third", "result": "info"}).get_data(as_text=True)
    assert "Step 3 logged." in page and 'hx-swap-oob="beforeend:#toasts"' in page
    assert '<span class="step__number" aria-hidden="true">3</span>' in page


def test_focus_goes_to_the_first_field_with_an_error(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    page = engineer_client(app, acme).post(f"/sessions/{session.id}/steps", headers=HX, data={
        "tried": "fine", "notes": "n" * 4001, "result": "info"}).get_data(as_text=True)
    autofocused = re.findall(r'<textarea[^>]*autofocus[^>]*>', page)
    assert len(autofocused) == 1 and 'id="notes"' in autofocused[0] and 'aria-invalid="true"' in autofocused[0]
    assert "maxlength" not in page  # the browser must not cut pasted text silently
    new = engineer_client(app, acme).post("/sessions/new", data={"ticket_number": "5002"}).get_data(as_text=True)
    autofocused = re.findall(r'<(?:input|textarea|select)[^>]*autofocus[^>]*>', new)
    assert len(autofocused) == 1 and 'id="client_name"' in autofocused[0]


def test_resolve_and_escalate_at_the_same_moment_never_leave_an_open_escalation(live_server, acme):
    from rf.core.models import Handoff, QueueEvent

    from .helpers import all_at_once
    from .http import HttpClient

    owner = acme[1]["engineer"]
    for round_number in range(4):
        session = make_session(acme[0], owner, ticket=f"R{round_number}")
        calls = []
        for action in ("escalate", "resolve") * 3:
            client = HttpClient(live_server.url)
            client.log_in(owner.email, "correct horse battery")
            token = client.csrf_token(f"/sessions/{session.id}")
            data = ({"reason": "stuck", "priority": "high"} if action == "escalate"
                    else {"resolution": "fixed"})
            calls.append(lambda c=client, a=action, d=data, t=token, s=session.id:
                         c.post(f"/sessions/{s}/{a}", {**d, "csrf_token": t}))
        responses = all_at_once(calls)
        assert all(r.status in (200, 302) for r in responses), [r.status for r in responses]
        status = db.session.scalar(select(TS.status).where(TS.id == session.id))
        open_escalations = db.session.scalar(select(func.count()).select_from(Handoff).where(
            Handoff.session_id == session.id, Handoff.intent == "escalate", Handoff.closed_at.is_(None)))
        assert status == "resolved" and open_escalations == 0
        # An escalation the resolve closed left every queue: its "resolved" event went out.
        closed_by_resolve = set(db.session.scalars(select(Handoff.id).where(
            Handoff.session_id == session.id, Handoff.closed_reason == "resolved")))
        resolved_events = set(db.session.scalars(select(QueueEvent.handoff_id).where(
            QueueEvent.kind == "resolved", QueueEvent.handoff_id.in_(closed_by_resolve or {0}))))
        assert resolved_events == closed_by_resolve
        resolved_by = db.session.scalar(select(func.count()).select_from(TS).where(
            TS.id == session.id, TS.resolution == "fixed"))
        assert resolved_by == 1


def test_a_viewer_sees_only_the_lists_they_can_use(app, acme):
    """A viewer owns no sessions and parks none: no "My sessions" or "Parked" tab, and asking
    for those lists shows the team's."""
    viewer = client_for(app, acme[1]["viewer"])
    page = viewer.get("/sessions?view=parked").get_data(as_text=True)
    assert "Team&#39;s active" in page and "Resolved" in page
    assert "My sessions" not in page and ">Parked<" not in page
    assert 'aria-current="page">Team&#39;s active' in page
    engineer_page = client_for(app, acme[1]["engineer"]).get("/sessions").get_data(as_text=True)
    assert "My sessions" in engineer_page and ">Parked<" in engineer_page
