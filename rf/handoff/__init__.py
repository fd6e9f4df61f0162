"""Park, escalate, withdraw, pick up, the escalation package and the handoff context."""
from flask import Blueprint

bp = Blueprint("handoff", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import pickup, routes  # noqa: F401
