"""Owner metrics: time to claim and to first action in plain SQL, the manual baseline, the
printable report and its CSV."""
from flask import Blueprint

bp = Blueprint("metrics", __name__)


def init_app(app):
    from . import routes  # noqa: F401
    from .charts import week_label
    from .report import hours_phrase

    app.add_template_filter(week_label)
    app.add_template_filter(hours_phrase)
    app.register_blueprint(bp)
