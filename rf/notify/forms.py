"""Forms for notification settings."""
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from ..core.forms import Form
from ..core.models import NOTIFY_EMAIL_CHOICES, WEBHOOK_FORMATS


class EmailPreferenceForm(Form):
    notify_email = RadioField("When should we email you about a new escalation?",
                              choices=[SelectChoice(k, v) for k, v in NOTIFY_EMAIL_CHOICES.items()],
                              validators=[InputRequired("Choose when to be emailed.")])


class WebhookForm(Form):
    """The URL may be left blank when changing only the format of a saved webhook."""
    url = StringField("Webhook address", filters=[lambda value: (value or "").strip()])
    format = RadioField("Format", choices=[SelectChoice(k, v) for k, v in WEBHOOK_FORMATS.items()],
                        default="slack", validators=[InputRequired("Choose the format your chat expects.")])
