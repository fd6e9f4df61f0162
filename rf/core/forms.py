"""The base for every form: text fields arrive without control characters.

A NUL byte is refused by PostgreSQL (a 500 instead of a message), other C0 characters are
invisible garbage, and terminal escape sequences (hidden text, "clear screen") pasted into a
field would travel into exports, emails and their Subject header: all go, with the
sequences' parameters. Tabs and newlines are kept. A command's pasted output
(``TerminalOutputField``) is cleaned by its own cleaner; passwords are left exactly as typed.
"""
import re

import wtforms
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, PasswordField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField

from .offload import off_the_event_loop

# CSI sequences (colours, cursor moves), OSC sequences (titles, links), other 2-byte escapes.
ANSI_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
# C0 (but tab and newlines), DEL, and C1 (U+0080-U+009F: invisible, and U+009B is a one-character CSI).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


PIECE = 64 * 1024  # characters: a longer text is cleaned off the event loop, a piece at a time


def in_pieces(clean, text, piece=PIECE):
    """``clean(text)``, applied a piece of about ``piece`` characters at a time. One regex call
    over megabytes holds the interpreter lock until it is done; between pieces the worker's
    other greenlets get their turn (when this runs in a thread, ``rf.core.offload``)."""
    pieces, start = [], 0
    while start < len(text):
        end = _piece_end(text, start + piece)
        pieces.append(clean(text[start:end]))
        start = end
    return "".join(pieces)


def _piece_end(text, reach):
    """Where a piece reaching ``reach`` ends: after the next line break, else (one long line)
    before the next escape sequence (an ESC that is not the ESC \\ ending a title or link),
    so that no sequence or CR LF is split."""
    if reach >= len(text):
        return len(text)
    line_break = text.find("\n", reach)
    if line_break != -1:
        return line_break + 1
    escape = text.find("\x1b", reach)
    while escape != -1 and text.startswith("\\", escape + 1):
        escape = text.find("\x1b", escape + 2)
    return len(text) if escape == -1 else escape


def without_control_characters(text):
    return CONTROL_CHARACTERS.sub("", ANSI_SEQUENCE.sub("", text))


def drop_control_characters(value):
    """``value`` without control characters; a long one (a paste into any field) is cleaned in
    the thread pool, a piece at a time."""
    if not isinstance(value, str):
        return value
    if len(value) <= PIECE:
        return without_control_characters(value)
    return off_the_event_loop(in_pieces, without_control_characters, value)


class TerminalOutputField(TextAreaField):
    """Pasted command output: kept as pasted here, cleaned (escapes, capped size) by its own
    cleaner when stored (``rf.sessions.output``)."""


def choices(labels):
    """A select's or radio group's choices from ``{value: label}`` (or ``(value, label)`` pairs)."""
    pairs = labels.items() if isinstance(labels, dict) else labels
    return [SelectChoice(value, label) for value, label in pairs]


class CleanText:
    """Form options: every text field but passwords and pasted output drops control characters."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField) and not issubclass(field_class, (PasswordField, TerminalOutputField)):
            filters = (*unbound_field.kwargs.get("filters", ()), drop_control_characters)
            unbound_field = UnboundField(field_class, *unbound_field.args,
                                         **{**unbound_field.kwargs, "filters": filters})
        return unbound_field.bind(form=form, **options)


class SubForm(wtforms.Form):
    """A form repeated inside another (``FieldList(FormField(...))``): no CSRF token of its own."""

    class Meta(CleanText):
        pass


class Form(FlaskForm):
    class Meta(CleanText):
        pass

    @property
    def first_error(self):
        """The name (its id too) of the first field, in the order declared (as on the page),
        that has an error: the one to focus. None when there is none. Repeated sub-forms
        (``FieldList(FormField(...))``) are looked into, one field at a time."""
        return next((field.name for field in fields_of(self) if field.errors), None)


def fields_of(form):
    """Every field of ``form``, those of its repeated sub-forms one by one, in page order."""
    for field in form:
        if isinstance(field, FieldList):
            for entry in field:
                yield from fields_of(entry.form) if isinstance(entry, FormField) else (entry,)
        else:
            yield field
