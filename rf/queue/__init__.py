"""The live escalation queue: events, per-worker wake-ups and the long-poll."""
from flask import Blueprint

bp = Blueprint("queue", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import routes  # noqa: F401
