""""Open escalation" is defined once, next to Handoff (``Handoff.is_open_escalation``, in
Python and in SQL, and ``OPEN_ESCALATION_SQL`` for the index): the queue, the lifecycle and
the metrics' ``waiting.sql`` must agree with it on a handoff in every state there is."""
from datetime import timedelta

from sqlalchemy import select

from rf.core.extensions import db
from rf.core.models import Handoff, utcnow
from rf.metrics.queries import run
from rf.queue.queries import open_queue, waiting_count
from rf.sessions import lifecycle

from .factories import make_account, make_session, make_user


def handoffs_in_every_state(account, junior, senior):
    """Two open escalations and one of each way a handoff ends, made by the transitions."""
    start = utcnow() - timedelta(hours=6)

    def session(minutes, summary):
        return make_session(account, junior, summary=summary), start + timedelta(minutes=minutes)

    first, at = session(0, "Open, the older")
    lifecycle.escalate(first, junior, "Stuck", "low", at, assess=False)
    second, at = session(10, "Open, escalated from parked")
    lifecycle.park(second, junior, "Waiting on logs", at)
    lifecycle.escalate(second, junior, "Logs came, still stuck", "urgent", at + timedelta(minutes=1), assess=False)
    claimed, at = session(20, "Picked up")
    lifecycle.claim(lifecycle.escalate(claimed, junior, "Stuck", "high", at, assess=False), senior,
                    at + timedelta(minutes=2))
    withdrawn, at = session(30, "Withdrawn")
    lifecycle.escalate(withdrawn, junior, "Stuck", "normal", at, assess=False)
    lifecycle.withdraw(withdrawn, junior, at + timedelta(minutes=1))
    resolved, at = session(40, "Resolved while it waited")
    lifecycle.escalate(resolved, junior, "Stuck", "normal", at, assess=False)
    lifecycle.resolve(resolved, senior, "Fixed it", now=at + timedelta(minutes=3))
    parked, at = session(50, "Parked")
    lifecycle.park(parked, junior, "Waiting on the customer", at)
    resumed, at = session(60, "Parked, then resumed")
    lifecycle.park(resumed, junior, "Waiting on the customer", at)
    lifecycle.resume(resumed, junior, at + timedelta(minutes=1))
    db.session.commit()


def test_every_reading_of_open_escalation_agrees(app):
    account, other = make_account("Acme IT"), make_account("Other MSP")
    junior, senior = make_user(account, "engineer"), make_user(account, "admin")
    handoffs_in_every_state(account, junior, senior)
    handoffs_in_every_state(other, make_user(other, "engineer"), make_user(other, "admin"))

    handoffs = db.session.scalars(select(Handoff).where(Handoff.account_id == account.id)).all()
    assert {h.closed_reason for h in handoffs} == {None, "claimed", "withdrawn", "resolved", "resumed", "escalated"}
    in_python = {h.id for h in handoffs if h.is_open_escalation}
    in_sql = set(db.session.scalars(select(Handoff.id).where(Handoff.account_id == account.id,
                                                             Handoff.is_open_escalation)))
    assert len(in_python) == 2 and in_sql == in_python
    assert {card.id for card in open_queue(account.id)[1]} == in_python
    assert waiting_count(account.id) == 2
    with db.engine.connect() as connection:
        (waiting,) = run(connection, "waiting", account_id=account.id)
    assert waiting["waiting"] == 2
    assert waiting["oldest"] == min(h.created_at for h in handoffs if h.id in in_python)
    assert {h.session.summary for h in handoffs if h.id in in_python} == {
        "Open, the older", "Open, escalated from parked"}
