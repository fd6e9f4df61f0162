"""Creating, sending and redeeming invitations."""
import secrets
import smtplib
from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_mail import Message
from sqlalchemy import select, update

from ..extensions import db, mail
from ..models import Invite, User, token_digest, utcnow


def create_invite(account, email, role, invited_by):
    """A new single-use invite; any older pending invite for the same email is revoked.

    Returns ``(invite, token)``: the token itself is never stored, only its digest.
    """
    now = utcnow()
    db.session.execute(
        update(Invite)
        .where(Invite.account_id == account.id, Invite.email == email,
               Invite.accepted_at.is_(None), Invite.revoked_at.is_(None))
        .values(revoked_at=now))
    token = secrets.token_urlsafe(32)
    invite = Invite(
        account_id=account.id, email=email, role=role, invited_by_id=invited_by.id,
        token_hash=token_digest(token), created_at=now,
        expires_at=now + timedelta(hours=current_app.config["RF_INVITE_TTL_HOURS"]))
    db.session.add(invite)
    return invite, token


def invite_link(token):
    return current_app.config["RF_BASE_URL"] + url_for("auth.accept_invite", token=token)


def send_invite_email(invite, token):
    """Send the invitation; returns None on success or the mail server's error in words."""
    context = {"invite": invite, "link": invite_link(token),
               "ttl_hours": current_app.config["RF_INVITE_TTL_HOURS"]}
    message = Message(
        subject=f"You're invited to {invite.account.name} on ResolutionFlow",
        recipients=[invite.email],
        body=render_template("email/invite.txt", **context),
        html=render_template("email/invite.html", **context))
    try:
        mail.send(message)
    except (smtplib.SMTPException, OSError) as exc:
        current_app.logger.warning("invite email to %s failed: %r", invite.email, exc)
        return describe_mail_error(exc)
    return None


def describe_mail_error(exc):
    """The mail server's answer in words: '550 mailbox unavailable', 'Connection refused'."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"the mail server answered {exc.smtp_code} {text}"
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):  # smtplib rewraps read timeouts
        return "the mail server did not answer in time"
    if isinstance(exc, OSError) and exc.strerror:
        return f"mail server {current_app.config['MAIL_SERVER']}:{current_app.config['MAIL_PORT']}: {exc.strerror}"
    return str(exc) or exc.__class__.__name__


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
