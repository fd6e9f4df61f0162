"""Parking and escalating a session: the one place these handoffs are made (routes, the
demo seed and the tests all go through here)."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Handoff
from ..queue.events import record_queue_event
from ..sessions.state import close_open_handoffs, move_session
from .package import build_package, freeze


def park_session(session, user, note, now):
    """Pause privately; None when the session was no longer active. The caller commits."""
    if not move_session(session, ("active",), "parked", now):
        return None
    handoff = Handoff(account_id=session.account_id, session_id=session.id, intent="park", note=note,
                      created_by=user, session_owner=session.owner, created_at=now)
    db.session.add(handoff)
    return handoff


def escalate_session(session, escalator, reason, priority, now):
    """Hand the session to the seniors: status, the frozen package (numbered per session) and
    the queue event, in the caller's transaction. None when it was no longer active or parked.
    Commit may still raise IntegrityError if another request escalated it at the same moment."""
    if not move_session(session, ("active", "parked"), "escalated", now):
        return None
    close_open_handoffs(session, "escalated", escalator, now, intent="park")
    version = 1 + db.session.scalar(select(func.count()).where(
        Handoff.session_id == session.id, Handoff.intent == "escalate"))
    handoff = Handoff(account_id=session.account_id, session_id=session.id, intent="escalate",
                      note=reason, priority=priority, created_by=escalator, session_owner=session.owner,
                      created_at=now, package_version=version)
    handoff.package = freeze(build_package(session, handoff, version))
    db.session.add(handoff)
    db.session.flush()
    record_queue_event(session.account_id, "escalated", handoff.id)
    return handoff
