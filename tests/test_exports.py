"""Exports that fit: outputs cut to their edges, the PSA note and the Markdown kept under
EXPORT_LIMIT with every step listed and a link to the full outputs, and the session page's
export panel fetching its texts only when opened."""
import html
import re

from sqlalchemy import select

from rf.core.extensions import db
from rf.core.models import Handoff
from rf.sessions import lifecycle
from rf.sessions.package import EXPORT_LIMIT, as_markdown, as_ticket_note

from .factories import make_account, make_escalation, make_session, make_user
from .helpers import HX, client_for


def numbered_lines(count, label="line"):
    return "\n".join(f"{label} {number}" for number in range(1, count + 1))


def long_output(step_number):
    """A 64,000-character output of 100-character lines, each saying where it is."""
    text = "\n".join(f"step {step_number:03} output line {line:04} ".ljust(99, ".") for line in range(1, 650))
    return text[:63_999] + "$"


def escalated_session(account, engineer, steps, reason="Need a second pair of eyes"):
    """A session with ``steps`` (dicts of step fields), escalated: its handoff."""
    session = make_session(account, engineer, steps=0)
    for step in steps:
        lifecycle.log_step(session, engineer, result=step.pop("result", "didnt_work"), **step)
    db.session.commit()
    return make_escalation(session, engineer, reason=reason)


def context_url(app, handoff):
    return f"{app.config['RF_BASE_URL']}/handoffs/{handoff.id}/context"


