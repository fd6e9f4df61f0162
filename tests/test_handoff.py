"""Park, escalate (peer escalation, one open escalation), withdraw, the frozen package, exports."""

from sqlalchemy import func, select

from rf.core.extensions import db
from rf.core.models import Handoff
from rf.core.models import TroubleshootingSession as TS

from .factories import make_account, make_session, make_user
from .helpers import HX, all_at_once, client_for
from .http import HttpClient


def log_step(browser, session, **fields):
    return browser.post(f"/sessions/{session.id}/steps", data={"result": "didnt_work", **fields})


def test_park_is_private_and_resumable_by_its_owner(app, acme):
    engineer, admin = acme[1]["engineer"], acme[1]["admin"]
    session = make_session(acme[0], engineer)
    owner_browser = client_for(app, engineer)
    empty = owner_browser.post(f"/sessions/{session.id}/park", data={"note": ""})
    assert empty.status_code == 422 and "Leave a note for when you come back" in empty.get_data(as_text=True)
    assert client_for(app, admin).post(f"/sessions/{session.id}/park", data={"note": "x"}).status_code == 403
    owner_browser.post(f"/sessions/{session.id}/park", data={"note": "Waiting on the customer's logs"})
    assert db.session.get(TS, session.id).status == "parked"
    park = db.session.scalar(select(Handoff))
    assert (park.intent, park.note, park.created_by_id, park.priority) == (
        "park", "Waiting on the customer's logs", engineer.id, None)
    page = owner_browser.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Waiting on the customer&#39;s logs" in page and "Resume session" in page
    assert f'href="/sessions/{session.id}"' not in client_for(app, admin).get(
        "/sessions?view=team").get_data(as_text=True)
    owner_browser.post(f"/sessions/{session.id}/resume")
    db.session.expire_all()
    assert db.session.get(TS, session.id).status == "active"
    assert db.session.get(Handoff, park.id).closed_reason == "resumed"


def test_escalate_form_and_validation_keeps_input(app, acme):
    session = make_session(acme[0], acme[1]["engineer"])
    browser = client_for(app, acme[1]["engineer"])
    page = browser.get(f"/sessions/{session.id}/escalate").get_data(as_text=True)
    assert '<label class="field__label" for="reason">Reason</label>' in page
    assert '<legend class="field__label">Priority</legend>' in page
    for label in ("Low", "Normal", "High", "Urgent"):
        assert label in page
    response = browser.post(f"/sessions/{session.id}/escalate", data={"reason": "", "priority": "urgent"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Say why you&#39;re escalating" in page
    assert '<input checked id="priority-3" name="priority" type="radio" value="urgent">' in page
    response = browser.post(f"/sessions/{session.id}/escalate", data={"reason": "r" * 2001, "priority": "low"})
    assert response.status_code == 422
    assert "The reason can be at most 2,000 characters." in response.get_data(as_text=True)
    response = browser.post(f"/sessions/{session.id}/escalate", data={"reason": "x", "priority": "asap"})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Handoff)) == 0


