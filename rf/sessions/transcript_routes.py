"""Paste a terminal transcript, check its steps in a preview, add them all at once.

One form does it all (so the paste box keeps its text whatever happens): its ``action``
asks to preview the paste, to show the preview again with its leave-outs and merges made,
to add the steps, or to discard it all. The preview is server-rendered (``_transcript.html``,
root ``#paste-transcript``); without htmx the same form posts and the whole page comes back.
Each output is cut to the step cap in the preview already (as storing it would), so a big
paste and its preview travel back with Add within a request's size.

A kept step is logged under the form's key and the number of the preview's step it starts
at (``key:n``), so a retry finds what its first try added whatever else it keeps.
"""
import hashlib
from dataclasses import dataclass, replace

from flask import flash, render_template, request
from flask_login import current_user

from ..core.access import role_required
from ..core.extensions import db
from ..core.models import TroubleshootingSession
from ..core.offload import BIG_BODY, off_the_event_loop
from ..core.tenancy import get_or_404
from ..core.ui import htmx_or_redirect
from . import bp, lifecycle
from .forms import CHOOSE_RESULT, COMMAND_MAX, PASTED_STEPS_MAX, TRIED_MAX, TranscriptForm, new_step_key
from .output import clean_output
from .routes import back_to, session_page
from .transcript import parse_transcript

SHELLS = {"powershell": "PowerShell", "cmd": "Command Prompt", "bash": "bash", "zsh": "zsh", "sh": "shell",
          "cisco": "Cisco IOS", "juniper": "Junos", "fortios": "FortiOS", "mikrotik": "RouterOS",
          "python": "Python"}
NOTHING_PASTED = "Paste a transcript first: the prompts, the commands and what they printed."
NO_COMMANDS = ("No commands found. Copy the prompt lines too (like PS C:\\> , C:\\> , user@host:~$ or Router#): "
               "each prompt with a command after it becomes a step.")
TOO_MANY = "This transcript has {count} commands. Add at most {most} at a time: paste it in parts."
NOTHING_KEPT = "Every step is left out: keep at least one to add, or discard the transcript."
NOTHING_ABOVE = "There is no step above this one to merge it into."
SAY_WHAT = "Say what you tried."
PASTED_AFTER = "This was pasted after the preview, so its steps weren't added: preview it to add them."
CHANGED_AFTER = ("The paste box was changed after the preview: the steps added came from the text as it was then. "
                 "Preview it again only for what is new.")
TRIED_CUT = 120  # characters of a command's first line in the "What did you try?" filled in for it
HOST_MAX, FAILURE_MAX = 100, 300  # what the preview shows of a prompt's host and a failure's line


