"""Unread dots: which escalations a senior has seen (opened, picked up or dismissed)."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..core.extensions import db
from ..core.models import EscalationRead, utcnow


def mark_read(user_id, handoff_id):
    """Clear the unread dot. Idempotent, also when two tabs do it at once (the caller commits)."""
    exists = db.session.scalar(select(EscalationRead.id).where(
        EscalationRead.user_id == user_id, EscalationRead.handoff_id == handoff_id))
    if exists is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(EscalationRead(user_id=user_id, handoff_id=handoff_id, read_at=utcnow()))
    except IntegrityError:
        pass  # the other tab recorded it first
