"""Writing the outbox: one ``Delivery`` per recipient and channel, in the escalation's
transaction, so a notification exists exactly when the escalation does."""
import re

from sqlalchemy import select

from ..extensions import db
from ..models import Delivery, User

NOTIFIED_ROLES = ("engineer", "admin", "owner")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def queue_escalation_notices(handoff, escalator, now):
    """Every active engineer/admin/owner of the account except the escalator; the caller
    commits. A recipient without a usable address is recorded as suppressed, not skipped."""
    recipients = db.session.scalars(select(User).where(
        User.account_id == handoff.account_id, User.active.is_(True), User.role.in_(NOTIFIED_ROLES),
        User.id != escalator.id).order_by(User.id)).all()
    for user in recipients:
        valid = bool(user.email and EMAIL.match(user.email))
        db.session.add(Delivery(
            account_id=handoff.account_id, handoff_id=handoff.id, recipient_id=user.id, channel="email",
            address=user.email or "", status="queued" if valid else "suppressed",
            reason=None if valid else "no valid email address", created_at=now, next_attempt_at=now))
    return len(recipients)
