"""Paste a terminal transcript, check the preview, add its steps at once: one step per command,
errors pre-marked "didn't work", edits, leave-outs and merges kept, all or nothing, a repeated
post logging nothing twice, and the paste box keeping its text on every error."""
import re
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import select

from rf.assess.engine import assess
from rf.core.extensions import db
from rf.core.models import Step
from rf.sessions import lifecycle
from rf.sessions.forms import CHOOSE_RESULT, PASTED_STEPS_MAX, TRANSCRIPT_MAX_BYTES
from rf.sessions.lifecycle import STEPS_KEY_REUSED
from rf.sessions.output import KEEP_HEAD, KEEP_TAIL, clean_output
from rf.sessions.transcript_routes import (
    CHANGED_AFTER,
    FAILURE_MAX,
    NO_COMMANDS,
    NOTHING_ABOVE,
    NOTHING_KEPT,
    NOTHING_PASTED,
    PASTED_AFTER,
)

from .assess_history import make_resolved
from .factories import PASSWORD, make_account, make_escalation, make_session, make_user
from .helpers import HX, all_at_once, client_for, form_fields
from .http import HttpClient

# Three commands, the second failed, the third continued on a ">>" line; CRLF as Windows copies it.
SPOOLER = (Path(__file__).parent / "transcripts" / "powershell_spooler_wont_start.txt").read_bytes().decode()
THIRD = "Get-ChildItem C:\\Windows\\System32\\spool\\PRINTERS |\nMeasure-Object"


def paste_url(session):
    return f"/sessions/{session.id}/transcript"


def preview(browser, session, text=SPOOLER, **headers):
    return browser.post(paste_url(session), headers={**HX, **headers}, data={"transcript": text, "action": "preview"})


def steps_of(session):
    db.session.expire_all()
    return db.session.scalars(select(Step).where(Step.session_id == session.id).order_by(Step.id)).all()


def text_of(response):
    return unescape(response.get_data(as_text=True))


