"""Writing queue events, in the same transaction as the change they describe: what made
the queue change (an escalation arrived, left, or was reminded about), numbered per account,
for every open queue to follow (``rf.queue``)."""
from sqlalchemy import text, update

from .extensions import db
from .login_stamps import NOTIFY_CHANNEL
from .models import Account, QueueEvent, utcnow


def record_queue_event(account_id, kind, handoff_id):
    """Append event ``kind`` for ``handoff_id`` to the account's queue; returns its number.

    Taking the number updates the account row, which stays locked until commit: two
    transactions of one account can't commit their events out of order. On PostgreSQL a
    NOTIFY (account and number only) goes out when the transaction commits.
    """
    seq = db.session.execute(
        update(Account).where(Account.id == account_id)
        .values(queue_seq=Account.queue_seq + 1).returning(Account.queue_seq)).scalar_one()
    db.session.add(QueueEvent(account_id=account_id, seq=seq, kind=kind, handoff_id=handoff_id,
                              created_at=utcnow()))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_notify(:channel, :payload)"),
                           {"channel": NOTIFY_CHANNEL, "payload": f"{account_id}:{seq}"})
    return seq
