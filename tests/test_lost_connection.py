"""A write that committed is answered as saved even when the database goes away right after
the commit (a failover, a restart, a lost disk): the user is not told to retry something
that is done, and a retry finds the same row rather than adding a second. A write the
database never got is answered as not saved, and a retry then does it once."""
import logging

import pytest
from sqlalchemy import func, select

from rf.core.errors import SAVED_MESSAGE, UNREACHABLE_MESSAGE
from rf.core.extensions import db
from rf.core.models import Step, TroubleshootingSession

from .factories import make_escalation, make_session
from .faults import DatabaseCut
from .helpers import HX, client_for
from .test_step_logging import form_key


@pytest.fixture
def database_cut(app, database_url):
    cut = DatabaseCut(app, database_url, spared=db.session())
    yield cut
    cut.close()


def count(model, **where):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def no_tracebacks(caplog):
    return [record.getMessage() for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]


def test_a_step_committed_before_the_database_went_away_is_answered_as_logged(app, acme, database_cut, caplog):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    key = form_key(browser.get(f"/sessions/{session.id}").get_data(as_text=True))
    form = {"tried": "Flushed DNS", "command": "ipconfig /flushdns", "result": "didnt_work", "idempotency_key": key}
    steps_url = f"/sessions/{session.id}/steps"
    database_cut.arm()
    answer = browser.post(steps_url, headers=HX, data=form)
    database_cut.restore()
    page = answer.get_data(as_text=True)
    # The whole answer: the step, a fresh key for the next one, the toast.
    assert answer.status_code == 200 and "Step 1 logged." in page and "ipconfig /flushdns" in page
    assert form_key(page) != key
    assert no_tracebacks(caplog) == []
    assert count(Step, session_id=session.id) == 1
    again = browser.post(steps_url, headers=HX, data=form)  # sent again all the same
    assert again.status_code == 200 and "Step 1 logged." in again.get_data(as_text=True)
    assert count(Step, session_id=session.id) == 1


def test_a_new_session_committed_before_the_database_went_away_opens_it(app, acme, database_cut, caplog):
    browser = client_for(app, acme[1]["engineer"])
    database_cut.arm()
    answer = browser.post("/sessions/new", data={"ticket_number": "T-1", "client_name": "Contoso",
                                                 "summary": "Outlook keeps asking for a password",
                                                 "domain": "m365"})
    database_cut.restore()
    started = db.session.scalars(select(TroubleshootingSession).filter_by(ticket_number="T-1")).all()
    assert len(started) == 1
    assert answer.status_code == 302 and answer.headers["Location"] == f"/sessions/{started[0].id}"
    assert no_tracebacks(caplog) == []


def test_a_claim_committed_before_the_database_went_away_lands_on_the_context(app, acme, database_cut):
    session = make_session(acme[0], acme[1]["engineer"])
    escalation = make_escalation(session, acme[1]["engineer"])
    senior = client_for(app, acme[1]["admin"])
    claim_url, context_url = f"/handoffs/{escalation.id}/claim", f"/handoffs/{escalation.id}/context"
    database_cut.arm()
    answer = senior.post(claim_url, headers=HX)
    database_cut.restore()
    assert answer.status_code == 204 and answer.headers["HX-Redirect"] == context_url
    db.session.refresh(escalation)
    assert escalation.closed_reason == "claimed" and escalation.closed_by_id == acme[1]["admin"].id


def test_when_the_rest_of_the_answer_needs_the_database_it_still_says_saved(app, acme, database_cut):
    """Marking a card seen redraws it from the database after the commit; with the database
    gone the answer is the plain "saved" toast, not an error inviting a retry."""
    session = make_session(acme[0], acme[1]["engineer"])
    escalation = make_escalation(session, acme[1]["engineer"])
    senior = client_for(app, acme[1]["admin"])
    dismiss_url = f"/escalations/{escalation.id}/dismiss"
    database_cut.arm()
    answer = senior.post(dismiss_url, headers=HX)
    database_cut.restore()
    assert answer.status_code == 200
    assert SAVED_MESSAGE.replace("'", "&#39;") in answer.get_data(as_text=True)
    without_script = senior.post(dismiss_url, headers={"Referer": "http://localhost/escalations"})
    assert without_script.status_code == 302


def test_a_step_the_database_never_got_is_answered_as_not_saved_and_a_retry_logs_it_once(
        app, acme, database_cut):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    key = form_key(browser.get(f"/sessions/{session.id}").get_data(as_text=True))
    form = {"tried": "Flushed DNS", "result": "didnt_work", "idempotency_key": key}
    steps_url = f"/sessions/{session.id}/steps"
    database_cut.cut_now()
    answer = browser.post(steps_url, headers=HX, data=form)
    database_cut.restore()
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert UNREACHABLE_MESSAGE in answer.get_data(as_text=True)
    assert count(Step, session_id=session.id) == 0
    retry = browser.post(steps_url, headers=HX, data=form)
    assert retry.status_code == 200 and count(Step, session_id=session.id) == 1


def test_a_page_drawn_before_its_connection_died_is_still_sent(app, acme, database_cut, caplog):
    """The session page has committed its read mark and read again for the page when the
    connection dies; ending the request's transaction then fails (PostgreSQL), which is a
    line in the log, not a 500 for a page that was already drawn."""
    session = make_session(acme[0], acme[1]["engineer"])
    escalation = make_escalation(session, acme[1]["engineer"])
    senior = client_for(app, acme[1]["admin"])
    page_url = f"/handoffs/{escalation.id}/context"
    database_cut.arm(after="response")
    page = senior.get(page_url)
    database_cut.restore()
    assert page.status_code == 200 and "Need a second pair of eyes" in page.get_data(as_text=True)
    assert no_tracebacks(caplog) == []
