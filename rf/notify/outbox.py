"""Writing the outbox: one ``Delivery`` per recipient and channel, in the same transaction
as what it announces, so a notification exists exactly when the escalation (invite, reset) does.
The caller commits; then this worker's dispatcher is woken to send it at once."""
import threading
from urllib.parse import urlsplit

from sqlalchemy import select

from ..core.extensions import db
from ..core.models import CHANNELS, NOTIFIED_ROLES, PRIORITY_RANK, Delivery, OnCallRotation, User, utcnow
from ..core.oncall import on_call
from ..core.transactions import after_commit
from ..core.validation import email_problem as address_problem
from .chat import account_webhook

EMAIL_OFF = "email turned off in their notification settings"
# Set when this process queued something: each lane of its dispatcher sends it now, not at
# its next look.
work_queued = {channel: threading.Event() for channel in CHANNELS}


def wake_dispatcher():
    for event in work_queued.values():
        event.set()


def queue_escalation_notices(handoff, escalator, now):
    """An email to every active engineer/admin/owner of the account except the escalator,
    and a post to the account's chat webhook if it has one. A recipient who can't or
    doesn't want to be emailed gets a ``suppressed`` row saying why, not silence; the
    on-call senior gets it whatever their preference when the escalation is at or above
    the rotation's priority."""
    recipients = db.session.scalars(select(User).where(
        User.account_id == handoff.account_id, User.active.is_(True), User.role.in_(NOTIFIED_ROLES),
        User.id != escalator.id).order_by(User.id)).all()
    on_duty = on_call_for(handoff, now)
    for user in recipients:
        is_on_call = user.id == on_duty
        reason = email_problem(user.email) or (EMAIL_OFF if user.notify_email == "never" and not is_on_call else None)
        db.session.add(Delivery(
            account_id=handoff.account_id, handoff_id=handoff.id, recipient_id=user.id, channel="email",
            on_call=is_on_call, address=user.email or "", status="suppressed" if reason else "queued",
            reason=reason, created_at=now, next_attempt_at=now))
    webhook = account_webhook(handoff.account_id)
    if webhook is not None:
        db.session.add(Delivery(
            account_id=handoff.account_id, handoff_id=handoff.id, channel="webhook",
            address=urlsplit(webhook.url).hostname or "", created_at=now, next_attempt_at=now))
    after_commit(wake_dispatcher)
    return len(recipients)


def on_call_for(handoff, now):
    """The id of the on-call senior the escalation goes to at once, whatever their
    preference (at or above the rotation's priority), or None without a rotation."""
    rotation = db.session.scalar(select(OnCallRotation).where(OnCallRotation.account_id == handoff.account_id))
    if rotation is None or PRIORITY_RANK[handoff.priority] > PRIORITY_RANK[rotation.notify_priority]:
        return None
    duty = on_call(handoff.account_id, now)  # (the owner, when the one on call can't be)
    return duty.user.id if duty.user is not None else None


def queue_invite_email(invite, now):
    """The invitation email (its address already passed the invite form's check)."""
    db.session.add(Delivery(account_id=invite.account_id, invite=invite, channel="email", address=invite.email,
                            created_at=now, next_attempt_at=now))
    after_commit(wake_dispatcher)


def queue_password_reset_email(reset, user, now):
    """The reset link's email to ``user`` (the address they log in with)."""
    db.session.add(Delivery(account_id=reset.account_id, password_reset=reset, recipient_id=user.id, channel="email",
                            address=user.email, created_at=now, next_attempt_at=now))
    after_commit(wake_dispatcher)


def retry(delivery):
    """One more try for a failed delivery (after the mail server or webhook was fixed): if it
    fails again it is "failed" again at once. False when it hadn't failed."""
    if delivery.status != "failed":
        return False
    delivery.status, delivery.next_attempt_at = "queued", utcnow()
    after_commit(wake_dispatcher)
    return True


def email_problem(address):
    """Why a user's stored ``address`` can't be emailed (the invite form's check), or None."""
    return "no valid email address" if address_problem(address) else None
