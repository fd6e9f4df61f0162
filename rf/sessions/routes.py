"""Session list, starting a session, the session page and its step log, resolving."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from ..assess.index import index_session
from ..auth.access import role_required
from ..core.ui import refuse, render_toast
from ..extensions import db
from ..handoff.actions import record_first_action
from ..handoff.forms import ParkForm
from ..handoff.history import handoff_history
from ..handoff.package import as_markdown, as_ticket_note, assessment_of, thaw
from ..locks import lock_session
from ..models import DOMAINS, Step, TroubleshootingSession, utcnow
from ..queue.events import record_queue_event
from ..queue.reads import mark_read
from ..tenancy import get_or_404
from . import bp
from ..forms import drop_control_characters
from .forms import NewSessionForm, ResolveForm, StepForm
from .output import clean_output
from .queries import LIST_VIEWS, session_list
from .state import OPEN_STATUSES, close_open_handoffs, latest_package_handoff, move_session, open_handoffs

RESOLVED_NO_STEPS = "This session is resolved, so no more steps can be logged."


@bp.route("/sessions")
def index():
    default_view = "team" if current_user.role == "viewer" else "mine"
    view = request.args.get("view", default_view)
    if view not in LIST_VIEWS:
        view = default_view
    filters = {key: drop_control_characters(request.args.get(key, "")).strip()[:100]
               for key in ("ticket", "client", "domain")}
    if filters["domain"] not in DOMAINS:
        filters["domain"] = ""
    sessions = db.session.scalars(session_list(view, current_user, **filters)).all()
    return render_template("sessions/index.html", sessions=sessions, view=view, views=LIST_VIEWS,
                           filters=filters, domains=DOMAINS)


@bp.route("/sessions/new", methods=["GET", "POST"])
@role_required("engineer")
def new():
    form = NewSessionForm()
    if form.validate_on_submit():
        now = utcnow()
        session = TroubleshootingSession(
            account_id=current_user.account_id, owner_id=current_user.id,
            ticket_number=form.ticket_number.data.strip(), client_name=form.client_name.data.strip(),
            summary=form.summary.data.strip(), domain=form.domain.data, created_at=now, updated_at=now)
        db.session.add(session)
        db.session.commit()
        return redirect(url_for("sessions.show", session_id=session.id))
    status = 422 if form.is_submitted() else 200
    return render_template("sessions/new.html", form=form), status


def may_resolve(user, session):
    return user.id == session.owner_id or user.has_role("admin")


def session_page(session, step_form=None, park_form=None, status=200):
    """The full session page; forms passed in come back with their errors and text."""
    escalation, park = open_handoffs(session)
    handoff = latest_package_handoff(session)
    package = thaw(handoff) if handoff else None
    # Picked up and being worked on: say by whom, and offer the assessment's suggestions.
    pickup = handoff if handoff and handoff.claimed and session.status == "active" else None
    assessment = assessment_of(pickup) if pickup else None
    suggestions = (assessment or {}).get("suggested_steps") if current_user.id == session.owner_id else None
    return render_template(
        "sessions/show.html", session=session, step_form=step_form or StepForm(formdata=None),
        park_form=park_form or ParkForm(formdata=None), escalation=escalation, park=park,
        package_handoff=handoff, package=package,
        package_markdown=as_markdown(package) if package else None,
        package_note=as_ticket_note(package) if package else None,
        pickup=pickup, suggestions=suggestions or [], history=handoff_history(session),
        # Focus the step input on a fresh session, after an error and from "Start here",
        # not when opening a long one (nor when the park note came back with an error).
        focus_step=park_form is None and (not session.steps or step_form is not None or "start" in request.args),
        may_resolve=may_resolve(current_user, session)), status


def back_to(session):
    return url_for("sessions.show", session_id=session.id)


@bp.route("/sessions/<int:session_id>")
def show(session_id):
    """The session page. Opening it clears this senior's unread dot on its escalation."""
    session = get_or_404(TroubleshootingSession, session_id)
    escalation, _ = open_handoffs(session)
    if escalation is not None and current_user.has_role("engineer"):
        mark_read(current_user.id, escalation.id)
        db.session.commit()
    return session_page(session)


@bp.route("/sessions/<int:session_id>/steps", methods=["POST"])
@role_required("engineer")
def add_step(session_id):
    """Log a step. HTMX swaps ``#step-form`` (fresh, focused), appends to ``#steps`` and
    announces it with a toast."""
    session = get_or_404(TroubleshootingSession, session_id)
    form = StepForm()
    if not form.validate_on_submit():
        if request.htmx:
            return render_template("sessions/_step_form.html", session=session, step_form=form,
                                   focus_step=True), 422
        return session_page(session, step_form=form, status=422)
    lock_session(session.id)  # a resolve can't slip in between the check and the insert
    db.session.refresh(session)
    if session.status == "resolved":
        db.session.rollback()
        return refuse(RESOLVED_NO_STEPS, back_to(session))
    output, original_chars = clean_output(form.output.data)
    step = Step(account_id=session.account_id, session_id=session.id, author_id=current_user.id,
                tried=form.tried.data.strip(), command=(form.command.data or "").strip() or None,
                output=output, output_original_chars=original_chars, result=form.result.data,
                notes=(form.notes.data or "").strip() or None, created_at=utcnow())
    db.session.add(step)
    session.updated_at = step.created_at
    record_first_action(step)
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("sessions.show", session_id=session.id, _anchor=f"step-{step.id}"))
    number = db.session.scalar(select(func.count()).where(Step.session_id == session.id))
    return (render_template("sessions/_step_form.html", session=session, step_form=StepForm(formdata=None),
                            focus_step=True)
            + render_template("sessions/_step.html", step=step, number=number, oob=True)
            + render_toast(f"Step {number} logged.", "success"))


@bp.route("/sessions/<int:session_id>/resolve", methods=["GET", "POST"])
@role_required("engineer")
def resolve(session_id):
    """Record what fixed it, and which steps: the knowledge later assessments learn from."""
    session = get_or_404(TroubleshootingSession, session_id)
    if not may_resolve(current_user, session):
        abort(403, description="Only the session's owner or an admin can resolve it.")
    if session.status == "resolved":
        return refuse("This session is already resolved.", back_to(session))
    form = ResolveForm()
    form.fixed_by.choices = [SelectChoice(step.id, step.tried) for step in session.steps]
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("sessions/resolve.html", session=session, form=form), status
    now = utcnow()
    if not move_session(session, OPEN_STATUSES, "resolved", now, resolution=form.resolution.data.strip(),
                        resolved_at=now, resolved_by_id=current_user.id):
        db.session.rollback()
        return refuse("This session is already resolved.", back_to(session))
    escalation, _ = open_handoffs(session)
    close_open_handoffs(session, "resolved", current_user, now)
    if escalation is not None:
        record_queue_event(session.account_id, "resolved", escalation.id)
    fixed = set(form.fixed_by.data or [])
    for step in session.steps:
        step.fixed_it = step.id in fixed
    index_session(session)  # what later assessments learn from
    db.session.commit()
    flash("Session resolved. Thanks — this fix will help the next person.", "success")
    return redirect(back_to(session))
