"""The dispatcher: takes due deliveries, sends them, records the outcome.

Each channel has its own lane (a stuck mail server never holds up chat posts, nor a slow
chat server the emails), and a lane works in rounds: it takes up to ``SENDERS`` due rows,
every account's oldest before anyone's second, and sends them at once, one thread each
(greenlets under gevent), so one account's backlog never starves another's escalation.

Safe with several workers and servers at once: on PostgreSQL rows are taken with
``FOR UPDATE SKIP LOCKED`` and marked ``sending`` with a lease in their own short
transaction, so each is sent by one dispatcher; SQLite has a single writer. Only what is
about to be sent is taken, so after a crash everything else is due at once, and what the
dead dispatcher took but never tried is due again within seconds; the lease is short and
renewed while the sends are under way, so a row it was sending comes back soon. A row
whose lease ran out is taken again, and every write is made only while the row is still
ours, so a dispatcher that was too slow neither sends a row another one has taken over nor
overwrites its result.
"""
import logging
import random
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from ..core.extensions import db
from ..core.mailer import describe_mail_error, is_permanent_mail_error
from ..core.models import CHANNELS, Delivery, utcnow
from .chat import account_webhook, post_escalation
from .email import send_escalation_email, send_invite_email, send_password_reset_email
from .outbox import EMAIL_OFF
from .reminders import send_due_reminders
from .webhook import WebhookError

log = logging.getLogger(__name__)
SENDERS = 4  # concurrent sends per lane and dispatcher
LEASE = timedelta(seconds=60)
# A round's sends start the moment it is taken: a row not tried this long after is orphaned
# (taking it over is safe even when it isn't: its first write finds the row no longer ours).
ORPHANED = timedelta(seconds=5)
RENEW_SECONDS = 15
BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS = 30, 3600
ERROR_CHARS = 1000
# "Only when I'm not watching": a queue tab live this recently counts as watching.
WATCHING = timedelta(seconds=60)
CLOSED_WORDS = {"claimed": "picked up", "withdrawn": "withdrawn", "resolved": "resolved"}


