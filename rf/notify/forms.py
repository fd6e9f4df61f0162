"""Forms for notification settings, and for on call and reminders."""
from functools import cache
from zoneinfo import available_timezones

from wtforms import (
    DateField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import Form, choices
from ..core.hours import WEEKDAYS
from ..core.models import (
    NOTIFY_EMAIL_CHOICES,
    PRIORITIES,
    PRIORITY_RANK,
    REMINDER_AUDIENCES,
    WEBHOOK_FORMATS,
)

MORNING = "morning"


class EmailPreferenceForm(Form):
    notify_email = RadioField("When should we email you about a new escalation?",
                              choices=[SelectChoice(k, v) for k, v in NOTIFY_EMAIL_CHOICES.items()],
                              validators=[InputRequired("Choose when to be emailed.")])


class WebhookForm(Form):
    """The URL may be left blank when changing only the format of a saved webhook."""
    url = StringField("Webhook address", filters=[lambda value: (value or "").strip()])
    format = RadioField("Format", choices=[SelectChoice(k, v) for k, v in WEBHOOK_FORMATS.items()],
                        default="slack", validators=[InputRequired("Choose the format your chat expects.")])


# --- on call and reminders (rf.notify.on_call_routes) -------------------------------------

WHEN_CHOICES = choices([("", "No reminder"), ("5", "After 5 minutes"), ("10", "After 10 minutes"),
                ("15", "After 15 minutes"), ("30", "After 30 minutes"), ("45", "After 45 minutes"),
                ("60", "After 1 hour"), ("120", "After 2 hours"), ("240", "After 4 hours"),
                         (MORNING, "At the next business morning")])
RUNGS = 2


def rung_field_names(priority, rung):
    return f"{priority}_{rung}_when", f"{priority}_{rung}_who"


class LadderForm(Form):
    """Two rungs per priority: when (a delay, or the next business morning) and who."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for priority in PRIORITIES:
            whens = [self[rung_field_names(priority, rung)[0]] for rung in range(1, RUNGS + 1)]
            if any(field.errors for field in whens):  # not one of the choices: said already
                continue
            first, second = (field.data for field in whens)
            problem = None
            if second and not first:
                problem = "Set the first reminder before a second one."
            elif first == MORNING and second:
                problem = "Nothing comes after the next business morning: make it the last reminder."
            elif first and second and second != MORNING and int(second) <= int(first):
                problem = "The second reminder must come later than the first."
            if problem:
                whens[1].errors.append(problem)
                valid = False
        return valid

    def rungs(self, priority):
        """``(after_minutes or None, audience)`` of the rungs set for ``priority``."""
        chosen = []
        for rung in range(1, RUNGS + 1):
            when, who = (self[name].data for name in rung_field_names(priority, rung))
            if when:
                chosen.append((None if when == MORNING else int(when), who))
        return chosen


for _priority in PRIORITIES:
    for _rung in range(1, RUNGS + 1):
        _when, _who = rung_field_names(_priority, _rung)
        setattr(LadderForm, _when, SelectField(f"{PRIORITIES[_priority]}: reminder {_rung}", choices=WHEN_CHOICES))
        setattr(LadderForm, _who, SelectField(f"{PRIORITIES[_priority]}: who reminder {_rung} goes to",
                                              choices=choices(REMINDER_AUDIENCES)))


class BusinessHoursForm(Form):
    timezone = StringField("Timezone", validators=[InputRequired("Choose your team's timezone.")],
                           filters=[lambda value: (value or "").strip()])
    work_days = SelectMultipleField("Working days", choices=choices([(str(day), name)
                                                                     for day, name in enumerate(WEEKDAYS)]),
                                    widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    work_start = TimeField("Opens at", validators=[InputRequired("Say when the working day starts.")])
    work_end = TimeField("Closes at", validators=[InputRequired("Say when the working day ends.")])

    def validate_timezone(self, field):
        if field.data not in timezone_names():
            raise ValidationError(f"“{field.data}” isn't a timezone we know: choose one like Europe/London or "
                                  "America/New_York.")

    def validate_work_days(self, field):
        # (a check of its own: InputRequired would mark every day's checkbox "required")
        if not field.data:
            raise ValidationError("Choose at least one working day.")

    def validate_work_end(self, field):
        if self.work_start.data and field.data and field.data <= self.work_start.data:
            raise ValidationError("The day must close after it opens.")


class HolidayForm(Form):
    day = DateField("Day", validators=[InputRequired("Choose the day.")])
    name = StringField("What it is", validators=[InputRequired("Name the holiday."), Length(max=80)],
                       filters=[lambda value: (value or "").strip()])


class RotationForm(Form):
    """The rotation's settings; each senior's turn is a field of its own (``with_turns``)."""
    handover_weekday = SelectField("Hand-over day", coerce=int, choices=choices(list(enumerate(WEEKDAYS))))
    handover_time = TimeField("Hand-over time", validators=[InputRequired("Say when the hand-over is.")])
    starts_on = DateField("First hand-over on or after", validators=[InputRequired("Choose when it starts.")])
    notify_priority = SelectField("Send the on-call senior at once every escalation of priority",
                                  choices=choices([(key, f"{label} and above") for key, label in sorted(
                                      PRIORITIES.items(), key=lambda item: -PRIORITY_RANK[item[0]])]))

    @classmethod
    def with_turns(cls, seniors):
        """A form class with a "turn" choice per senior (blank: not in the rotation)."""
        turns = choices([("", "Not in the rotation")] + [(str(n), f"Turn {n}") for n in range(1, len(seniors) + 1)])
        fields = {f"turn_{user.id}": SelectField(user.name, choices=turns, default="") for user in seniors}
        return type("RotationWithTurns", (cls,), fields)

    def members(self, seniors):
        """The senior ids in turn order; a problem is set on the form when two share a turn
        (a turn that isn't one of the choices has its own error already)."""
        fields = [(self[f"turn_{user.id}"], user) for user in seniors]
        turns = [(int(field.data), user.id) for field, user in fields
                 if field.data and field.data.isdigit() and not field.errors]
        taken = [turn for turn, _ in turns]
        for field, _ in fields:
            if field.data and field.data.isdigit() and taken.count(int(field.data)) > 1:
                field.errors.append(f"Turn {field.data} is given to more than one senior.")
        return [user_id for _, user_id in sorted(turns)]


@cache
def timezone_names():
    """The IANA timezone names (read from the tz database once: it walks a directory)."""
    return frozenset(available_timezones())


class OverrideForm(Form):
    user_id = SelectField("Who covers", coerce=int, validate_choice=True)
    starts_at = DateTimeLocalField("From", format="%Y-%m-%dT%H:%M", validators=[InputRequired("Say when it starts.")])
    ends_at = DateTimeLocalField("Until", format="%Y-%m-%dT%H:%M", validators=[InputRequired("Say when it ends.")])

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError("It must end after it starts.")
