"""The escalation package: a frozen snapshot of a session at handoff, and its exports.

The package is stored on the handoff (``Handoff.package``, JSON), so later steps never
change what was handed over. ``format`` versions the layout; ``version`` counts a
session's packages.
"""
import re

from ..core.models import DOMAINS, PRIORITIES, STEP_RESULTS, Package

PACKAGE_FORMAT = 1
LATEST_OUTPUTS = 3


def _when(moment):
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def build_package(session, handoff, version) -> Package:
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
    latest_outputs = [s["number"] for s in steps if s["output"]][-LATEST_OUTPUTS:]
    for step in steps:  # keep only the outputs the package shows
        if step["number"] not in latest_outputs:
            step["output"] = step["output_original_chars"] = None
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
        "latest_outputs": latest_outputs,
    }


def fence(text):
    """A Markdown code fence that the text itself can't close (outputs may contain ```)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}\n{text}\n{marks}"


MARKDOWN_SPECIALS = re.compile(r"([\\`*\[\]<>])")
BLOCK_START = re.compile(r"^(\s*)([#>+=|-])")
ORDERED_LIST_START = re.compile(r"^(\s*\d+)([.)])")


def _md_escape(line):
    """Backslash-escape inline markup, and a line start that would open a block."""
    line = MARKDOWN_SPECIALS.sub(r"\\\1", line)
    return ORDERED_LIST_START.sub(r"\1\\\2", BLOCK_START.sub(r"\1\\\2", line))


def md_line(text):
    """User text as one line of Markdown: whitespace folded, markup characters escaped."""
    return _md_escape(" ".join(text.split()))


def md_block(text):
    """Multi-line user text as a Markdown blockquote: each line escaped, line breaks kept."""
    lines = [_md_escape(line.rstrip()) for line in text.strip().splitlines()]
    return "\n".join(f"> {line}  " if line else ">" for line in lines)


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def _output_title(step, command_line=lambda line: line):
    """'Step 3: <first line of its command>' (or just 'Step 3')."""
    title = f"Step {step['number']}"
    if step["command"]:
        title += f": {command_line(step['command'].splitlines()[0])}"
    return title


def _output_caveat(step):
    if not step["output_original_chars"]:
        return None
    return (f"(The pasted output was {step['output_original_chars']:,} characters; "
            "its start and end are shown.)")


def as_markdown(package):
    """The package as Markdown, for tickets and chat tools that render it. User text is
    escaped, so it can't add headings, links or HTML of its own."""
    p = package
    out = [f"# Escalation: {md_line(p['summary'])}", "",
           f"- **Ticket:** {md_line(p['ticket_number'])}",
           f"- **Client:** {md_line(p['client_name'])}",
           f"- **Domain:** {p['domain_label']}",
           f"- **Priority:** {p['priority_label']}",
           f"- **Escalated by:** {md_line(p['escalated_by'])}, {p['escalated_at']}",
           f"- **Session owner:** {md_line(p['session_owner'])}", "",
           "## Why it was escalated", "", md_block(p["reason"]), "",
           "## Problem summary", "", md_block(p["summary"]), "",
           f"## What's been tried ({_plural(len(p['steps']), 'step')})", ""]
    if not p["steps"]:
        out += ["Nothing logged yet.", ""]
    for s in p["steps"]:
        out += [f"### {s['number']}. {md_line(s['tried'])} — {s['result_label']}", "",
                f"Logged by {md_line(s['author'])}, {s['logged_at']}", ""]
        if s["command"]:
            out += ["Command:", "", fence(s["command"]), ""]
        if s["notes"]:
            out += ["Notes:", "", md_block(s["notes"]), ""]
    out += ["## Dead ends", ""]
    out += [f"- Step {n}: {md_line(p['steps'][n - 1]['tried'])}" for n in p["dead_ends"]] or ["None flagged."]
    out += ["", "## Latest command output", ""]
    if not p["latest_outputs"]:
        out += ["No output captured.", ""]
    for n in p["latest_outputs"]:
        s = p["steps"][n - 1]
        out += [f"### {_output_title(s, md_line)}", ""]
        if _output_caveat(s):
            out += [_output_caveat(s), ""]
        out += [fence(s["output"]), ""]
    out += ["---", f"Escalation package v{p['version']}, from ResolutionFlow."]
    return "\n".join(out) + "\n"


def _indent(text, prefix):
    return text.replace("\n", "\n" + " " * len(prefix))


def as_ticket_note(package):
    """Plain text for pasting into a PSA ticket (ConnectWise, Autotask, Halo): no markup."""
    p = package
    out = [f"ESCALATION: {p['summary']}",
           f"Ticket {p['ticket_number']} | Client: {p['client_name']} | Domain: {p['domain_label']} "
           f"| Priority: {p['priority_label']}",
           f"Escalated by {p['escalated_by']} on {p['escalated_at']} (session owner: {p['session_owner']})",
           "", "REASON", p["reason"], "", "PROBLEM", p["summary"], "",
           f"STEPS TRIED ({len(p['steps'])})"]
    for s in p["steps"]:
        out.append(f"{s['number']}. [{s['result_label'].upper()}] {_indent(s['tried'], '   ')}")
        if s["command"]:
            out.append("   Command: " + _indent(s["command"], "   Command: "))
        if s["notes"]:
            out.append("   Notes: " + _indent(s["notes"], "   Notes: "))
        out.append(f"   ({s['author']}, {s['logged_at']})")
    if not p["steps"]:
        out.append("(none logged)")
    out += ["", "DEAD ENDS"]
    out += [f"- Step {n}: {_indent(p['steps'][n - 1]['tried'], '- ')}" for n in p["dead_ends"]] or ["(none flagged)"]
    out += ["", "LATEST OUTPUT"]
    for n in p["latest_outputs"]:
        s = p["steps"][n - 1]
        out.append(f"--- {_output_title(s)} ---")
        if _output_caveat(s):
            out.append(_output_caveat(s))
        out.append(s["output"])
    if not p["latest_outputs"]:
        out.append("(no output captured)")
    out += ["", f"-- Escalation package v{p['version']}, ResolutionFlow"]
    return "\n".join(out) + "\n"


def export_filename(package, extension):
    ticket = re.sub(r"[^A-Za-z0-9_-]+", "-", package["ticket_number"]).strip("-") or "session"
    return f"escalation-{ticket}-v{package['version']}.{extension}"
