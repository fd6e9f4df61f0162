"""Assessment: likely cause, suggested next steps and a confidence for an escalation, learned
from the same account's resolved sessions (retrieval; an optional LLM comes on top)."""
from flask import Blueprint

bp = Blueprint("assess", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import routes  # noqa: F401
