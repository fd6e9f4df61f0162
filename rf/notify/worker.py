"""The dispatcher inside each gunicorn worker: one thread per channel (greenlets under
gevent), so a stuck mail server never holds up chat posts. Each lane sends what is due, woken
at once by an escalation in this worker and otherwise looking every few seconds (for rows
other servers queued, retries coming due, and leases run out)."""
import logging
import threading

from ..core.extensions import db
from ..core.models import CHANNELS, utcnow
from .dispatch import drain
from .outbox import work_queued
from .reminders import reminders_wake, send_due_reminders

log = logging.getLogger(__name__)
IDLE_SECONDS = 10
# How often the reminders are looked at: a rung goes out at most this long after it fell due.
REMINDER_SECONDS = 15


def lane_forever(app, channel):
    """Send what is due on ``channel``, then wait for a wake-up or IDLE_SECONDS; never returns."""
    while True:
        work_queued[channel].clear()
        with app.app_context():
            try:
                drain(channel)
            except Exception:  # the database is away, say: try again at the next look
                log.exception("notification dispatch (%s) failed; retrying", channel)
                db.session.rollback()
            finally:
                db.session.remove()
        work_queued[channel].wait(IDLE_SECONDS)


def reminders_forever(app):
    """Send the reminders as they fall due; never returns."""
    while True:
        reminders_wake.clear()
        with app.app_context():
            try:
                send_due_reminders(utcnow())
            except Exception:  # the database is away, say: the rung is still pending at the next look
                log.exception("reminders failed; retrying")
                db.session.rollback()
            finally:
                db.session.remove()
        reminders_wake.wait(REMINDER_SECONDS)


def start_dispatcher(app):
    """Start every lane, and the reminders, in the background."""
    reminders = threading.Thread(target=reminders_forever, args=(app,), name="rf-reminders", daemon=True)
    reminders.start()
    return [start_lane(app, channel) for channel in CHANNELS] + [reminders]


def start_lane(app, channel):
    lane = threading.Thread(target=lane_forever, args=(app, channel), name=f"rf-dispatcher-{channel}", daemon=True)
    lane.start()
    return lane


def dispatch_forever(app):
    """Every lane, in the foreground (``flask rf dispatch --forever``); never returns."""
    for lane in start_dispatcher(app):
        lane.join()
