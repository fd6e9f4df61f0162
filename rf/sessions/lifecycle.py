"""A session's life, in one place: every state transition of a troubleshooting session and
its handoffs (park, escalation, pick-up).

    active ⇄ parked                       park, resume
    active/parked → escalated → active    escalate; withdraw or claim (the claimer owns it)
    active/parked/escalated → resolved    resolve
    steps are logged until it is resolved log_step, log_steps

Each transition takes the actors and the session, makes its change as conditional UPDATEs
(so of two simultaneous requests exactly one wins, and the loser learns it from the return
value), writes what goes with it in the same transaction — the queue event, the
notifications' outbox rows — schedules what must wait for the commit (the assessment, a
wake-up of the dispatcher), and leaves the commit to the caller. A refused transition has
changed nothing the caller must keep: it rolls back.

Lock order, the same in every transition so racing requests queue rather than deadlock:
the session's row (``lock_session`` or its conditional UPDATE) → its handoffs → the
account's row (taken by ``record_queue_event`` for the event number).
"""
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..assess.engine import start_assessment
from ..assess.index import index_session
from ..core.extensions import db
from ..core.locks import lock_session
from ..core.models import Handoff, Step, utcnow
from ..core.models import TroubleshootingSession as TS
from ..core.queue_events import record_queue_event
from ..core.transactions import after_commit
from ..notify.outbox import queue_escalation_notices
from ..notify.reminders import cancel_reminders, schedule_reminders
from ..queue.reads import mark_read
from .output import clean_output
from .package import build_package

OPEN_STATUSES = ("active", "parked", "escalated")
RESOLVED_NO_STEPS = "This session is resolved, so no more steps can be logged."
KEY_REUSED = ("This form already logged a step with other text (a retry after a lost connection?). "
              "Your text is kept below: log it as a new step.")
STEPS_KEY_REUSED = ("Some of these steps were added a moment ago (the answer didn't reach you): they are shown above "
                    "now, and ticked \u201cLeave this step out\u201d below. What you changed in them since is kept: "
                    "untick a step to add it as a new one.")


class StepRefused(Exception):
    """Why a step can't be logged now; the caller rolls back and shows it with the typed text.
    ``escalation``: the waiting escalation to pick up first, when that is why."""

    def __init__(self, message, escalation=None):
        super().__init__(message)
        self.escalation = escalation


class KeyReused(StepRefused):
    """The form's key already logged a step (or a transcript's steps) with other text."""


def _move(session, from_statuses, to_status, now, **values):
    """Set ``to_status`` (and ``values``) only if the status is still one of ``from_statuses``."""
    moved = db.session.execute(
        update(TS).where(TS.id == session.id, TS.account_id == session.account_id,
                         TS.status.in_(from_statuses))
        .values(status=to_status, updated_at=now, **values))
    return moved.rowcount == 1


def _open_escalation(session):
    """The session's open escalation as the database has it now: read after the session's
    row is locked, not from handoffs loaded before that."""
    return db.session.scalar(select(Handoff).where(Handoff.session_id == session.id, Handoff.is_open_escalation))


def _close_open_handoffs(session, reason, user, now, intent=None):
    """Close the session's open park and/or escalation."""
    query = update(Handoff).where(Handoff.session_id == session.id, Handoff.closed_at.is_(None))
    if intent:
        query = query.where(Handoff.intent == intent)
    db.session.execute(query.values(closed_at=now, closed_reason=reason, closed_by_id=user.id))


def start(owner, ticket_number, client_name, summary, domain, now=None):
    """A new active session owned by ``owner``."""
    now = now or utcnow()
    session = TS(account_id=owner.account_id, owner_id=owner.id, ticket_number=ticket_number,
                 client_name=client_name, summary=summary, domain=domain, created_at=now, updated_at=now)
    db.session.add(session)
    db.session.flush()
    return session


def log_step(session, author, tried, **step):
    """Add a step and return it, or raise ``StepRefused``.

    Under the session's lock, so a resolve or an escalation can't slip in between the checks
    and the insert. ``key`` is the step form's idempotency key: the same form posted again
    (a double click, a retry after a timeout) returns the step it logged the first time; the
    same key with other text is refused, never merged. While an escalation waits for a
    pick-up only the session's owner and the escalator may add steps (context for the senior,
    marked as added while waiting); everyone else picks it up first. The step may be the
    claimer's first action on a picked-up escalation: that is recorded on the escalation.
    ``cleaned_output``: ``clean_output(output)`` already worked out (off the event loop)."""
    lock_session(session.id)
    db.session.refresh(session)
    return _add_step(session, author, tried, **step)


