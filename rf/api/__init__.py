"""The read-only JSON API (``/api/v1``) for pilots' own tools, and the page where owners and
admins make and revoke the personal tokens it takes. Bearer tokens only: cookies never
authenticate it, so CSRF has nothing to protect there (and every route is a GET)."""
from flask import Blueprint

bp = Blueprint("api", __name__)


def init_app(app):
    from . import routes, token_pages  # noqa: F401

    app.register_blueprint(bp)
