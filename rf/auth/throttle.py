"""Login throttling stored in the database, so it holds across workers and servers.

Attempts are counted per email from one address, per address (spraying many emails) and per
email from anywhere, and recorded under a lock before the password is checked: a burst of
parallel requests gets exactly the limit through, no more.
"""
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, select

from ..core.extensions import db
from ..core.locks import lock_name
from ..core.models import LoginAttempt, utcnow
from ..core.transactions import commit_bookkeeping


def _window():
    return timedelta(minutes=current_app.config["RF_LOGIN_WINDOW_MINUTES"])


def _prune(now):
    """Forget attempts older than the window (rows another request is deleting are skipped)."""
    stale = select(LoginAttempt.id).where(LoginAttempt.created_at < now - _window())
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.id.in_(stale.with_for_update(skip_locked=True).scalar_subquery())))
    commit_bookkeeping()


# The limits, in failed attempts per window (RF_LOGIN_MAX_FAILURES × these): one email from one
# address; one address whatever the emails (spraying); one email from anywhere (slower, so a
# stranger at one address can't lock a known user out, and many addresses still meet a limit).
ADDRESS_FACTOR, EMAIL_FACTOR = 3, 5
FROM_HERE = "Too many failed attempts for this email. Try again in {wait}."
FROM_NETWORK = "Too many failed logins from your network. Try again in {wait}."


def begin_attempt(email, address):
    """Record an attempt for ``email`` from ``address``. Returns None when it may go ahead,
    or what to tell the user; a refused attempt is not recorded, so waiting doesn't extend
    the wait. Under one lock per email and one per address (always in that order)."""
    now = utcnow()
    _prune(now)
    lock_name(f"login:{email}")
    lock_name(f"login-address:{address}")
    most = current_app.config["RF_LOGIN_MAX_FAILURES"]
    buckets = ((and_(LoginAttempt.email == email, LoginAttempt.address == address), most, FROM_HERE),
               (LoginAttempt.address == address, most * ADDRESS_FACTOR, FROM_NETWORK),
               (LoginAttempt.email == email, most * EMAIL_FACTOR, FROM_HERE))
    for condition, limit, message in buckets:
        count, oldest = db.session.execute(
            select(func.count(), func.min(LoginAttempt.created_at))
            .where(condition, LoginAttempt.created_at > now - _window())).one()
        if count >= limit:
            commit_bookkeeping()
            minutes = max(1, math.ceil((oldest + _window() - now).total_seconds() / 60))
            return message.format(wait=f"{minutes} minute{'' if minutes == 1 else 's'}")
    db.session.add(LoginAttempt(email=email, address=address, created_at=now))
    commit_bookkeeping()
    return None


def clear_attempts(email):
    """A successful login forgets the failures before it."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
