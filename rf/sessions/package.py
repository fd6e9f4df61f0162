"""The escalation package: a frozen snapshot of a session at handoff, and its exports.

The package is stored on the handoff (``Handoff.package``, JSON), so later steps never
change what was handed over. ``format`` versions the layout; ``version`` counts a
session's packages.
"""
import re

from ..core.models import DOMAINS, PRIORITIES, STEP_RESULTS, Package

PACKAGE_FORMAT = 1
LATEST_OUTPUTS = 3
# Exports must paste into a PSA ticket note field and be read there.
EXPORT_LIMIT = 30_000          # characters, Markdown or note
OUTPUT_EDGE_LINES = 20         # an exported output keeps its first and last 20 lines
OUTPUT_EDGE_CHARS = 3_000      # and of very long lines (minified JSON, base64) its first and last 3,000 characters
STEP_LINE_WIDTH = 160          # a step's text on its one line in a crowded export...
SHORTEST_STEP_LINE = 24        # ...cut no shorter than this: older steps give way instead


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
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def cut_output(text):
    """An output as exported: its first and last 20 lines, with how many are left out between,
    then at most its first and last 3,000 characters (the whole output stays in the app)."""
    lines = text.split("\n")
    omitted = len(lines) - 2 * OUTPUT_EDGE_LINES
    if omitted > 0:
        text = "\n".join([*lines[:OUTPUT_EDGE_LINES], f"… {_plural(omitted, 'line')} omitted …",
                          *lines[-OUTPUT_EDGE_LINES:]])
    cut = len(text) - 2 * OUTPUT_EDGE_CHARS
    if cut <= 0:
        return text
    return f"{text[:OUTPUT_EDGE_CHARS]}\n… {cut:,} characters omitted …\n{text[-OUTPUT_EDGE_CHARS:]}"


