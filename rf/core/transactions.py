"""Work that must wait until the current transaction has committed.

A state change schedules its side effects outside the database (waking this worker's
notification dispatcher, starting an escalation's assessment) with ``after_commit``, in
the same breath as its rows; they run only once the caller's commit has succeeded, and are
dropped with a rollback. So the transition owns them, and the caller only commits.
"""
import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

log = logging.getLogger(__name__)
PENDING = "rf.after_commit"


def after_commit(callback, *args):
    """Call ``callback(*args)`` when the session's current transaction commits."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so a rollback before the commit drops it too
    session.info.setdefault(PENDING, []).append((callback, args))


@event.listens_for(Session, "after_commit")
def _run_pending(session):
    if session.in_nested_transaction():  # a savepoint released: the transaction goes on
        return
    for callback, args in session.info.pop(PENDING, []):
        try:
            callback(*args)
        except Exception:  # what was committed stands; the side effect is logged, not raised
            log.exception("after-commit work %s failed", getattr(callback, "__name__", callback))


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session, transaction):
    """A rolled-back transaction's work never happened (a savepoint's end keeps it)."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)