def test_the_preview_shows_one_step_per_command_with_errors_pre_marked(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    response = preview(browser, session)
    page = text_of(response)
    assert response.status_code == 200
    assert "3 steps from this PowerShell transcript" in page
    fields = form_fields(response.get_data(as_text=True))
    assert [fields[f"steps-{n}-command"] for n in range(3)] == [
        "Get-Service Spooler", "Start-Service Spooler", THIRD]
    assert fields["steps-0-tried"] == "Ran Get-Service Spooler"
    assert "Stopped  Spooler            Print Spooler" in fields["steps-0-output"]
    # Only the failed step has a result chosen for it: the others are the tech's to mark.
    assert [fields.get(f"steps-{n}-result") for n in range(3)] == [None, "didnt_work", None]
    assert fields["steps-1-failure"].startswith("Start-Service : Service 'Print Spooler (Spooler)' cannot be started")
    assert "Error" in page
    assert fields["transcript"] == SPOOLER  # the paste box keeps the paste as it was
    assert steps_of(session) == []  # a preview logs nothing


def previewed_fields(browser, session, text=SPOOLER):
    return form_fields(preview(browser, session, text).get_data(as_text=True))


def add(browser, session, fields, htmx=True, **changes):
    return browser.post(paste_url(session), headers=HX if htmx else {}, data={**fields, **changes, "action": "add"})


def test_the_steps_are_added_at_once_as_edited_and_a_repeated_post_adds_nothing(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=1)
    browser = client_for(app, acme[1]["engineer"])
    fields = previewed_fields(browser, session)
    edited = {**fields, "steps-0-tried": "Checked the spooler: stopped", "steps-0-result": "info",
              "steps-2-result": "info", "steps-2-tried": "Counted the stuck print jobs"}
    response = add(browser, session, edited)
    page = text_of(response)
    assert response.status_code == 200, page
    assert "3 steps logged from the transcript." in page
    # The whole list, out of band: steps an earlier, lost answer didn't show arrive once.
    assert '<ol id="steps" class="steps" hx-swap-oob="true">' in page and page.count('<li class="step ') == 4
    assert "Step 2: </span>Checked the spooler" in page
    assert form_fields(response.get_data(as_text=True)).get("transcript") == ""  # ready for the next paste
    logged = steps_of(session)[1:]
    assert [(s.tried, s.command, s.result) for s in logged] == [
        ("Checked the spooler: stopped", "Get-Service Spooler", "info"),
        ("Ran Start-Service Spooler", "Start-Service Spooler", "didnt_work"),
        ("Counted the stuck print jobs", THIRD, "info")]
    assert "cannot be started" in logged[1].output and logged[2].output == "Count    : 412"
    assert len({s.created_at for s in logged}) == 1 and all(s.author_id == acme[1]["engineer"].id for s in logged)
    # A double click or a retry after a lost answer: the same steps, nothing new.
    again = add(browser, session, edited)
    assert again.status_code == 200 and "These steps were already added." in text_of(again)
    assert text_of(again).count('<li class="step ') == 4
    assert browser.post(paste_url(session), data={**edited, "action": "add"}).status_code == 302
    assert [s.id for s in steps_of(session)[1:]] == [s.id for s in logged]
    # The same form with other text under its key (the first answer was lost, then a step was
    # changed): refused, the text kept, a new key, the steps added the first time shown (the
    # whole list, out of band) and ticked "leave out" here, and focus on why.
    changed = add(browser, session, {**edited, "steps-1-tried": "Tried to start the spooler"})
    page = changed.get_data(as_text=True)
    assert changed.status_code == 409 and STEPS_KEY_REUSED in text_of(changed)
    assert '<ol id="steps" class="steps" hx-swap-oob="true">' in page and page.count('<li class="step ') == 4
    assert re.search(r'<div class="form-alert" role="alert" id="paste-errors" tabindex="-1" autofocus>', page)
    kept = form_fields(page[:page.index('<ol id="steps"')])
    assert kept["steps-1-tried"] == "Tried to start the spooler" and kept["transcript"] == SPOOLER
    assert [kept.get(f"steps-{n}-leave_out") for n in range(3)] == ["y", "y", "y"]
    assert kept["idempotency_key"] != edited["idempotency_key"]
    assert len(steps_of(session)) == 4
    # Unticked, the changed step is added as a new one, once.
    again = add(browser, session, {**kept, "steps-1-leave_out": ""})
    assert again.status_code == 200 and "1 step logged from the transcript." in text_of(again)
    assert [s.tried for s in steps_of(session)][-2:] == ["Counted the stuck print jobs", "Tried to start the spooler"]


def test_a_retry_that_keeps_other_steps_finds_what_its_first_try_added(app, acme):
    """The first try left step 1 out and its answer was lost; the retry keeps step 1 and
    changes step 2: step 2 and 3 are the ones ticked as added, and adding then adds step 1."""
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-2-result": "info"}
    assert add(browser, session, {**fields, "steps-0-leave_out": "y"}).status_code == 200  # the lost answer
    retry = add(browser, session, {**fields, "steps-1-tried": "Tried to start the spooler"})
    kept = form_fields(retry.get_data(as_text=True).split('<ol id="steps"')[0])
    assert retry.status_code == 409
    assert [kept.get(f"steps-{n}-leave_out") for n in range(3)] == [None, "y", "y"]
    assert add(browser, session, kept).status_code == 200
    assert [s.command for s in steps_of(session)] == ["Start-Service Spooler", THIRD, "Get-Service Spooler"]


@pytest.mark.parametrize("change", [{"steps-1-merge_up": "y"}, {"steps-0-leave_out": "y"}])
def test_a_retry_after_the_preview_was_shown_again_adds_nothing_twice(app, acme, change):
    """Add (its answer lost), the page reloaded (the tab asks for its preview again: merges and
    leave-outs made), Add again: the steps keep the numbers of the commands they start at."""
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-2-result": "info", **change}
    assert add(browser, session, fields).status_code == 200
    first = [s.id for s in steps_of(session)]
    replayed = browser.post(paste_url(session), headers=HX, data={**fields, "action": "update", "replay": "1"})
    again = add(browser, session, form_fields(replayed.get_data(as_text=True)))
    assert again.status_code == 200 and "These steps were already added." in text_of(again)
    assert [s.id for s in steps_of(session)] == first


def test_text_added_after_a_paste_that_ended_on_a_bare_prompt_keeps_its_first_command(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    previewed = SPOOLER.rstrip() + " "  # "…PS C:\Users\jules> ", as copied from the terminal
    fields = {**previewed_fields(browser, session, previewed), "steps-0-result": "info", "steps-2-result": "info"}
    later = "Get-Printer\r\n\r\nName\r\n----\r\nHP LaserJet 400\r\n"
    response = add(browser, session, {**fields, "transcript": previewed + later})
    leftover = form_fields(response.get_data(as_text=True))["transcript"]
    assert leftover.startswith("PS C:\\Users\\jules> Get-Printer")
    assert form_fields(preview(browser, session, leftover).get_data(as_text=True))["steps-0-command"] == "Get-Printer"
    # A box emptied after the preview: nothing to say about it.
    emptied = add(browser, session, {**previewed_fields(browser, session), "steps-0-result": "info",
                                     "steps-2-result": "info", "transcript": ""})
    assert form_fields(emptied.get_data(as_text=True))["transcript"] == "" and CHANGED_AFTER not in text_of(emptied)


def test_discarding_empties_the_paste_box_and_a_replayed_preview_takes_no_focus(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    fields = previewed_fields(browser, session)
    replayed = browser.post(paste_url(session), headers=HX, data={**fields, "action": "update", "replay": "1"})
    assert replayed.status_code == 200 and "autofocus" not in replayed.get_data(as_text=True)
    discarded = browser.post(paste_url(session), headers=HX, data={**fields, "action": "discard"})
    page = discarded.get_data(as_text=True)
    assert discarded.status_code == 200 and "Transcript discarded." in page and "data-draft-forget" in page
    assert form_fields(page).get("transcript") == "" and "steps-0-tried" not in form_fields(page)
    assert steps_of(session) == []


def test_five_identical_adds_at_once_log_the_steps_once(live_server, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    clients = [HttpClient(live_server.url) for _ in range(5)]
    for client in clients:
        client.log_in(acme[1]["engineer"].email, PASSWORD)
    shown = clients[0].post(paste_url(session), {"transcript": SPOOLER, "action": "preview",
                                                 "csrf_token": clients[0].csrf_token(f"/sessions/{session.id}")},
                            headers=HX)
    fields = {**form_fields(shown.text), "steps-0-result": "info", "steps-2-result": "worked", "action": "add"}
    tokens = [client.csrf_token(f"/sessions/{session.id}") for client in clients]
    responses = all_at_once([lambda c=c, t=t: c.post(paste_url(session), {**fields, "csrf_token": t}, headers=HX)
                             for c, t in zip(clients, tokens, strict=True)])
    assert [r.status for r in responses] == [200] * 5
    assert all("3 steps logged from the transcript." in r.text or "These steps were already added." in r.text
               for r in responses)
    key = fields["idempotency_key"]
    assert [(s.idempotency_key, s.result) for s in steps_of(session)] == [
        (f"{key}:1", "info"), (f"{key}:2", "didnt_work"), (f"{key}:3", "worked")]


def test_text_pasted_after_the_preview_stays_in_the_box_when_its_steps_are_added(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    later = "admin@fw01> show route 10.0.0.0/8\nNo matching routes\nadmin@fw01> "
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-2-result": "info",
              "transcript": later}
    # Replaced after the preview: all of it stays, and the message says where the steps came from.
    response = add(browser, session, fields)
    assert response.status_code == 200 and len(steps_of(session)) == 3
    assert form_fields(response.get_data(as_text=True))["transcript"] == later and CHANGED_AFTER in text_of(response)
    # Appended to what was previewed: only the new part stays.
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-2-result": "info"}
    appended = add(browser, session, {**fields, "transcript": SPOOLER + later})
    assert form_fields(appended.get_data(as_text=True))["transcript"] == later.strip()
    assert PASTED_AFTER in text_of(appended)
    changed = add(browser, session, {**previewed_fields(browser, session), "steps-0-result": "info",
                                     "steps-2-result": "info", "transcript": SPOOLER.replace("412", "413")})
    assert form_fields(changed.get_data(as_text=True))["transcript"] == SPOOLER.replace("412", "413")
    assert CHANGED_AFTER in text_of(changed)


def test_leave_outs_and_merges_show_in_the_preview_and_are_what_is_added(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    fields = {**previewed_fields(browser, session), "steps-0-leave_out": "y", "steps-2-merge_up": "y",
              "steps-1-tried": "Started the spooler and counted the queue"}
    shown = browser.post(paste_url(session), headers=HX, data={**fields, "action": "update"})
    assert shown.status_code == 200 and "1 step from this PowerShell transcript" in text_of(shown)
    merged = form_fields(shown.get_data(as_text=True))
    assert merged["steps-0-tried"] == "Started the spooler and counted the queue"
    assert merged["steps-0-command"] == f"Start-Service Spooler\n{THIRD}"
    assert merged["steps-0-output"].endswith("\n\nCount    : 412") and merged["steps-0-result"] == "didnt_work"
    assert "steps-1-command" not in merged and merged["transcript"] == SPOOLER
    # Added straight from the unmerged preview, the same step.
    response = add(browser, session, fields)
    assert response.status_code == 200
    assert [(s.tried, s.command, s.result) for s in steps_of(session)] == [
        ("Started the spooler and counted the queue", merged["steps-0-command"], "didnt_work")]
    assert steps_of(session)[0].output == merged["steps-0-output"].replace("\r\n", "\n")


@pytest.mark.parametrize("text, message", [
    ("", NOTHING_PASTED),
    ("   \n  ", NOTHING_PASTED),
    ("It just stopped printing after the update.\nRebooted twice.", NO_COMMANDS),
    ("PS C:\\> \nPS C:\\>", NO_COMMANDS),  # prompts with nothing typed after them
    ("".join(f"admin@fw01> show route {n}\nok\n" for n in range(PASTED_STEPS_MAX + 1)),
     f"This transcript has {PASTED_STEPS_MAX + 1} commands. Add at most {PASTED_STEPS_MAX} at a time"),
    ("".join(f"admin@fw01> show route {n}\nok\n" for n in range(3 * PASTED_STEPS_MAX)),
     f"This transcript has {3 * PASTED_STEPS_MAX} commands. Add at most {PASTED_STEPS_MAX} at a time"),
])
def test_a_paste_without_steps_to_show_says_why_and_keeps_the_text(app, acme, text, message):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    response = preview(browser, session, text)
    assert response.status_code == 422 and message in text_of(response)
    assert response.headers["HX-Retarget"] == "#paste-transcript"
    assert form_fields(response.get_data(as_text=True))["transcript"] == text
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_a_step_still_to_mark_is_named_and_nothing_is_added_or_lost(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-1-tried": ""}
    response = add(browser, session, {**fields, "steps-1-command": "Start-Service Spooler -Verbose"})
    page = text_of(response)
    assert response.status_code == 422 and steps_of(session) == []
    assert "Say what you tried." in page and CHOOSE_RESULT in page  # step 2's, step 3's
    kept = form_fields(response.get_data(as_text=True))
    assert kept["steps-1-command"] == "Start-Service Spooler -Verbose" and kept["steps-0-result"] == "info"
    assert kept["transcript"] == SPOOLER
    # Focus goes to the first field in error: step 2's "What did you try?".
    focused = re.findall(r"<[^>]*\bautofocus\b[^>]*>", response.get_data(as_text=True))
    assert len(focused) == 1 and 'name="steps-1-tried"' in focused[0]
    # Merging the first step into nothing, leaving every step out: said, kept.
    nowhere = add(browser, session, {**fields, "steps-0-merge_up": "y"})
    assert nowhere.status_code == 422 and NOTHING_ABOVE in text_of(nowhere)
    assert form_fields(nowhere.get_data(as_text=True))["steps-0-merge_up"] == "y"
    none = add(browser, session, {**fields, **{f"steps-{n}-leave_out": "y" for n in range(3)}})
    assert none.status_code == 422 and NOTHING_KEPT in text_of(none) and steps_of(session) == []


def test_a_step_left_out_needs_nothing_and_too_long_a_command_is_named(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-2-result": "info"}
    long = add(browser, session, {**fields, "steps-2-command": "x" * 4001})
    assert long.status_code == 422 and "The command can be at most 4,000 characters." in text_of(long)
    left_out = add(browser, session, {**fields, "steps-2-command": "x" * 4001, "steps-2-leave_out": "y",
                                      "steps-2-result": ""})
    assert left_out.status_code == 200
    assert [s.command for s in steps_of(session)] == ["Get-Service Spooler", "Start-Service Spooler"]


def test_output_longer_than_the_cap_is_cut_in_the_preview_as_storing_cuts_it(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    log = "\n".join(f"line {n:06d} " + "." * 40 for n in range(15_000))  # 780,000 characters
    paste = f"tech@web01:~$ journalctl -u nginx\n{log}\ntech@web01:~$ "
    shown = preview(browser, session, paste)
    assert f"{len(log):,} characters pasted: the first 16,000 and last 48,000 are kept." in text_of(shown)
    fields = form_fields(shown.get_data(as_text=True))
    assert fields["steps-0-tried"] == "Ran journalctl -u nginx on web01"
    assert fields["steps-0-output"] == clean_output(log)[0] and fields["steps-0-output_chars"] == str(len(log))
    # So what Add sends back is the paste and the cut output, not the paste twice.
    assert len(shown.get_data()) < len(paste) + KEEP_HEAD + KEEP_TAIL + 20_000
    response = add(browser, session, fields, **{"steps-0-result": "info"})
    assert response.status_code == 200
    step = steps_of(session)[0]
    assert step.output_original_chars == len(log) and step.output == clean_output(log)[0]
    assert step.output.startswith("line 000000") and step.output.endswith("line 014999 " + "." * 40)
    too_long = preview(browser, session, paste + "x" * (TRANSCRIPT_MAX_BYTES - len(paste) + 1))
    assert too_long.status_code == 422
    assert "A transcript pasted at once can be at most 6 MB: paste it in parts." in text_of(too_long)


def test_a_paste_near_the_limit_in_any_script_comes_back_with_add_within_a_requests_size(app, acme):
    """A browser sends the form as multipart (UTF-8 as it is): a 6 MB paste of Chinese text and
    its preview fit in one request with Add (percent-encoded they would be about 18 MB)."""
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    line = "事件查看器：服务“打印后台处理程序”意外终止，这种情况已经出现了三次。"  # 36 characters, 3 bytes each
    log = "\n".join([line] * (5_900_000 // (len(line.encode()) + 1)))
    paste = f"PS C:\\> Get-WinEvent -LogName System -MaxEvents 60000\n{log}\nPS C:\\> "
    assert 5_800_000 < len(paste.encode()) <= TRANSCRIPT_MAX_BYTES

    def post(data):
        return browser.post(paste_url(session), headers=HX, data=data, content_type="multipart/form-data")

    fields = form_fields(post({"transcript": paste, "action": "preview"}).get_data(as_text=True))
    assert fields["steps-0-output_chars"] == str(len(log))
    response = post({**fields, "steps-0-result": "info", "action": "add"})
    assert response.status_code == 200, response.status_code
    assert steps_of(session)[0].output_original_chars == len(log)


def test_a_command_too_long_for_its_field_goes_whole_to_the_top_of_the_output(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    body = "\n".join(f"  line {n}: {'x' * 60}" for n in range(80))
    command = f"cat > /etc/app.conf <<'EOF'\n{body}\nEOF"
    fields = previewed_fields(browser, session, f"tech@web01:~$ {command}\ntech@web01:~$ cat /etc/app.conf | wc -l\n"
                                                f"80\ntech@web01:~$ ")
    assert len(command) > 4000 and fields["steps-0-command"] == "cat > /etc/app.conf <<'EOF'…"
    assert fields["steps-0-output"] == command
    assert add(browser, session, {**fields, "steps-0-result": "info", "steps-1-result": "info"}).status_code == 200
    assert steps_of(session)[0].output == command


def test_a_long_failure_line_and_host_are_cut_for_the_preview_and_the_steps_still_add(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    path = "C:\\" + "a\\" * 400
    fields = previewed_fields(browser, session, f"PS C:\\> Get-Item {path}\nGet-Item: Cannot find path '{path}'"
                                                f" because it does not exist.\nPS C:\\> ")
    assert fields["steps-0-result"] == "didnt_work" and len(fields["steps-0-failure"]) == FAILURE_MAX
    assert add(browser, session, {**fields, "steps-0-failure": "x" * 5000}).status_code == 200
    assert [s.result for s in steps_of(session)] == ["didnt_work"]


def test_a_merged_step_keeps_what_the_tech_wrote_and_chose_for_it(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-1-leave_out": "y",
              "steps-2-merge_up": "y", "steps-2-tried": "  Counted the stuck jobs: 412  ", "steps-2-result": "worked"}
    merged = form_fields(browser.post(paste_url(session), headers=HX, data={**fields, "action": "update"}).get_data(
        as_text=True))
    assert merged["steps-0-tried"] == "Ran Get-Service Spooler\n  Counted the stuck jobs: 412  "
    assert merged["steps-0-result"] == "info"  # the upper step's choice stands
    # Straight from the unmerged preview, the merge is made before anything is checked: the
    # upper step's missing result is the lower one's.
    assert add(browser, session, {**fields, "steps-0-result": ""}).status_code == 200
    assert [(s.tried, s.command, s.result) for s in steps_of(session)] == [
        ("Ran Get-Service Spooler\n  Counted the stuck jobs: 412", f"Get-Service Spooler\n{THIRD}", "worked")]


def test_without_script_the_whole_page_comes_back_and_adding_goes_to_the_steps(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    page = browser.post(paste_url(session), data={"transcript": SPOOLER, "action": "preview"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and "3 steps from this PowerShell transcript" in html
    assert '<details id="paste-transcript" class="paste" open>' in html
    fields = form_fields(html[html.index('id="paste-transcript"'):])
    response = add(browser, session, fields, htmx=False, **{"steps-0-result": "info", "steps-2-result": "worked"})
    first = steps_of(session)[0]
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#step-{first.id}")
    assert "3 steps logged from the transcript." in text_of(browser.get(response.headers["Location"]))
    # What was pasted after the preview comes back with the page (nothing to redirect it through).
    more = "PS C:\\> Restart-Computer -WhatIf\nWhat if: Performing the operation.\n"
    fields = form_fields(browser.post(paste_url(session), data={"transcript": SPOOLER, "action": "preview"})
                         .get_data(as_text=True).split('id="paste-transcript"')[1])
    page = add(browser, session, {**fields, "transcript": SPOOLER + more, "steps-0-result": "info",
                                  "steps-2-result": "info"}, htmx=False)
    assert page.status_code == 200 and "3 steps logged from the transcript." in text_of(page)
    assert form_fields(page.get_data(as_text=True).split('id="paste-transcript"')[1])["transcript"] == more.strip()
    bad = browser.post(paste_url(session), data={"transcript": "nothing to see", "action": "preview"})
    assert bad.status_code == 422 and "<html" in bad.get_data(as_text=True) and NO_COMMANDS in text_of(bad)


def test_ctrl_enter_without_a_button_previews_or_keeps_the_edits(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    browser = client_for(app, acme[1]["engineer"])
    first = browser.post(paste_url(session), headers=HX, data={"transcript": SPOOLER})
    assert "3 steps from this PowerShell transcript" in text_of(first)
    fields = {**form_fields(first.get_data(as_text=True)), "steps-0-tried": "Looked at the spooler"}
    again = browser.post(paste_url(session), headers=HX, data=fields)
    assert form_fields(again.get_data(as_text=True))["steps-0-tried"] == "Looked at the spooler"
    assert steps_of(session) == []


def test_while_an_escalation_waits_only_its_owner_and_escalator_add_steps(app, acme):
    account, users = acme
    session = make_session(account, users["engineer"], steps=1)
    make_escalation(session, users["engineer"])
    other = make_user(account, "engineer", email="pat@acme.test")
    browser = client_for(app, other)
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-2-result": "info"}
    refused = add(browser, session, fields)
    page = text_of(refused)
    assert refused.status_code == 409 and "pick it up to continue" in page and "Pick it up" in page
    assert form_fields(refused.get_data(as_text=True))["transcript"] == SPOOLER
    assert len(steps_of(session)) == 1
    owner = client_for(app, users["engineer"])
    added = add(owner, session, {**fields, **form_fields(preview(owner, session).get_data(as_text=True)),
                                 "steps-0-result": "info", "steps-2-result": "info"})
    assert added.status_code == 200
    assert [s.added_while_waiting for s in steps_of(session)] == [False, True, True, True]


def test_a_resolved_session_takes_no_pasted_steps(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], status="resolved", steps=0)
    browser = client_for(app, acme[1]["engineer"])
    fields = {**previewed_fields(browser, session), "steps-0-result": "info", "steps-2-result": "info"}
    refused = add(browser, session, fields)
    assert refused.status_code == 409 and lifecycle.RESOLVED_NO_STEPS in text_of(refused)
    assert steps_of(session) == []


def test_a_viewer_cant_paste_and_another_accounts_session_is_not_found(app, acme):
    session = make_session(acme[0], acme[1]["engineer"], steps=0)
    viewer = client_for(app, acme[1]["viewer"])
    assert preview(viewer, session).status_code == 403
    stranger = client_for(app, make_user(make_account("Other MSP"), "owner", email="owner@other.test"))
    assert preview(stranger, session).status_code == 404
    assert steps_of(session) == []


def test_the_assessment_reads_pasted_steps_as_it_reads_typed_ones(app, acme):
    """Two escalations of the same problem, one with the steps typed, one with them pasted:
    the same assessment, found with the pasted commands' words."""
    account, users = acme
    make_resolved(account, users["admin"], "Printing stopped, spooler won't start", "systems",
                  [("Cleared the spool folder and restarted the print spooler", "worked", True)],
                  "The spooler's PRINTERS folder held a corrupt job; cleared it and restarted the spooler.")
    typed = make_session(account, users["engineer"], summary="Nobody can print: spooler stopped", domain="systems",
                         steps=0)
    pasted = make_session(account, users["engineer"], summary="Nobody can print: spooler stopped",
                          domain="systems", steps=0)
    browser = client_for(app, users["engineer"])
    fields = {**previewed_fields(browser, pasted), "steps-0-result": "info", "steps-2-result": "info"}
    assert add(browser, pasted, fields).status_code == 200
    for step in steps_of(pasted):
        lifecycle.log_step(typed, users["engineer"], step.tried, result=step.result, command=step.command,
                           output=step.output)
    db.session.commit()
    results = [assess(make_escalation(session, users["engineer"])) for session in (typed, pasted)]
    for result in results:
        result.pop("computed_at")
    assert results[0] == results[1]
    # "PRINTERS" is in this session only in the pasted command: the match used it.
    assert results[1]["matches"] and "PRINTERS" in results[1]["confidence"]["shared_words"]
