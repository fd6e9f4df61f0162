"""``/api/v1``: the metrics, the escalations and their frozen packages, as JSON, for a bearer
token's account only. Every answer that isn't a success is ``{"error": "…"}``."""
from datetime import datetime, timedelta
from functools import wraps
from pathlib import Path

from flask import current_app, g, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core.access import public
from ..core.extensions import db
from ..core.ids import is_id
from ..core.models import Account, Handoff, utcnow
from ..core.ratelimit import wait_seconds
from ..metrics.queries import computed_apart
from ..metrics.report import DEFINITIONS, PERIODS, report
from . import bp
from .tokens import mark_used, token_for

RATE_WINDOW = timedelta(minutes=1)
STATUSES = ("waiting", "claimed")
MAX_ESCALATIONS = 500
OPENAPI = Path(__file__).with_name("openapi.json")


def problem(status, message, headers=None):
    response = jsonify(error=message)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def token_required(scope):
    """The bearer token of the ``Authorization`` header, live and with ``scope``, in ``g.token``;
    else 401 (403 for a missing scope). Cookies are never looked at. Rate-limited per token
    owner like the metrics page (429 with Retry-After)."""
    def decorate(view):
        @public  # not the login of the pages: a token or nothing
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = token_for(request.headers.get("Authorization"))
            if token is None:
                return problem(401, "A valid API token is needed: Authorization: Bearer rf_…",
                               {"WWW-Authenticate": 'Bearer realm="ResolutionFlow"'})
            if scope not in token.scope_list:
                return problem(403, f"This token may not do that: it needs the {scope} scope.")
            wait = wait_seconds(token.user_id, "metrics", current_app.config["RF_METRICS_RATE_LIMIT"], RATE_WINDOW)
            if wait is not None:
                return problem(429, f"Too many requests: try again in {wait} s.", {"Retry-After": str(wait)})
            mark_used(token)
            g.token = token
            return view(*args, **kwargs)
        wrapped.token_auth = True
        return wrapped
    return decorate


def iso(moment):
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def stat(value, definition):
    return {"count": value.n, "average_seconds": value.average, "median_seconds": value.median,
            "p95_seconds": value.p95, "metric_definition": DEFINITIONS[definition][1]}


@bp.route("/api/v1/metrics")
@token_required("metrics:read")
def metrics():
    period = request.args.get("period", "30d")
    if period not in PERIODS:
        return problem(400, f"Unknown period {period!r}. Choose one of: {', '.join(PERIODS)}.")
    m = computed_apart(report, g.token.account_id, period, utcnow())
    overall, recovered = m["overall"], m["recovered"]
    oldest = m["oldest_waiting"]
    return jsonify({
        "account": db.session.get(Account, g.token.account_id).name,
        "period": period, "start": iso(m["start"]), "end": iso(m["end"]),
        "metrics": {
            "picked_up": {"count": overall.claim.n, "metric_definition": DEFINITIONS["counted"][1]},
            "time_to_claim": stat(overall.claim, "time_to_claim"),
            "time_to_first_action": stat(overall.action, "time_to_first_action"),
            "reached_first_action": {"count": overall.action.n, "share": overall.conversion,
                                     "metric_definition": DEFINITIONS["time_to_first_action"][1]},
            "waiting_now": {"count": m["waiting"],
                            "oldest_waited_seconds": (m["end"] - oldest).total_seconds() if oldest else None,
                            "metric_definition": DEFINITIONS["waiting"][1]},
            "baseline": {"count": m["baseline"].n, "median_seconds": m["baseline"].median,
                         "metric_definition": "Stopwatch measurements of escalations handled the old way, ticket "
                                              "opened to first diagnostic action."},
            "minutes_recovered": {
                **({k: recovered[k] for k in ("minutes", "hours_per_week", "hours_per_month", "escalations_per_week",
                                              "escalations_per_month", "measured", "trusted")}
                   if recovered else {"minutes": None}),
                "metric_definition": f"{DEFINITIONS['recovered'][1]} {DEFINITIONS['too_few'][1]}"},
            "statistics": {"metric_definition": DEFINITIONS["statistics"][1]},
        },
    })


def escalation_json(handoff):
    """An escalation with its timing: "waiting", "claimed", or how else it closed
    (withdrawn, resumed, resolved)."""
    claimed = handoff.closed_at if handoff.claimed else None
    acted = handoff.first_action_at
    return {
        "id": handoff.id, "session_id": handoff.session_id, "ticket": handoff.session.ticket_number,
        "client": handoff.session.client_name, "summary": handoff.session.summary, "domain": handoff.session.domain,
        "priority": handoff.priority,
        "status": "waiting" if handoff.is_open else handoff.closed_reason,
        "escalated_by": handoff.created_by.name, "escalated_at": iso(handoff.created_at),
        "claimed_by": handoff.closed_by.name if claimed and handoff.closed_by else None, "claimed_at": iso(claimed),
        "first_action_at": iso(acted),
        "seconds_to_claim": max(0.0, (claimed - handoff.created_at).total_seconds()) if claimed else None,
        "seconds_to_first_action": (acted - claimed).total_seconds() if claimed and acted else None,
    }


@bp.route("/api/v1/escalations")
@token_required("escalations:read")
def escalations():
    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        return problem(400, f"Unknown status {status!r}. Choose one of: {', '.join(STATUSES)}.")
    since = request.args.get("since")
    query = (select(Handoff)
             .options(joinedload(Handoff.session), joinedload(Handoff.created_by), joinedload(Handoff.closed_by))
             .where(Handoff.account_id == g.token.account_id, Handoff.intent == "escalate")
             .order_by(Handoff.created_at.desc(), Handoff.id.desc()).limit(MAX_ESCALATIONS))
    if since:
        try:
            moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            return problem(400, f"since must be a date or time like 2026-12-01T09:00:00Z, not {since!r}.")
        if moment.tzinfo:  # stored as naive UTC
            moment = (moment - moment.utcoffset()).replace(tzinfo=None)
        query = query.where(Handoff.created_at >= moment)
    if status == "waiting":
        query = query.where(Handoff.closed_at.is_(None))
    elif status == "claimed":
        query = query.where(Handoff.closed_reason == "claimed")
    found = db.session.scalars(query).unique().all()
    return jsonify({"escalations": [escalation_json(h) for h in found], "limit": MAX_ESCALATIONS})


@bp.route("/api/v1/escalations/<int:escalation_id>/package")
@token_required("escalations:read")
def package(escalation_id):
    handoff = is_id(escalation_id) and db.session.scalar(select(Handoff).where(
        Handoff.id == escalation_id, Handoff.account_id == g.token.account_id, Handoff.intent == "escalate"))
    if not handoff:
        return problem(404, "No such escalation.")
    return jsonify({"id": handoff.id, "escalated_at": iso(handoff.created_at), "package": handoff.package})


@bp.route("/api/v1/openapi.json")
@public
def openapi():
    return current_app.response_class(OPENAPI.read_text(), mimetype="application/json")
