"""Who may reach a view: login by default, roles by decorator, viewers read-only.

Rules live on the view function as attributes so the test suite can walk every
registered route and check them without a list to keep in sync.
"""
from functools import wraps

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from .extensions import login_manager

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def public(view):
    """Reachable without logging in."""
    view.is_public = True
    return view


def viewer_may_post(view):
    """A state change that viewers may also make (e.g. logging out)."""
    view.viewer_may_post = True
    return view


def role_required(minimum, denied=None):
    """Only users with role ``minimum`` or above; others get 403 saying ``denied`` (by
    default what that role is for)."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.has_role(minimum):
                abort(403, description=denied or ROLE_DENIED[minimum])
            return view(*args, **kwargs)

        wrapped.required_role = minimum
        return wrapped

    return decorate


ROLE_DENIED = {
    "engineer": "Viewers have read-only access. Ask an admin if you need to make changes.",
    "admin": "Only admins and owners can manage the team.",
    "owner": "Only the account owner can do that.",
}


def require_login():
    """Runs before every request: anonymous users go to the login page, viewers can't write."""
    view = current_app.view_functions.get(request.endpoint)
    if view is None or request.endpoint == "static" or getattr(view, "is_public", False):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if (request.method not in SAFE_METHODS and current_user.role == "viewer"
            and not getattr(view, "viewer_may_post", False)):
        abort(403, description=ROLE_DENIED["engineer"])
    return None


@login_manager.unauthorized_handler
def send_to_login():
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    login_url = url_for("auth.login", next=target if target and target != "/" else None)
    if request.htmx:
        return "", 401, {"HX-Redirect": login_url}
    return redirect(login_url)
