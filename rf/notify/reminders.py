"""Reminders: an escalation nobody picks up reminds the team, rung by rung, on the account's
ladder for its priority, through the same outbox as the first notice.

A ladder's rungs become ``Reminder`` rows when the escalation is made (a ladder edited later
leaves waiting escalations on the one they started with). The dispatcher finds the due ones
with one indexed query and sends each in one transaction: the row turns ``sent`` only if it
was still ``pending`` (so one of any number of dispatchers and servers sends it) together
with its outbox rows (so a crash after the commit loses nothing: the outbox sends them).
A claim, withdraw or resolve cancels the pending rungs, saying why; a dispatcher that was
down when a rung fell due sends it once when it is back, marked late."""
import logging
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update

from ..core.extensions import db
from ..core.models import NOTIFIED_ROLES, Account, Delivery, EscalationRead, Handoff, Reminder, ReminderRung, User
from ..core.oncall import first_owner, on_call, working_time
from ..core.queue_events import record_queue_event
from .chat import account_webhook
from .outbox import EMAIL_OFF, email_problem, wake_dispatcher

log = logging.getLogger(__name__)
# (after minutes, or None for the next business morning; who is reminded) per priority.
DEFAULT_LADDER = {
    "urgent": ((5, "seniors"), (10, "on_call")),
    "high": ((15, "seniors"), (30, "on_call")),
    "normal": ((60, "seniors"), (None, "on_call")),
    "low": (),
}
# A rung sent this long after it fell due (no dispatcher was running) is marked late.
LATE = timedelta(minutes=2)
DUE_BATCH = 50  # due rungs read per query; each is then sent in a transaction of its own
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
    """The escalation's rungs, due from ``now`` (its arrival) by the account's ladder. A
    "next business morning" rung comes after the rungs before it (an escalation at 08:30
    with rungs at 60 min and the next morning: 09:30, then tomorrow's opening)."""
    hours = working_time(handoff.account_id)
    previous = now
    for rung, (after, audience) in enumerate(ladder(handoff.account_id, handoff.priority), start=1):
        due = hours.next_opening(previous) if after is None else now + timedelta(minutes=after)
        if due is None:  # (no working day in the coming year: no "next business morning")
            continue
        db.session.add(Reminder(account_id=handoff.account_id, handoff_id=handoff.id, rung=rung, audience=audience,
                                due_at=due, business_morning=after is None))
        previous = max(previous, due)


def reschedule_business_mornings(account_id):
    """After the team's hours, timezone or holidays change: each waiting "next business
    morning" rung moves to the new next morning (after the rungs before it)."""
    hours = working_time(account_id)
    waiting = select(Reminder.handoff_id).where(Reminder.account_id == account_id, Reminder.status == "pending",
                                                Reminder.business_morning)
    rows = db.session.execute(
        select(Reminder, Handoff.created_at).join(Handoff, Handoff.id == Reminder.handoff_id)
        .where(Reminder.handoff_id.in_(waiting)).order_by(Reminder.handoff_id, Reminder.rung)).all()
    previous = {}  # handoff id: the due time of its rung before (or its arrival)
    for reminder, arrived in rows:
        after = previous.get(reminder.handoff_id, arrived)
        if reminder.status == "pending" and reminder.business_morning:
            due = hours.next_opening(after)
            if due is None:
                reminder.status, reminder.note = "cancelled", "Not sent: the team has no working days."
            else:
                reminder.due_at = due
        previous[reminder.handoff_id] = max(after, reminder.due_at)


def cancel_reminders(handoff_id, why):
    """The escalation's pending rungs won't be sent: ``why`` ("picked up")."""
    db.session.execute(update(Reminder).where(Reminder.handoff_id == handoff_id, Reminder.status == "pending")
                       .values(status="cancelled", note=f"Not sent: {why}."),
                       execution_options={"synchronize_session": False})


def send_due_reminders(now):
    """Send every rung due at ``now``; returns how many this dispatcher sent. A rung whose
    sending fails (the database, say) is logged and left pending for the next look, and
    doesn't hold up the others."""
    sent, failed = 0, []
    while due := db.session.execute(
            select(Reminder.id, Reminder.handoff_id).where(Reminder.status == "pending", Reminder.due_at <= now,
                                                           Reminder.id.not_in(failed))
            .order_by(Reminder.due_at, Reminder.id).limit(DUE_BATCH)).all():
        db.session.rollback()  # each rung in its own transaction
        for reminder_id, handoff_id in due:
            try:
                sent += send_reminder(reminder_id, handoff_id, now)
            except Exception:
                log.exception("reminder %s could not be sent; it is tried again at the next look", reminder_id)
                db.session.rollback()
                failed.append(reminder_id)
        if len(due) < DUE_BATCH:
            break
    db.session.rollback()
    return sent


