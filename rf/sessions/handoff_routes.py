"""Park (private pause), resume, escalate (hand to a senior, freezing the package), withdraw,
and exporting the package (copied from the session page, or downloaded)."""
from flask import Response, abort, flash, redirect, render_template
from flask_login import current_user

from ..core.access import role_required
from ..core.extensions import db
from ..core.models import Handoff
from ..core.models import TroubleshootingSession as TS
from ..core.tenancy import get_or_404
from ..core.ui import external_url, refuse
from . import bp, lifecycle
from .forms import EscalateForm, ParkForm
from .package import as_markdown, as_ticket_note, export_filename
from .routes import back_to, session_page


def escalation_refusal(session):
    """Why this session can't be escalated now, read fresh from the database."""
    db.session.refresh(session)
    escalation = session.open_escalation
    if session.status == "resolved":
        return "This session is resolved, so it can't be escalated."
    if escalation is not None:
        return (f"This session is already escalated (by {escalation.created_by.name}); "
                "withdraw that escalation first if it needs changing.")
    return "This session can't be escalated right now."


@bp.route("/sessions/<int:session_id>/escalate", methods=["GET", "POST"])
@role_required("engineer")
def escalate(session_id):
    """Hand the session to the seniors. Any engineer may escalate a colleague's session."""
    session = get_or_404(TS, session_id)
    if session.status not in ("active", "parked"):
        return refuse(escalation_refusal(session), back_to(session))
    form = EscalateForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("sessions/escalate.html", session=session, form=form), status
    escalator = current_user._get_current_object()
    if lifecycle.escalate(session, escalator, form.reason.data.strip(), form.priority.data) is None:
        db.session.rollback()
        return refuse(escalation_refusal(session), back_to(session))
    db.session.commit()
    flash("Escalated. Seniors can pick it up from the queue; the package below is what they'll see.", "success")
    return redirect(back_to(session, _anchor="package-export"))


@bp.route("/sessions/<int:session_id>/escalation/withdraw", methods=["POST"])
@role_required("engineer")
def withdraw(session_id):
    """Take back an escalation nobody has picked up yet (escalator or session owner)."""
    session = get_or_404(TS, session_id)
    escalation = session.open_escalation
    if escalation is None:
        return refuse("There's no open escalation to withdraw; it may have been picked up.", back_to(session))
    if current_user.id not in (escalation.created_by_id, session.owner_id):
        abort(403, description="Only the person who escalated or the session's owner can withdraw it.")
    if lifecycle.withdraw(session, current_user._get_current_object()) is None:
        db.session.rollback()
        return refuse("That escalation was already picked up or withdrawn.", back_to(session))
    db.session.commit()
    flash("Escalation withdrawn. The session is active again.", "success")
    return redirect(back_to(session))


def require_owner(session, action):
    if current_user.id != session.owner_id:
        abort(403, description=f"Only the session's owner can {action} it.")


@bp.route("/sessions/<int:session_id>/park", methods=["POST"])
@role_required("engineer")
def park(session_id):
    """Pause privately ("waiting on the customer's logs"): nobody is notified."""
    session = get_or_404(TS, session_id)
    require_owner(session, "park")
    form = ParkForm()
    if not form.validate_on_submit():
        return session_page(session, park_form=form, status=422)
    if lifecycle.park(session, current_user._get_current_object(), form.note.data.strip()) is None:
        db.session.rollback()
        db.session.refresh(session)
        return refuse(f"Only an active session can be parked; this one is {session.status}.", back_to(session))
    db.session.commit()
    flash("Parked. It's in your Parked list whenever you're ready to resume.", "success")
    return redirect(back_to(session))


@bp.route("/sessions/<int:session_id>/resume", methods=["POST"])
@role_required("engineer")
def resume(session_id):
    session = get_or_404(TS, session_id)
    require_owner(session, "resume")
    if not lifecycle.resume(session, current_user._get_current_object()):
        db.session.rollback()
        return refuse("This session isn't parked.", back_to(session))
    db.session.commit()
    flash("Resumed. Pick up where you left off.", "success")
    return redirect(back_to(session))


def packaged_handoff_or_404(handoff_id):
    """This account's handoff with a frozen package (an escalation); 404 otherwise."""
    handoff = get_or_404(Handoff, handoff_id)
    if handoff.package is None:
        abort(404)
    return handoff


def full_outputs_url(handoff):
    """Where a pasted export sends its reader for everything it had to leave out: the handoff
    context, which shows every handed-over step with its whole output."""
    return external_url("sessions.context", handoff_id=handoff.id)


@bp.route("/handoffs/<int:handoff_id>/export")
def export_texts(handoff_id):
    """``#export-texts``: the package's Markdown and ticket note to copy, fetched when the
    session page's export panel is opened (so the page itself doesn't carry them)."""
    handoff = packaged_handoff_or_404(handoff_id)
    context_url = full_outputs_url(handoff)
    return render_template("sessions/_export_texts.html", handoff=handoff,
                           markdown=as_markdown(handoff.package, context_url),
                           note=as_ticket_note(handoff.package, context_url))


@bp.route("/handoffs/<int:handoff_id>/package.<any(md, txt):extension>")
def download_package(handoff_id, extension):
    """The frozen escalation package as Markdown or as a plain-text PSA ticket note: the
    same bounded texts the export panel offers to copy."""
    handoff = packaged_handoff_or_404(handoff_id)
    package, context_url = handoff.package, full_outputs_url(handoff)
    body = as_markdown(package, context_url) if extension == "md" else as_ticket_note(package, context_url)
    mimetype = "text/markdown" if extension == "md" else "text/plain"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{export_filename(package, extension)}"'})
