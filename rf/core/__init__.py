"""Home page, health check, error pages, security headers."""
from flask import Blueprint

bp = Blueprint("core", __name__)

from . import routes  # noqa: E402,F401


def init_app(app):
    from . import errors, security

    errors.register(app)
    security.register(app)
