"""A session's life: active → parked → active, active/parked → escalated → active
(withdrawn or picked up), anything open → resolved.

Every status change is one conditional UPDATE, so of two simultaneous requests exactly one
wins; the loser learns it from ``False`` and refuses with a clear message.
"""
from sqlalchemy import update

from ..extensions import db
from ..models import Handoff, TroubleshootingSession as TS

OPEN_STATUSES = ("active", "parked", "escalated")


def move_session(session, from_statuses, to_status, now, **values):
    """Set ``to_status`` (and ``values``) only if the status is still one of ``from_statuses``."""
    moved = db.session.execute(
        update(TS).where(TS.id == session.id, TS.account_id == session.account_id,
                         TS.status.in_(from_statuses))
        .values(status=to_status, updated_at=now, **values))
    return moved.rowcount == 1


def close_open_handoffs(session, reason, user, now, intent=None):
    """Close the session's open park and/or escalation; returns how many were closed."""
    query = update(Handoff).where(Handoff.session_id == session.id, Handoff.closed_at.is_(None))
    if intent:
        query = query.where(Handoff.intent == intent)
    closed = db.session.execute(query.values(closed_at=now, closed_reason=reason, closed_by_id=user.id))
    return closed.rowcount


def open_handoffs(session):
    """The session's open escalation and open park (either may be None)."""
    open_ones = {h.intent: h for h in session.handoffs if h.is_open}
    return open_ones.get("escalate"), open_ones.get("park")


def latest_package_handoff(session):
    """The most recent escalation, whose frozen package the session page offers to export."""
    escalations = [h for h in session.handoffs if h.intent == "escalate" and h.package]
    return escalations[-1] if escalations else None