@dataclass
class PastedStep:
    """A step as the preview holds it (the fields of ``PastedStepForm``); ``number``: the
    command of the paste it starts at (1 for the first), which its key carries: it stays the
    same when the preview is shown again with steps left out or merged."""
    tried: str
    command: str
    output: str
    result: str | None
    host: str | None
    failure: str | None
    output_chars: int | None = None
    number: int | None = None

    @classmethod
    def parsed(cls, step, number):
        """A parsed step as the preview first shows it: "Ran <command> on <host>", the output
        cut as storing it would, "didn't work" when its output shows a failure. A command too
        long for the field (a here-document) goes whole to the top of the output."""
        command, output = step.command, step.output
        if len(command) > COMMAND_MAX:
            command, output = command.split("\n", 1)[0][:COMMAND_MAX - 1] + "…", f"{command}\n\n{output}"
        output, output_chars = clean_output(output)
        host = step.host[:HOST_MAX] if step.host else None
        failure = step.failure[:FAILURE_MAX] if step.failure else None
        return cls(ran(step.command, host), command, output or "", "didnt_work" if failure else None, host, failure,
                   output_chars, number)

    @classmethod
    def posted(cls, form):
        """A step of the preview as it was posted."""
        number = whole_number(form.number.data)
        return cls(form.tried.data or "", form.command.data or "", form.output.data or "", form.result.data or None,
                   (form.host.data or "")[:HOST_MAX] or None, (form.failure.data or "")[:FAILURE_MAX] or None,
                   whole_number(form.output_chars.data), number if number and number <= PASTED_STEPS_MAX else None)

    def merged(self, below):
        """This step with the one below it folded in: both commands and outputs, what the tech
        wrote for the lower one (unless it is still the text filled in for it), and the result
        chosen for this one, else for the lower one, else "didn't work" if either failed."""
        own_words = below.tried.strip() and below.tried.strip() != ran(below.command, below.host)
        cut = self.output_chars or below.output_chars
        return replace(
            self, tried="\n".join(part for part in (self.tried, below.tried if own_words else "") if part),
            command="\n".join(part for part in (self.command, below.command) if part),
            output="\n\n".join(part for part in (self.output, below.output) if part),
            failure=self.failure or below.failure,
            result=self.result or below.result or ("didnt_work" if self.failure or below.failure else None),
            output_chars=(self.output_chars or len(self.output)) + 2 + (below.output_chars or len(below.output))
            if cut else None)

    def as_step(self):
        """``log_step``'s arguments for this step (its output cleaned and cut, as a typed one's)."""
        return {"tried": self.tried.strip(), "command": self.command.strip(), "result": self.result,
                "cleaned_output": clean_output(self.output, cut_from=self.output_chars)}


def whole_number(text):
    """A hidden field's number (a count), or None when it holds none."""
    text = text or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def ran(command, host):
    """What the preview says was tried for a command: "Ran <its first line> on <host>"."""
    first_line = command.split("\n", 1)[0]
    if len(first_line) > TRIED_CUT or "\n" in command:
        first_line = first_line[:TRIED_CUT].rstrip() + "…"
    return (f"Ran {first_line}" + (f" on {host}" if host else ""))[:TRIED_MAX]


def plain(text):
    return (text or "").replace("\r\n", "\n")  # the line ends a browser sends don't count


def previewed_mark(text):
    """Which text of the paste box a preview was read from: its length and digest."""
    text = plain(text)
    return f"{len(text)}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def pasted_after(text, mark):
    """What the paste box holds after the text the preview was read from ("" when nothing);
    None when that text itself was changed."""
    text, length = plain(text), whole_number((mark or "").partition(":")[0])
    if not text.strip():
        return ""
    if length is None or previewed_mark(text[:length]) != mark:
        return None
    # What was previewed may end on a bare prompt, the next command typed after it: from there.
    start = length if length == 0 or text[length - 1] == "\n" else text.rfind("\n", 0, length) + 1
    return text[start:].strip() if text[length:].strip() else ""


@bp.route("/sessions/<int:session_id>/transcript", methods=["POST"])
@role_required("engineer")
def paste_transcript(session_id):
    """``action``: "preview" reads the paste (again: it replaces the steps shown), "update"
    shows the preview with its leave-outs and merges made, "keep" shows it as it is, "add"
    logs the kept steps, "discard" empties it all. With none (Ctrl+Enter) it previews, or updates a preview
    already shown: edits are never thrown away unasked. ``replay``: the tab asks for the
    preview it kept as a draft, so nothing takes the focus. A big paste is read and cleaned
    off the event loop."""
    session = get_or_404(TroubleshootingSession, session_id)
    big = (request.content_length or 0) > BIG_BODY
    form = off_the_event_loop(_checked_form) if big else _checked_form()
    action = request.form.get("action") or ("update" if form.steps.entries else "preview")
    if action == "discard":
        return finished(session, TranscriptForm(formdata=None), "Transcript discarded.")
    if action == "add":
        return add_steps(session, form, big)
    if action == "update":
        return update_preview(session, form)
    if action == "keep":  # Enter on a choice: the preview as it is, the focus where it was
        return transcript_again(session, form, 422 if has_errors(form) else 200)
    return preview(session, form, big)


