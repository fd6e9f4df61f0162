"""Pasted command output: stored as plain text, capped, with terminal escapes removed."""
import re

from ..core.forms import in_pieces, without_control_characters

KEEP_HEAD = 16_000
KEEP_TAIL = 48_000


def _clean(piece):
    """Line breaks made plain, then escapes and control characters out, as from every field."""
    return without_control_characters(piece.replace("\r\n", "\n").replace("\r", "\n"))


OMITTED = re.compile(r"\n\n\[… [\d,]+ characters omitted …\]\n\n")
MARK_ROOM = 60  # the omission line a cut text carries, and its blank lines


def clean_output(raw, cut_from=None):
    """Return ``(text, original_length)``: text without terminal escapes, cut to the first
    16k and last 48k characters when longer; ``original_length`` is None when nothing was cut.
    ``cut_from``: the length the text had before this cut it once already (a transcript's
    preview did): while it still shows where it was cut and hasn't grown, it is only cleaned."""
    if not raw:
        return None, None
    text = in_pieces(_clean, raw).rstrip()
    if not text:
        return None, None
    was_cut = bool(cut_from) and OMITTED.search(text) is not None
    if was_cut and len(text) <= KEEP_HEAD + KEEP_TAIL + MARK_ROOM:
        return text, cut_from
    if len(text) <= KEEP_HEAD + KEEP_TAIL:
        return text, None
    original = max(len(text), cut_from) if was_cut else len(text)
    omitted = original - KEEP_HEAD - KEEP_TAIL
    kept = f"{text[:KEEP_HEAD]}\n\n[… {omitted:,} characters omitted …]\n\n{text[-KEEP_TAIL:]}"
    return kept, original


def cut_note(original_chars):
    """What the preview says of an output it cut (``original_chars`` long), else None."""
    if not original_chars:
        return None
    return f"{original_chars:,} characters pasted: the first {KEEP_HEAD:,} and last {KEEP_TAIL:,} are kept."
