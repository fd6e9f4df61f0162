"""Notifications that are never lost: an outbox written with the escalation, and a
dispatcher that sends it after commit, retries, and records how each delivery ended;
the settings and delivery log pages."""
from flask import Blueprint

bp = Blueprint("notify", __name__)


def init_app(app):
    from . import on_call_routes, routes  # noqa: F401
    from .webhook import masked

    app.add_template_filter(masked, "mask_url")
    app.register_blueprint(bp)
