"""The dispatcher: takes due deliveries, sends them, records the outcome.

Safe with several workers and servers at once: on PostgreSQL rows are taken with
``FOR UPDATE SKIP LOCKED`` and marked ``sending`` with a lease in their own short
transaction, so each is sent by one dispatcher; SQLite has a single writer. A row whose
lease ran out (its dispatcher died mid-send) is taken again. The lease is renewed just
before each send and the outcome is written only while it is still ours, so a dispatcher
that was too slow neither sends a row another one has taken over nor overwrites its result.
"""
import logging
import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from ..core.extensions import db
from ..core.mailer import describe_mail_error
from ..core.models import Delivery, utcnow
from .chat import account_webhook, post_escalation
from .email import send_escalation_email, send_invite_email
from .outbox import EMAIL_OFF
from .webhook import WebhookError

log = logging.getLogger(__name__)
BATCH = 20
LEASE = timedelta(seconds=180)
BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS = 30, 3600
ERROR_CHARS = 1000
# "Only when I'm not watching": a queue tab live this recently counts as watching.
WATCHING = timedelta(seconds=60)
CLOSED_WORDS = {"claimed": "picked up", "withdrawn": "withdrawn", "resolved": "resolved"}


def backoff(attempts):
    """Capped exponential backoff with full jitter: 30 s, 60 s, 120 s … at most an hour."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def take_due(now, limit=BATCH):
    """Claim up to ``limit`` due deliveries for this dispatcher: ``(ids, lease)``."""
    due = or_(Delivery.status == "queued", (Delivery.status == "sending") & (Delivery.lease_until < now))
    query = (select(Delivery.id).where(due, Delivery.next_attempt_at <= now)
             .order_by(Delivery.next_attempt_at, Delivery.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = db.session.scalars(query).all()
    lease = now + LEASE
    if ids:
        # The same condition again (on SQLite another dispatcher may have taken some
        # meanwhile); RETURNING says which rows are ours.
        ids = db.session.scalars(
            update(Delivery).where(Delivery.id.in_(ids), due)
            .values(status="sending", lease_until=lease).returning(Delivery.id),
            execution_options={"synchronize_session": False}).all()
    db.session.commit()
    return ids, lease


def still_ours(delivery_id, lease, **values):
    """Update the row only while it is leased to us (``lease``); False if it no longer is."""
    done = db.session.execute(
        update(Delivery).where(Delivery.id == delivery_id, Delivery.status == "sending", Delivery.lease_until == lease)
        .values(**values), execution_options={"synchronize_session": False})
    db.session.commit()
    return done.rowcount == 1


def no_longer_wanted(delivery, now):
    """Why this notice should not go out after all (things changed since it was queued),
    or None. "Seen live" is asked only before the first attempt."""
    if delivery.invite_id is not None:
        invite = delivery.invite
        return None if invite.is_pending else "the invite was accepted, withdrawn or expired before it was sent"
    handoff = delivery.handoff
    if not handoff.is_open:
        return f"the escalation was {CLOSED_WORDS.get(handoff.closed_reason, 'closed')} before it was sent"
    if delivery.channel == "webhook":
        return None
    recipient = delivery.recipient
    if not recipient.active:
        return "the recipient was deactivated"
    if recipient.notify_email == "never":
        return EMAIL_OFF
    watching = recipient.queue_seen_at is not None and recipient.queue_seen_at >= now - WATCHING
    if delivery.attempts == 1 and recipient.notify_email == "unwatched" and watching:
        return "seen live: they had the queue open"
    return None


def send(delivery):
    """Send one delivery over its channel; raises with the reason when it didn't go.
    Returns a reason when there was nothing to send it to."""
    if delivery.channel == "webhook":
        chat = account_webhook(delivery.account_id)
        if chat is None:
            return "the team chat webhook was removed before it was sent"
        post_escalation(delivery, chat)
    elif delivery.invite_id is not None:
        send_invite_email(delivery)
    else:
        send_escalation_email(delivery)
    return None


def deliver(delivery_id, lease):
    """Send one taken delivery and record how it went (if it is still ours)."""
    now = utcnow()
    renewed = now + LEASE
    if not still_ours(delivery_id, lease, lease_until=renewed, last_attempt_at=now, attempts=Delivery.attempts + 1):
        return None  # another dispatcher took it over, or what it announced was deleted
    delivery = db.session.get(Delivery, delivery_id)
    try:
        reason = no_longer_wanted(delivery, now) or send(delivery)
    except Exception as error:  # SMTP refused, webhook answered 500, timed out …
        message = (str(error) if isinstance(error, WebhookError) else describe_mail_error(error))[:ERROR_CHARS]
        if delivery.attempts >= current_app.config["RF_NOTIFY_MAX_ATTEMPTS"]:
            outcome = {"status": "failed", "last_error": message}
            log.warning("delivery %s failed for good after %s attempts: %s", delivery.id, delivery.attempts, message)
        else:
            outcome = {"status": "queued", "last_error": message,
                       "next_attempt_at": utcnow() + backoff(delivery.attempts)}
    else:
        outcome = {"status": "suppressed", "reason": reason} if reason else {"status": "sent", "sent_at": utcnow()}
    if not still_ours(delivery_id, renewed, lease_until=None, **outcome):
        log.warning("delivery %s: lease lost while sending; its outcome (%s) is left to the new holder",
                    delivery_id, outcome["status"])
        return None
    return outcome["status"]


def dispatch_once():
    """Send everything due now; returns how many deliveries were attempted."""
    attempted = 0
    while True:
        ids, lease = take_due(utcnow())
        if not ids:
            return attempted
        for delivery_id in ids:
            deliver(delivery_id, lease)
            attempted += 1
