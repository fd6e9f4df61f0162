"""Small rendering helpers shared by blueprints."""
from flask import current_app, flash, redirect, render_template, request, url_for


def render_toast(message, category="success"):
    """A toast appended to ``#toasts`` out of band, for any HTMX response."""
    return render_template("core/_toast.html", message=message, category=category, oob=True)


def toast_response(message, status, category="error"):
    """The whole answer to an HTMX request is a toast: retarget it to ``#toasts``."""
    return render_toast(message, category), status, {"HX-Retarget": "#toasts", "HX-Reswap": "beforeend"}


def refuse(message, back_to, status=409):
    """A clear refusal of an action the current state doesn't allow: a toast over HTMX,
    otherwise a flash on the page the user came from (``back_to``)."""
    if request.headers.get("HX-Request") == "true":
        return toast_response(message, status)
    flash(message, "error")
    return redirect(back_to)


def external_url(endpoint, **values):
    """An absolute link for emails and chat posts, built against ``RF_BASE_URL`` (they are
    sent from the dispatcher, outside any request)."""
    with current_app.test_request_context(base_url=current_app.config["RF_BASE_URL"]):
        return url_for(endpoint, _external=True, **values)
