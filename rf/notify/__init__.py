"""Notifications that are never lost: an outbox written with the escalation, and a
dispatcher that sends it after commit, retries, and records how each delivery ended;
the settings and delivery log pages."""
from flask import Blueprint

bp = Blueprint("notify", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import routes  # noqa: F401
