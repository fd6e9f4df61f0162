"""The delivery log: escalations newest first, each with its deliveries, rung by rung (the
first notice, then each reminder with who it went to, or why it wasn't sent)."""
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..core.extensions import db
from ..core.models import Delivery, Handoff, Reminder

PAGE = 20
# Failed, retrying, or no longer wanted after failing (an outage must show as one).
PROBLEM = or_(Delivery.status == "failed",
              and_(Delivery.status.in_(("queued", "suppressed")), Delivery.last_error.is_not(None)))


@dataclass
class Rung:
    """The first notice (``reminder`` None) or one reminder of an escalation, and its rows."""
    number: int
    reminder: Reminder | None = None
    deliveries: list = field(default_factory=list)


def delivery_log(account_id, failures_only=False, before=None, limit=PAGE):
    """``(groups, older)``: up to ``limit`` escalations with deliveries (only failing ones
    when ``failures_only``), as ``(handoff, rungs)``, and the cursor for the next page."""
    shown = [PROBLEM] if failures_only else []
    conditions = [Delivery.account_id == account_id, Delivery.handoff_id.is_not(None), *shown]
    if before is not None:
        conditions.append(Delivery.handoff_id < before)
    handoff_ids = db.session.scalars(
        select(Delivery.handoff_id).where(*conditions).group_by(Delivery.handoff_id)
        .order_by(Delivery.handoff_id.desc()).limit(limit + 1)).all()
    older = handoff_ids[limit - 1] if len(handoff_ids) > limit else None
    handoff_ids = handoff_ids[:limit]
    handoffs = db.session.scalars(
        select(Handoff).where(Handoff.id.in_(handoff_ids))
        .options(selectinload(Handoff.session),
                 selectinload(Handoff.created_by))).all()
    deliveries = db.session.scalars(
        select(Delivery).where(Delivery.handoff_id.in_(handoff_ids), *shown)
        .options(selectinload(Delivery.recipient)).order_by(Delivery.rung, Delivery.channel, Delivery.id)).all()
    rungs = {handoff.id: {} for handoff in handoffs}
    if not failures_only:
        for reminder in db.session.scalars(select(Reminder).where(Reminder.handoff_id.in_(handoff_ids))):
            rungs[reminder.handoff_id][reminder.rung] = Rung(reminder.rung, reminder)
    for delivery in deliveries:
        rungs[delivery.handoff_id].setdefault(delivery.rung, Rung(delivery.rung)).deliveries.append(delivery)
    return [(handoff, [rung for _, rung in sorted(rungs[handoff.id].items())])
            for handoff in sorted(handoffs, key=lambda h: -h.id)], older


def failure_count(account_id):
    return db.session.scalar(select(func.count()).select_from(Delivery).where(
        Delivery.account_id == account_id, Delivery.handoff_id.is_not(None), PROBLEM))