def test_peer_escalation_records_both_people_and_freezes_the_package(app, acme):
    junior, senior = acme[1]["engineer"], acme[1]["admin"]
    session = make_session(acme[0], junior, steps=0)
    junior_browser = client_for(app, junior)
    log_step(junior_browser, session, tried="Flushed DNS", command="ipconfig /flushdns",
             output="Successfully flushed the DNS Resolver Cache.")
    log_step(junior_browser, session, tried="Queried the DC", command="nslookup intranet 10.1.0.10",
             output="DNS request timed out.\n```not a fence```", result="dead_end", notes="1 in 3 fail")
    response = client_for(app, senior).post(f"/sessions/{session.id}/escalate",
                                            data={"reason": "Junior is stuck on DNS", "priority": "high"})
    assert response.status_code == 302
    handoff = db.session.scalar(select(Handoff))
    assert (handoff.intent, handoff.created_by_id, handoff.session_owner_id, handoff.priority) == (
        "escalate", senior.id, junior.id, "high")
    assert db.session.scalar(select(TS.status).where(TS.id == session.id)) == "escalated"
    package = handoff.package
    assert package["version"] == 1 and package["format"] == 1
    assert [s["tried"] for s in package["steps"]] == ["Flushed DNS", "Queried the DC"]
    assert package["dead_ends"] == [2] and package["latest_outputs"] == [1, 2]
    assert (package["escalated_by"], package["session_owner"], package["reason"]) == (
        senior.name, junior.name, "Junior is stuck on DNS")

    # Steps logged after the handoff don't change what was handed over.
    log_step(junior_browser, session, tried="Rebooted the DC")
    assert db.session.get(Handoff, handoff.id).package == handoff.package
    markdown = junior_browser.get(f"/handoffs/{handoff.id}/package.md")
    assert markdown.headers["Content-Disposition"] == 'attachment; filename="escalation-4411-v1.md"'
    assert markdown.mimetype == "text/markdown"
    text = markdown.get_data(as_text=True)
    assert "Rebooted the DC" not in text
    for expected in ("# Escalation: VPN drops every 10 minutes", "- **Priority:** High",
                     f"- **Escalated by:** {senior.name}", f"- **Session owner:** {junior.name}",
                     "Junior is stuck on DNS", "### 2. Queried the DC — Dead end", "- Step 2: Queried the DC",
                     "````\nDNS request timed out.\n```not a fence```\n````", "Notes:\n\n> 1 in 3 fail"):
        assert expected in text, expected
    note = junior_browser.get(f"/handoffs/{handoff.id}/package.txt")
    assert note.mimetype == "text/plain"
    text = note.get_data(as_text=True)
    for expected in ("ESCALATION: VPN drops every 10 minutes", "Priority: High", "2. [DEAD END] Queried the DC",
                     "   Command: nslookup intranet 10.1.0.10", "DEAD ENDS\n- Step 2: Queried the DC",
                     "--- Step 2: nslookup intranet 10.1.0.10 ---\nDNS request timed out."):
        assert expected in text, expected
    assert "**" not in text and "```" not in text.replace("```not a fence```", "")

    page = junior_browser.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert 'id="package-export"' in page and f'hx-get="/handoffs/{handoff.id}/export"' in page
    panel = junior_browser.get(f"/handoffs/{handoff.id}/export", headers=HX).get_data(as_text=True)
    assert "Copy Markdown" in panel and "Copy note" in panel
    assert f'href="/handoffs/{handoff.id}/package.md"' in page and f'href="/handoffs/{handoff.id}/package.txt"' in page
    assert f"on behalf of {junior.name}" in page


def test_escalating_a_parked_session_closes_the_park(app, acme):
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer)
    browser = client_for(app, engineer)
    browser.post(f"/sessions/{session.id}/park", data={"note": "Waiting"})
    browser.post(f"/sessions/{session.id}/escalate",
                 data={"reason": "Customer replied, still stuck", "priority": "normal"})
    handoffs = db.session.scalars(select(Handoff).order_by(Handoff.id)).all()
    assert [(h.intent, h.closed_reason) for h in handoffs] == [("park", "escalated"), ("escalate", None)]


def test_escalating_twice_or_a_resolved_session_is_refused_clearly(app, acme):
    engineer = acme[1]["engineer"]
    browser = client_for(app, engineer)
    session = make_session(acme[0], engineer)
    browser.post(f"/sessions/{session.id}/escalate", data={"reason": "first", "priority": "normal"})
    again = browser.post(f"/sessions/{session.id}/escalate", data={"reason": "second", "priority": "urgent"},
                         follow_redirects=True)
    assert f"This session is already escalated (by {engineer.name})" in again.get_data(as_text=True)
    over_htmx = browser.post(f"/sessions/{session.id}/escalate", data={"reason": "third"}, headers=HX)
    assert over_htmx.status_code == 409 and over_htmx.headers["HX-Retarget"] == "#toasts"
    resolved = make_session(acme[0], engineer, status="resolved")
    page = browser.post(f"/sessions/{resolved.id}/escalate", data={"reason": "x", "priority": "low"},
                        follow_redirects=True).get_data(as_text=True)
    assert "This session is resolved, so it can&#39;t be escalated." in page
    assert db.session.scalar(select(func.count()).select_from(Handoff)) == 1