def send_reminder(reminder_id, handoff_id, now):
    """Send one due rung, if no other dispatcher has: True if this one did.

    Locks as the transitions do (``rf.sessions.lifecycle``): the escalation's row first, then
    its rungs, then the account's (the queue event), so a claim at the same moment waits for
    this one or this one for it, never both for each other."""
    handoff = db.session.scalar(select(Handoff).where(Handoff.id == handoff_id).with_for_update())
    taken = db.session.execute(update(Reminder).where(Reminder.id == reminder_id, Reminder.status == "pending")
                               .values(status="sent", sent_at=now), execution_options={"synchronize_session": False})
    if taken.rowcount != 1:
        db.session.rollback()
        return False
    reminder = db.session.get(Reminder, reminder_id)
    reminder.late = now - reminder.due_at > LATE
    if handoff is None or not handoff.is_open_escalation:  # closed without cancelling (not through the app)
        reminder.status, reminder.sent_at, reminder.note = "cancelled", None, "Not sent: the escalation was closed."
        db.session.commit()
        return False
    on_duty, queued = queue_reminder(reminder, handoff, now)
    if queued:  # the card says "reminded" only when someone was
        handoff.reminded_at, handoff.reminded_on_call_id = now, on_duty.id if on_duty else None
        record_queue_event(handoff.account_id, "reminded", handoff.id)  # every open queue's card says so
    db.session.commit()
    wake_dispatcher()
    return True


def queue_reminder(reminder, handoff, now):
    """The rung's outbox rows (an email per recipient; a team-chat post when it reminds the
    team, not only the on-call senior) and its note; returns who is on call and whether
    anything was queued."""
    hours = working_time(handoff.account_id)
    recipients, duty, team, note = reminder_recipients(reminder, handoff, hours, now)
    queued = 0
    for user in recipients:
        is_on_call = duty.user is not None and user.id == duty.user.id
        reason = email_problem(user.email) or (EMAIL_OFF if user.notify_email == "never" and not is_on_call else None)
        db.session.add(Delivery(
            account_id=handoff.account_id, handoff_id=handoff.id, rung=reminder.rung, recipient_id=user.id,
            channel="email", on_call=is_on_call, address=user.email or "",
            status="suppressed" if reason else "queued", reason=reason, created_at=now, next_attempt_at=now))
        queued += reason is None
    webhook = account_webhook(handoff.account_id) if team else None
    if webhook is not None:
        db.session.add(Delivery(account_id=handoff.account_id, handoff_id=handoff.id, rung=reminder.rung,
                                channel="webhook", address=urlsplit(webhook.url).hostname or "",
                                created_at=now, next_attempt_at=now))
        queued += 1
    reminder.note = note + (" Posted to the team chat too." if webhook is not None else "")
    return duty.user, queued > 0


def reminder_recipients(reminder, handoff, hours, now):
    """Who this rung reminds, who is on call (an ``OnCall``), whether it goes to the whole
    team (and its chat), and the rung's note: every senior who hasn't opened or dismissed it
    ("seniors"), or the on-call senior and the owner ("on_call"); outside business hours the
    on-call senior only. The on-call senior gets it whatever their email settings."""
    duty = on_call(handoff.account_id, now, hours)
    team = False
    if not hours.is_open(now):
        people, why = [duty.user], "Outside business hours: to the on-call senior only"
    elif reminder.audience == "on_call":
        people, why = [duty.user, first_owner(handoff.account_id)], "To the on-call senior and the owner"
    else:
        seen = select(EscalationRead.user_id).where(EscalationRead.handoff_id == handoff.id)
        people = db.session.scalars(select(User).where(
            User.account_id == handoff.account_id, User.active.is_(True), User.role.in_(NOTIFIED_ROLES),
            User.id.not_in(seen)).order_by(User.id)).all()
        why, team = "To every senior who hadn't opened it", True
    unique = {}
    for user in people:
        if user is not None and user.id != handoff.created_by_id:
            unique.setdefault(user.id, user)
    recipients = list(unique.values())
    names = ", ".join(user.name for user in recipients) or "nobody (no one to remind)"
    if duty.fallback and not team:
        why += f" ({duty.fallback}: the owner is on call)"
    return recipients, duty, team, f"{why}: {names}."
