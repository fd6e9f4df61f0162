"""Park, escalate, withdraw, and the escalation package."""
from flask import Blueprint

bp = Blueprint("handoff", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import routes  # noqa: F401
