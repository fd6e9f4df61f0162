"""What a poll answer must change on a client's queue to bring it from its cursor to now.

Pure: given the events after the client's cursor and the open escalations now (in queue
order), say which cards to remove, which to add where, and which cards' "reminded" line to
bring up to date. A client whose queue as of its
cursor is known gets only that; anything else (no usable cursor, a gap in the events, too
far behind, an empty list on either side, whose empty state would have to change) gets the
whole list.
"""
from dataclasses import dataclass, field


@dataclass
class QueueChanges:
    full: bool
    # New escalations since the cursor still open now, in queue order (they are "new").
    new_ids: list = field(default_factory=list)
    # (card id, the id of the card it goes before, or None for the end): in queue order.
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    # Cards already shown whose escalation was reminded about since the cursor.
    reminded: list = field(default_factory=list)


def queue_changes(cursor, seq, events, open_ids, max_events):
    """``events``: (seq, kind, handoff id) after ``cursor`` up to ``seq``, in order;
    ``open_ids``: the open escalations as of ``seq``, in queue order."""
    if cursor is None:
        return QueueChanges(full=True)
    escalated = {handoff_id for _, kind, handoff_id in events if kind == "escalated"}
    new_ids = [handoff_id for handoff_id in open_ids if handoff_id in escalated]
    complete = seq - cursor <= max_events and [number for number, _, _ in events] == list(range(cursor + 1, seq + 1))
    kept = [handoff_id for handoff_id in open_ids if handoff_id not in escalated]
    if not complete or not kept:  # the client's list is unknown, or it shows "All clear"
        return QueueChanges(full=True, new_ids=new_ids)
    closed = {handoff_id for _, kind, handoff_id in events if kind not in ("escalated", "reminded")}
    removed = sorted(closed - escalated)
    reminded_ids = {handoff_id for _, kind, handoff_id in events if kind == "reminded"}
    reminded = [handoff_id for handoff_id in kept if handoff_id in reminded_ids]
    added, following = [], None
    for handoff_id in reversed(open_ids):
        if handoff_id in escalated:
            added.append((handoff_id, following))
        else:
            following = handoff_id
    added.reverse()
    return QueueChanges(full=False, new_ids=new_ids, added=added, removed=removed, reminded=reminded)
