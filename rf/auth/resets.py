"""Password resets: a single-use link that expires within the hour, emailed through the
outbox (``rf.notify``) in the same transaction that creates it."""
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from ..core.extensions import db
from ..core.models import PasswordReset, User, derive_reset_token, token_digest, utcnow
from ..notify.outbox import queue_password_reset_email
from .logins import end_all_logins

RESET_TTL = timedelta(hours=1)


def request_reset(user, requested_by=None):
    """A new reset link for ``user`` and its email; older pending links stop working, so only
    the newest email counts. Only the token's digest is stored; ``PasswordReset.link``
    rebuilds the link. The caller commits."""
    now = utcnow()
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None), PasswordReset.revoked_at.is_(None))
        .values(revoked_at=now))
    nonce = secrets.token_hex(16)
    reset = PasswordReset(
        account_id=user.account_id, user_id=user.id, requested_by_id=requested_by.id if requested_by else None,
        token_nonce=nonce, token_hash=token_digest(derive_reset_token(nonce)), created_at=now,
        expires_at=now + RESET_TTL)
    db.session.add(reset)
    queue_password_reset_email(reset, user, now)
    return reset


def find_reset(token):
    return db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == token_digest(token)))


def reset_problem(reset):
    """Why this reset link can't be used, or None when it can."""
    if reset is None:
        return "This reset link isn't valid. Check that you copied the whole link."
    if reset.used_at is not None:
        return "This reset link has already been used. Log in, or ask for a new link."
    if reset.revoked_at is not None:
        return "A newer reset link was sent after this one. Use the link in the latest email."
    if reset.expires_at <= utcnow():
        return "This reset link has expired. Ask for a new one from the login page."
    if not reset.user.active:
        return "This login is deactivated. Ask your admin to reactivate it."
    return None


def redeem_reset(reset, password_hash):
    """Use the link: set the new password and end every login of its user. False when another
    request used it first (the conditional update makes the link single-use even when
    submitted twice at once)."""
    now = utcnow()
    claimed = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None),
               PasswordReset.revoked_at.is_(None), PasswordReset.expires_at > now)
        .values(used_at=now))
    changed = claimed.rowcount == 1 and db.session.execute(
        update(User).where(User.id == reset.user_id, User.active.is_(True))
        .values(password_hash=password_hash)).rowcount == 1
    if not changed:
        db.session.rollback()
        return False
    end_all_logins(reset.user_id)
    return True
