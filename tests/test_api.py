"""The read-only JSON API and its tokens: made on a page and shown once, stored hashed,
revocable; a bearer token only (never a cookie), with scopes; the figures the page and the
CSV show; another account's escalation is a 404; rate-limited like the page; described by an
OpenAPI 3.1 document that validates."""
import csv
import io
import json
import re
import statistics
from datetime import timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from rf.api.tokens import digest, make_token
from rf.core.extensions import db
from rf.core.filters import duration
from rf.core.models import API_SCOPES, ApiToken, utcnow

from .factories import make_account, make_escalation, make_session, make_user
from .helpers import client_for
from .test_metrics import escalation as escalation_at


def escalation(*args, **kwargs):
    return escalation_at(*args, now=utcnow(), **kwargs)


def token_for(user, scopes=tuple(API_SCOPES)):
    _, token = make_token(user, "Dashboard", scopes)
    db.session.commit()
    return token


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_an_admin_makes_a_token_that_is_shown_once_and_stored_hashed(app, acme):
    admin = client_for(app, acme[1]["admin"])
    made = admin.post("/settings/api-tokens", data={"name": "Power BI", "scopes": ["metrics:read"]})
    page = made.get_data(as_text=True)
    token = re.search(r'id="new-token-value"[^>]*value="(rf_[^"]+)"', page).group(1)
    assert "This is the only time it is shown" in page
    row = db.session.scalar(select(ApiToken))
    assert (row.name, row.scopes, row.user_id) == ("Power BI", "metrics:read", acme[1]["admin"].id)
    assert row.token_hash == digest(token) and token not in json.dumps([row.token_hash, row.prefix, row.name])
    again = admin.get("/settings/api-tokens").get_data(as_text=True)
    assert token not in again and row.prefix in again and "Never" in again
    assert client_for(app, acme[1]["owner"]).get("/api/v1/metrics", headers=bearer(token)).status_code == 200
    assert "Never" not in admin.get("/settings/api-tokens").get_data(as_text=True)  # last used: just now


def test_a_token_form_with_errors_keeps_what_was_typed(app, acme):
    admin = client_for(app, acme[1]["admin"])
    answer = admin.post("/settings/api-tokens", data={"name": "Grafana"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Choose at least one thing it may read." in page
    assert 'value="Grafana"' in page and db.session.scalar(select(ApiToken)) is None


def test_only_a_valid_live_bearer_token_is_let_in(app, acme):
    account, users = acme
    token = token_for(users["owner"])
    owner_browser = client_for(app, users["owner"])  # logged in: its cookie must not count
    for headers in ({}, {"Authorization": "Bearer rf_not-a-token"}, {"Authorization": f"Basic {token}"},
                    {"Authorization": token}):
        answer = owner_browser.get("/api/v1/metrics", headers=headers)
        assert answer.status_code == 401 and answer.is_json and "A valid API token is needed" in answer.json["error"]
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert owner_browser.get("/api/v1/metrics", headers=bearer(token)).status_code == 200

    row = db.session.scalar(select(ApiToken))
    owner_browser.post(f"/settings/api-tokens/{row.id}/revoke")
    assert db.session.get(ApiToken, row.id).revoked_at is not None
    assert app.test_client().get("/api/v1/metrics", headers=bearer(token)).status_code == 401

    admins = token_for(users["admin"])
    users["admin"].role = "engineer"  # no longer an admin: their tokens stop working
    db.session.commit()
    assert app.test_client().get("/api/v1/metrics", headers=bearer(admins)).status_code == 401


def test_scopes_limit_what_a_token_reads(app, acme):
    metrics_only = token_for(acme[1]["owner"], ["metrics:read"])
    client = app.test_client()
    assert client.get("/api/v1/metrics", headers=bearer(metrics_only)).status_code == 200
    refused = client.get("/api/v1/escalations", headers=bearer(metrics_only))
    assert refused.status_code == 403 and "escalations:read" in refused.json["error"]


def test_the_apis_figures_are_the_pages_and_the_csvs(app, acme):
    account, users = acme
    for to_claim, to_action in ((60, 300), (120, 420), (600, None), (30, 90), (240, 600)):
        escalation(account, users["engineer"], users["admin"], to_claim=to_claim, to_action=to_action)
    escalation(account, users["engineer"])  # waiting
    api = app.test_client().get("/api/v1/metrics?period=30d", headers=bearer(token_for(users["owner"]))).json
    owner = client_for(app, users["owner"])
    exported = owner.get("/metrics.csv?period=30d").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported)))
    page = owner.get("/metrics?period=30d").get_data(as_text=True)

    claim, action = api["metrics"]["time_to_claim"], api["metrics"]["time_to_first_action"]
    to_claim = [float(row["seconds_to_claim"]) for row in rows]
    to_action = [float(row["seconds_to_first_action"]) for row in rows if row["seconds_to_first_action"]]
    assert claim["count"] == len(to_claim) == 5 and claim["median_seconds"] == statistics.median(to_claim)
    assert claim["average_seconds"] == pytest.approx(statistics.mean(to_claim))
    assert action["count"] == len(to_action) == 4 and action["median_seconds"] == statistics.median(to_action)
    assert api["metrics"]["reached_first_action"] == {**api["metrics"]["reached_first_action"], "count": 4,
                                                      "share": 0.8}
    assert api["metrics"]["waiting_now"]["count"] == 1 and api["metrics"]["picked_up"]["count"] == 5
    for figure in (claim["median_seconds"], action["median_seconds"], claim["p95_seconds"]):
        assert duration(figure) in page
    assert all(metric["metric_definition"] for name, metric in api["metrics"].items())
    assert api["metrics"]["minutes_recovered"]["minutes"] is None  # no baseline: no savings, as on the page


