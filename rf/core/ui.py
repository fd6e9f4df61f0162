"""Rendering helpers every feature shares: toasts and the answer to a state change."""
from flask import current_app, flash, redirect, render_template, request, url_for


def render_toast(message, category="success"):
    """A toast appended to ``#toasts`` out of band, for any HTMX response."""
    return render_template("core/_toast.html", message=message, category=category, oob=True)


def toast_response(message, status, category="error"):
    """The whole answer to an HTMX request is a toast: retarget it to ``#toasts``."""
    return render_toast(message, category), status, {"HX-Retarget": "#toasts", "HX-Reswap": "beforeend"}


def htmx_or_redirect(back_to, *fragments, message=None, category="success", status=200, toast=True, headers=None):
    """The answer to a state change, made once for every feature.

    Over HTMX: the fragments it changed (callables returning HTML, rendered only here) and
    ``message`` as a toast (unless ``toast`` is False: a fragment that says it itself); with
    no fragments, the toast alone, retargeted to ``#toasts``. As a plain form post:
    ``message`` flashed on the page at ``back_to``, which the browser is redirected to.
    ``headers`` go with the HTMX answer (e.g. ``HX-Reswap: none`` when only out-of-band
    fragments change the page)."""
    if not request.htmx:
        if message:
            flash(message, category)
        return redirect(back_to)
    if not fragments:
        return toast_response(message, status, category)
    html = "".join(render() for render in fragments)
    if message and toast:
        html += render_toast(message, category)
    return html, status, headers or {}


def refuse(message, back_to, status=409):
    """A clear refusal of an action the current state doesn't allow: a toast over HTMX,
    otherwise a flash on the page the user came from (``back_to``)."""
    return htmx_or_redirect(back_to, message=message, category="error", status=status)


def external_url(endpoint, **values):
    """An absolute link for emails and chat posts, built against ``RF_BASE_URL`` (they are
    sent from the dispatcher, outside any request)."""
    with current_app.test_request_context(base_url=current_app.config["RF_BASE_URL"]):
        return url_for(endpoint, _external=True, **values)