def test_viewers_cannot_escalate(app, acme):
    session = make_session(acme[0], acme[1]["engineer"])
    viewer = client_for(app, acme[1]["viewer"])
    response = viewer.post(f"/sessions/{session.id}/escalate", data={"reason": "x", "priority": "low"})
    assert response.status_code == 403 and "read-only" in response.get_data(as_text=True)
    assert viewer.get(f"/sessions/{session.id}/escalate").status_code == 403


def test_withdraw_by_escalator_or_owner_then_escalate_again(app, acme):
    junior, senior = acme[1]["engineer"], acme[1]["admin"]
    bystander = make_user(acme[0], "engineer", email="bystander@acme.test")
    session = make_session(acme[0], junior)
    client_for(app, senior).post(f"/sessions/{session.id}/escalate", data={"reason": "stuck", "priority": "low"})
    response = client_for(app, bystander).post(f"/sessions/{session.id}/escalation/withdraw")
    assert response.status_code == 403
    assert "Only the person who escalated or the session&#39;s owner" in response.get_data(as_text=True)
    junior_browser = client_for(app, junior)
    page = junior_browser.post(f"/sessions/{session.id}/escalation/withdraw",
                               follow_redirects=True).get_data(as_text=True)
    assert "Escalation withdrawn." in page
    assert db.session.get(TS, session.id).status == "active"
    page = junior_browser.post(f"/sessions/{session.id}/escalation/withdraw",
                               follow_redirects=True).get_data(as_text=True)
    assert "There&#39;s no open escalation to withdraw" in page
    log_step(junior_browser, session, tried="One more idea")
    junior_browser.post(f"/sessions/{session.id}/escalate", data={"reason": "still stuck", "priority": "high"})
    versions = db.session.execute(select(Handoff.package_version, Handoff.closed_reason).order_by(Handoff.id)).all()
    assert versions == [(1, "withdrawn"), (2, None)]
    latest = db.session.scalar(select(Handoff.package).where(Handoff.package_version == 2))
    assert latest["steps"][-1]["tried"] == "One more idea"


def test_resolving_closes_an_open_escalation(app, acme):
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer)
    browser = client_for(app, engineer)
    browser.post(f"/sessions/{session.id}/escalate", data={"reason": "stuck", "priority": "low"})
    browser.post(f"/sessions/{session.id}/resolve", data={"resolution": "Figured it out"})
    assert db.session.scalar(select(Handoff.closed_reason)) == "resolved"


def test_concurrent_escalations_make_exactly_one(live_server, acme):
    """Twenty requests (double-clicks, second tabs) released together: one escalation."""
    session = make_session(acme[0], acme[1]["engineer"])
    clients = []
    for user in (acme[1]["engineer"], acme[1]["admin"], acme[1]["owner"]) * 7:
        client = HttpClient(live_server.url)
        client.log_in(user.email, "correct horse battery")
        clients.append((client, client.csrf_token(f"/sessions/{session.id}")))
    responses = all_at_once([lambda c=c, t=t: c.post(f"/sessions/{session.id}/escalate",
                                                     {"reason": "stuck", "priority": "high", "csrf_token": t})
                             for c, t in clients[:20]])
    escalated = [r for r in responses if "Escalated. Seniors can pick it up" in r.text]
    refused = [r for r in responses if "This session is already escalated" in r.text]
    assert len(escalated) == 1 and len(refused) == 19, [r.status for r in responses]
    assert db.session.scalar(select(func.count()).select_from(Handoff)) == 1
    assert db.session.scalar(select(TS.status).where(TS.id == session.id)) == "escalated"