def _add_step(session, author, tried, *, result, command=None, output=None, notes=None, key=None, now=None,
              cleaned_output=None):
    """``log_step`` once the session is locked and read again."""
    kept_output, original_chars = cleaned_output or clean_output(output)
    values = {"tried": tried, "command": command or None, "output": kept_output,
              "output_original_chars": original_chars, "result": result, "notes": notes or None}
    if key:
        earlier = db.session.scalar(select(Step).where(Step.session_id == session.id, Step.idempotency_key == key))
        if earlier is not None:
            same = earlier.author_id == author.id and all(getattr(earlier, k) == v for k, v in values.items())
            if same:
                return earlier
            raise KeyReused(KEY_REUSED)
    if session.status == "resolved":
        raise StepRefused(RESOLVED_NO_STEPS)
    waiting = _open_escalation(session) if session.status == "escalated" else None
    if waiting is not None and author.id not in (session.owner_id, waiting.created_by_id):
        raise StepRefused(f"This session was escalated by {waiting.created_by.name}; pick it up to continue.",
                          waiting)
    now = now or utcnow()
    step = Step(account_id=session.account_id, session=session, author=author, idempotency_key=key,
                added_while_waiting=waiting is not None, created_at=now, **values)
    db.session.add(step)
    session.updated_at = now
    db.session.flush()
    _record_first_action(step)
    return step


def log_steps(session, author, steps, *, key=None, now=None):
    """Add several steps at once (a pasted transcript's), all or none, and return them:
    ``steps`` are ``(number, arguments of log_step)`` pairs, each logged under the key
    ``key:number``, so the same steps posted again return the ones logged the first time,
    whichever others come with them; raises ``StepRefused``."""
    now = now or utcnow()
    lock_session(session.id)  # once for them all, as log_step does for one
    db.session.refresh(session)
    try:
        return [_add_step(session, author, key=batch_key(key, number), now=now, **step) for number, step in steps]
    except KeyReused as refusal:
        raise KeyReused(STEPS_KEY_REUSED) from refusal


def batch_key(key, number):
    return f"{key}:{number}" if key else None


def logged_under(session, key, numbers):
    """Which of ``numbers`` ``log_steps`` has logged steps under with ``key``."""
    if not key:
        return set()
    keys = {batch_key(key, number): number for number in numbers}
    found = db.session.scalars(select(Step.idempotency_key).where(
        Step.session_id == session.id, Step.idempotency_key.in_(keys)))
    return {keys[found_key] for found_key in found}


def _record_first_action(step):
    """If ``step`` is the first its author logged since picking up the session's latest
    escalation, it is that escalation's first action. An earlier escalation of the session
    never gets a later step: that belongs to the later one.

    The step is logged after the claim committed, so it comes after the claim even when
    another server's clock stamped it earlier: then it is recorded at the claim (0 s)."""
    latest = (select(func.max(Handoff.id))
              .where(Handoff.session_id == step.session_id, Handoff.intent == "escalate").scalar_subquery())
    db.session.execute(
        update(Handoff)
        .where(Handoff.id == latest, Handoff.closed_reason == "claimed", Handoff.closed_by_id == step.author_id,
               or_(Handoff.first_action_at.is_(None), Handoff.first_action_at > step.created_at))
        .values(first_action_at=case((Handoff.closed_at > step.created_at, Handoff.closed_at),
                                     else_=step.created_at)),
        execution_options={"synchronize_session": False})


def park(session, user, note, now=None):
    """Pause privately (nobody is notified); None when the session was no longer active."""
    now = now or utcnow()
    if not _move(session, ("active",), "parked", now):
        return None
    handoff = Handoff(account_id=session.account_id, session=session, domain=session.domain, intent="park", note=note,
                      created_by=user, session_owner=session.owner, created_at=now)
    db.session.add(handoff)
    return handoff


def resume(session, user, now=None):
    """Take a parked session up again; False when it wasn't parked."""
    now = now or utcnow()
    if not _move(session, ("parked",), "active", now):
        return False
    _close_open_handoffs(session, "resumed", user, now, intent="park")
    return True


