"""Server-side login sessions: the cookie carries a random token, the database decides.

Logging out or being deactivated deletes the row, so a copied cookie stops working at once.
"""
import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from ..core.extensions import db
from ..core.login_stamps import logins_changed, trusted_logins
from ..core.models import Account, LoginSession, User, token_digest, utcnow


def _max_age():
    return timedelta(days=current_app.config["RF_LOGIN_DAYS"])


def start_login(user):
    """Sign ``user`` in with a fresh Flask session (and CSRF secret) and a new login row."""
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.created_at < now - _max_age()))
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=token_digest(token), created_at=now))
    user.login_token = token
    user.last_login_at = now
    session.clear()
    login_user(user)
    db.session.commit()


TRUSTING_ENDPOINTS = {"queue.poll"}


def load_user_for(token):
    """The active user signed in under ``token``, or None. The long-poll may use a login
    checked a moment ago (``TrustedLogins``)."""
    digest = token_digest(token)
    if request.endpoint not in TRUSTING_ENDPOINTS:
        return _check_login(token, digest)
    return trusted_logins.get(digest) or trusted_logins.check_once(
        digest, lambda: _check_login(token, digest, trust=True))


def _check_login(token, digest, trust=False):
    found = db.session.execute(
        select(User, Account.logins_seq).join(LoginSession, LoginSession.user_id == User.id)
        .join(Account, Account.id == User.account_id)
        .where(LoginSession.token_hash == digest,
               LoginSession.created_at > utcnow() - _max_age(),
               User.active.is_(True))).first()
    if found is None:
        return None
    user, stamp = found
    user.login_token = token
    if trust:
        trusted_logins.put(digest, user, stamp)
    return user


def end_login(user):
    """Log out this browser only."""
    if user.is_authenticated and user.login_token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == token_digest(user.login_token)))
        logins_changed(user.account_id)
        db.session.commit()
    logout_user()
    session.clear()


def end_all_logins(user_id, except_token=None):
    """Sign a user out of every browser (deactivation), or of every other one (a password
    change keeps the browser that made it)."""
    query = delete(LoginSession).where(LoginSession.user_id == user_id)
    if except_token:
        query = query.where(LoginSession.token_hash != token_digest(except_token))
    db.session.execute(query)
    logins_changed(db.session.scalar(select(User.account_id).where(User.id == user_id)))
