"""Pasted command output: stored as plain text, capped, with terminal escapes removed."""
import re

from ..core.forms import ANSI_SEQUENCE

KEEP_HEAD = 16_000
KEEP_TAIL = 48_000
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
PIECE = 64 * 1024  # cleaned a line-aligned piece at a time (see ``_clean``)


def _clean(text):
    """Escapes and control characters out, line breaks made plain. Megabytes go a piece at a
    time: one regex call holds the interpreter lock until it is done, so the worker's other
    greenlets (this runs in a thread, ``rf.core.offload``) get their turn between pieces."""
    pieces, start = [], 0
    while start < len(text):
        end = text.find("\n", start + PIECE) + 1 or len(text)
        piece = ANSI_SEQUENCE.sub("", text[start:end]).replace("\r\n", "\n").replace("\r", "\n")
        pieces.append(CONTROL.sub("", piece))
        start = end
    return "".join(pieces)


def clean_output(raw):
    """Return ``(text, original_length)``: text without terminal escapes, cut to the first
    16k and last 48k characters when longer; ``original_length`` is None when nothing was cut."""
    if not raw:
        return None, None
    text = _clean(raw).rstrip()
    if not text:
        return None, None
    if len(text) <= KEEP_HEAD + KEEP_TAIL:
        return text, None
    omitted = len(text) - KEEP_HEAD - KEEP_TAIL
    kept = f"{text[:KEEP_HEAD]}\n\n[… {omitted:,} characters omitted …]\n\n{text[-KEEP_TAIL:]}"
    return kept, len(text)

