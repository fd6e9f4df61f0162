"""What the queue shows: open escalations of one account, by priority then age."""
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..core.models import PRIORITY_RANK, Account, EscalationRead, Handoff, QueueEvent
from ..core.tenancy import scoped

MAX_EVENTS_PER_ANSWER = 500


def waiting_escalations(account_id, only_ids=None):
    """Open escalations, most urgent first (``only_ids``: just these, if still open)."""
    rank = case(PRIORITY_RANK, value=Handoff.priority, else_=len(PRIORITY_RANK))
    query = scoped(Handoff, account_id).where(Handoff.is_open_escalation)
    if only_ids is not None:
        query = query.where(Handoff.id.in_(only_ids))
    return db.session.scalars(
        query
        .options(joinedload(Handoff.session), joinedload(Handoff.created_by), joinedload(Handoff.session_owner))
        .order_by(rank, Handoff.created_at, Handoff.id)).all()


def waiting_count(account_id):
    return db.session.scalar(select(func.count()).select_from(
        scoped(Handoff, account_id).where(Handoff.is_open_escalation).subquery()))


def read_handoff_ids(user_id, handoff_ids):
    if not handoff_ids:
        return set()
    return set(db.session.scalars(select(EscalationRead.handoff_id).where(
        EscalationRead.user_id == user_id, EscalationRead.handoff_id.in_(handoff_ids))))


def current_seq(account_id):
    return db.session.scalar(select(Account.queue_seq).where(Account.id == account_id))


def events_between(account_id, after, upto):
    return db.session.scalars(
        scoped(QueueEvent, account_id)
        .where(QueueEvent.seq > after, QueueEvent.seq <= upto)
        .order_by(QueueEvent.seq).limit(MAX_EVENTS_PER_ANSWER)).all()
