"""The tech's troubleshooting workspace and its handoffs: sessions and their step log, park,
escalate, withdraw, pick up, the escalation package and the handoff context. One aggregate:
every state change goes through ``lifecycle``."""
from flask import Blueprint

bp = Blueprint("sessions", __name__)


def init_app(app):
    from . import handoff_routes, pickup_routes, routes  # noqa: F401

    app.register_blueprint(bp)
