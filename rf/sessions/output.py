"""Pasted command output: stored as plain text, capped, with terminal escapes removed."""
import re

from ..core.forms import ANSI_SEQUENCE, in_pieces

KEEP_HEAD = 16_000
KEEP_TAIL = 48_000
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and line feed, DEL, C1


def _clean(piece):
    """Escapes and control characters out, line breaks made plain."""
    piece = ANSI_SEQUENCE.sub("", piece).replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", piece)


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

