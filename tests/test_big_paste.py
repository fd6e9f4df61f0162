"""A big paste (megabytes of log) is parsed, checked and cleaned off the event loop: through a
real gunicorn + gevent server, with the CSRF token read from the parsed form, the step is
logged with its output cleaned and capped. (Its effect on the worker's other requests is
measured, not asserted: see the note's figures.)"""
import re

from sqlalchemy import select

from rf.core.extensions import db
from rf.core.models import Step

from .factories import PASSWORD, make_session
from .helpers import HX
from .http import HttpClient


def test_a_megabytes_paste_is_logged_through_the_offloaded_path(live_server, acme):
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer, steps=0)
    client = HttpClient(live_server.url)
    client.log_in(engineer.email, PASSWORD)
    page = client.get(f"/sessions/{session.id}").text
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    output = "\n".join(f"\x1b[32m21:{n % 60:02}:00\x1b[0m C:\\Logs> event {n} ok" for n in range(60_000))
    assert len(output) > 2_000_000
    for csrf in ({"csrf_token": token}, {}):  # in the form, or as htmx sends it, in a header
        response = client.post(f"/sessions/{session.id}/steps", {
            "tried": f"Pasted the event log {len(csrf)}", "output": output, "result": "info", **csrf},
            headers={**HX, "X-CSRFToken": token} if not csrf else HX)
        assert response.status == 200, response.text[:500]
    steps = db.session.scalars(select(Step).where(Step.session_id == session.id)).all()
    assert len(steps) == 2
    for step in steps:
        assert step.output_original_chars == len(output) - 60_000 * len("\x1b[32m\x1b[0m")
        assert "\x1b" not in step.output and step.output.startswith("21:00:00 C:\\Logs> event 0 ok")
        assert step.output.endswith("event 59999 ok") and "characters omitted" in step.output
