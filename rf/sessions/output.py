"""Pasted command output: stored as plain text, capped, with terminal escapes removed."""
from ..core.forms import in_pieces, without_control_characters

KEEP_HEAD = 16_000
KEEP_TAIL = 48_000


def _clean(piece):
    """Line breaks made plain, then escapes and control characters out, as from every field."""
    return without_control_characters(piece.replace("\r\n", "\n").replace("\r", "\n"))


def clean_output(raw):
    """Return ``(text, original_length)``: text without terminal escapes, cut to the first
    16k and last 48k characters when longer; ``original_length`` is None when nothing was cut."""
    if not raw:
        return None, None
    text = in_pieces(_clean, raw).rstrip()
    if not text:
        return None, None
    if len(text) <= KEEP_HEAD + KEEP_TAIL:
        return text, None
    omitted = len(text) - KEEP_HEAD - KEEP_TAIL
    kept = f"{text[:KEEP_HEAD]}\n\n[… {omitted:,} characters omitted …]\n\n{text[-KEEP_TAIL:]}"
    return kept, len(text)



def cut_note(raw):
    """What the preview of a pasted output says when storing it will cut it, else None."""
    text = (raw or "").replace("\r\n", "\n")
    if len(text) <= KEEP_HEAD + KEEP_TAIL:
        return None
    lines = text.count("\n") + 1
    return f"{lines:,} lines, {len(text):,} characters: the first {KEEP_HEAD:,} and last {KEEP_TAIL:,} are kept."
