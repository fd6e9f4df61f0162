"""The handoff context's Assessment section: polled while pending, refreshable by the claimer."""
from flask import abort, redirect, render_template, request, url_for

from ..auth.access import role_required
from ..extensions import db
from ..handoff.package import assessment_of, assessment_overdue
from ..handoff.pickup import get_escalation_or_404, may_refresh_assessment
from . import bp
from .engine import assess_and_store

def section(handoff):
    return render_template("handoff/_assessment.html", handoff=handoff, assessment=assessment_of(handoff),
                           overdue=assessment_overdue(handoff),
                           may_refresh=may_refresh_assessment(handoff))


@bp.route("/handoffs/<int:handoff_id>/assessment")
def show(handoff_id):
    """``#assessment``: the pending section polls this until the assessment is stored (or
    is overdue, when it offers "Refresh assessment" to those who may)."""
    return section(get_escalation_or_404(handoff_id))


@bp.route("/handoffs/<int:handoff_id>/assessment", methods=["POST"])
@role_required("engineer")
def refresh(handoff_id):
    """Recompute now (more sessions resolved since, or the first try failed)."""
    handoff = get_escalation_or_404(handoff_id)
    if not may_refresh_assessment(handoff):
        abort(403, description="Only the senior who picked this up can refresh its assessment.")
    assess_and_store(handoff.id)
    db.session.refresh(handoff)
    if not request.htmx:
        return redirect(url_for("handoff.context", handoff_id=handoff.id))
    return section(handoff)
