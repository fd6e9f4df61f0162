"""A big paste (megabytes of log) is parsed, checked and cleaned off the event loop: through a
real gunicorn + gevent server, with the CSRF token read from the parsed form, the step is
logged with its output cleaned and capped. (Its effect on the worker's other requests is
measured, not asserted: see the note's figures.)"""
import random
import re
from io import BytesIO
from urllib.parse import parse_qsl, urlencode

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from rf.core.extensions import db
from rf.core.models import Step
from rf.core.offload import PiecewiseFormDataParser, unquote_plus_in_pieces

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


@pytest.mark.parametrize("piece", [3, 4, 7, 64, 65536])
def test_a_value_decoded_in_pieces_is_the_value_decoded_at_once(piece):
    alphabet = "ab +%&=/:\n\tédé€😀\x1b[0m"
    rng = random.Random(piece)
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        encoded = urlencode({"v": text})[2:].encode()
        assert unquote_plus_in_pieces(encoded, piece) == text
    assert unquote_plus_in_pieces(b"100%+sure%zz%", piece) == "100% sure%zz%"  # stray %s stay


def test_a_big_form_parses_to_the_same_fields_as_werkzeug_would():
    fields = {"tried": "Exported the log", "csrf_token": "abc.def", "output": "é Access is denied\n" * 30_000,
              "empty": ""}
    body = (urlencode(fields) + "&flag&&").encode()
    _, form, files = PiecewiseFormDataParser().parse(
        BytesIO(body), "application/x-www-form-urlencoded", len(body), {})
    assert form == MultiDict(parse_qsl(body.decode(), keep_blank_values=True)) and not files
