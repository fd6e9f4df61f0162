"""Forms for starting a session, logging steps, parking, escalating and resolving. Limits match
the columns."""
import secrets

from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from ..core.forms import Form, SubForm, TerminalOutputField, choices
from ..core.models import CLIENT_MAX, DOMAINS, PRIORITIES, STEP_RESULTS, SUMMARY_MAX, TICKET_MAX

TRIED_MAX = 2000
COMMAND_MAX = 4000
NOTES_MAX = 4000
RESOLUTION_MAX = 4000
REASON_MAX = 2000
PARK_NOTE_MAX = 1000


def limit(maximum, what):
    return Length(max=maximum, message=f"{what} can be at most {maximum:,} characters.")


class NewSessionForm(Form):
    ticket_number = StringField("Ticket number", validators=[
        DataRequired("Enter the ticket number from your PSA."), limit(TICKET_MAX, "The ticket number")])
    client_name = StringField("Client", validators=[
        DataRequired("Enter the client's name."), limit(CLIENT_MAX, "The client name")])
    summary = TextAreaField("Problem summary", validators=[
        DataRequired("Describe the problem in a sentence or two."), limit(SUMMARY_MAX, "The summary")])
    domain = SelectField("Domain", choices=choices(DOMAINS), default="other",
                         validate_choice=True)


def new_step_key():
    return secrets.token_urlsafe(18)


CHOOSE_RESULT = "Choose how it went: worked, didn't work, dead end or info."


class StepForm(Form):
    # Each rendered form gets its own key: a doubled or retried post of it logs one step.
    idempotency_key = HiddenField(default=new_step_key, validators=[
        Optional(), Regexp(r"^[A-Za-z0-9_-]{1,64}$", message="This form is damaged; reload the page.")])
    tried = TextAreaField("What did you try?", validators=[
        DataRequired("Say what you tried."), limit(TRIED_MAX, "This")])
    command = TextAreaField("Command", validators=[Optional(), limit(COMMAND_MAX, "The command")])
    output = TerminalOutputField("Output")
    # No default: a step is only "didn't work" (or anything else) when the tech says so.
    result = RadioField("Result", choices=choices(STEP_RESULTS), validate_choice=False, validators=[
        InputRequired(CHOOSE_RESULT), AnyOf(list(STEP_RESULTS), message=CHOOSE_RESULT)])
    notes = TextAreaField("Notes", validators=[Optional(), limit(NOTES_MAX, "Notes")])


PASTED_STEPS_MAX = 50
# Bytes of UTF-8, as posted. The preview's outputs are parts of the paste, so Add sends back at
# most twice this: under the 16 MB a request may carry, whatever the script of the text.
TRANSCRIPT_MAX_BYTES = 6_000_000


def at_most_bytes(form, field):
    if field.data and len(field.data.encode()) > TRANSCRIPT_MAX_BYTES:
        raise ValidationError(f"A transcript pasted at once can be at most {TRANSCRIPT_MAX_BYTES // 1_000_000} MB: "
                              "paste it in parts.")


class PastedStepForm(SubForm):
    """One command of a pasted transcript, as the preview shows it. What a kept step needs
    (what was tried, a result) is checked when the steps are added: a step left out or merged
    into the one above needs neither. ``host``, ``failure`` and ``output_chars`` are only shown
    (cut to size when the preview is made), so they are not checked."""
    tried = TextAreaField("What did you try?", validators=[Optional(), limit(TRIED_MAX, "This")])
    command = TextAreaField("Command", validators=[Optional(), limit(COMMAND_MAX, "The command")])
    output = TerminalOutputField("Output")
    result = RadioField("Result", choices=choices(STEP_RESULTS), validate_choice=False, validators=[
        Optional(), AnyOf(list(STEP_RESULTS), message=CHOOSE_RESULT)])
    host = HiddenField()
    failure = HiddenField()  # the output line that shows it failed
    output_chars = HiddenField()  # the output's length before the preview cut it, if it did
    number = HiddenField()  # which command of the paste it starts at (1 for the first): its key's
    leave_out = BooleanField("Leave this step out")
    merge_up = BooleanField("Merge into the step above")


class TranscriptForm(Form):
    # One key for the batch: step n is logged under "key:n" (so at most 40 characters here).
    idempotency_key = HiddenField(default=new_step_key, validators=[
        Optional(), Regexp(r"^[A-Za-z0-9_-]{1,40}$", message="This form is damaged; reload the page.")])
    transcript = TerminalOutputField("Terminal transcript", validators=[at_most_bytes])
    shell = HiddenField(validators=[Optional(), Length(max=20)])
    previewed = HiddenField()  # which text of the paste box the steps below were read from
    steps = FieldList(FormField(PastedStepForm), max_entries=PASTED_STEPS_MAX)


class ResolveForm(Form):
    resolution = TextAreaField("Resolution", validators=[
        DataRequired("Say what fixed it, for the next person who meets this problem."),
        limit(RESOLUTION_MAX, "The resolution")])
    # Rendered as one checkbox per step by resolve.html (each labelled with the step).
    fixed_by = SelectMultipleField("Which steps fixed it?", coerce=int, validate_choice=False)


class EscalateForm(Form):
    reason = TextAreaField("Reason", validators=[
        DataRequired("Say why you're escalating: what you need from a senior."), limit(REASON_MAX, "The reason")])
    priority = RadioField("Priority", choices=choices(PRIORITIES), default="normal")


class ParkForm(Form):
    note = TextAreaField("Why are you parking it?", validators=[
        DataRequired("Leave a note for when you come back (e.g. waiting on the customer's logs)."),
        limit(PARK_NOTE_MAX, "The note")])