def backoff(attempts):
    """Capped exponential backoff with full jitter: 30 s, 60 s, 120 s … at most an hour."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


class Lease:
    """The rows of one round and the time they are ours until; renewed while their sends are
    under way. Renewals and outcome writes take turns, so an outcome is never written
    against a lease value that was just replaced."""

    def __init__(self, ids, until):
        self.ids, self.until, self.lock = ids, until, threading.Lock()
        self.attempted = 0  # rows this round tried (a row another dispatcher took over isn't)

    def renew(self):
        with self.lock:
            renewed = utcnow() + LEASE
            db.session.execute(
                update(Delivery).where(Delivery.id.in_(self.ids), Delivery.status == "sending",
                                       Delivery.lease_until == self.until)
                .values(lease_until=renewed), execution_options={"synchronize_session": False})
            db.session.commit()
            self.until = renewed

    def attempt(self, delivery_id, now):
        """Record an attempt at the row if it is still ours; False if it no longer is."""
        with self.lock:
            ours = still_ours(delivery_id, self.until, last_attempt_at=now, attempts=Delivery.attempts + 1)
            self.attempted += ours
            return ours

    def write(self, delivery_id, **values):
        """Update the row only while it is still ours; False if it no longer is."""
        with self.lock:
            return still_ours(delivery_id, self.until, **values)


def take_due(now, channel, limit=SENDERS):
    """Take the next round of ``channel``, ``limit`` due rows: each account's oldest, then
    each one's second oldest, and so on (a lone backlog fills the round). A row taken but
    not attempted within ``ORPHANED`` (its dispatcher died between the two) is due again."""
    never_tried = or_(Delivery.last_attempt_at.is_(None), Delivery.last_attempt_at < Delivery.taken_at)
    due = or_(Delivery.status == "queued",
              (Delivery.status == "sending") & or_(Delivery.lease_until < now,
                                                   never_tried & (Delivery.taken_at < now - ORPHANED)))
    place = func.row_number().over(partition_by=Delivery.account_id,
                                   order_by=(Delivery.next_attempt_at, Delivery.id)).label("place")
    ranked = (select(Delivery.id, Delivery.next_attempt_at, place)
              .where(due, Delivery.channel == channel, Delivery.next_attempt_at <= now).subquery())
    fair = (select(ranked.c.id).where(ranked.c.place <= limit)
            .order_by(ranked.c.place, ranked.c.next_attempt_at, ranked.c.id).limit(limit))
    # PostgreSQL locks no rows of a window query: the chosen rows are locked in a query of
    # their own, skipping any another dispatcher holds.
    query = select(Delivery.id).where(Delivery.id.in_(fair), due)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = db.session.scalars(query).all()
    lease = now + LEASE
    if ids:
        # The same condition again (on SQLite another dispatcher may have taken some
        # meanwhile); RETURNING says which rows are ours.
        ids = db.session.scalars(
            update(Delivery).where(Delivery.id.in_(ids), due)
            .values(status="sending", lease_until=lease, taken_at=now).returning(Delivery.id),
            execution_options={"synchronize_session": False}).all()
    db.session.commit()
    return Lease(sorted(ids), lease)


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
    if delivery.password_reset_id is not None:
        if not delivery.recipient.active:
            return "the recipient was deactivated"
        if not delivery.password_reset.is_pending:
            return "the reset link was used, replaced or expired before it was sent"
        return None
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
    if delivery.on_call:  # on call: whatever their preference
        return None
    if recipient.notify_email == "never":
        return EMAIL_OFF
    watching = recipient.queue_seen_at is not None and recipient.queue_seen_at >= now - WATCHING
    if delivery.attempts == 1 and delivery.rung == 0 and recipient.notify_email == "unwatched" and watching:
        return "seen live: they had the queue open"  # (a reminder is sent because watching didn't help)
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
    elif delivery.password_reset_id is not None:
        send_password_reset_email(delivery)
    else:
        send_escalation_email(delivery)
    return None


def failure(delivery, error):
    """The outcome of a failed attempt: retried later, or ``failed`` with the error in words
    when the receiver refused the notice for good or the attempts are used up."""
    if isinstance(error, WebhookError):
        message, permanent = str(error), error.permanent
    else:
        message, permanent = describe_mail_error(error), is_permanent_mail_error(error)
    message = message[:ERROR_CHARS]
    if permanent or delivery.attempts >= current_app.config["RF_NOTIFY_MAX_ATTEMPTS"]:
        log.warning("delivery %s failed for good after %s attempts: %s", delivery.id, delivery.attempts, message)
        return {"status": "failed", "last_error": message}
    return {"status": "queued", "last_error": message, "next_attempt_at": utcnow() + backoff(delivery.attempts)}


def deliver(delivery_id, lease):
    """Send one taken delivery and record how it went (if it is still ours)."""
    now = utcnow()
    if not lease.attempt(delivery_id, now):
        return None  # another dispatcher took it over, or what it announced was deleted
    delivery = db.session.get(Delivery, delivery_id)
    try:
        reason = no_longer_wanted(delivery, now) or send(delivery)
    except Exception as error:  # SMTP refused, webhook answered 500, timed out …
        outcome = failure(delivery, error)
    else:
        outcome = {"status": "suppressed", "reason": reason} if reason else {"status": "sent", "sent_at": utcnow()}
    if not lease.write(delivery_id, lease_until=None, **outcome):
        log.warning("delivery %s: lease lost while sending; its outcome (%s) is left to the new holder",
                    delivery_id, outcome["status"])
        return None
    return outcome["status"]


def in_app_context(app, work, *args):
    """Run ``work`` in an app context (and database session) of its own, as a thread must."""
    with app.app_context():
        try:
            return work(*args)
        finally:
            db.session.remove()


def deliver_logged(delivery_id, lease):
    """``deliver`` in a sender thread: an error (the database went away) is logged, and the
    row comes back when its lease runs out."""
    try:
        deliver(delivery_id, lease)
    except Exception:
        log.exception("delivery %s: dispatch failed", delivery_id)


def send_round(channel):
    """Take one round of ``channel`` and send it, renewing the lease until every send is done;
    returns the round's lease (the ids taken, how many were attempted)."""
    app = current_app._get_current_object()
    lease = take_due(utcnow(), channel)
    senders = [threading.Thread(target=in_app_context, args=(app, deliver_logged, delivery_id, lease),
                                name=f"rf-send-{delivery_id}", daemon=True) for delivery_id in lease.ids]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(RENEW_SECONDS)
        while sender.is_alive():
            lease.renew()
            sender.join(RENEW_SECONDS)
    return lease


def drain(channel):
    """Send everything of ``channel`` that is due, round after round; returns how many were attempted."""
    attempted = 0
    while (lease := send_round(channel)).ids:
        attempted += lease.attempted
    return attempted


def dispatch_once():
    """Send the reminders due now, then everything due, the channels side by side; returns
    how many deliveries were attempted."""
    try:
        send_due_reminders(utcnow())
    except Exception:  # the outbox is sent all the same
        log.exception("reminders could not be looked at")
        db.session.rollback()
    app = current_app._get_current_object()
    counts, errors = {}, []

    def lane(channel):
        try:
            counts[channel] = in_app_context(app, drain, channel)
        except Exception as error:  # raised to the caller, like a lane running in its thread
            errors.append(error)

    lanes = [threading.Thread(target=lane, args=(channel,), name=f"rf-dispatch-{channel}") for channel in CHANNELS]
    for thread in lanes:
        thread.start()
    for thread in lanes:
        thread.join()
    if errors:
        raise errors[0]
    return sum(counts.values())
