"""A big paste (megabytes of log) is parsed, checked and cleaned off the event loop: through a
real gunicorn + gevent server, with the CSRF token read from the parsed form, the step is
logged with its output cleaned and capped; under gevent, every piece of that work runs in a
thread of the pool, in any form. (Its effect on the worker's other requests is measured by
bench/abuse.py, not asserted.)"""
import json
import random
import re
import subprocess
import sys
import textwrap
from io import BytesIO
from urllib.parse import parse_qsl, urlencode

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from rf.core.extensions import db
from rf.core.forms import drop_control_characters, in_pieces
from rf.core.models import Step
from rf.core.offload import PiecewiseFormDataParser, unquote_plus_in_pieces
from rf.sessions.output import _clean

from .factories import PASSWORD, make_session
from .helpers import HX
from .http import HttpClient
from .settings import ROOT


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


@pytest.mark.parametrize("piece", [1, 5, 64])
def test_text_cleaned_in_pieces_is_the_text_cleaned_at_once(piece):
    """Pieces end after a line break or before an escape: no sequence or CR LF is split."""
    alphabet = ["a", " ", "\n", "\r\n", "\r", "\t", "\x00", "\x85", "\x1b[31m", "\x1b[0m", "\x1b]0;title\x07",
                "\x1b]8;;https://x.example\x1b\\", "\x1bc", "é"]
    rng = random.Random(piece)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80)))
        assert in_pieces(_clean, text, piece) == _clean(text)
        assert in_pieces(drop_control_characters, text, piece) == drop_control_characters(text)


def test_a_big_form_parses_to_the_same_fields_as_werkzeug_would():
    fields = {"tried": "Exported the log", "csrf_token": "abc.def", "output": "é Access is denied\n" * 30_000,
              "empty": ""}
    body = (urlencode(fields) + "&flag&&").encode()
    _, form, files = PiecewiseFormDataParser().parse(
        BytesIO(body), "application/x-www-form-urlencoded", len(body), {})
    assert form == MultiDict(parse_qsl(body.decode(), keep_blank_values=True)) and not files


# Under gevent, as in a gunicorn worker: a 16 MB post (the most a request may carry: an 11 MB
# paste, URL-encoded) into a step's output and into a
# resolution (too long: refused, and shown again). Every call that parses the form or cleans
# text is recorded with whether it ran on the event loop's own thread, and how much it took.
WATCHED_PASTES = textwrap.dedent("""
    from gevent import monkey; monkey.patch_all()
    from psycogreen.gevent import patch_psycopg; patch_psycopg()
    import json, sys, gevent
    import rf.core.forms, rf.core.offload, rf.sessions.output
    from rf import create_app
    from rf.core.config import TestConfig

    real_thread = monkey.get_original("_thread", "get_ident")
    loop_thread = real_thread()
    calls = []

    def watch(owner, name, size):
        work = getattr(owner, name)
        def watched(*args):
            calls.append([name, real_thread() == loop_thread, size(args)])
            return work(*args)
        setattr(owner, name, watched)

    watch(rf.core.offload.PiecewiseFormDataParser, "_parse_urlencoded", lambda args: args[3])
    watch(rf.core.forms, "without_control_characters", lambda args: len(args[0]))
    watch(rf.sessions.output, "_clean", lambda args: len(args[0]))

    app = create_app(TestConfig(sys.argv[2], database_url=sys.argv[1]))
    paste = "\\x1b[31mAccess is denied\\x1b[0m for C:\\\\Logs\\n" * 300_000
    client = app.test_client()

    def paste_all():
        client.post("/login", data={"email": sys.argv[3], "password": sys.argv[4]})
        answers = {}
        for name, path, form in (
                ("step", f"/sessions/{sys.argv[5]}/steps", {"tried": "Pasted the log", "result": "info",
                                                              "output": paste}),
                ("resolution", f"/sessions/{sys.argv[5]}/resolve", {"resolution": paste})):
            del calls[:]
            response = client.post(path, data=form, headers={"HX-Request": "true"})
            answers[name] = {"status": response.status_code, "calls": list(calls)}
        return answers

    print(json.dumps(gevent.spawn(paste_all).get()))
""")


def test_under_gevent_every_big_paste_is_parsed_and_cleaned_off_the_event_loop(app, acme, database_url,
                                                                              tmp_path):
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer, steps=0)
    done = subprocess.run([sys.executable, "-c", WATCHED_PASTES, database_url, str(tmp_path), engineer.email,
                           PASSWORD, str(session.id)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    paste_chars = len("\x1b[31mAccess is denied\x1b[0m for C:\\Logs\n") * 300_000
    assert paste_chars > 11_000_000
    assert answers["step"]["status"] == 200 and answers["resolution"]["status"] == 422
    for name, cleaner in (("step", "_clean"), ("resolution", "without_control_characters")):
        calls = answers[name]["calls"]
        parsed = [call for call in calls if call[0] == "_parse_urlencoded"]
        assert len(parsed) == 1 and parsed[0][1] is False and parsed[0][2] > paste_chars, calls  # the body
        on_loop = [size for what, on_the_loop, size in calls if on_the_loop]
        assert max(on_loop, default=0) < 100_000, (name, on_loop)  # only the short fields
        cleaned_off = sum(size for what, on_the_loop, size in calls if what == cleaner and not on_the_loop)
        assert cleaned_off >= paste_chars, (name, calls[:5])
