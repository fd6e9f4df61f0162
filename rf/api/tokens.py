"""Personal API tokens: made, looked up by their hash, revoked."""
import hashlib
import secrets

from sqlalchemy import select

from ..core.extensions import db
from ..core.models import ApiToken, utcnow

PREFIX = "rf_"
SHOWN = 10  # characters of a token kept to tell it apart ("rf_3kQ9x…")


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def make_token(user, name, scopes):
    """A new token for ``user`` (the caller commits); returns (row, the token: shown once)."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(account_id=user.account_id, user_id=user.id, name=name, scopes=" ".join(sorted(scopes)),
                   token_hash=digest(token), prefix=token[:SHOWN])
    db.session.add(row)
    return row, token


def token_for(authorization):
    """The live token an ``Authorization: Bearer …`` header names, else None. A token of a
    member no longer active, or no longer an owner or admin, counts as revoked."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip().startswith(PREFIX):
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token.strip())))
    if row is None or row.revoked_at is not None or not (row.user.active and row.user.can_manage_team):
        return None
    return row


def mark_used(row):
    row.last_used_at = utcnow()
    db.session.commit()
