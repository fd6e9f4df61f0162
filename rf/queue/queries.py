"""What the queue shows: open escalations of one account, by priority then age."""
from collections import defaultdict, namedtuple

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..core.models import (
    PRIORITY_RANK,
    ROLE_RANK,
    Account,
    EscalationRead,
    Handoff,
    QueueEvent,
    TroubleshootingSession,
    User,
)
from ..core.tenancy import scoped

# The event log a client may catch up from: a cursor further behind gets the whole queue.
MAX_EVENTS_PER_ANSWER = 500

OpenCard = namedtuple("OpenCard", "id owner_id")


def _queue_order():
    rank = case(PRIORITY_RANK, value=Handoff.priority, else_=len(PRIORITY_RANK))
    return rank, Handoff.created_at, Handoff.id


def open_queue(account_id):
    """The account's event number and its open escalations in queue order (with the session
    owner's id), read in one statement: one snapshot, so the list is exactly the queue as of
    that number, whatever commits meanwhile."""
    rows = db.session.execute(
        select(Account.queue_seq, Handoff.id, TroubleshootingSession.owner_id)
        .select_from(Account)
        .outerjoin(Handoff, and_(Handoff.account_id == Account.id, Handoff.is_open_escalation))
        .outerjoin(TroubleshootingSession, TroubleshootingSession.id == Handoff.session_id)
        .where(Account.id == account_id)
        .order_by(*_queue_order())).all()
    if not rows:
        return None, []
    return rows[0][0], [OpenCard(handoff_id, owner_id) for _, handoff_id, owner_id in rows if handoff_id is not None]


def open_count(account_id):
    """The account's event number and how many escalations are open, in one statement (one
    snapshot): the layout's Queue count and its poller's cursor, without reading the queue."""
    waiting = (select(func.count()).select_from(Handoff)
               .where(Handoff.account_id == Account.id, Handoff.is_open_escalation).scalar_subquery())
    row = db.session.execute(select(Account.queue_seq, waiting).where(Account.id == account_id)).first()
    return (row[0], row[1]) if row else (None, 0)


def escalations_by_id(account_id, handoff_ids):
    """The handoffs to render as cards, with what a card shows, in queue order."""
    if not handoff_ids:
        return []
    return db.session.scalars(
        scoped(Handoff, account_id).where(Handoff.id.in_(handoff_ids))
        .options(joinedload(Handoff.session), joinedload(Handoff.created_by), joinedload(Handoff.session_owner),
                 joinedload(Handoff.reminded_on_call))
        .order_by(*_queue_order())).all()


def waiting_count(account_id):
    return db.session.scalar(select(func.count()).select_from(
        scoped(Handoff, account_id).where(Handoff.is_open_escalation).subquery()))


def reads_by_user(handoff_ids, user_id=None):
    """Who has seen which of these escalations: {user id: {handoff id, …}} (only
    ``user_id``'s, when given)."""
    seen = defaultdict(set)
    if handoff_ids:
        query = select(EscalationRead.user_id, EscalationRead.handoff_id).where(
            EscalationRead.handoff_id.in_(handoff_ids))
        if user_id is not None:
            query = query.where(EscalationRead.user_id == user_id)
        for reader, handoff_id in db.session.execute(query):
            seen[reader].add(handoff_id)
    return seen


def queue_viewers(account_id):
    """Who may see the queue now: {user id: created_at} of the account's active seniors."""
    seniors = [role for role, rank in ROLE_RANK.items() if rank >= ROLE_RANK["engineer"]]
    return dict(db.session.execute(select(User.id, User.created_at).where(
        User.account_id == account_id, User.active, User.role.in_(seniors))).all())


def current_seq(account_id):
    return db.session.scalar(select(Account.queue_seq).where(Account.id == account_id))


def events_between(account_id, after, upto):
    return db.session.scalars(
        scoped(QueueEvent, account_id)
        .where(QueueEvent.seq > after, QueueEvent.seq <= upto)
        .order_by(QueueEvent.seq).limit(MAX_EVENTS_PER_ANSWER)).all()
