"""Template filters: times (stored as naive UTC, shown as UTC and as "5 min ago") and an
assessment's suggestions (``models.suggestions_in``)."""
from datetime import datetime

from . import models


def ago(moment):
    if moment is None:
        return ""
    seconds = max(0, int((models.utcnow() - moment).total_seconds()))
    if seconds < 45:
        return "just now"
    for unit, size in (("day", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            count = round(seconds / size) if unit != "day" else seconds // size
            if unit == "day":
                return f"{count} day{'s' if count != 1 else ''} ago"
            return f"{count} {unit} ago"
    return "just now"


def utc(moment):
    return "" if moment is None else moment.strftime("%d %b %Y %H:%M UTC")


def iso(moment):
    return "" if moment is None else moment.isoformat(timespec="seconds") + "Z"


def since_iso(text):
    """"3 days ago" for a stored ISO-8601 UTC time ("2026-11-26T09:43:00Z")."""
    if not text:
        return ""
    return ago(datetime.fromisoformat(text.removesuffix("Z")))


def duration(seconds):
    """Seconds in the unit a person would use: "45 s", "7.5 min", "3 h", "2.4 days"."""
    if seconds is None:
        return "—"
    if seconds < 90:
        return f"{seconds:.0f} s"
    for unit, size, limit in (("min", 60, 90 * 60), ("h", 3600, 48 * 3600), ("days", 86400, None)):
        if limit is None or seconds < limit:
            value = seconds / size
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


def register(app):
    app.add_template_filter(ago)
    app.add_template_filter(models.suggestions_in, "suggestions")
    app.add_template_filter(since_iso)
    app.add_template_filter(utc)
    app.add_template_filter(iso)
    app.add_template_filter(duration)
