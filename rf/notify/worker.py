"""The dispatcher inside each gunicorn worker: a greenlet that sends what is due, woken at
once by an escalation in this worker and otherwise looking every few seconds (for rows other
servers queued, retries coming due, and leases run out)."""
import logging
import threading

from ..core.extensions import db
from .dispatch import dispatch_once
from .outbox import work_queued

log = logging.getLogger(__name__)
IDLE_SECONDS = 10


def dispatch_forever(app):
    """Send what is due, then wait for a wake-up or IDLE_SECONDS; never returns."""
    while True:
        work_queued.clear()
        with app.app_context():
            try:
                dispatch_once()
            except Exception:  # the database is away, say: try again at the next look
                log.exception("notification dispatch failed; retrying")
                db.session.rollback()
            finally:
                db.session.remove()
        work_queued.wait(IDLE_SECONDS)


def start_dispatcher(app):
    threading.Thread(target=dispatch_forever, args=(app,), name="rf-dispatcher", daemon=True).start()
