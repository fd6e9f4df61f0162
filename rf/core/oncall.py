"""An account's business hours and who is on call now, read from the database (the rules
themselves are ``rf.core.hours``). Nobody on call, or the one who should be deactivated:
the owner covers, and says so."""
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from .extensions import db
from .hours import WorkingTime, on_call_turn
from .models import NOTIFIED_ROLES, Account, Holiday, OnCallOverride, OnCallRotation, User


@dataclass(frozen=True)
class OnCall:
    user: User | None
    until: datetime | None
    override: bool = False
    # Why the owner covers (no rotation, nobody this week, the member deactivated), or None.
    fallback: str | None = None
    # ``until`` on the team's wall clock, as a person reads it ("Mon 14 Dec 09:00 GMT").
    until_text: str | None = None


def working_time(account_id):
    account = db.session.get(Account, account_id)
    holidays = db.session.scalars(select(Holiday.day).where(Holiday.account_id == account_id)).all()
    return WorkingTime.of(account, holidays)


def first_owner(account_id):
    return db.session.scalars(select(User).where(User.account_id == account_id, User.role == "owner",
                                                 User.active.is_(True)).order_by(User.id)).first()


def on_call(account_id, now, hours=None):
    """Who is on call for ``account_id`` at ``now`` (an ``OnCall``)."""
    hours = hours or working_time(account_id)
    duty = _on_call(account_id, now, hours)
    text = hours.local(duty.until).strftime("%a %d %b %H:%M %Z") if duty.until else None
    return replace(duty, until_text=text)


def _on_call(account_id, now, hours):
    rotation = db.session.scalars(select(OnCallRotation).where(OnCallRotation.account_id == account_id)).first()
    if rotation is None:
        return OnCall(first_owner(account_id), None, fallback="no on-call rotation is set up")
    overrides = db.session.execute(
        select(OnCallOverride.user_id, OnCallOverride.starts_at, OnCallOverride.ends_at)
        .where(OnCallOverride.account_id == account_id, OnCallOverride.ends_at > now)).all()
    turn = on_call_turn(rotation.members, rotation.handover_weekday, rotation.handover_time, rotation.starts_on,
                        [tuple(o) for o in overrides], hours, now)
    if turn.user_id is None:
        return OnCall(first_owner(account_id), turn.until, fallback="the rotation has nobody on call now")
    user = db.session.get(User, turn.user_id)
    if user is None or user.account_id != account_id:
        return OnCall(first_owner(account_id), turn.until, fallback="the on-call member is no longer in the team")
    if not user.active:
        return OnCall(first_owner(account_id), turn.until, fallback=f"{user.name} is deactivated")
    if user.role not in NOTIFIED_ROLES:  # a viewer can't pick an escalation up
        return OnCall(first_owner(account_id), turn.until, fallback=f"{user.name} is a viewer now")
    return OnCall(user, turn.until, override=turn.override)
