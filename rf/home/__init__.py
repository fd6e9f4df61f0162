"""The home page and the health check: part of the composition layer (it shows what
several features have), so it may import any of them."""
from flask import Blueprint

bp = Blueprint("home", __name__)


def init_app(app):
    from . import routes  # noqa: F401

    app.register_blueprint(bp)
