"""Session list, starting a session, the session page and its step log, resolving."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from ..assess.engine import shown_level
from ..core.access import role_required
from ..core.extensions import db
from ..core.forms import drop_control_characters
from ..core.models import DOMAINS, Step, TroubleshootingSession, suggestions_in
from ..core.offload import BIG_BODY, off_the_event_loop
from ..core.tenancy import get_or_404
from ..core.ui import htmx_or_redirect, refuse, render_toast
from ..queue.reads import mark_read
from . import bp, lifecycle
from .forms import NewSessionForm, ParkForm, ResolveForm, StepForm, TranscriptForm, new_step_key
from .history import handoff_history
from .output import clean_output
from .queries import LIST_VIEWS, VIEWER_VIEWS, session_list


@bp.route("/sessions")
def index():
    views = LIST_VIEWS
    if current_user.role == "viewer":
        views = {key: label for key, label in LIST_VIEWS.items() if key in VIEWER_VIEWS}
    view = request.args.get("view")
    if view not in views:
        view = next(iter(views))
    filters = {key: drop_control_characters(request.args.get(key, "")).strip()[:100]
               for key in ("ticket", "client", "domain")}
    if filters["domain"] not in DOMAINS:
        filters["domain"] = ""
    sessions = db.session.scalars(session_list(view, current_user, **filters)).all()
    return render_template("sessions/index.html", sessions=sessions, view=view, views=views,
                           filters=filters, domains=DOMAINS)


@bp.route("/sessions/new", methods=["GET", "POST"])
@role_required("engineer")
def new():
    form = NewSessionForm()
    if form.validate_on_submit():
        session = lifecycle.start(current_user._get_current_object(), form.ticket_number.data.strip(),
                                  form.client_name.data.strip(), form.summary.data.strip(), form.domain.data)
        db.session.commit()
        return redirect(back_to(session))
    status = 422 if form.is_submitted() else 200
    return render_template("sessions/new.html", form=form), status


def session_page(session, step_form=None, park_form=None, transcript=None, status=200):
    """The full session page; forms passed in come back with their errors and text
    (``transcript``: the paste box's form and how to show it, ``transcript_routes``)."""
    handoff, escalation = session.latest_package_handoff, session.open_escalation
    package = handoff.package if handoff else None
    # Picked up and being worked on: say by whom, and offer the assessment's suggestions.
    pickup = handoff if handoff and handoff.claimed and session.status == "active" else None
    assessment = pickup.assessment if pickup else None
    # Chips only from an assessment that found a close match: below that its suggestions are
    # only "what fixed possibly related sessions", shown in the context, not offered to click.
    offered = current_user.id == session.owner_id and shown_level(assessment) in ("medium", "high")
    suggestions = suggestions_in(assessment) if offered else None
    return render_template(
        "sessions/show.html", session=session, step_form=step_form or StepForm(formdata=None),
        park_form=park_form or ParkForm(formdata=None), escalation=escalation, park=session.open_park,
        package_handoff=handoff, package=package,
        pickup=pickup, suggestions=suggestions or [], history=handoff_history(session),
        may_pick_up=escalation is not None and lifecycle.may_pick_up(current_user, escalation),
        may_log_steps=lifecycle.may_log_steps(current_user, session),
        # Focus the step input on a fresh session, after an error and from "Start here",
        # not when opening a long one (nor when the park note came back with an error).
        focus_step=park_form is None and transcript is None and (
            not session.steps or step_form is not None or "start" in request.args),
        may_resolve=lifecycle.may_resolve(current_user, session),
        **(transcript or {"transcript_form": TranscriptForm(formdata=None)})), status


def back_to(session, **values):
    return url_for("sessions.show", session_id=session.id, **values)


@bp.route("/sessions/<int:session_id>")
def show(session_id):
    """The session page. Opening it clears this senior's unread dot on its escalation."""
    session = get_or_404(TroubleshootingSession, session_id)
    escalation = session.open_escalation
    if escalation is not None and current_user.has_role("engineer"):
        mark_read(current_user.id, escalation.id)
        db.session.commit()
    return session_page(session)


@bp.route("/sessions/<int:session_id>/steps", methods=["POST"])
@role_required("engineer")
def add_step(session_id):
    """Log a step. Over HTMX the form stays where it is (its script clears the fields that
    still hold what was sent, so whatever was typed meanwhile is kept): the answer appends
    the step to ``#steps``, gives the form a new key (``#idempotency_key``) and announces
    it. A form with errors, or a refused step, comes back as ``#step-form`` with its text."""
    session = get_or_404(TroubleshootingSession, session_id)
    form, valid, cleaned_output = read_step_form()
    if not valid:
        return step_form_again(session, form, 422)
    try:
        step = lifecycle.log_step(
            session, current_user._get_current_object(), form.tried.data.strip(), result=form.result.data,
            command=(form.command.data or "").strip(), cleaned_output=cleaned_output,
            notes=(form.notes.data or "").strip(), key=form.idempotency_key.data or None)
    except lifecycle.StepRefused as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        form.idempotency_key.data = new_step_key()  # nothing of this text is logged under the new one
        return step_form_again(session, form, 409, toast=str(refusal), pick_up=refusal.escalation)
    # Everything the answer shows is read before the commit: once it has committed, the
    # answer is "logged" even if the database goes away the next moment.
    number = db.session.scalar(select(func.count()).where(Step.session_id == session.id, Step.id <= step.id))
    db.session.commit()
    return htmx_or_redirect(
        back_to(session, _anchor=f"step-{step.id}"),
        lambda: render_template("sessions/_step.html", step=step, number=number, oob=True),
        lambda: render_template("sessions/_step_key.html", key=new_step_key()),
        message=f"Step {number} logged.", headers={"HX-Reswap": "none"})


def read_step_form():
    """The posted step form, whether it is valid, and its output cleaned. Checking and
    cleaning a big paste (up to 16 MB) is pure CPU work: it runs off the event loop (the
    body was already parsed there, ``rf.core.offload``), so the worker's polls and /healthz
    keep answering meanwhile."""
    if (request.content_length or 0) <= BIG_BODY:
        return _parse_step_form()
    return off_the_event_loop(_parse_step_form)


def _parse_step_form():
    form = StepForm()
    valid = form.validate_on_submit()
    return form, valid, clean_output(form.output.data) if valid else None


def step_form_again(session, form, status, toast=None, pick_up=None):
    """The step form with its errors and everything typed: the fragment ``#step-form`` over
    HTMX (retargeted there, so it is swapped whatever the status), else the whole page.
    ``pick_up``: an escalation that arrived meanwhile, offered to pick up from the form."""
    if not request.htmx:
        return session_page(session, step_form=form, status=status)
    html = render_template("sessions/_step_form.html", session=session, step_form=form, focus_step=True,
                           pick_up=pick_up)
    if toast:
        html += render_toast(toast, "error")
    return html, status, {"HX-Retarget": "#step-form", "HX-Reswap": "outerHTML"}


@bp.route("/sessions/<int:session_id>/resolve", methods=["GET", "POST"])
@role_required("engineer")
def resolve(session_id):
    """Record what fixed it, and which steps: the knowledge later assessments learn from."""
    session = get_or_404(TroubleshootingSession, session_id)
    if not lifecycle.may_resolve(current_user, session):
        abort(403, description="Only the session's owner or an admin can resolve it.")
    if session.status == "resolved":
        return refuse("This session is already resolved.", back_to(session))
    form = ResolveForm()
    form.fixed_by.choices = [SelectChoice(step.id, step.tried) for step in session.steps]
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("sessions/resolve.html", session=session, form=form), status
    resolver = current_user._get_current_object()
    if not lifecycle.resolve(session, resolver, form.resolution.data.strip(), form.fixed_by.data or ()):
        db.session.rollback()
        return refuse("This session is already resolved.", back_to(session))
    db.session.commit()
    flash("Session resolved. Thanks — this fix will help the next person.", "success")
    return redirect(back_to(session))