def escalate(session, escalator, reason, priority, now=None, assess=True):
    """Hand the session to the seniors: its status, the frozen package (numbered per
    session), the queue event and the notifications' outbox rows. After the commit the
    dispatcher is woken and (unless ``assess`` is False, as for a test's pending state) the
    assessment starts. None when it was no longer active or parked, or another request
    escalated it at the same moment (the one-open-escalation index)."""
    now = now or utcnow()
    if not _move(session, ("active", "parked"), "escalated", now):
        return None
    _close_open_handoffs(session, "escalated", escalator, now, intent="park")
    version = 1 + db.session.scalar(select(func.count()).where(
        Handoff.session_id == session.id, Handoff.intent == "escalate"))
    handoff = Handoff(account_id=session.account_id, session=session, domain=session.domain, intent="escalate",
                      note=reason, priority=priority, created_by=escalator, session_owner=session.owner,
                      created_at=now, package_version=version)
    with db.session.no_autoflush:  # the handoff is inserted whole, package and all
        handoff.package = build_package(session, handoff, version)
    db.session.add(handoff)
    try:
        db.session.flush()
    except IntegrityError:
        return None
    record_queue_event(session.account_id, "escalated", handoff.id)
    queue_escalation_notices(handoff, escalator, now)
    schedule_reminders(handoff, now)
    if assess:
        after_commit(start_assessment, handoff.id)
    return handoff


def withdraw(session, user, now=None):
    """Take back an escalation nobody has picked up; the withdrawn handoff, or None when
    there was none open any more (picked up or withdrawn meanwhile)."""
    now = now or utcnow()
    if not _move(session, ("escalated",), "active", now):
        return None
    escalation = _open_escalation(session)
    _close_open_handoffs(session, "withdrawn", user, now, intent="escalate")
    record_queue_event(session.account_id, "withdrawn", escalation.id)
    cancel_reminders(escalation.id, "withdrawn")
    return escalation


def claim(handoff, claimer, now=None):
    """Pick up an open escalation: the session becomes ``claimer``'s and active again, the
    handoff records who took it and when, the queue event goes out and the claimer's unread
    dot clears. Exactly one of any number of simultaneous claims returns True; False means
    someone else claimed, withdrew or resolved it.

    The time is read under the session's lock: a step saved meanwhile comes before it."""
    session = handoff.session
    lock_session(session.id)
    now = now or utcnow()
    if not _move(session, ("escalated",), "active", now, owner_id=claimer.id):
        return False
    claimed = db.session.execute(
        update(Handoff).where(Handoff.id == handoff.id, Handoff.account_id == claimer.account_id,
                              Handoff.is_open_escalation)
        .values(closed_at=now, closed_reason="claimed", closed_by_id=claimer.id))
    if claimed.rowcount != 1:  # the session was escalated again since this card was drawn
        return False
    record_queue_event(session.account_id, "claimed", handoff.id)
    cancel_reminders(handoff.id, "picked up")
    mark_read(claimer.id, handoff.id)
    return True


def resolve(session, user, resolution, fixed_step_ids=(), now=None):
    """Record what fixed it and which steps did: closes any open park or escalation (the
    escalation leaves the queue) and indexes the session for later assessments. False when
    it was already resolved."""
    now = now or utcnow()
    if not _move(session, OPEN_STATUSES, "resolved", now, resolution=resolution, resolved_at=now,
                 resolved_by_id=user.id):
        return False
    escalation = _open_escalation(session)  # one escalated a moment ago leaves the queue too
    _close_open_handoffs(session, "resolved", user, now)
    if escalation is not None:
        record_queue_event(session.account_id, "resolved", escalation.id)
        cancel_reminders(escalation.id, "resolved")
    fixed = set(fixed_step_ids)
    for step in session.steps:
        step.fixed_it = step.id in fixed
    index_session(session)
    return True


def may_pick_up(user, handoff):
    """Offer Pick up: an engineer, admin or owner, on an escalation waiting in the queue that
    isn't on their own session (the claim itself decides who wins)."""
    return user.has_role("engineer") and handoff.is_open_escalation and handoff.session.owner_id != user.id


def may_log_steps(user, session):
    """What the session page offers (``log_step`` decides under the lock): engineers and up on
    a session that isn't resolved; while an escalation waits, only its owner and escalator."""
    if not user.has_role("engineer") or session.status == "resolved":
        return False
    waiting = session.open_escalation
    return waiting is None or user.id in (session.owner_id, waiting.created_by_id)


def may_resolve(user, session):
    return user.id == session.owner_id or user.has_role("admin")
