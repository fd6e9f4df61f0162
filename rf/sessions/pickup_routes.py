"""Pick Up (claim an escalation), the handoff-context screen the winner lands on, and its
Assessment section (polled while pending, refreshable by the claimer)."""
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..assess.engine import assess_and_store
from ..core.access import role_required
from ..core.extensions import db
from ..core.filters import ago
from ..core.models import Handoff, utcnow
from ..core.tenancy import get_or_404
from ..core.ui import htmx_or_redirect
from ..queue.reads import mark_read
from . import bp, lifecycle


def get_escalation_or_404(handoff_id):
    handoff = get_or_404(Handoff, handoff_id)
    if handoff.intent != "escalate":
        abort(404)
    return handoff


def may_refresh_assessment(handoff):
    """Engineers may recompute an open escalation's assessment; once picked up, the claimer
    alone; once withdrawn or resolved, nobody."""
    if not current_user.has_role("engineer"):
        return False
    return handoff.is_open or (handoff.claimed and handoff.closed_by_id == current_user.id)


def seconds_ago(moment, now):
    seconds = max(0, int((now - moment).total_seconds()))
    return f"{seconds}s ago" if seconds < 60 else ago(moment)


def closed_message(handoff, now):
    """Who took this escalation out of the queue, how and when; None while it waits."""
    closer = handoff.closed_by.name if handoff.closed_by else "someone"
    if handoff.closed_reason == "claimed":
        return f"Already claimed by {closer} {seconds_ago(handoff.closed_at, now)}."
    if handoff.closed_reason == "withdrawn":
        return f"{closer} withdrew this escalation {ago(handoff.closed_at)}; there's nothing to pick up."
    if handoff.closed_reason == "resolved":
        return f"{closer} resolved this session {ago(handoff.closed_at)}; there's nothing to pick up."
    return None


def claim_refusal(handoff, now):
    """Why this escalation can't be picked up, from its state in the database."""
    db.session.refresh(handoff)
    return (closed_message(handoff, now)
            or "This escalation can't be picked up right now; reload the queue to see its state.")


def refuse_claim(handoff, message):
    """The loser's answer: over HTMX the card shows who has it (the queue script keeps the
    card on the page from the click until it has been read) and a toast says so; otherwise
    the queue page with the message. Only out-of-band swaps, found in the whole page: the
    Pick Up form that asked may have been swapped out by a queue update in the meantime."""
    def card():
        if not handoff.claimed:
            return ""
        return render_template("queue/_card.html", handoff=handoff, unread=(), own=(), new_ids=(), card_oob=True)

    return htmx_or_redirect(url_for("queue.page"), card, message=message, category="error")


@bp.route("/handoffs/<int:handoff_id>/claim", methods=["POST"])
@role_required("engineer")
def claim(handoff_id):
    """Pick Up: one conditional update decides the single winner, who lands on the context."""
    handoff = get_escalation_or_404(handoff_id)
    if handoff.session.owner_id == current_user.id and handoff.is_open:
        return refuse_claim(handoff, "This is your own session. Withdraw the escalation if you no longer need help.")
    if not lifecycle.claim(handoff, current_user._get_current_object()):
        db.session.rollback()
        return refuse_claim(handoff, claim_refusal(handoff, utcnow()))
    db.session.commit()
    target = url_for("sessions.context", handoff_id=handoff.id)
    if request.htmx:
        return "", 204, {"HX-Redirect": target}
    return redirect(target, 303)


@bp.route("/handoffs/<int:handoff_id>/context")
def context(handoff_id):
    """The handoff context: the frozen package, the assessment, and where to start. Until the
    escalation is picked up it is a preview whose primary action is Pick up (where the email
    and chat links land); after, the claimer's "Start here". A page, or the fragment
    ``#handoff-context`` when the session page opens it in a dialog. Opening it clears this
    senior's unread dot."""
    handoff = get_escalation_or_404(handoff_id)
    session = handoff.session
    if handoff.is_open_escalation and current_user.has_role("engineer"):
        mark_read(current_user.id, handoff.id)
        db.session.commit()
    # What was handed over: everything logged until the escalation was picked up (or
    # otherwise closed), with full outputs.
    until = handoff.closed_at
    steps = [step for step in session.steps if until is None or step.created_at <= until]
    page = "sessions/_context.html" if request.htmx else "sessions/context.html"
    return render_template(page, handoff=handoff, session=session, package=handoff.package,
                           handed_over_steps=steps, assessment=handoff.assessment,
                           overdue=handoff.assessment_overdue, may_refresh=may_refresh_assessment(handoff),
                           may_pick_up=lifecycle.may_pick_up(current_user, handoff),
                           closed=closed_message(handoff, utcnow()), in_dialog=bool(request.htmx))


def assessment_section(handoff):
    return render_template("sessions/_assessment.html", handoff=handoff, assessment=handoff.assessment,
                           overdue=handoff.assessment_overdue, may_refresh=may_refresh_assessment(handoff))


@bp.route("/handoffs/<int:handoff_id>/assessment")
def assessment(handoff_id):
    """``#assessment``: the pending section polls this until the assessment is stored (or
    is overdue, when it offers "Refresh assessment" to those who may)."""
    return assessment_section(get_escalation_or_404(handoff_id))


@bp.route("/handoffs/<int:handoff_id>/assessment", methods=["POST"])
@role_required("engineer")
def refresh_assessment(handoff_id):
    """Recompute now (more sessions resolved since, or the first try failed); HTMX swaps
    ``#assessment``."""
    handoff = get_escalation_or_404(handoff_id)
    if not may_refresh_assessment(handoff):
        abort(403, description="Only the senior who picked this up can refresh its assessment.")
    assess_and_store(handoff.id)
    db.session.refresh(handoff)
    return htmx_or_redirect(url_for("sessions.context", handoff_id=handoff.id), lambda: assessment_section(handoff))
