"""Server-side login sessions: the cookie carries a random token, the database decides.

Logging out or being deactivated deletes the row, so a copied cookie stops working at once.
"""
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from ..core.extensions import db
from ..core.models import LoginSession, User, token_digest, utcnow


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


def load_user_for(token):
    """The active user signed in under ``token``, or None."""
    user = db.session.scalar(
        select(User).join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token_hash == token_digest(token),
               LoginSession.created_at > utcnow() - _max_age(),
               User.active.is_(True)))
    if user is not None:
        user.login_token = token
    return user


def end_login(user):
    """Log out this browser only."""
    if user.is_authenticated and user.login_token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == token_digest(user.login_token)))
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
