"""The live escalation queue: events, per-worker wake-ups and the long-poll."""
from flask import Blueprint

bp = Blueprint("queue", __name__)


def init_app(app):
    from . import routes  # noqa: F401

    app.register_blueprint(bp)
