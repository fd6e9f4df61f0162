"""Small rendering helpers shared by blueprints."""
from flask import render_template


def render_toast(message, category="success"):
    """A toast appended to ``#toasts`` out of band, for any HTMX response."""
    return render_template("core/_toast.html", message=message, category=category, oob=True)
