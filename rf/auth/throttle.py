"""Login throttling stored in the database, so it holds across workers and servers.

Attempts for one email are counted and recorded under a lock, before the password is
checked: a burst of parallel requests gets exactly the limit through, no more.
"""
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ..core.extensions import db
from ..core.locks import lock_name
from ..core.models import LoginAttempt, utcnow


def _window():
    return timedelta(minutes=current_app.config["RF_LOGIN_WINDOW_MINUTES"])


def _prune(now):
    """Forget attempts older than the window (rows another request is deleting are skipped)."""
    stale = select(LoginAttempt.id).where(LoginAttempt.created_at < now - _window())
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.id.in_(stale.with_for_update(skip_locked=True).scalar_subquery())))
    db.session.commit()


def begin_attempt(email):
    """Record an attempt for ``email``. Returns 0 when it may go ahead, or the whole
    minutes to wait; a refused attempt is not recorded, so waiting doesn't extend the wait."""
    now = utcnow()
    _prune(now)
    lock_name(f"login:{email}")
    count, oldest = db.session.execute(
        select(func.count(), func.min(LoginAttempt.created_at))
        .where(LoginAttempt.email == email, LoginAttempt.created_at > now - _window())
    ).one()
    if count >= current_app.config["RF_LOGIN_MAX_FAILURES"]:
        db.session.commit()
        return max(1, math.ceil((oldest + _window() - now).total_seconds() / 60))
    db.session.add(LoginAttempt(email=email, created_at=now))
    db.session.commit()
    return 0


def clear_attempts(email):
    """A successful login forgets the failures before it."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
