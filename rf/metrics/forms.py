"""The manual baseline form: a stopwatch fills in the time, or it is typed."""
import re
from decimal import Decimal

from wtforms import DateField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..core.forms import Form
from ..core.models import BASELINE_LABEL_MAX, BASELINE_MAX_SECONDS

DURATION = re.compile(r"^(?:(\d+):([0-5]?\d)(?::([0-5]?\d))?|(\d+(?:[.,]\d+)?))$")


def parse_duration(text):
    """Seconds from "12" or "12.5" (minutes), "12:30" (minutes:seconds) or "1:02:30"
    (hours:minutes:seconds); None when it is none of those."""
    text = (text or "").strip()
    if text.startswith("-"):
        raise ValidationError("A time can't be negative.")
    match = DURATION.match(text)
    if match is None:
        return None
    first, second, third, minutes = match.groups()
    if minutes is not None:
        return round(Decimal(minutes.replace(",", ".")) * 60)  # exact: 300 digits is just too long
    if third is not None:
        return int(first) * 3600 + int(second) * 60 + int(third)
    return int(first) * 60 + int(second)


class BaselineForm(Form):
    label = StringField("What was it", validators=[
        DataRequired("Say which escalation it was, e.g. a ticket number."),
        Length(max=BASELINE_LABEL_MAX, message=f"At most {BASELINE_LABEL_MAX} characters.")])
    measured_on = DateField("Measured on", validators=[InputRequired("Enter the date it was measured.")])
    duration = StringField("Ticket opened → first diagnostic action",
                           validators=[InputRequired("Enter the time, or use the stopwatch.")])

    def validate_duration(self, field):
        seconds = parse_duration(field.data)
        if seconds is None:
            raise ValidationError("Enter minutes (like 14 or 14.5) or minutes:seconds (like 14:30).")
        if seconds <= 0:
            raise ValidationError("The time must be more than zero.")
        if seconds > BASELINE_MAX_SECONDS:
            raise ValidationError("That's more than 8 hours, which isn't a plausible time to a first "
                                  "diagnostic action. Check the number.")
        self.seconds = seconds
