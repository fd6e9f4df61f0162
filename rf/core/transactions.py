"""Transactions as a request sees them: work that waits for the commit, and what a commit
means for the answer.

A state change schedules its side effects outside the database (waking this worker's
notification dispatcher, starting an escalation's assessment) with ``after_commit``, in
the same breath as its rows; they run only once the caller's commit has succeeded, and are
dropped with a rollback. So the transition owns them, and the caller only commits.

Once a request's write has committed, its answer must say so even if the database goes
away the next moment (a failover, a restart): a request's session keeps what it loaded
and wrote after the commit instead of re-reading it, ``saved_this_request`` tells the error
handler that the write is done (so it doesn't invite a retry), and ending the session on a
dead connection is logged, not raised.
"""
import logging

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .extensions import db

log = logging.getLogger(__name__)
PENDING = "rf.after_commit"
BOOKKEEPING = "rf.bookkeeping"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")  # requests that only read: their commits are bookkeeping too


def init_app(app):
    app.before_request(keep_loaded_after_commit)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs first (teardowns run in
    # reverse): the session is gone by the time that one looks.
    app.teardown_appcontext(end_session_quietly)


def keep_loaded_after_commit():
    """The answer to a write is drawn from what the request already holds: nothing is
    expired (and re-read) by its commit. (Background work keeps the default.)"""
    db.session().expire_on_commit = False


def commit_bookkeeping():
    """Commit counters a request keeps before its own work (login attempts, rate limits):
    they are not what the user sent, so they don't make the request "saved"."""
    session = db.session()
    session.info[BOOKKEEPING] = True
    session.commit()


def saved_this_request():
    """Whether a write of this request (a state change, not bookkeeping) has committed."""
    return g.get("rf_saved", False)


def end_session_quietly(_error=None):
    """End the app context's session. Rolling back on a connection that died after the
    answer was decided fails; that is one log line, never an error for a committed write."""
    try:
        db.session.remove()
    except DBAPIError as error:
        log.warning("the database connection was lost before the session ended: %s", error.orig)
        db.session.registry.clear()


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
    if has_request_context() and request.method not in SAFE_METHODS and not session.info.get(BOOKKEEPING):
        g.rf_saved = True
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
        session.info.pop(BOOKKEEPING, None)
