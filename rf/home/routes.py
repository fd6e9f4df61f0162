"""The home page (what is waiting for me) and the health check."""
from flask import jsonify, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select, text

from ..core.access import public, role_required
from ..core.extensions import db
from ..core.models import User
from ..core.tenancy import scoped
from ..core.ui import htmx_or_redirect
from ..queue.queries import waiting_count
from ..sessions.queries import session_list
from . import bp
from .first_run import checklist, send_test_email_to, still_to_do


@bp.route("/")
def page():
    member_count = db.session.scalar(
        select(func.count()).select_from(scoped(User).where(User.active.is_(True)).subquery()))
    my_sessions = db.session.scalars(session_list("mine", current_user).limit(8)).all()
    waiting = waiting_count(current_user.account_id) if current_user.has_role("engineer") else None
    first_run = checklist(current_user.account) if current_user.can_manage_team else None
    return render_template("home/page.html", member_count=member_count, user=current_user,
                           my_sessions=my_sessions, waiting=waiting,
                           first_run=first_run if first_run and still_to_do(first_run) else None)


@bp.route("/first-run/mail-test", methods=["POST"])
@role_required("admin")
def first_run_mail_test():
    """The checklist's "Send test email": to the owner or admin who pressed it, now; the
    checklist comes back with the result (``#first-run`` over HTMX)."""
    sent, result = send_test_email_to(current_user)
    category = "success" if sent else "error"
    return htmx_or_redirect(
        url_for("home.page"),
        lambda: render_template("home/_first_run.html", items=checklist(current_user.account), result=result,
                                category=category),
        message=result, category=category, toast=False)


@bp.route("/healthz")
@public
def healthz():
    """Liveness for load balancers and monitors: the app answers and the database does too."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # any failure to reach the database is reported, not raised
        db.session.rollback()
        database = f"error: {exc.__class__.__name__}"
    status = 200 if database == "ok" else 503
    return jsonify(app="ok", database=database), status