def _checked_form():
    form = TranscriptForm()
    form.validate_on_submit()
    for entry in form.steps:
        if entry.leave_out.data:  # a step left out can't be wrong
            for field in entry.form:
                field.errors = []
    return form


def preview(session, form, big):
    text = form.transcript.data or ""
    if not text.strip():
        form.transcript.errors.append(NOTHING_PASTED)
    if has_errors(form):
        return transcript_again(session, form, 422)
    shell, count, steps = off_the_event_loop(read_paste, text) if big else read_paste(text)
    if not count:
        form.transcript.errors.append(NO_COMMANDS)
    elif count > PASTED_STEPS_MAX:
        form.transcript.errors.append(TOO_MANY.format(count=count, most=PASTED_STEPS_MAX))
    if has_errors(form):
        return transcript_again(session, form, 422)
    mark = previewed_mark(text)
    if form.previewed.data != mark:  # another paste: its steps are another batch
        form.idempotency_key.data = new_step_key()
    return previewed(session, form, steps, shell, mark)


def read_paste(text):
    """(the shell, how many commands, the preview's steps) of a pasted transcript: no more
    steps are made than a preview may show."""
    parsed = parse_transcript(text)
    return parsed.shell, len(parsed.steps), [PastedStep.parsed(step, number)
                                             for number, step in enumerate(parsed.steps[:PASTED_STEPS_MAX], 1)]


def update_preview(session, form):
    steps = kept_steps(form, complete=False)
    if has_errors(form):
        return transcript_again(session, form, 422)
    return previewed(session, form, steps, form.shell.data, form.previewed.data)


def previewed(session, form, steps, shell, mark):
    """The preview of ``steps``, the paste box still holding what was pasted."""
    fresh = TranscriptForm(formdata=None, transcript=form.transcript.data, shell=shell, previewed=mark,
                           idempotency_key=form.idempotency_key.data or new_step_key(), steps=steps)
    return transcript_again(session, fresh, 200, focus="pasted-heading")


def add_steps(session, form, big):
    steps = kept_steps(form, complete=True)
    if has_errors(form):
        return transcript_again(session, form, 422)
    key = form.idempotency_key.data or None
    numbers = [step.number for step in steps]
    already = lifecycle.logged_under(session, key, numbers)  # a retry's first try added these
    try:
        arguments = off_the_event_loop(lambda: [step.as_step() for step in steps]) if big else [
            step.as_step() for step in steps]
        logged = lifecycle.log_steps(session, current_user._get_current_object(),
                                     list(zip(numbers, arguments, strict=True)), key=key)
    except lifecycle.StepRefused as refusal:
        db.session.rollback()
        return refused(session, form, key, numbers, refusal)
    # Read before the commit, as for one step (``routes.add_step``).
    steps_list = render_template("sessions/_steps.html", session=session, steps_oob=True) if request.htmx else ""
    db.session.commit()
    added = len(numbers) - len(already)
    said = f"{added} {'step' if added == 1 else 'steps'} logged from the transcript." if added else \
        "These steps were already added."
    if already and added:
        said = said[:-1] + f" ({len(already)} already were)."
    # Text pasted into the box after the preview was made stays there, to be previewed.
    after = pasted_after(form.transcript.data, form.previewed.data)
    fresh = TranscriptForm(formdata=None, transcript=form.transcript.data if after is None else after)
    if after != "":
        fresh.transcript.errors = [PASTED_AFTER if after else CHANGED_AFTER]
    return finished(session, fresh, said, f"step-{logged[0].id}", steps_list)


