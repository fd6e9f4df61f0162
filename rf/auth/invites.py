"""Creating and redeeming invitations (their emails go through the outbox, ``rf.notify``)."""
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..core.extensions import db
from ..core.models import Invite, User, derive_invite_token, token_digest, utcnow


def create_invite(account, email, role, invited_by):
    """A new single-use invite; any older pending invite for the same email is revoked.

    Only the token's digest is stored; ``Invite.link`` rebuilds the link when needed.
    """
    now = utcnow()
    db.session.execute(
        update(Invite)
        .where(Invite.account_id == account.id, Invite.email == email,
               Invite.accepted_at.is_(None), Invite.revoked_at.is_(None))
        .values(revoked_at=now))
    nonce = secrets.token_hex(16)
    invite = Invite(
        account_id=account.id, email=email, role=role, invited_by_id=invited_by.id,
        token_nonce=nonce, token_hash=token_digest(derive_invite_token(nonce)), created_at=now,
        expires_at=now + timedelta(hours=current_app.config["RF_INVITE_TTL_HOURS"]))
    db.session.add(invite)
    return invite


def find_invite(token):
    return db.session.scalar(select(Invite).where(Invite.token_hash == token_digest(token)))


def invite_problem(invite):
    """Why this invite can't be used, or None when it can."""
    if invite is None:
        return "This invite link isn't valid. Check that you copied the whole link."
    if invite.revoked_at is not None:
        return "This invite was withdrawn. Ask your admin for a new one."
    if invite.accepted_at is not None:
        return "This invite has already been used. Log in instead, or ask your admin for a new one."
    if invite.expires_at <= utcnow():
        return "This invite has expired. Ask your admin to send a new one."
    return None


def redeem_invite(invite, name, password_hash):
    """Mark the invite used and create its user, or return None when another request won.

    The conditional update makes the link single-use even when submitted twice at once.
    """
    now = utcnow()
    claimed = db.session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.accepted_at.is_(None),
               Invite.revoked_at.is_(None), Invite.expires_at > now)
        .values(accepted_at=now))
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    user = User(account_id=invite.account_id, email=invite.email, name=name,
                role=invite.role, password_hash=password_hash)
    db.session.add(user)
    return user
