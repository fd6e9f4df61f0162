"""Home page, health check, error pages, security headers."""
from flask import Blueprint

bp = Blueprint("core", __name__)


def load_views():
    """Import the view modules, which register their routes on ``bp``."""
    from . import routes  # noqa: F401


def init_app(app):
    from . import errors, filters, security

    errors.register(app)
    filters.register(app)
    security.register(app)
