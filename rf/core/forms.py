"""The base for every form: text fields arrive without control characters.

A NUL byte is refused by PostgreSQL (a 500 instead of a message), other C0 characters are
invisible garbage, and terminal escape sequences (hidden text, "clear screen") pasted into a
field would travel into exports, emails and their Subject header: all go, with the
sequences' parameters. Tabs and newlines are kept. A command's pasted output
(``TerminalOutputField``) is cleaned by its own cleaner; passwords are left exactly as typed.
"""
import re

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

# CSI sequences (colours, cursor moves), OSC sequences (titles, links), other 2-byte escapes.
ANSI_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
# C0 (but tab and newlines), DEL, and C1 (U+0080-U+009F: invisible, and U+009B is a one-character CSI).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def drop_control_characters(value):
    if not isinstance(value, str):
        return value
    return CONTROL_CHARACTERS.sub("", ANSI_SEQUENCE.sub("", value))


class TerminalOutputField(TextAreaField):
    """Pasted command output: kept as pasted here, cleaned (escapes, capped size) by its own
    cleaner when stored (``rf.sessions.output``)."""


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class,
                                                                      (PasswordField, TerminalOutputField)):
                filters = (*unbound_field.kwargs.get("filters", ()), drop_control_characters)
                unbound_field = UnboundField(field_class, *unbound_field.args,
                                             **{**unbound_field.kwargs, "filters": filters})
            return unbound_field.bind(form=form, **options)

    @property
    def first_error(self):
        """The name of the first field, in the order declared (as on the page), that has an
        error: the one to focus. None when there is none."""
        return next((field.name for field in self if field.errors), None)
