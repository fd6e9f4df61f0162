"""The base for every form: text fields arrive without control characters.

A NUL byte is refused by PostgreSQL (a 500 instead of a message) and other C0 characters
are invisible garbage; tabs, newlines and ESC (terminal colours, handled by the output
cleaner) are kept. Passwords are left exactly as typed.
"""
import re

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.fields.core import UnboundField

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")


def drop_control_characters(value):
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                filters = (*unbound_field.kwargs.get("filters", ()), drop_control_characters)
                unbound_field = UnboundField(field_class, *unbound_field.args,
                                             **{**unbound_field.kwargs, "filters": filters})
            return unbound_field.bind(form=form, **options)

    @property
    def first_error(self):
        """The name of the first field, in the order declared (as on the page), that has an
        error: the one to focus. None when there is none."""
        return next((field.name for field in self if field.errors), None)
