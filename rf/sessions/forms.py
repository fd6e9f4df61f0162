"""Forms for starting a session, logging steps and resolving. Limits match the columns."""
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import Form
from ..models import CLIENT_MAX, DOMAINS, STEP_RESULTS, SUMMARY_MAX, TICKET_MAX

TRIED_MAX = 2000
COMMAND_MAX = 4000
NOTES_MAX = 4000
RESOLUTION_MAX = 4000


def limit(maximum, what):
    return Length(max=maximum, message=f"{what} can be at most {maximum:,} characters.")


def choices(labels):
    return [SelectChoice(value, label) for value, label in labels.items()]


class NewSessionForm(Form):
    ticket_number = StringField("Ticket number", validators=[
        DataRequired("Enter the ticket number from your PSA."), limit(TICKET_MAX, "The ticket number")])
    client_name = StringField("Client", validators=[
        DataRequired("Enter the client's name."), limit(CLIENT_MAX, "The client name")])
    summary = TextAreaField("Problem summary", validators=[
        DataRequired("Describe the problem in a sentence or two."), limit(SUMMARY_MAX, "The summary")])
    domain = SelectField("Domain", choices=choices(DOMAINS), default="other",
                         validate_choice=True)


class StepForm(Form):
    tried = TextAreaField("What did you try?", validators=[
        DataRequired("Say what you tried."), limit(TRIED_MAX, "This")])
    command = TextAreaField("Command", validators=[Optional(), limit(COMMAND_MAX, "The command")])
    output = TextAreaField("Output")
    result = RadioField("Result", choices=choices(STEP_RESULTS), default="didnt_work")
    notes = TextAreaField("Notes", validators=[Optional(), limit(NOTES_MAX, "Notes")])


class ResolveForm(Form):
    resolution = TextAreaField("Resolution", validators=[
        DataRequired("Say what fixed it, for the next person who meets this problem."),
        limit(RESOLUTION_MAX, "The resolution")])
    fixed_by = SelectMultipleField("Which steps fixed it?", coerce=int, validate_choice=False,
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
