"""Who is watching the queue: each page load and long-poll of a queue tab records it, so
"email me only when I'm not watching" can tell (``rf.notify.dispatch``)."""
import logging
import threading
from datetime import timedelta

from flask import current_app
from gevent import monkey
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from ..core.extensions import db
from ..core.models import User, utcnow

log = logging.getLogger(__name__)

# Written at most this often per user: polls come every ~25 s, "watching" means the last minute.
GRANULARITY = timedelta(seconds=20)
# A gevent worker writes the polls' notes together, this often: a busy server's polls come
# back in bursts (all of them after each change), and a write each would queue them all
# for database connections.
FLUSH_SECONDS = 2.0


class PollNotes:
    """Seniors whose polls said they are watching, written in one UPDATE per flush."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending = set()
        self._flush_due = False

    def add(self, user_id):
        with self._lock:
            self._pending.add(user_id)
            if self._flush_due:
                return
            self._flush_due = True
        timer = threading.Timer(FLUSH_SECONDS, self.flush, args=(current_app._get_current_object(),))
        timer.daemon = True
        timer.start()

    def flush(self, app):
        with self._lock:
            user_ids, self._pending, self._flush_due = self._pending, set(), False
        with app.app_context():
            try:
                record(user_ids, utcnow())
            except Exception:  # best effort: the next poll of each notes it again
                log.warning("could not record who is watching the queue", exc_info=True)
            finally:
                db.session.remove()


poll_notes = PollNotes()


def record(user_ids, now):
    db.session.execute(update(User).where(User.id.in_(user_ids)).values(queue_seen_at=now))
    db.session.commit()


def noted_lately(user):
    """Whether ``user``'s watching was recorded recently enough: nothing to write."""
    return user.queue_seen_at is not None and user.queue_seen_at >= utcnow() - GRANULARITY


def note_watching(user, batch=False):
    """Record a live queue tab of ``user``: at once (a page load), or, for a long-poll in a
    gevent worker (``batch``), within ``FLUSH_SECONDS``."""
    if noted_lately(user):
        return
    now = utcnow()
    if batch and monkey.is_module_patched("socket"):
        poll_notes.add(user.id)
    else:
        record([user.id], now)
    # Also on the user the long-poll may keep trusting (``rf.auth.logins``), unchanged.
    set_committed_value(user, "queue_seen_at", now)
