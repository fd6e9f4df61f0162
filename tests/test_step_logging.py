"""Nothing typed is lost, nothing is logged twice: each step form carries an idempotency key,
the result is chosen (never assumed), and a refused or doubled post keeps what was typed."""
import re

from sqlalchemy import func, select

from rf.core.extensions import db
from rf.core.models import Step
from rf.sessions.forms import CHOOSE_RESULT
from rf.sessions.lifecycle import KEY_REUSED

from .factories import PASSWORD, make_session
from .helpers import HX, all_at_once, client_for
from .http import HttpClient

KEY = re.compile(r'name="idempotency_key"[^>]*value="([\w-]+)"|value="([\w-]+)"[^>]*name="idempotency_key"')


def form_key(page):
    found = KEY.search(page)
    return found.group(1) or found.group(2)


def steps_of(session):
    return db.session.scalars(select(Step).where(Step.session_id == session.id).order_by(Step.id)).all()


def test_ten_identical_posts_at_once_log_one_step(live_server, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    clients = [HttpClient(live_server.url) for _ in range(10)]
    for client in clients:
        client.log_in(acme[1]["engineer"].email, PASSWORD)
    page = clients[0].get(f"/sessions/{session.id}").text
    key, token = form_key(page), re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    tokens = [token] + [client.csrf_token(f"/sessions/{session.id}") for client in clients[1:]]
    form = {"tried": "Pinged the gateway", "output": "Reply from 10.0.0.1", "result": "info", "idempotency_key": key}
    calls = [lambda c=c, t=t: c.post(f"/sessions/{session.id}/steps", {**form, "csrf_token": t}, headers=HX)
             for c, t in zip(clients, tokens, strict=True)]
    responses = all_at_once(calls)
    assert [r.status for r in responses] == [200] * 10, [r.status for r in responses]
    assert all("Step 1 logged." in r.text for r in responses)
    db.session.expire_all()
    assert [(s.tried, s.idempotency_key) for s in steps_of(session)] == [("Pinged the gateway", key)]


def test_a_repeated_form_finds_its_step_and_other_text_under_its_key_is_refused(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    key = form_key(browser.get(f"/sessions/{session.id}").get_data(as_text=True))
    form = {"tried": "Flushed DNS", "command": "ipconfig /flushdns", "result": "didnt_work", "idempotency_key": key}
    first = browser.post(f"/sessions/{session.id}/steps", headers=HX, data=form)
    again = browser.post(f"/sessions/{session.id}/steps", headers=HX, data=form)  # a retry after a timeout
    assert first.status_code == again.status_code == 200 and "Step 1 logged." in again.get_data(as_text=True)
    # Without script, too: back to the step, nothing new.
    assert browser.post(f"/sessions/{session.id}/steps", data=form).status_code == 302
    changed = browser.post(f"/sessions/{session.id}/steps", headers=HX, data={**form, "notes": "and more"})
    page = changed.get_data(as_text=True)
    assert changed.status_code == 409 and KEY_REUSED.replace("'", "&#39;") in page
    assert "and more" in page and "Flushed DNS" in page  # kept, to log as a new step
    fresh_key = form_key(page)
    assert fresh_key != key
    retried = browser.post(f"/sessions/{session.id}/steps", headers=HX,
                           data={**form, "notes": "and more", "idempotency_key": fresh_key})
    assert retried.status_code == 200 and "Step 2 logged." in retried.get_data(as_text=True)
    assert [(s.tried, s.notes) for s in steps_of(session)] == [("Flushed DNS", None), ("Flushed DNS", "and more")]
    # Every logged step hands the form a new key.
    assert form_key(retried.get_data(as_text=True)) not in (key, fresh_key)


def test_the_result_starts_unset_and_must_be_chosen(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    page = browser.get(f"/sessions/{session.id}").get_data(as_text=True)
    form = page[page.index('id="step-form"'):page.index("</form>", page.index('id="step-form"'))]
    assert 'name="result"' in form and "checked" not in form
    response = browser.post(f"/sessions/{session.id}/steps", headers=HX, data={"tried": "Swapped the cable"})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and CHOOSE_RESULT.replace("'", "&#39;") in text and "Swapped the cable" in text
    assert browser.post(f"/sessions/{session.id}/steps", headers=HX,
                        data={"tried": "Swapped the cable", "result": "guess"}).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Step)) == 0
