"""The dispatcher: takes due deliveries, sends them, records the outcome.

Safe with several workers and servers at once: on PostgreSQL rows are taken with
``FOR UPDATE SKIP LOCKED`` and marked ``sending`` with a lease in their own short
transaction, so each is sent by one dispatcher; SQLite has a single writer. A row whose
lease ran out (its dispatcher died mid-send) is taken again.
"""
import logging
import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from ..auth.invites import describe_mail_error
from ..extensions import db
from ..models import Delivery, utcnow
from .email import send_escalation_email

log = logging.getLogger(__name__)
BATCH = 20
LEASE = timedelta(seconds=120)
BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS = 30, 3600
ERROR_CHARS = 1000


def backoff(attempts):
    """Capped exponential backoff with full jitter: 30 s, 60 s, 120 s … at most an hour."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def take_due(now, limit=BATCH):
    """Claim up to ``limit`` due deliveries for this dispatcher; returns their ids."""
    due = or_(Delivery.status == "queued", (Delivery.status == "sending") & (Delivery.lease_until < now))
    query = (select(Delivery.id).where(due, Delivery.next_attempt_at <= now)
             .order_by(Delivery.next_attempt_at, Delivery.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = db.session.scalars(query).all()
    if ids:
        # The same condition again (on SQLite another dispatcher may have taken some
        # meanwhile); RETURNING says which rows are ours.
        ids = db.session.scalars(
            update(Delivery).where(Delivery.id.in_(ids), due)
            .values(status="sending", lease_until=now + LEASE, attempts=Delivery.attempts + 1)
            .returning(Delivery.id), execution_options={"synchronize_session": False}).all()
    db.session.commit()
    return ids


def deliver(delivery_id):
    """Send one taken delivery and record how it went."""
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None:  # its escalation was deleted meanwhile
        return None
    max_attempts = current_app.config["RF_NOTIFY_MAX_ATTEMPTS"]
    try:
        send_escalation_email(delivery)
    except Exception as error:  # SMTP refused, timed out, connection reset …
        message = describe_mail_error(error)[:ERROR_CHARS]
        now = utcnow()
        if delivery.attempts >= max_attempts:
            delivery.status, delivery.last_error = "failed", message
            log.warning("delivery %s failed for good after %s attempts: %s", delivery.id, delivery.attempts, message)
        else:
            delivery.status, delivery.last_error = "queued", message
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.lease_until = None
    else:
        delivery.status, delivery.sent_at, delivery.lease_until = "sent", utcnow(), None
    status = delivery.status
    db.session.commit()
    return status


def dispatch_once():
    """Send everything due now; returns how many deliveries were attempted."""
    attempted = 0
    while ids := take_due(utcnow()):
        for delivery_id in ids:
            deliver(delivery_id)
            attempted += 1
    return attempted
