"""A session's handoff history: every park, resume, escalation, withdrawal and pick-up,
with who and when, oldest first."""
from dataclasses import dataclass
from datetime import datetime


@dataclass
class HistoryEntry:
    at: datetime
    who: str
    what: str
    note: str | None = None
    context_for: int | None = None  # a picked-up escalation: link its handoff context


CLOSINGS = {
    ("park", "resumed"): "resumed the session",
    ("escalate", "withdrawn"): "withdrew the escalation",
    ("escalate", "claimed"): "picked it up",
    ("escalate", "resolved"): "resolved it while it waited in the queue",
}


def handoff_history(session):
    entries = []
    for handoff in session.handoffs:
        if handoff.intent == "park":
            entries.append(HistoryEntry(handoff.created_at, handoff.created_by.name, "parked the session",
                                        handoff.note))
        else:
            on_behalf = (f" for {handoff.session_owner.name}"
                         if handoff.created_by_id != handoff.session_owner_id else "")
            entries.append(HistoryEntry(handoff.created_at, handoff.created_by.name,
                                        f"escalated it{on_behalf} ({handoff.priority_label.lower()} priority)",
                                        handoff.note))
        what = CLOSINGS.get((handoff.intent, handoff.closed_reason))
        if what and handoff.closed_by is not None:
            entries.append(HistoryEntry(handoff.closed_at, handoff.closed_by.name, what,
                                        context_for=handoff.id if handoff.claimed else None))
    return sorted(entries, key=lambda entry: entry.at)
