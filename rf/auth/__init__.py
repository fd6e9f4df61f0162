"""Login, logout, invitations and team management."""
from flask import Blueprint

bp = Blueprint("auth", __name__)


def init_app(app):
    from ..core.extensions import login_manager
    from . import routes, team  # noqa: F401

    login_manager.user_loader(load_user)
    app.register_blueprint(bp)


def load_user(token):
    """The signed-in user for a request's login token (``logins.load_user_for``, looked up
    at each call)."""
    from . import logins

    return logins.load_user_for(token)