def test_escalations_with_their_timing_and_packages_of_this_account_only(app, acme):
    account, users = acme
    waiting = make_escalation(make_session(account, users["engineer"], summary="VPN drops"), users["engineer"])
    escalation(account, users["engineer"], users["admin"], to_claim=90, to_action=30,
               escalated_ago=timedelta(days=3))
    other = make_account("Other MSP")
    theirs = make_escalation(make_session(other, make_user(other, "engineer", email="e@other.test")),
                             db.session.scalar(select(type(users["engineer"])).where(
                                 type(users["engineer"]).email == "e@other.test")))
    client, headers = app.test_client(), bearer(token_for(users["owner"]))

    everything = client.get("/api/v1/escalations", headers=headers).json["escalations"]
    assert [e["status"] for e in everything] == ["waiting", "claimed"]  # newest first, this account's only
    claimed = everything[1]
    assert (claimed["seconds_to_claim"], claimed["seconds_to_first_action"]) == (90, 30)
    assert claimed["claimed_by"] == users["admin"].name and claimed["claimed_at"].endswith("Z")
    assert [e["id"] for e in client.get("/api/v1/escalations?status=waiting", headers=headers).json[
        "escalations"]] == [waiting.id]
    assert [e["status"] for e in client.get("/api/v1/escalations?status=claimed", headers=headers).json[
        "escalations"]] == ["claimed"]
    since = (utcnow() - timedelta(days=1)).isoformat() + "Z"
    assert [e["id"] for e in client.get(f"/api/v1/escalations?since={since}", headers=headers).json[
        "escalations"]] == [waiting.id]
    bad = client.get("/api/v1/escalations?since=yesterday", headers=headers)
    assert bad.status_code == 400 and "since must be" in bad.json["error"]
    assert client.get("/api/v1/escalations?status=open", headers=headers).status_code == 400

    package = client.get(f"/api/v1/escalations/{waiting.id}/package", headers=headers)
    assert package.status_code == 200 and package.json["package"] == waiting.package
    assert package.json["package"]["summary"] == "VPN drops"
    missing = client.get(f"/api/v1/escalations/{theirs.id}/package", headers=headers)
    assert missing.status_code == 404 and missing.json == {"error": "No such escalation."}


def test_the_api_is_rate_limited_like_the_page(app, acme):
    app.config["RF_METRICS_RATE_LIMIT"] = 2
    client, headers = app.test_client(), bearer(token_for(acme[1]["owner"]))
    assert [client.get("/api/v1/metrics", headers=headers).status_code for _ in range(2)] == [200, 200]
    limited = client.get("/api/v1/escalations", headers=headers)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert "Too many requests" in limited.json["error"]


def test_the_openapi_document_is_valid_and_describes_every_api_route(app):
    answer = app.test_client().get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    document = answer.json
    validate(document)
    assert document["openapi"].startswith("3.1")
    routes = {re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/")}
    assert routes == set(document["paths"])
