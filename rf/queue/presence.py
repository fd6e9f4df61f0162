"""Who is watching the queue: each page load and long-poll of a queue tab records it, so
"email me only when I'm not watching" can tell (``rf.notify.dispatch``)."""
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from ..core.extensions import db
from ..core.models import User, utcnow

# Written at most this often per user: polls come every ~25 s, "watching" means the last minute.
GRANULARITY = timedelta(seconds=20)


def note_watching(user):
    """Record a live queue tab of ``user`` and commit (before a poll parks)."""
    now = utcnow()
    if user.queue_seen_at is None or user.queue_seen_at < now - GRANULARITY:
        db.session.execute(update(User).where(User.id == user.id).values(queue_seen_at=now))
        db.session.commit()
        # Also on the user the long-poll may keep trusting (``rf.auth.logins``), unchanged.
        set_committed_value(user, "queue_seen_at", now)
