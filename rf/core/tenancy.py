"""Tenant isolation: every query on an account-owned model goes through here.

Another account's object is indistinguishable from one that does not exist: 404.
"""
from flask import abort
from flask_login import current_user
from sqlalchemy import select

from .extensions import db
from .ids import is_id
from .models import AccountOwned


def scoped(model, account_id=None):
    """``select(model)`` limited to one account (the signed-in user's by default)."""
    if not (isinstance(model, type) and issubclass(model, AccountOwned)):
        raise TypeError(f"{model!r} is not account-owned")
    if account_id is None:
        account_id = current_user.account_id
    return select(model).where(model.account_id == account_id)


def get_or_404(model, object_id):
    """The signed-in account's ``model`` with this id, or a 404 (also for an id no row can have)."""
    if not is_id(object_id):
        abort(404)
    found = db.session.scalar(scoped(model).where(model.id == object_id))
    if found is None:
        abort(404)
    return found

