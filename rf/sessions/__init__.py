"""The tech's troubleshooting workspace and its handoffs: sessions and their step log, park,
escalate, withdraw, pick up, the escalation package and the handoff context. One aggregate:
every state change goes through ``lifecycle``."""
from flask import Blueprint

bp = Blueprint("sessions", __name__)


def init_app(app):
    from ..assess.engine import shown_level
    from . import handoff_routes, pickup_routes, routes, transcript_routes  # noqa: F401
    from .output import cut_note

    app.add_template_filter(shown_level, "confidence_level")
    app.add_template_filter(cut_note, "cut_note")
    app.register_blueprint(bp)
