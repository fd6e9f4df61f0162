"""Reminders: an escalation nobody picks up reminds the team, rung by rung, on the account's
ladder for its priority, through the same outbox as the first notice.

A ladder's rungs become ``Reminder`` rows when the escalation is made (a ladder edited later
leaves waiting escalations on the one they started with). The dispatcher finds the due ones
with one indexed query and sends each in one transaction: the row turns ``sent`` only if it
was still ``pending`` (so one of any number of dispatchers and servers sends it) together
with its outbox rows (so a crash after the commit loses nothing: the outbox sends them).
A claim, withdraw or resolve cancels the pending rungs, saying why; a dispatcher that was
down when a rung fell due sends it once when it is back, marked late."""
import threading
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update

from ..core.extensions import db
from ..core.hours import WorkingTime
from ..core.models import Account, Delivery, EscalationRead, Reminder, ReminderRung, User
from ..core.oncall import first_owner, on_call, working_time
from ..core.queue_events import record_queue_event
from .chat import account_webhook
from .outbox import EMAIL_OFF, NOTIFIED_ROLES, email_problem, wake_dispatcher

# (after minutes, or None for the next business morning; who is reminded) per priority.
DEFAULT_LADDER = {
    "urgent": ((5, "seniors"), (10, "on_call")),
    "high": ((15, "seniors"), (30, "on_call")),
    "normal": ((60, "seniors"), (None, "on_call")),
    "low": (),
}
# A rung sent this long after it fell due (no dispatcher was running) is marked late.
LATE = timedelta(minutes=2)
ROUND = 50
# Set to look at the reminders now (the test server's clock hook, after moving the clock).
reminders_wake = threading.Event()


def ladder(account_id, priority):
    """The account's rungs for ``priority`` as ``(after_minutes or None, audience)``."""
    if not db.session.scalar(select(Account.custom_ladder).where(Account.id == account_id)):
        return DEFAULT_LADDER.get(priority, ())
    rungs = db.session.scalars(select(ReminderRung).where(
        ReminderRung.account_id == account_id, ReminderRung.priority == priority).order_by(ReminderRung.position))
    return tuple((None if rung.next_business_morning else rung.after_minutes, rung.audience) for rung in rungs)


def schedule_reminders(handoff, now):
    """The escalation's rungs, due from ``now`` (its arrival) by the account's ladder."""
    hours = working_time(handoff.account_id)
    for rung, (after, audience) in enumerate(ladder(handoff.account_id, handoff.priority), start=1):
        due = hours.next_opening(now) if after is None else now + timedelta(minutes=after)
        if due is not None:  # (no working day in the coming year: no "next business morning")
            db.session.add(Reminder(account_id=handoff.account_id, handoff_id=handoff.id, rung=rung,
                                    audience=audience, due_at=due))


def cancel_reminders(handoff_id, why):
    """The escalation's pending rungs won't be sent: ``why`` ("picked up")."""
    db.session.execute(update(Reminder).where(Reminder.handoff_id == handoff_id, Reminder.status == "pending")
                       .values(status="cancelled", note=f"Not sent: {why}."),
                       execution_options={"synchronize_session": False})


def send_due_reminders(now):
    """Send every rung due at ``now``; returns how many this dispatcher sent."""
    sent = 0
    while ids := db.session.scalars(select(Reminder.id).where(Reminder.status == "pending", Reminder.due_at <= now)
                                    .order_by(Reminder.due_at, Reminder.id).limit(ROUND)).all():
        db.session.rollback()  # each rung in its own transaction
        sent += sum(send_reminder(reminder_id, now) for reminder_id in ids)
        if len(ids) < ROUND:
            break
    db.session.rollback()
    return sent


def send_reminder(reminder_id, now):
    """Send one due rung, if no other dispatcher has: True if this one did."""
    taken = db.session.execute(update(Reminder).where(Reminder.id == reminder_id, Reminder.status == "pending")
                               .values(status="sent", sent_at=now), execution_options={"synchronize_session": False})
    if taken.rowcount != 1:
        db.session.rollback()
        return False
    reminder = db.session.get(Reminder, reminder_id)
    handoff = reminder.handoff
    reminder.late = now - reminder.due_at > LATE
    if not handoff.is_open_escalation:  # closed without cancelling (can't happen through the app)
        reminder.status, reminder.note = "cancelled", "Not sent: the escalation was closed."
    else:
        on_duty = queue_reminder(reminder, handoff, now)
        handoff.reminded_at, handoff.reminded_on_call_id = now, on_duty.id if on_duty else None
        record_queue_event(handoff.account_id, "reminded", handoff.id)  # every open queue's card says so
    db.session.commit()
    wake_dispatcher()
    return True


def queue_reminder(reminder, handoff, now):
    """The rung's outbox rows (an email per recipient, a chat post) and its note; returns
    who is on call."""
    hours = working_time(handoff.account_id)
    recipients, on_call_user, note = reminder_recipients(reminder, handoff, hours, now)
    for user in recipients:
        is_on_call = on_call_user is not None and user.id == on_call_user.id
        reason = email_problem(user.email) or (EMAIL_OFF if user.notify_email == "never" and not is_on_call else None)
        db.session.add(Delivery(
            account_id=handoff.account_id, handoff_id=handoff.id, rung=reminder.rung, recipient_id=user.id,
            channel="email", on_call=is_on_call, address=user.email or "",
            status="suppressed" if reason else "queued", reason=reason, created_at=now, next_attempt_at=now))
    webhook = account_webhook(handoff.account_id)
    if webhook is not None:
        db.session.add(Delivery(account_id=handoff.account_id, handoff_id=handoff.id, rung=reminder.rung,
                                channel="webhook", address=urlsplit(webhook.url).hostname or "",
                                created_at=now, next_attempt_at=now))
    reminder.note = note
    return on_call_user


def reminder_recipients(reminder, handoff, hours: WorkingTime, now):
    """Who this rung reminds, the on-call senior (or None), and the rung's note: every senior
    who hasn't opened or dismissed it ("seniors"), or the on-call senior and the owner
    ("on_call"); outside business hours the on-call senior only."""
    duty = on_call(handoff.account_id, now, hours)
    if not hours.is_open(now):
        people, why = [duty.user], "Outside business hours: to the on-call senior only"
    elif reminder.audience == "on_call":
        people, why = [duty.user, first_owner(handoff.account_id)], "To the on-call senior and the owner"
    else:
        duty = replace(duty, fallback=None)  # (who is on call doesn't choose these recipients)
        seen = select(EscalationRead.user_id).where(EscalationRead.handoff_id == handoff.id)
        people = db.session.scalars(select(User).where(
            User.account_id == handoff.account_id, User.active.is_(True), User.role.in_(NOTIFIED_ROLES),
            User.id.not_in(seen)).order_by(User.id)).all()
        why = "To every senior who hadn't opened it"
    unique = {}
    for user in people:
        if user is not None and user.id != handoff.created_by_id:
            unique.setdefault(user.id, user)
    recipients = list(unique.values())
    names = ", ".join(user.name for user in recipients) or "nobody (no one to remind)"
    if duty.fallback:
        why += f" ({duty.fallback}: the owner is on call)"
    return recipients, duty.user, f"{why}: {names}."
