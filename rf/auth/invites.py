"""Creating and redeeming invitations (their emails go through the outbox, ``rf.notify``)."""
import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..core.ui import external_url
from ..extensions import db
from ..models import Invite, User, token_digest, utcnow


def create_invite(account, email, role, invited_by):
    """A new single-use invite; any older pending invite for the same email is revoked.

    Only the token's digest is stored; ``invite_link`` rebuilds the link when needed.
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
        token_nonce=nonce, token_hash=token_digest(derive_token(nonce)), created_at=now,
        expires_at=now + timedelta(hours=current_app.config["RF_INVITE_TTL_HOURS"]))
    db.session.add(invite)
    return invite


def derive_token(nonce):
    """The invite's token: an HMAC of its random nonce under the app's secret key. The
    database alone (nonce and digest) is not enough to rebuild a link."""
    key = current_app.config["SECRET_KEY"].encode()
    mac = hmac.new(key, b"rf-invite-token:" + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def invite_link(invite):
    """The invite's link, or None for an invite made before tokens were derived."""
    if not invite.token_nonce:
        return None
    return external_url("auth.accept_invite", token=derive_token(invite.token_nonce))


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
