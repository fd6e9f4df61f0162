from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired

from ..forms import Form
from ..models import PRIORITIES
from ..sessions.forms import choices, limit

REASON_MAX = 2000
PARK_NOTE_MAX = 1000


class EscalateForm(Form):
    reason = TextAreaField("Reason", validators=[
        DataRequired("Say why you're escalating: what you need from a senior."), limit(REASON_MAX, "The reason")])
    priority = RadioField("Priority", choices=choices(PRIORITIES), default="normal")


class ParkForm(Form):
    note = TextAreaField("Why are you parking it?", validators=[
        DataRequired("Leave a note for when you come back (e.g. waiting on the customer's logs)."),
        limit(PARK_NOTE_MAX, "The note")])