def test_another_accounts_package_is_not_found(app, acme):
    other = make_account("Other MSP")
    outsider = make_user(other, "engineer", email="x@other.test")
    session = make_session(other, outsider)
    browser = client_for(app, outsider)
    browser.post(f"/sessions/{session.id}/escalate", data={"reason": "stuck", "priority": "low"})
    handoff_id = db.session.scalar(select(Handoff.id))
    mine = client_for(app, acme[1]["owner"])
    for path in (f"/handoffs/{handoff_id}/package.md", f"/handoffs/{handoff_id}/package.txt",
                 f"/sessions/{session.id}", f"/sessions/{session.id}/escalate"):
        assert mine.get(path).status_code == 404, path
    assert mine.post(f"/sessions/{session.id}/escalation/withdraw").status_code == 404
    assert db.session.scalar(select(Handoff.closed_at).where(Handoff.id == handoff_id)) is None


def test_park_and_resume_only_from_the_right_state(app, acme):
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer)
    browser = client_for(app, engineer)
    page = browser.post(f"/sessions/{session.id}/resume", follow_redirects=True).get_data(as_text=True)
    assert "This session isn&#39;t parked." in page
    browser.post(f"/sessions/{session.id}/escalate", data={"reason": "stuck", "priority": "low"})
    page = browser.post(f"/sessions/{session.id}/park", data={"note": "later"},
                        follow_redirects=True).get_data(as_text=True)
    assert "Only an active session can be parked; this one is escalated." in page
    browser.post(f"/sessions/{session.id}/escalation/withdraw")
    browser.post(f"/sessions/{session.id}/park", data={"note": "later"})
    response = client_for(app, acme[1]["admin"]).post(f"/sessions/{session.id}/resume")
    assert response.status_code == 403
    assert "Only the session&#39;s owner can resume it." in response.get_data(as_text=True)
    assert db.session.scalar(select(TS.status).where(TS.id == session.id)) == "parked"


def test_export_of_a_session_with_no_steps(app, acme):
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer, steps=0)
    browser = client_for(app, engineer)
    browser.post(f"/sessions/{session.id}/escalate", data={"reason": "Don't know where to start", "priority": "urgent"})
    handoff_id = db.session.scalar(select(Handoff.id))
    markdown = browser.get(f"/handoffs/{handoff_id}/package.md").get_data(as_text=True)
    assert "## What's been tried (0 steps)\n\nNothing logged yet." in markdown
    assert "None flagged." in markdown and "No output captured." in markdown
    note = browser.get(f"/handoffs/{handoff_id}/package.txt").get_data(as_text=True)
    assert "STEPS TRIED (0)\n(none logged)" in note and "(no output captured)" in note


def test_markdown_export_escapes_user_text(app, acme):
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer, steps=0, summary="# Printer <img src=x onerror=alert(1)>")
    browser = client_for(app, engineer)
    browser.post(f"/sessions/{session.id}/steps", data={"tried": "Line one\n# line two [x](http://evil)",
                                                       "result": "dead_end"})
    browser.post(f"/sessions/{session.id}/escalate", data={"reason": "- not a list\n> not a quote", "priority": "low"})
    handoff_id = db.session.scalar(select(Handoff.id))
    markdown = browser.get(f"/handoffs/{handoff_id}/package.md").get_data(as_text=True)
    assert "# Escalation: \\# Printer \\<img src=x onerror=alert(1)\\>" in markdown
    assert "### 1. Line one # line two \\[x\\](http://evil) — Dead end" in markdown
    assert "> \\- not a list  \n> \\> not a quote" in markdown
    assert "<img" not in markdown.replace("\\<img", "")


def test_only_exported_outputs_are_kept_in_the_package(app, acme):
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer, steps=0)
    browser = client_for(app, engineer)
    for number in range(1, 6):
        browser.post(f"/sessions/{session.id}/steps", data={"tried": f"try {number}", "output": f"out {number}",
                                                           "result": "didnt_work"})
    browser.post(f"/sessions/{session.id}/escalate", data={"reason": "stuck", "priority": "low"})
    package = db.session.scalar(select(Handoff.package))
    assert package["latest_outputs"] == [3, 4, 5]
    assert [s["output"] for s in package["steps"]] == [None, None, "out 3", "out 4", "out 5"]
