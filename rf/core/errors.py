"""Error pages inside the layout; HTMX requests get the message as a toast instead."""
import logging

from flask import g, make_response, render_template, request, url_for
from flask_login import AnonymousUserMixin, current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .transactions import saved_this_request
from .ui import htmx_or_redirect, toast_response

log = logging.getLogger(__name__)

TITLES = {
    400: "That request didn't look right",
    403: "You don't have access to this",
    404: "Page not found",
    405: "That action isn't available here",
    410: "This link no longer works",
    413: "That was too large",
    429: "Slow down a little",
    500: "Something went wrong on our side",
    503: "ResolutionFlow is busy",
}
UNREACHABLE_TITLE = "ResolutionFlow can't reach its database"
DEFAULT_MESSAGES = {
    403: "Your role doesn't allow this. Ask an admin if you need access.",
    404: "There's nothing here. It may have been removed, or the link may be mistyped.",
    413: "The data you sent is larger than ResolutionFlow accepts. Shorten it and try again.",
    500: "The error has been logged. Try again in a moment; if it keeps happening, tell your admin.",
}
BUSY_MESSAGE = "Too many requests are being answered right now. Try again in a few seconds."
UNREACHABLE_MESSAGE = ("ResolutionFlow lost its connection to the database, so nothing was changed. "
                       "Try again in a moment; if it keeps happening, tell your admin.")
SAVED_MESSAGE = ("Saved. The connection to the database dropped just after, so this page may not show "
                 "it yet: reload in a moment.")
CSRF_MESSAGE = ("Its security token didn't match, so nothing was changed. This happens when "
                "a page was opened before you last logged in. Go back, reload the page and "
                "submit once more.")


def render_error(status, message, back_url=None, title=None):
    if request.htmx:
        return toast_response(message, status)
    return render_template("errors/error.html", status=status, title=title or TITLES.get(status, "Error"),
                           message=message, back_url=back_url), status


def same_site_referrer():
    """The page the user came from, when it is one of ours (to offer "Go back")."""
    referrer = request.referrer or ""
    return referrer if referrer.startswith(request.host_url) else None


def handle_http_error(error):
    message = DEFAULT_MESSAGES.get(error.code)
    if error.description and error.description != type(error).description:
        message = error.description  # a message written for this case by abort(…, description=…)
    return render_error(error.code, message or error.description)


def handle_csrf_error(_error):
    return render_error(400, CSRF_MESSAGE, back_url=same_site_referrer(), title="That form had expired")


def handle_server_error(error):
    db.session.rollback()
    try:
        _ = current_user.is_authenticated  # loads the user now, while we can still recover
    except Exception:  # the database itself is failing: show the page signed-out
        db.session.rollback()
        g._login_user = AnonymousUserMixin()
    return render_error(500, DEFAULT_MESSAGES[500])


def come_back_later(message, title=None):
    """A 503 that says when to try again, drawn signed-out: loading the user would need the
    database, which is what failed."""
    db.session.rollback()
    g._login_user = AnonymousUserMixin()
    response = make_response(render_error(503, message, title=title))
    response.headers["Retry-After"] = "5"
    return response


def handle_busy(_error):
    """Every database connection of this worker was in use for the pool's whole timeout (a
    burst of requests, a flood): shed the request with a 503 that says to come back, rather
    than a 500."""
    return come_back_later(BUSY_MESSAGE)


def handle_database_error(error):
    """The database failed during a request. If the request's write had already committed,
    the answer says it was saved: telling the user to try again would do it twice. A lost
    connection before that changed nothing, and says so; anything else is a bug (500)."""
    if saved_this_request():
        log.warning("%s %s: saved, then the database failed: %s", request.method, request.path, error.orig)
        db.session.rollback()
        return htmx_or_redirect(same_site_referrer() or url_for("home.page"), message=SAVED_MESSAGE)
    if isinstance(error, (OperationalError, InterfaceError)):
        log.warning("%s %s: the database failed, nothing was saved: %s", request.method, request.path, error.orig)
        return come_back_later(UNREACHABLE_MESSAGE, title=UNREACHABLE_TITLE)
    log.exception("%s %s failed", request.method, request.path)
    return handle_server_error(error)


def register(app):
    app.register_error_handler(PoolTimeout, handle_busy)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