def _shorten(text, limit):
    """Text as one line of at most ``limit`` characters, ending in '…' where it was cut."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def _step_summary(step):
    """What was tried, then its command and notes: the one line a step gets in a crowded export."""
    parts = [step["tried"]]
    if step["command"]:
        parts.append(f"Command: {step['command']}")
    if step["notes"]:
        parts.append(f"Notes: {step['notes']}")
    return " ".join(" · ".join(parts).split())


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


def _earlier_steps(count):
    return f"… {_plural(count, 'earlier step')} in ResolutionFlow"


def _more_outputs(count):
    return f"… {_plural(count, 'more output')} in ResolutionFlow"


class MarkdownLayout:
    """The Markdown export's sections. User text is escaped, so it can't add headings, links
    or HTML of its own."""

    @staticmethod
    def head(p):
        return "\n".join([
            f"# Escalation: {md_line(p['summary'])}", "",
            f"- **Ticket:** {md_line(p['ticket_number'])}",
            f"- **Client:** {md_line(p['client_name'])}",
            f"- **Domain:** {p['domain_label']}",
            f"- **Priority:** {p['priority_label']}",
            f"- **Escalated by:** {md_line(p['escalated_by'])}, {p['escalated_at']}",
            f"- **Session owner:** {md_line(p['session_owner'])}", "",
            "## Why it was escalated", "", md_block(p["reason"]), "",
            "## Problem summary", "", md_block(p["summary"])])

    @staticmethod
    def _steps_heading(p):
        return f"## What's been tried ({_plural(len(p['steps']), 'step')})"

    @classmethod
    def steps(cls, p):
        out = [cls._steps_heading(p)]
        if not p["steps"]:
            out += ["", "Nothing logged yet."]
        for s in p["steps"]:
            out += ["", f"### {s['number']}. {md_line(s['tried'])} — {s['result_label']}", "",
                    f"Logged by {md_line(s['author'])}, {s['logged_at']}"]
            if s["command"]:
                out += ["", "Command:", "", fence(s["command"])]
            if s["notes"]:
                out += ["", "Notes:", "", md_block(s["notes"])]
        return "\n".join(out)

    @classmethod
    def step_lines(cls, p, kept, cap):
        out = [cls._steps_heading(p), "",
               "One line per step to fit; every step in full is in ResolutionFlow.", ""]
        if kept < len(p["steps"]):
            out += [_earlier_steps(len(p["steps"]) - kept), ""]
        out += [f"{s['number']}. **{s['result_label']}** — {md_line(_shorten(_step_summary(s), cap))}"
                for s in p["steps"][len(p["steps"]) - kept:]]
        return "\n".join(out)

    @staticmethod
    def dead_ends(p):
        lines = [f"- Step {n}: {md_line(p['steps'][n - 1]['tried'])}" for n in p["dead_ends"]]
        return "\n".join(["## Dead ends", "", *(lines or ["None flagged."])])

    @staticmethod
    def dead_end_numbers(p):
        if not p["dead_ends"]:
            return "## Dead ends\n\nNone flagged."
        numbers = ", ".join(str(n) for n in p["dead_ends"])
        return f"## Dead ends\n\n{'Step' if len(p['dead_ends']) == 1 else 'Steps'} {numbers} (marked above)."

    @staticmethod
    def outputs(p, shown, left_out):
        out = ["## Latest command output"]
        if not p["latest_outputs"]:
            out += ["", "No output captured."]
        for n in shown:
            s = p["steps"][n - 1]
            out += ["", f"### {_output_title(s, md_line)}"]
            if _output_caveat(s):
                out += ["", _output_caveat(s)]
            out += ["", fence(cut_output(s["output"]))]
        if left_out:
            out += ["", _more_outputs(left_out)]
        return "\n".join(out)

    @staticmethod
    def tail(p, context_url):
        out = ["---", f"Escalation package v{p['version']}, from ResolutionFlow."]
        if context_url:
            out += ["", f"Full steps and outputs: <{context_url}>"]
        return "\n".join(out)


def _indent(text, prefix):
    return text.replace("\n", "\n" + " " * len(prefix))


class TicketNoteLayout:
    """The PSA ticket note's sections (ConnectWise, Autotask, Halo): plain text, no markup."""

    @staticmethod
    def head(p):
        return "\n".join([
            f"ESCALATION: {p['summary']}",
            f"Ticket {p['ticket_number']} | Client: {p['client_name']} | Domain: {p['domain_label']} "
            f"| Priority: {p['priority_label']}",
            f"Escalated by {p['escalated_by']} on {p['escalated_at']} (session owner: {p['session_owner']})",
            "", "REASON", p["reason"], "", "PROBLEM", p["summary"]])

    @staticmethod
    def steps(p):
        out = [f"STEPS TRIED ({len(p['steps'])})"]
        for s in p["steps"]:
            out.append(f"{s['number']}. [{s['result_label'].upper()}] {_indent(s['tried'], '   ')}")
            if s["command"]:
                out.append("   Command: " + _indent(s["command"], "   Command: "))
            if s["notes"]:
                out.append("   Notes: " + _indent(s["notes"], "   Notes: "))
            out.append(f"   ({s['author']}, {s['logged_at']})")
        if not p["steps"]:
            out.append("(none logged)")
        return "\n".join(out)

    @staticmethod
    def step_lines(p, kept, cap):
        out = [f"STEPS TRIED ({len(p['steps'])})",
               "(One line per step to fit; every step in full is in ResolutionFlow.)"]
        if kept < len(p["steps"]):
            out.append(_earlier_steps(len(p["steps"]) - kept))
        out += [f"{s['number']}. [{s['result_label'].upper()}] {_shorten(_step_summary(s), cap)}"
                for s in p["steps"][len(p["steps"]) - kept:]]
        return "\n".join(out)

    @staticmethod
    def dead_ends(p):
        lines = [f"- Step {n}: {_indent(p['steps'][n - 1]['tried'], '- ')}" for n in p["dead_ends"]]
        return "\n".join(["DEAD ENDS", *(lines or ["(none flagged)"])])

    @staticmethod
    def dead_end_numbers(p):
        if not p["dead_ends"]:
            return "DEAD ENDS\n(none flagged)"
        numbers = ", ".join(str(n) for n in p["dead_ends"])
        return f"DEAD ENDS\n{'Step' if len(p['dead_ends']) == 1 else 'Steps'} {numbers} (marked above)"

    @staticmethod
    def outputs(p, shown, left_out):
        out = ["LATEST OUTPUT"]
        for n in shown:
            s = p["steps"][n - 1]
            out.append(f"--- {_output_title(s)} ---")
            if _output_caveat(s):
                out.append(_output_caveat(s))
            out.append(cut_output(s["output"]))
        if left_out:
            out.append(_more_outputs(left_out))
        if not p["latest_outputs"]:
            out.append("(no output captured)")
        return "\n".join(out)

    @staticmethod
    def tail(p, context_url):
        out = [f"-- Escalation package v{p['version']}, ResolutionFlow"]
        if context_url:
            out.append(f"Full steps and outputs: {context_url}")
        return "\n".join(out)


