"""The live escalation queue: events, per-worker wake-ups and the long-poll."""
from flask import Blueprint

bp = Blueprint("queue", __name__)


def init_app(app):
    from . import routes

    app.register_blueprint(bp)
    app.add_template_global(routes.queue_nav)
