"""On call and reminders (owners and admins): the reminder ladder, the account's business
hours and holidays, the weekly on-call rotation and its one-off overrides. Each section
posts on its own and comes back to the page; with errors, the page comes back with what
was typed and says what to fix."""
from datetime import time
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from ..core.access import role_required
from ..core.extensions import db
from ..core.forms import choices
from ..core.hours import to_utc
from ..core.models import (
    NOTIFIED_ROLES,
    PRIORITIES,
    Account,
    Holiday,
    OnCallOverride,
    OnCallRotation,
    ReminderRung,
    User,
    utcnow,
)
from ..core.oncall import on_call, working_time
from ..core.tenancy import get_or_404
from . import bp
from .forms import (
    MORNING,
    RUNGS,
    BusinessHoursForm,
    HolidayForm,
    LadderForm,
    OverrideForm,
    RotationForm,
    rung_field_names,
    timezone_names,
)
from .reminders import ladder, reschedule_business_mornings

ON_CALL_ADMINS = "Only admins and owners can set the on-call rotation, business hours and reminders."


def seniors(account_id):
    """Who can be on call: the account's active engineers, admins and owners."""
    return db.session.scalars(select(User).where(User.account_id == account_id, User.active.is_(True),
                                                 User.role.in_(NOTIFIED_ROLES)).order_by(User.name)).all()


def current_rotation(account_id):
    return db.session.scalar(select(OnCallRotation).where(OnCallRotation.account_id == account_id))


def ladder_form(account_id):
    values = {}
    for priority in PRIORITIES:
        for rung, (after, audience) in enumerate(ladder(account_id, priority), start=1):
            when, who = rung_field_names(priority, rung)
            values[when], values[who] = (MORNING if after is None else str(after)), audience
    return LadderForm(formdata=None, data=values)


def hours_form(account):
    return BusinessHoursForm(formdata=None, timezone=account.timezone, work_days=list(account.work_days),
                             work_start=account.work_start, work_end=account.work_end)


def rotation_form(account_id, people):
    rotation = current_rotation(account_id)
    form_class = RotationForm.with_turns(people)
    turns = {f"turn_{user_id}": str(turn) for turn, user_id in enumerate(rotation.members if rotation else (), 1)}
    if rotation is None:
        return form_class(formdata=None, handover_weekday=0, handover_time=time(9), starts_on=utcnow().date(),
                          notify_priority="high")
    return form_class(formdata=None, handover_weekday=rotation.handover_weekday,
                      handover_time=rotation.handover_time, starts_on=rotation.starts_on,
                      notify_priority=rotation.notify_priority, data=turns)


def override_form(people, formdata=True):
    form = OverrideForm() if formdata else OverrideForm(formdata=None)
    form.user_id.choices = choices([(user.id, user.name) for user in people])
    return form


def page(status=200, **forms):
    """The page, with ``forms`` (sent back with their errors) in place of fresh ones."""
    account = db.session.get(Account, current_user.account_id)
    people = seniors(account.id)
    hours = working_time(account.id)
    now = utcnow()
    overrides = db.session.scalars(select(OnCallOverride).options(joinedload(OnCallOverride.user)).where(
        OnCallOverride.account_id == account.id, OnCallOverride.ends_at > now).order_by(OnCallOverride.starts_at)).all()
    holidays = db.session.scalars(select(Holiday).where(Holiday.account_id == account.id,
                                                        Holiday.day >= hours.local(now).date())
                                  .order_by(Holiday.day)).all()
    return render_template(
        "notify/on_call.html", on_call_page=True, account=account, people=people, duty=on_call(account.id, now, hours),
        overrides=overrides, holidays=holidays, span=partial(span, hours), priorities=PRIORITIES,
        rungs=range(1, RUNGS + 1), rung_field_names=rung_field_names, timezones=sorted(timezone_names()),
        ladder_form=forms.get("ladder_form") or ladder_form(account.id),
        hours_form=forms.get("hours_form") or hours_form(account),
        holiday_form=forms.get("holiday_form") or HolidayForm(formdata=None),
        rotation_form=forms.get("rotation_form") or rotation_form(account.id, people),
        override_form=forms.get("override_form") or override_form(people, formdata=False)), status


def back(anchor, message):
    flash(message, "success")
    return redirect(url_for("notify.on_call", _anchor=anchor))


@bp.route("/settings/on-call", endpoint="on_call")
@role_required("admin", denied=ON_CALL_ADMINS)
def on_call_settings():
    return page()


@bp.route("/settings/on-call/ladder", methods=["POST"])
@role_required("admin", denied=ON_CALL_ADMINS)
def save_ladder():
    """The account's own ladder from now on; escalations already waiting keep theirs."""
    form = LadderForm()
    if not form.validate_on_submit():
        return page(422, ladder_form=form)
    account_id = current_user.account_id
    db.session.execute(delete(ReminderRung).where(ReminderRung.account_id == account_id))
    for priority in PRIORITIES:
        for position, (after, audience) in enumerate(form.rungs(priority), start=1):
            db.session.add(ReminderRung(account_id=account_id, priority=priority, position=position,
                                        after_minutes=after, next_business_morning=after is None, audience=audience))
    db.session.get(Account, account_id).custom_ladder = True
    db.session.commit()
    return back("reminders", "Reminders saved. Escalations already waiting keep the reminders they started with.")