def finished(session, fresh, said, anchor="paste-transcript", steps_list=""):
    """Added or discarded: an empty paste box, or one with what is left to preview, and the
    session's steps when added (the whole list, so steps a lost answer didn't show arrive
    once); the tab's draft of the transcript is forgotten."""
    values = {"transcript_form": fresh, "transcript_open": True, "transcript_done": said,
              "transcript_focus": "transcript", "transcript_forget_draft": True}
    if not request.htmx and fresh.transcript.data:  # what is left in the box comes back with the page
        flash(said, "success")
        return session_page(session, transcript=values)
    return htmx_or_redirect(
        back_to(session, _anchor=anchor),
        lambda: steps_list,
        lambda: render_template("sessions/_transcript.html", session=session, **values),
        message=said)


def refused(session, form, key, numbers, refusal):
    """The preview back with why its steps weren't added, and a new key (nothing of this text
    is logged under it). Steps a retry's first try had added are shown (the whole step list,
    out of band) and ticked "Leave this step out" here, with the steps merged into them."""
    form.form_errors.append(str(refusal))
    form.idempotency_key.data = new_step_key()
    steps_list = None
    if isinstance(refusal, lifecycle.KeyReused):
        added, upper = lifecycle.logged_under(session, key, numbers), None
        for entry in form.steps:
            if entry.leave_out.data:
                continue
            if not entry.merge_up.data:
                upper = whole_number(entry.number.data)
            entry.leave_out.data = upper in added
        steps_list = render_template("sessions/_steps.html", session=session, steps_oob=True)
    return transcript_again(session, form, 409, pick_up=refusal.escalation, extra=steps_list)


def kept_steps(form, complete):
    """The steps the preview keeps: left-out ones dropped, merged ones folded into the step
    above. ``complete``: each kept step must also say what was tried and how it went (to be
    added), checked once its merges are made. Errors go on the fields they concern."""
    kept, shown = [], []
    for entry in form.steps:
        step = entry.form
        if step.leave_out.data:
            continue
        pasted = PastedStep.posted(step)
        if pasted.number is None or pasted.number in (kept_step.number for kept_step in kept):
            step.tried.errors = ["This form is damaged; reload the page."]  # a number only a forged post lacks
        if not step.merge_up.data:
            kept.append(pasted)
            shown.append(step)
        elif not kept:
            step.merge_up.errors = [NOTHING_ABOVE]
        else:
            kept[-1] = kept[-1].merged(pasted)
            if len(kept[-1].command) > COMMAND_MAX:
                step.command.errors = [f"Merged, the command would be longer than {COMMAND_MAX:,} characters."]
            if len(kept[-1].tried) > TRIED_MAX:
                step.tried.errors = [f"Merged, what was tried would be longer than {TRIED_MAX:,} characters."]
    for pasted, step in zip(kept, shown, strict=True):
        if complete and not pasted.tried.strip():
            step.tried.errors = [SAY_WHAT]
        if complete and not pasted.result:
            step.result.errors = [CHOOSE_RESULT]
    if not kept and form.steps.entries and not has_errors(form):
        form.form_errors.append(NOTHING_KEPT)
    return kept


def has_errors(form):
    """Whether the form, or a field of it or of one of its steps, has an error (the steps' are
    set after ``validate``, so ``form.errors`` can't be asked)."""
    return bool(form.form_errors) or form.first_error is not None


def transcript_again(session, form, status, focus=None, pick_up=None, extra=None):
    """The paste box with everything in it: the fragment ``#paste-transcript`` over HTMX
    (retargeted there, so it is swapped whatever the status), else the whole page. Focus goes
    to ``focus``, or to the first field in error, or to the form's own errors; nowhere when
    the tab asked for its draft's preview (it has the focus where it was)."""
    if has_errors(form):
        focus = form.first_error or "paste-errors"
    if request.form.get("replay"):
        focus = None
    values = {"transcript_form": form, "transcript_open": True, "transcript_focus": focus,
              "transcript_shell": SHELLS.get(form.shell.data), "transcript_pick_up": pick_up}
    if not request.htmx:
        return session_page(session, transcript=values, status=status)
    html = render_template("sessions/_transcript.html", session=session, **values) + (extra or "")
    return html, status, {"HX-Retarget": "#paste-transcript", "HX-Reswap": "outerHTML"}
