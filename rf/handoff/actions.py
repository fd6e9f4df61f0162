"""Parking, escalating and picking up a session: the one place these handoffs are made and
taken (routes, the demo seed and the tests all go through here)."""
from sqlalchemy import case, func, or_, select, update

from ..extensions import db
from ..models import Handoff
from ..notify.outbox import queue_escalation_notices
from ..queue.events import record_queue_event
from ..queue.reads import mark_read
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
    """Hand the session to the seniors: status, the frozen package (numbered per session), the
    queue event and the notifications' outbox rows, in the caller's transaction. None when it
    was no longer active or parked. Commit may still raise IntegrityError if another request
    escalated it at the same moment."""
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
    queue_escalation_notices(handoff, escalator, now)
    return handoff


def claim_escalation(handoff, claimer, now):
    """Pick up an open escalation: the session becomes ``claimer``'s and active again, the
    handoff records who took it and when, and the queue event goes out, in the caller's
    transaction. Exactly one of any number of simultaneous claims returns True.

    Each step is a conditional UPDATE, taken in the same order as withdraw and resolve
    (session row first, then the handoff), so racing requests queue rather than deadlock.
    False means the caller must roll back: someone else claimed, withdrew or resolved it.
    """
    session = handoff.session
    if not move_session(session, ("escalated",), "active", now, owner_id=claimer.id):
        return False
    claimed = db.session.execute(
        update(Handoff).where(Handoff.id == handoff.id, Handoff.account_id == claimer.account_id,
                              Handoff.intent == "escalate", Handoff.closed_at.is_(None))
        .values(closed_at=now, closed_reason="claimed", closed_by_id=claimer.id))
    if claimed.rowcount != 1:  # the session was escalated again since this card was drawn
        return False
    record_queue_event(session.account_id, "claimed", handoff.id)
    mark_read(claimer.id, handoff.id)
    return True


def record_first_action(step):
    """If ``step`` is the first its author logged since picking up the session's latest
    escalation, it is that escalation's first action (the caller commits). An earlier
    escalation of the session never gets a later step: that belongs to the later one.

    The step is logged after the claim committed, so it comes after the claim even when
    another server's clock stamped it earlier: then it is recorded at the claim (0 s)."""
    latest = (select(func.max(Handoff.id))
              .where(Handoff.session_id == step.session_id, Handoff.intent == "escalate").scalar_subquery())
    db.session.execute(
        update(Handoff)
        .where(Handoff.id == latest, Handoff.closed_reason == "claimed", Handoff.closed_by_id == step.author_id,
               or_(Handoff.first_action_at.is_(None), Handoff.first_action_at > step.created_at))
        .values(first_action_at=case((Handoff.closed_at > step.created_at, Handoff.closed_at),
                                     else_=step.created_at)),
        execution_options={"synchronize_session": False})
