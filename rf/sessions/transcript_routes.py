"""Paste a terminal transcript, check its steps in a preview, add them all at once.

One form does it all (so the paste box keeps its text whatever happens): its ``action``
asks to preview the paste, to show the preview again with its leave-outs and merges made,
or to add the steps. The preview is server-rendered (``_transcript.html``, root
``#paste-transcript``); without htmx the same form posts and the whole session page comes back.
"""
from dataclasses import dataclass, replace

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from ..core.access import role_required
from ..core.extensions import db
from ..core.models import Step, TroubleshootingSession
from ..core.offload import BIG_BODY, off_the_event_loop
from ..core.tenancy import get_or_404
from ..core.ui import htmx_or_redirect, render_toast
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
NOTHING_KEPT = "Every step is left out: keep at least one to add."
NOTHING_ABOVE = "There is no step above this one to merge it into."
SAY_WHAT = "Say what you tried."
TRIED_CUT = 120  # characters of a command's first line in the "What did you try?" filled in for it


@dataclass
class PastedStep:
    """A step as the preview holds it (the fields of ``PastedStepForm``)."""
    tried: str
    command: str
    output: str
    result: str | None
    host: str | None
    failure: str | None

    @classmethod
    def parsed(cls, step):
        """What the preview fills in for a parsed step: "Ran <command> on <host>", and
        "didn't work" when its output shows a failure."""
        first_line = step.command.split("\n", 1)[0]
        if len(first_line) > TRIED_CUT or "\n" in step.command:
            first_line = first_line[:TRIED_CUT].rstrip() + "…"
        tried = f"Ran {first_line}" + (f" on {step.host}" if step.host else "")
        return cls(tried[:TRIED_MAX], step.command, step.output, "didnt_work" if step.error else None, step.host,
                   step.failure)

    def merged(self, below):
        """This step with the one below it folded in: both commands, both outputs."""
        return replace(
            self, command="\n".join(part for part in (self.command, below.command) if part),
            output="\n\n".join(part for part in (self.output, below.output) if part),
            failure=self.failure or below.failure,
            result=self.result or ("didnt_work" if below.failure else None))

    def as_step(self):
        return {"tried": self.tried, "command": self.command, "result": self.result,
                "cleaned_output": clean_output(self.output), "notes": None}


@bp.route("/sessions/<int:session_id>/transcript", methods=["POST"])
@role_required("engineer")
def paste_transcript(session_id):
    """``action``: "preview" reads the paste (again: it replaces the steps shown), "update"
    shows the preview with its leave-outs and merges made, "add" logs the kept steps. With
    none (Ctrl+Enter) it previews, or updates a preview already shown: edits are never
    thrown away unasked."""
    session = get_or_404(TroubleshootingSession, session_id)
    form = read_transcript_form()
    action = request.form.get("action") or ("update" if form.steps.entries else "preview")
    if action == "add":
        return add_steps(session, form)
    if action == "update":
        return update_preview(session, form)
    return preview(session, form)


def read_transcript_form():
    """The posted form, checked. A big paste (up to 16 MB) is checked off the event loop."""
    if (request.content_length or 0) <= BIG_BODY:
        return _checked_form()
    return off_the_event_loop(_checked_form)


def _checked_form():
    form = TranscriptForm()
    form.validate_on_submit()
    for entry in form.steps:
        if entry.leave_out.data:  # a step left out can't be wrong
            for field in entry.form:
                field.errors = []
    return form


def preview(session, form):
    text = form.transcript.data or ""
    if not text.strip():
        form.transcript.errors.append(NOTHING_PASTED)
    if has_errors(form):
        return transcript_again(session, form, 422)
    parsed = parse_transcript(text) if len(text) <= BIG_BODY else off_the_event_loop(parse_transcript, text)
    if not parsed.steps:
        form.transcript.errors.append(NO_COMMANDS)
    elif len(parsed.steps) > PASTED_STEPS_MAX:
        form.transcript.errors.append(TOO_MANY.format(count=len(parsed.steps), most=PASTED_STEPS_MAX))
    if has_errors(form):
        return transcript_again(session, form, 422)
    return previewed(session, form, [PastedStep.parsed(step) for step in parsed.steps], parsed.shell)


