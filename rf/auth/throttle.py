"""Login throttling stored in the database, so it holds across workers and servers."""
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import LoginFailure, utcnow


def _window():
    return timedelta(minutes=current_app.config["RF_LOGIN_WINDOW_MINUTES"])


def minutes_until_allowed(email):
    """0 when ``email`` may try to log in; otherwise whole minutes until it may."""
    since = utcnow() - _window()
    count, oldest = db.session.execute(
        select(func.count(), func.min(LoginFailure.created_at))
        .where(LoginFailure.email == email, LoginFailure.created_at > since)
    ).one()
    if count < current_app.config["RF_LOGIN_MAX_FAILURES"]:
        return 0
    remaining = (oldest + _window() - utcnow()).total_seconds()
    return max(1, math.ceil(remaining / 60))


def record_failure(email):
    now = utcnow()
    db.session.execute(delete(LoginFailure).where(LoginFailure.created_at < now - _window()))
    db.session.add(LoginFailure(email=email, created_at=now))
    db.session.commit()


def clear_failures(email):
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