@bp.route("/settings/on-call/hours", methods=["POST"])
@role_required("admin", denied=ON_CALL_ADMINS)
def save_hours():
    form = BusinessHoursForm()
    if not form.validate_on_submit():
        return page(422, hours_form=form)
    account = db.session.get(Account, current_user.account_id)
    account.timezone, account.work_days = form.timezone.data, "".join(sorted(form.work_days.data))
    account.work_start, account.work_end = form.work_start.data, form.work_end.data
    reschedule_business_mornings(account.id)
    db.session.commit()
    return back("business-hours", "Business hours saved. Waiting escalations' next-business-morning reminders "
                "moved with them.")


@bp.route("/settings/on-call/holidays", methods=["POST"])
@role_required("admin", denied=ON_CALL_ADMINS)
def add_holiday():
    form = HolidayForm()
    if form.validate_on_submit():
        today = working_time(current_user.account_id).local(utcnow()).date()
        taken = db.session.scalar(select(Holiday).where(Holiday.account_id == current_user.account_id,
                                                        Holiday.day == form.day.data))
        if form.day.data < today:
            form.day.errors.append("That day is past: choose today or a day ahead.")
        elif taken is not None:
            form.day.errors.append(f"{form.day.data:%d %b %Y} is already a holiday ({taken.name}).")
        else:
            db.session.add(Holiday(account_id=current_user.account_id, day=form.day.data, name=form.name.data))
            db.session.flush()
            reschedule_business_mornings(current_user.account_id)
            db.session.commit()
            return back("business-hours", f"{form.day.data:%a %d %b %Y} is a holiday: {form.name.data}.")
    return page(422, holiday_form=form)


@bp.route("/settings/on-call/holidays/<int:holiday_id>/delete", methods=["POST"])
@role_required("admin", denied=ON_CALL_ADMINS)
def delete_holiday(holiday_id):
    holiday = get_or_404(Holiday, holiday_id)
    db.session.delete(holiday)
    db.session.flush()
    reschedule_business_mornings(current_user.account_id)
    db.session.commit()
    return back("business-hours", f"{holiday.day:%d %b %Y} is a working day again (if it's a working weekday).")


@bp.route("/settings/on-call/rotation", methods=["POST"])
@role_required("admin", denied=ON_CALL_ADMINS)
def save_rotation():
    people = seniors(current_user.account_id)
    form = RotationForm.with_turns(people)()
    valid = form.validate_on_submit()
    members = form.members(people)
    if not valid or any(form[f"turn_{user.id}"].errors for user in people):
        return page(422, rotation_form=form)
    rotation = current_rotation(current_user.account_id) or OnCallRotation(account_id=current_user.account_id)
    rotation.handover_weekday, rotation.handover_time = form.handover_weekday.data, form.handover_time.data
    rotation.starts_on, rotation.notify_priority = form.starts_on.data, form.notify_priority.data
    rotation.member_ids = ",".join(str(member) for member in members)
    db.session.add(rotation)
    db.session.commit()
    duty = on_call(current_user.account_id, utcnow())
    if duty.fallback:
        return back("rotation", f"Rotation saved. {duty.fallback[:1].upper()}{duty.fallback[1:]}: "
                                f"{duty.user.name if duty.user else 'nobody'} (owner) is on call.")
    return back("rotation", f"Rotation saved. {duty.user.name} is on call until {duty.until_text}.")


@bp.route("/settings/on-call/overrides", methods=["POST"])
@role_required("admin", denied=ON_CALL_ADMINS)
def add_override():
    """A one-off cover, in the team's local time; one that overlaps another is refused."""
    people = seniors(current_user.account_id)
    form = override_form(people)
    if not form.validate_on_submit():
        return page(422, override_form=form)
    hours = working_time(current_user.account_id)
    starts_at, ends_at = (to_utc(moment.replace(tzinfo=hours.tz)) for moment in (form.starts_at.data,
                                                                                 form.ends_at.data))
    if ends_at <= utcnow():
        form.ends_at.errors.append("That time is past: cover is for now or later.")
        return page(422, override_form=form)
    clash = db.session.scalar(select(OnCallOverride).where(
        OnCallOverride.account_id == current_user.account_id, OnCallOverride.starts_at < ends_at,
        OnCallOverride.ends_at > starts_at))
    if clash is not None:
        form.starts_at.errors.append(
            f"It overlaps {clash.user.name}'s cover ({span(hours, clash.starts_at, clash.ends_at)}): "
            "change or delete that one first.")
        return page(422, override_form=form)
    user = next(user for user in people if user.id == form.user_id.data)
    db.session.add(OnCallOverride(account_id=current_user.account_id, user_id=user.id, starts_at=starts_at,
                                  ends_at=ends_at, created_by_id=current_user.id))
    db.session.commit()
    return back("overrides", f"{user.name} covers {span(hours, starts_at, ends_at)}.")


@bp.route("/settings/on-call/overrides/<int:override_id>/delete", methods=["POST"])
@role_required("admin", denied=ON_CALL_ADMINS)
def delete_override(override_id):
    override = get_or_404(OnCallOverride, override_id)
    db.session.delete(override)
    db.session.commit()
    return back("overrides", "Cover deleted: the rotation decides again.")


def span(hours, starts_at, ends_at):
    """"Sat 12 Dec 09:00 – Sun 13 Dec 09:00" on the team's wall clock."""
    return " – ".join(hours.local(moment).strftime("%a %d %b %H:%M") for moment in (starts_at, ends_at))