def update_preview(session, form):
    steps = kept_steps(form, complete=False)
    if has_errors(form):
        return transcript_again(session, form, 422)
    return previewed(session, form, steps, form.shell.data)


def previewed(session, form, steps, shell):
    """The preview of ``steps``, the paste box still holding what was pasted."""
    fresh = TranscriptForm(formdata=None, transcript=form.transcript.data, shell=shell,
                           idempotency_key=form.idempotency_key.data or new_step_key(), steps=steps)
    return transcript_again(session, fresh, 200, focus="pasted-heading")


def add_steps(session, form):
    steps = kept_steps(form, complete=True)
    if has_errors(form):
        return transcript_again(session, form, 422)
    try:
        logged = lifecycle.log_steps(session, current_user._get_current_object(),
                                     [step.as_step() for step in steps], key=form.idempotency_key.data or None)
    except lifecycle.StepRefused as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        form.idempotency_key.data = new_step_key()  # nothing of this text is logged under the new one
        return transcript_again(session, form, 409, toast=str(refusal), pick_up=refusal.escalation)
    # Read before the commit, as for one step (``routes.add_step``).
    before = db.session.scalar(select(func.count()).where(Step.session_id == session.id, Step.id < logged[0].id))
    db.session.commit()
    said = f"{len(logged)} {'steps' if len(logged) > 1 else 'step'} logged from the transcript."
    return htmx_or_redirect(
        back_to(session, _anchor=f"step-{logged[0].id}"),
        lambda: "".join(render_template("sessions/_step.html", step=step, number=before + number, oob=True)
                        for number, step in enumerate(logged, 1)),
        lambda: render_template("sessions/_transcript.html", session=session, transcript_form=TranscriptForm(
            formdata=None), transcript_open=True, transcript_added=said, transcript_focus="transcript"),
        message=said)


def kept_steps(form, complete):
    """The steps the preview keeps, left-out ones dropped and merged ones folded into the step
    above. ``complete``: each kept step must also say what was tried and how it went (to be
    added). Errors go on the fields they concern."""
    kept = []
    for entry in form.steps:
        step = entry.form
        if step.leave_out.data:
            continue
        pasted = PastedStep(step.tried.data or "", step.command.data or "", step.output.data or "",
                            step.result.data or None, step.host.data or None, step.failure.data or None)
        if step.merge_up.data:
            if not kept:
                step.merge_up.errors = [NOTHING_ABOVE]
                continue
            kept[-1] = kept[-1].merged(pasted)
            if len(kept[-1].command) > COMMAND_MAX:
                step.command.errors = [f"Merged, the command would be longer than {COMMAND_MAX:,} characters."]
            continue
        if complete and not pasted.tried.strip():
            step.tried.errors = [SAY_WHAT]
        if complete and not pasted.result:
            step.result.errors = [CHOOSE_RESULT]
        kept.append(pasted)
    if not kept and form.steps.entries and not has_errors(form):
        form.form_errors.append(NOTHING_KEPT)
    return kept


def has_errors(form):
    """Whether any field, in the form or in one of its steps, has an error (the steps' are
    set after ``validate``, so ``form.errors`` can't be asked)."""
    if form.form_errors or any(field.errors for field in form if field.name != "steps"):
        return True
    return any(field.errors for entry in form.steps for field in entry.form)


def transcript_again(session, form, status, focus=None, toast=None, pick_up=None):
    """The paste box with everything in it: the fragment ``#paste-transcript`` over HTMX
    (retargeted there, so it is swapped whatever the status), else the whole page."""
    focus = focus if focus and not has_errors(form) else first_error_id(form)
    values = {"transcript_form": form, "transcript_open": True, "transcript_focus": focus,
              "transcript_shell": SHELLS.get(form.shell.data), "transcript_pick_up": pick_up}
    if not request.htmx:
        return session_page(session, transcript=values, status=status)
    html = render_template("sessions/_transcript.html", session=session, **values)
    if toast:
        html += render_toast(toast, "error")
    return html, status, {"HX-Retarget": "#paste-transcript", "HX-Reswap": "outerHTML"}


def first_error_id(form):
    """The id of the first field with an error, in page order: the one to focus."""
    for field in form:
        if field.name == "steps":
            for entry in field:
                for sub in entry.form:
                    if sub.errors:
                        return sub.id
        elif field.errors and field.type != "CSRFTokenField":
            return field.id
    return None
