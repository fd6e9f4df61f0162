"""Owner metrics: time to claim and to first action in plain SQL, the manual baseline, the
printable report and its CSV."""
from flask import Blueprint

bp = Blueprint("metrics", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import routes  # noqa: F401
