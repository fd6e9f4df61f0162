"""Login, logout, invitations and team management."""
from flask import Blueprint

bp = Blueprint("auth", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import routes, team  # noqa: F401