def textarea(page, element_id):
    found = re.search(rf'<textarea id="{element_id}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1))


def test_outputs_are_cut_to_their_first_and_last_20_lines(app, acme):
    engineer = acme[1]["engineer"]
    handoff = escalated_session(acme[0], engineer, [
        {"tried": "Read the event log", "command": "Get-WinEvent -LogName System", "output": numbered_lines(300)},
        {"tried": "Listed the services", "output": numbered_lines(40, "service")}])
    browser = client_for(app, engineer)
    for extension in ("txt", "md"):
        text = browser.get(f"/handoffs/{handoff.id}/package.{extension}").get_data(as_text=True)
        assert "line 20\n… 260 lines omitted …\nline 281\n" in text, extension
        assert "line 1\n" in text and "line 300\n" in text
        assert not re.search(r"^line (2[1-9]|[3-9]\d|1\d\d|2[0-7]\d|280)$", text, re.M)
        assert numbered_lines(40, "service") + "\n" in text  # 40 lines: whole
        assert "more output" not in text
    # The package itself keeps the whole output: the cut is the export's.
    assert db.session.get(Handoff, handoff.id).package["steps"][0]["output"] == numbered_lines(300)


def test_a_200_step_session_with_64k_outputs_makes_a_note_that_fits(app, acme):
    engineer, senior = acme[1]["engineer"], acme[1]["admin"]
    handoff = escalated_session(acme[0], engineer, [
        {"tried": f"Restarted the VPN service on gateway {number}",
         "command": f"Restart-Service RasMan -Host gw{number}",
         "output": long_output(number), "result": "dead_end" if number % 10 == 0 else "didnt_work"}
        for number in range(1, 201)])
    link = context_url(app, handoff)
    browser = client_for(app, engineer)
    note = browser.get(f"/handoffs/{handoff.id}/package.txt").get_data(as_text=True)
    assert len(note) <= EXPORT_LIMIT, len(note)
    for number in range(1, 201):
        result = "DEAD END" if number % 10 == 0 else "DIDN'T WORK"
        assert f"\n{number}. [{result}] Restarted the VPN service on gateway {number}" in note, number
    assert "ESCALATION: VPN drops every 10 minutes" in note and "REASON\nNeed a second pair of eyes" in note
    assert "DEAD ENDS\n- Step 10: Restarted the VPN service on gateway 10\n" in note
    # Each step keeps a line (not its full entry) so that the newest output fits, cut to its edges.
    assert "(One line per step to fit; every step in full is in ResolutionFlow.)" in note
    assert "--- Step 200: Restart-Service RasMan -Host gw200 ---\nstep 200 output line 0001" in note
    assert re.search(r"line 0020 \.+\n… 600 lines omitted …\nstep 200 output line 0621 ", note)
    assert "--- Step 199" not in note and "\n… 2 more outputs in ResolutionFlow\n" in note
    assert note.endswith(f"Full steps and outputs: {link}\n")

    markdown = browser.get(f"/handoffs/{handoff.id}/package.md").get_data(as_text=True)
    assert len(markdown) <= EXPORT_LIMIT, len(markdown)
    assert "\n200. **Dead end** — Restarted the VPN service on gateway 200 · Command: Restart-Service" in markdown
    assert markdown.endswith(f"Full steps and outputs: <{link}>\n")

    # The link leads a senior to every output in full.
    context = client_for(app, senior).get(link.removeprefix(app.config["RF_BASE_URL"]))
    assert context.status_code == 200
    page = context.get_data(as_text=True)
    for number in (1, 199, 200):
        assert long_output(number) in page, number

    # The panel offers the same texts the downloads serve, with their sizes.
    panel = browser.get(f"/handoffs/{handoff.id}/export", headers=HX).get_data(as_text=True)
    assert textarea(panel, "package-note") == note and textarea(panel, "package-markdown") == markdown
    assert f'<span id="package-note-size" class="export__size">{len(note):,} characters</span>' in panel


def package_with(steps, latest_outputs=()):
    """A package as ``build_package`` freezes it, made up for the export functions alone."""
    return {
        "format": 1, "version": 1, "ticket_number": "4411", "client_name": "Harbor Dental",
        "summary": "VPN drops every 10 minutes", "domain": "network", "domain_label": "Network",
        "reason": "Need a second pair of eyes", "priority": "high", "priority_label": "High",
        "escalated_by": "Jules", "session_owner": "Jules", "escalated_at": "2026-11-26 09:43 UTC",
        "steps": [{"number": number, "command": None, "output": None, "output_original_chars": None,
                   "result": "didnt_work", "result_label": "Didn't work", "notes": None, "author": "Jules",
                   "logged_at": "2026-11-26 09:00 UTC", **step} for number, step in enumerate(steps, start=1)],
        "dead_ends": [], "latest_outputs": list(latest_outputs)}


def test_long_step_texts_are_shortened_to_a_line_each_and_say_so():
    steps = [{"tried": f"Attempt {number}: " + "checked the tunnel " * 100, "notes": "n " * 1000,
              "command": "ping -t gw\n" * 200} for number in range(1, 201)]
    link = "http://rf.example/handoffs/7/context"
    for export in (as_ticket_note, as_markdown):
        text = export(package_with(steps), link)
        assert len(text) <= EXPORT_LIMIT, (export.__name__, len(text))
        assert "One line per step to fit; every step in full is in ResolutionFlow." in text
        for number in range(1, 201):
            assert re.search(rf"^{number}\. .*Attempt {number}: checked the tunnel .*…$", text, re.M), number
        assert text.endswith(("Full steps and outputs: " + link + "\n", f"Full steps and outputs: <{link}>\n"))


def test_thousands_of_steps_still_fit_the_newest_kept():
    """Beyond what a line each can hold, the oldest steps give way to a count."""
    package = package_with([{"tried": f"Idea number {number}"} for number in range(1, 3001)])
    for export in (as_ticket_note, as_markdown):
        text = export(package, "http://rf.example/handoffs/7/context")
        assert len(text) <= EXPORT_LIMIT
        earlier = int(re.search(r"^… ([\d,]+) earlier steps in ResolutionFlow$", text, re.M).group(1).replace(",", ""))
        assert 0 < earlier < 2900
        assert f"{earlier + 1}. " in text and "3000. " in text and f"\n{earlier}. " not in text


def test_shortened_markdown_stays_escaped():
    steps = [{"tried": "# Heading [x](http://evil) <img src=x onerror=alert(1)> " + "y" * 3000}] * 30
    markdown = as_markdown(package_with(steps))
    assert "One line per step" in markdown
    assert "1. **Didn't work** — \\# Heading \\[x\\](http://evil) \\<img src=x onerror=alert(1)\\> yyy" in markdown
    assert "<img" not in markdown.replace("\\<img", "")


def test_the_session_page_fetches_the_texts_only_when_the_panel_is_opened(app, acme):
    engineer = acme[1]["engineer"]
    handoff = escalated_session(acme[0], engineer, [
        {"tried": "Flushed DNS", "command": "ipconfig /flushdns", "output": "Flushed the <cache> & more"}])
    browser = client_for(app, engineer)
    page = browser.get(f"/sessions/{handoff.session_id}").get_data(as_text=True)
    assert 'id="package-export"' in page and "Escalation package v1" in page
    assert f'hx-get="/handoffs/{handoff.id}/export"' in page and 'id="export-texts"' in page
    assert f'href="/handoffs/{handoff.id}/package.md"' in page and f'href="/handoffs/{handoff.id}/package.txt"' in page
    assert "ESCALATION: VPN drops" not in page and "STEPS TRIED" not in page and "Copy note" not in page

    response = browser.get(f"/handoffs/{handoff.id}/export", headers=HX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.match(r'\s*<div id="export-texts"', fragment) and "<html" not in fragment
    assert 'data-copy-from="package-note"' in fragment and "Copy note" in fragment and "Copy Markdown" in fragment
    note = textarea(fragment, "package-note")
    assert note.startswith("ESCALATION: VPN drops every 10 minutes") and "Flushed the <cache> & more" in note
    assert "Flushed the &lt;cache&gt; &amp; more" in fragment  # escaped in the HTML, whole in the textarea
    assert f"{len(note):,} characters" in fragment
    assert f"{len(textarea(fragment, 'package-markdown')):,} characters" in fragment


def test_the_export_fragment_is_for_this_accounts_escalations_only(app, acme):
    other = make_account("Other MSP")
    outsider = make_user(other, "engineer", email="x@other.test")
    theirs = make_escalation(make_session(other, outsider), outsider)
    mine = client_for(app, acme[1]["viewer"])
    assert mine.get(f"/handoffs/{theirs.id}/export", headers=HX).status_code == 404
    engineer = acme[1]["engineer"]
    session = make_session(acme[0], engineer)
    lifecycle.park(session, engineer, "Waiting on the customer")
    db.session.commit()
    park = db.session.scalar(select(Handoff).where(Handoff.session_id == session.id))
    assert park.package is None
    assert mine.get(f"/handoffs/{park.id}/export", headers=HX).status_code == 404
    ours = make_escalation(make_session(acme[0], engineer), engineer)
    assert mine.get(f"/handoffs/{ours.id}/export", headers=HX).status_code == 200  # viewers read packages


def test_an_output_of_a_few_very_long_lines_is_cut_by_characters_too():
    from rf.sessions.package import OUTPUT_EDGE_CHARS, cut_output

    minified = "\n".join(f'{{"row": {n}, "data": "{"x" * 5000}"}}' for n in range(30))  # 30 lines, 150k characters
    cut = cut_output(minified)
    assert cut.startswith('{"row": 0,') and cut.endswith('"}') and len(cut) < 2 * OUTPUT_EDGE_CHARS + 100
    assert re.search(r"… [\d,]+ characters omitted …", cut)
    assert cut_output("short\noutput") == "short\noutput"
