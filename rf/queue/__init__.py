"""The live escalation queue: events, per-worker wake-ups and the long-poll."""
from flask import Blueprint

bp = Blueprint("queue", __name__)


def init_app(app):
    from . import routes
    from .fast_poll import FastPoll

    app.register_blueprint(bp)
    app.add_template_global(routes.queue_nav)
    (poll_rule,) = app.url_map.iter_rules("queue.poll")
    app.wsgi_app = FastPoll(app, app.wsgi_app, poll_rule.rule)
