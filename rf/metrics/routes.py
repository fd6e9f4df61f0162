"""The metrics page (engineers, admins, owners), its CSV, and the owner's manual baseline."""
import csv
import io
from datetime import date, timedelta

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..core.access import role_required
from ..core.errors import render_error
from ..core.extensions import db
from ..core.models import BaselineMeasurement, utcnow
from ..core.oncall import working_time
from ..core.ratelimit import wait_seconds
from ..core.tenancy import get_or_404, scoped
from . import bp
from .charts import trend_chart
from .forms import BaselineForm
from .queries import computed_apart, run
from .report import DEFINITIONS, PERIODS, first_action_card, report

RATE_WINDOW = timedelta(minutes=1)
CSV_COLUMNS = ("handoff_id", "ticket_number", "client_name", "domain", "priority", "escalated_by", "claimed_by",
               "escalated_at", "claimed_at", "first_action_at", "seconds_to_claim", "seconds_to_first_action",
               "business_seconds_to_claim", "business_seconds_to_first_action")
TIMES_IN_UTC = ("escalated_at", "claimed_at", "first_action_at")  # headed "…_utc" in the file


def chosen_period():
    period = request.args.get("period", "30d")
    if period not in PERIODS:
        abort(400, description=f"Unknown period {period!r}. Choose one of: {', '.join(PERIODS)}.")
    return period


def returning_period():
    """The period to go back to after a baseline change (30 days unless a known one)."""
    period = request.args.get("period")
    return period if period in PERIODS else "30d"


def back_to_baseline():
    return url_for("metrics.page", period=returning_period(), _anchor="baseline")


def rate_limit_message():
    """None while this user may load the metrics again (this load counts), else why not."""
    limit = current_app.config["RF_METRICS_RATE_LIMIT"]
    wait = wait_seconds(current_user.id, "metrics", limit, RATE_WINDOW)
    if wait is None:
        return None
    return wait, f"The metrics can be loaded {limit} times a minute. Try again in {wait} s."


def rate_limited():
    """A 429 page when this user asked for metrics too often, else None."""
    refused = rate_limit_message()
    if refused is None:
        return None
    wait, message = refused
    page, status = render_error(429, message)
    return page, status, {"Retry-After": str(wait)}


def baseline_list():
    return db.session.scalars(scoped(BaselineMeasurement).options(selectinload(BaselineMeasurement.recorded_by))
                              .order_by(BaselineMeasurement.measured_on.desc(), BaselineMeasurement.id.desc())).all()


def render_metrics(period, baseline_form=None, status=200):
    account_id, now = current_user.account_id, utcnow()
    data = computed_apart(report, account_id, period, now)
    form = baseline_form or BaselineForm(formdata=None, measured_on=date.today())
    return render_template("metrics/page.html", m=data, periods=PERIODS, chart=trend_chart(data["weeks"]),
                           definitions=DEFINITIONS,
                           measurements=baseline_list(), baseline_form=form), status


@bp.route("/metrics")
@role_required("engineer")
def page():
    period = chosen_period()
    return rate_limited() or render_metrics(period)


@bp.route("/metrics/card")
@role_required("engineer")
def card():
    """``#queue-metrics`` for the queue page and home: time to first action, last 30 days."""
    group = computed_apart(first_action_card, current_user.account_id, utcnow())
    return render_template("metrics/_queue_card.html", group=group), 200, {"Cache-Control": "private, max-age=60"}


@bp.route("/metrics.csv")
@role_required("engineer")
def export():
    """One row per escalation claimed in the period (the numbers behind the page)."""
    period = chosen_period()
    limited = rate_limited()
    if limited:
        return limited
    account_id, now = current_user.account_id, utcnow()
    rows = computed_apart(lambda connection: run(connection, "escalations", account_id=account_id,
                                                 start=now - timedelta(days=PERIODS[period]), end=now))
    out = io.StringIO()
    out.write("\ufeff")  # a byte order mark, so spreadsheets read the names as UTF-8
    writer = csv.writer(out)
    writer.writerow([f"{column}_utc" if column in TIMES_IN_UTC else column for column in CSV_COLUMNS])
    hours = working_time(account_id)
    for row in rows:
        business = {"business_seconds_to_claim": hours.seconds_within(row["escalated_at"], row["claimed_at"]),
                    "business_seconds_to_first_action": hours.seconds_within(row["claimed_at"],
                                                                             row["first_action_at"])}
        values = {**row, **business}
        writer.writerow([csv_value(values[column]) for column in CSV_COLUMNS])
    filename = f"resolutionflow-escalations-{period}-{now:%Y%m%d}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}"
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="seconds")
    text = str(value)
    # A spreadsheet would run a cell starting with = + - @ as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.route("/metrics/baseline", methods=["POST"])
@role_required("owner")
def add_baseline():
    """Sent back with its errors on the metrics page; past the rate limit, on a page of its
    own (what was typed is never lost to a 429, and the report isn't computed)."""
    form = BaselineForm()
    if not form.validate_on_submit():
        refused = rate_limit_message()
        if refused is None:
            return render_metrics(returning_period(), baseline_form=form, status=422)
        return render_template("metrics/baseline_form.html", baseline_form=form, heading="Add baseline measurement",
                               action=url_for("metrics.add_baseline", period=returning_period()),
                               back=back_to_baseline(),
                               notice=f"{refused[1]} Your measurement is below, as typed."), 422
    db.session.add(BaselineMeasurement(
        account_id=current_user.account_id, label=form.label.data.strip(), seconds=form.seconds,
        measured_on=form.measured_on.data, recorded_by_id=current_user.id))
    db.session.commit()
    flash("Measurement added to the baseline.", "success")
    return redirect(back_to_baseline())


@bp.route("/metrics/baseline/<int:measurement_id>/edit", methods=["GET", "POST"])
@role_required("owner")
def edit_baseline(measurement_id):
    measurement = get_or_404(BaselineMeasurement, measurement_id)
    form = BaselineForm(obj=measurement) if request.method == "GET" else BaselineForm()
    if request.method == "GET":
        form.duration.data = minutes_seconds(measurement.seconds)
    elif form.validate_on_submit():
        measurement.label, measurement.seconds = form.label.data.strip(), form.seconds
        measurement.measured_on = form.measured_on.data
        db.session.commit()
        flash("Measurement saved.", "success")
        return redirect(back_to_baseline())
    status = 422 if form.errors else 200
    return render_template("metrics/baseline_form.html", baseline_form=form, editing=True,
                           heading="Edit baseline measurement",
                           action=url_for("metrics.edit_baseline", measurement_id=measurement.id,
                                          period=returning_period()),
                           back=back_to_baseline(), notice=None), status


@bp.route("/metrics/baseline/<int:measurement_id>/delete", methods=["POST"])
@role_required("owner")
def delete_baseline(measurement_id):
    db.session.delete(get_or_404(BaselineMeasurement, measurement_id))
    db.session.commit()
    flash("Measurement deleted.", "success")
    return redirect(back_to_baseline())


@bp.app_template_filter("minutes_seconds")
def minutes_seconds(seconds):
    """870 as '14:30'."""
    return f"{seconds // 60}:{seconds % 60:02d}"
