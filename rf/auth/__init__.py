"""Login, logout, invitations and team management."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes, team  # noqa: E402,F401  (routes register on bp)