def _largest(fits, low, high):
    """The largest value in ``low..high`` that ``fits`` (true up to some value, false above
    it); ``low`` when none does."""
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _step_lines(layout, p, room):
    """The steps as one line each in at most ``room`` characters: up to STEP_LINE_WIDTH
    characters of text, the longest texts cut first when they must; only when even lines of
    SHORTEST_STEP_LINE don't fit do the oldest steps give way to a count."""
    total = len(p["steps"])

    def fits(kept, width):
        return len(layout.step_lines(p, kept, width)) <= room

    kept = total if fits(total, SHORTEST_STEP_LINE) else _largest(
        lambda count: fits(count, SHORTEST_STEP_LINE), 0, total - 1)
    width = _largest(lambda width: fits(kept, width), SHORTEST_STEP_LINE, STEP_LINE_WIDTH)
    return layout.step_lines(p, kept, width)


def _bounded(layout, package, context_url):
    """The export in at most EXPORT_LIMIT characters. What it keeps, in this order: the head
    (summary, ticket, client, priority, who and when, the reason: bounded by the forms'
    limits), a line for every step, the dead ends (named, else numbered), the latest outputs
    that fit (newest first); what was left out is counted. The steps are shown in full
    (command, notes, author) unless that would crowd out dead ends or outputs."""
    p = package
    head, tail = layout.head(p), layout.tail(p, context_url)
    latest = p["latest_outputs"]
    no_outputs = layout.outputs(p, [], left_out=len(latest))
    dead_end_numbers = layout.dead_end_numbers(p)
    separators = len("\n\n") * 4 + len("\n")  # between and after the five sections

    def room(*taken):
        return EXPORT_LIMIT - separators - sum(len(section) for section in (head, tail, *taken))

    def completed(steps):
        """The sections with these steps and the dead ends and outputs that fit after them,
        and how much of those fit (to compare: named dead ends, then outputs shown)."""
        dead_ends = layout.dead_ends(p)
        if len(dead_ends) > room(steps, no_outputs):
            dead_ends = dead_end_numbers
        shown = []
        for number in reversed(latest):
            candidate = sorted([*shown, number])
            if len(layout.outputs(p, candidate, left_out=len(latest) - len(candidate))) <= room(steps, dead_ends):
                shown = candidate
        outputs = layout.outputs(p, shown, left_out=len(latest) - len(shown))
        return [head, steps, dead_ends, outputs, tail], (dead_ends != dead_end_numbers, len(shown))

    steps_room = room(dead_end_numbers, no_outputs)
    sections, fitted = completed(_step_lines(layout, p, steps_room))
    in_full = layout.steps(p)
    if len(in_full) <= steps_room:
        full_sections, full_fitted = completed(in_full)
        if full_fitted >= fitted:
            sections = full_sections
    return "\n\n".join(sections) + "\n"


def as_markdown(package, context_url=None):
    """The package as Markdown, for tickets and chat tools that render it, within
    EXPORT_LIMIT characters; ends with ``context_url`` (the full outputs) when given."""
    return _bounded(MarkdownLayout, package, context_url)


def as_ticket_note(package, context_url=None):
    """Plain text for pasting into a PSA ticket note field, within EXPORT_LIMIT characters;
    ends with ``context_url`` (the full outputs) when given."""
    return _bounded(TicketNoteLayout, package, context_url)


def export_filename(package, extension):
    ticket = re.sub(r"[^A-Za-z0-9_-]+", "-", package["ticket_number"]).strip("-") or "session"
    return f"escalation-{ticket}-v{package['version']}.{extension}"
