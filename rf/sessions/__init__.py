"""The tech's troubleshooting workspace: sessions and their step log."""
from flask import Blueprint

bp = Blueprint("sessions", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import routes  # noqa: F401
