"""The escalation package: a frozen snapshot of a session at handoff, and its exports.

The package is stored as JSON on the handoff, so later steps never change what was
handed over. ``format`` versions the JSON layout; ``version`` counts a session's packages.
"""
import json
import re

from flask import render_template

from ..models import DOMAINS, PRIORITIES, STEP_RESULTS

PACKAGE_FORMAT = 1
LATEST_OUTPUTS = 3


def _when(moment):
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def build_package(session, handoff, version):
    """Everything a senior needs from the session, as plain data."""
    steps = [{
        "number": number,
        "tried": step.tried,
        "command": step.command,
        "output": step.output,
        "output_original_chars": step.output_original_chars,
        "result": step.result,
        "result_label": STEP_RESULTS[step.result],
        "notes": step.notes,
        "author": step.author.name,
        "logged_at": _when(step.created_at),
    } for number, step in enumerate(session.steps, start=1)]
    with_output = [s for s in steps if s["output"]]
    return {
        "format": PACKAGE_FORMAT,
        "version": version,
        "ticket_number": session.ticket_number,
        "client_name": session.client_name,
        "summary": session.summary,
        "domain": session.domain,
        "domain_label": DOMAINS[session.domain],
        "reason": handoff.note,
        "priority": handoff.priority,
        "priority_label": PRIORITIES[handoff.priority],
        "escalated_by": handoff.created_by.name,
        "session_owner": handoff.session_owner.name,
        "escalated_at": _when(handoff.created_at),
        "steps": steps,
        "dead_ends": [s["number"] for s in steps if s["result"] == "dead_end"],
        "latest_outputs": [s["number"] for s in with_output[-LATEST_OUTPUTS:]],
    }


def freeze(package):
    return json.dumps(package, ensure_ascii=False)


def thaw(handoff):
    return json.loads(handoff.package) if handoff.package else None


def fence(text):
    """A Markdown code fence that the text itself can't close (outputs may contain ```)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}\n{text}\n{marks}"


def as_markdown(package):
    return render_template("handoff/package.md", p=package, fence=fence).strip() + "\n"


def as_ticket_note(package):
    """Plain text for pasting into a PSA ticket (ConnectWise, Autotask, Halo): no markup."""
    return render_template("handoff/package.txt", p=package).strip() + "\n"


def export_filename(package, extension):
    ticket = re.sub(r"[^A-Za-z0-9_-]+", "-", package["ticket_number"]).strip("-") or "session"
    return f"escalation-{ticket}-v{package['version']}.{extension}"
