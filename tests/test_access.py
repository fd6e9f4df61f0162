"""Access rules checked by walking every registered route, so new routes are covered too.

- Another account's object id in any URL answers 404 and changes nothing.
- Routes marked ``role_required`` answer 403 to every lower role.
- Viewers can't make state changes anywhere (except logging out).
- Anonymous visitors are sent to log in everywhere but on public routes.
"""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from rf.api.tokens import make_token
from rf.core.extensions import db
from rf.core.models import (
    API_SCOPES,
    ApiToken,
    BaselineMeasurement,
    Delivery,
    Holiday,
    Invite,
    OnCallOverride,
    TroubleshootingSession,
    User,
    utcnow,
)

from .factories import make_account, make_escalation, make_invite, make_session, make_user
from .helpers import login

# Form fields a hostile request might send along; valid enough to get past form checks.
HOSTILE_FORM = {"role": "viewer", "tried": "x", "result": "info", "reason": "x", "priority": "low",
                "note": "x", "resolution": "x", "label": "x", "duration": "5", "measured_on": "2026-11-01"}

SKIPPED_ENDPOINTS = {"static"}
# Route arguments that are not object ids: the invite token is itself the secret (a capability).
NON_ID_ARGUMENTS = {"token": "other-token", "extension": "md"}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, view, method


def build(app, rule, values):
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


@pytest.fixture
def other_account(app):
    """A second MSP with one object of every account-owned kind; its ids go in the URLs."""
    account = make_account("Other MSP")
    owner = make_user(account, "owner", email="owner@other.test")
    member = make_user(account, "engineer", email="member@other.test")
    invite = make_invite(account, owner, email="pending@other.test", token="other-token")
    session = make_session(account, member)
    handoff = make_escalation(session, member)
    delivery = failed_delivery(handoff)
    measurement = baseline_measurement(account, owner)
    token, _ = make_token(owner, "Other's dashboard", API_SCOPES)
    holiday, cover = on_call_objects(account, member)
    db.session.commit()
    return {"user_id": member.id, "invite_id": invite.id, "session_id": session.id,
            "handoff_id": handoff.id, "escalation_id": handoff.id, "delivery_id": delivery.id,
            "measurement_id": measurement.id, "token_id": token.id, "_token": token,
            "holiday_id": holiday.id, "override_id": cover.id, "_holiday": holiday, "_cover": cover,
            "_member": member, "_invite": invite, "_session": session, "_delivery": delivery,
            "_measurement": measurement}


def on_call_objects(account, senior):
    """A holiday and a one-off cover of ``account``."""
    holiday = Holiday(account_id=account.id, day=date(2026, 12, 25), name="Christmas Day")
    cover = OnCallOverride(account_id=account.id, user_id=senior.id, starts_at=datetime(2026, 12, 12, 9),
                           ends_at=datetime(2026, 12, 13, 9))
    db.session.add_all([holiday, cover])
    db.session.flush()
    return holiday, cover


def baseline_measurement(account, owner):
    measurement = BaselineMeasurement(account_id=account.id, label="#1 old way", seconds=1800,
                                      measured_on=utcnow().date(), recorded_by_id=owner.id)
    db.session.add(measurement)
    db.session.commit()
    return measurement


def failed_delivery(handoff):
    """The escalation's email to a senior, failed (so "Retry" would change it)."""
    delivery = db.session.scalar(select(Delivery).where(Delivery.handoff_id == handoff.id))
    delivery.status, delivery.attempts, delivery.last_error = "failed", 6, "550 no such mailbox"
    db.session.commit()
    return delivery


def test_other_accounts_objects_answer_404_on_every_route(app, acme, owner_client, other_account):
    """With the account's owner logged in, and for the API with the owner's token."""
    _, token = make_token(acme[1]["owner"], "Our dashboard", API_SCOPES)
    db.session.commit()
    checked = 0
    for rule, _view, method in routes(app):
        id_arguments = rule.arguments - NON_ID_ARGUMENTS.keys()
        if not id_arguments:
            continue
        missing = id_arguments - other_account.keys()
        assert not missing, (f"{rule.rule} takes {missing}: add an object of that kind to the "
                             "other_account fixture so the walker can check it")
        url = build(app, rule, {name: {**NON_ID_ARGUMENTS, **other_account}[name] for name in rule.arguments})
        headers = {"Authorization": f"Bearer {token}"} if getattr(_view, "token_auth", False) else {}
        response = owner_client.open(url, method=method, data=HOSTILE_FORM, headers=headers)
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
        checked += 1
    assert checked >= 12  # the walker really walked the team, session and handoff routes
    member = db.session.get(User, other_account["_member"].id)
    assert (member.role, member.active) == ("engineer", True)
    invite = db.session.get(Invite, other_account["_invite"].id)
    assert invite.revoked_at is None and invite.accepted_at is None
    session = db.session.get(TroubleshootingSession, other_account["_session"].id)
    assert (session.status, len(session.steps), len(session.handoffs)) == ("escalated", 1, 1)
    assert db.session.get(Delivery, other_account["_delivery"].id).status == "failed"
    assert db.session.get(BaselineMeasurement, other_account["_measurement"].id).seconds == 1800
    assert db.session.get(ApiToken, other_account["_token"].id).revoked_at is None
    assert db.session.get(Holiday, other_account["_holiday"].id) is not None
    assert db.session.get(OnCallOverride, other_account["_cover"].id) is not None


def own_ids(acme):
    account, users = acme
    invite = make_invite(account, users["owner"], email="own@acme.test", token="own-token")
    session = make_session(account, users["engineer"])
    handoff = make_escalation(session, users["engineer"])
    token, _ = make_token(users["owner"], "Own dashboard", API_SCOPES)
    holiday, cover = on_call_objects(account, users["engineer"])
    db.session.commit()
    return {"user_id": users["engineer"].id, "holiday_id": holiday.id, "override_id": cover.id,
            "invite_id": invite.id, "token": "own-token",
            "session_id": session.id, "handoff_id": handoff.id, "escalation_id": handoff.id, "extension": "md",
            "token_id": token.id,
            "delivery_id": failed_delivery(handoff).id,
            "measurement_id": baseline_measurement(account, users["owner"]).id}


# Who may use each route, written out: a route that loses its ``role_required`` (or a new
# one without it) fails the test below instead of quietly opening to every member.
# "member": any logged-in user, viewers included; "public": no login.
MINIMUM_ROLE = {
    "auth.login": "public", "auth.accept_invite": "public", "home.healthz": "public",
    "auth.forgot_password": "public", "auth.reset_password": "public", "auth.force_password_reset": "admin",
    "auth.change_password": "member",
    "home.first_run_mail_test": "admin",
    "home.page": "member", "auth.logout": "member", "sessions.index": "member", "sessions.show": "member",
    "sessions.context": "member", "sessions.download_package": "member", "sessions.assessment": "member",
    "sessions.export_texts": "member",
    "notify.settings": "member",
    "sessions.new": "engineer", "sessions.add_step": "engineer",
    "sessions.paste_transcript": "engineer", "sessions.resolve": "engineer",
    "sessions.escalate": "engineer", "sessions.park": "engineer", "sessions.resume": "engineer",
    "sessions.withdraw": "engineer", "sessions.claim": "engineer", "sessions.refresh_assessment": "engineer",
    "queue.page": "engineer", "queue.poll": "engineer", "queue.dismiss": "engineer", "queue.on_call_line": "engineer",
    "metrics.page": "engineer", "metrics.card": "engineer", "metrics.export": "engineer",
    "notify.save_email_preference": "engineer",
    "auth.team": "admin", "auth.invite": "admin", "auth.invites": "admin", "auth.revoke_invite": "admin",
    "auth.change_role": "admin", "auth.deactivate": "admin", "auth.reactivate": "admin",
    "notify.log": "admin", "notify.retry": "admin", "notify.save_webhook": "admin", "notify.test_webhook": "admin",
    "notify.rotate_webhook_secret": "admin", "notify.delete_webhook": "admin",
    "notify.on_call": "admin", "notify.save_ladder": "admin", "notify.save_hours": "admin",
    "notify.add_holiday": "admin", "notify.delete_holiday": "admin", "notify.save_rotation": "admin",
    "notify.add_override": "admin", "notify.delete_override": "admin",
    "api.tokens": "admin", "api.create_token": "admin", "api.revoke_token": "admin",
    "api.openapi": "public", "api.metrics": "token", "api.escalations": "token", "api.package": "token",
    "auth.transfer_ownership": "owner", "metrics.add_baseline": "owner", "metrics.edit_baseline": "owner",
    "metrics.delete_baseline": "owner",
}


def test_every_route_has_the_role_rule_written_down_for_it(app):
    found = {}
    for endpoint, view in app.view_functions.items():
        if endpoint in SKIPPED_ENDPOINTS:
            continue
        found[endpoint] = ("token" if getattr(view, "token_auth", False) else getattr(view, "required_role", None)
                           or ("public" if getattr(view, "is_public", False) else "member"))
    assert found == MINIMUM_ROLE


def test_role_required_routes_refuse_lower_roles(app, acme):
    ids = own_ids(acme)
    ranks = ["viewer", "engineer", "admin", "owner"]
    checked = 0
    for rule, view, method in routes(app):
        required = getattr(view, "required_role", None)
        if required is None:
            continue
        url = build(app, rule, {name: ids[name] for name in rule.arguments})
        for role in ranks[:ranks.index(required)]:
            browser = app.test_client()
            login(browser, acme[1][role])
            response = browser.open(url, method=method)
            assert response.status_code == 403, f"{role} {method} {url} answered {response.status_code}"
            checked += 1
    assert checked >= 10
    assert db.session.get(User, acme[1]["engineer"].id).active


def test_viewers_cannot_change_anything(app, acme):
    ids = own_ids(acme)
    viewer = app.test_client()
    login(viewer, acme[1]["viewer"])
    for rule, view, method in routes(app):
        if method == "GET" or getattr(view, "is_public", False) or getattr(view, "viewer_may_post", False):
            continue
        url = build(app, rule, {name: ids[name] for name in rule.arguments})
        response = viewer.open(url, method=method)
        assert response.status_code == 403, f"viewer {method} {url} answered {response.status_code}"


def test_anonymous_visitors_are_sent_to_log_in(app, acme):
    ids = own_ids(acme)
    anonymous = app.test_client()
    for rule, view, method in routes(app):
        if getattr(view, "is_public", False):
            continue
        url = build(app, rule, {name: ids[name] for name in rule.arguments})
        response = anonymous.open(url, method=method)
        assert response.status_code == 302, f"{method} {url} answered {response.status_code}"
        assert response.headers["Location"].startswith("/login")


def test_public_routes_are_the_expected_few(app):
    public = {rule.rule for rule, view, _ in routes(app)
              if getattr(view, "is_public", False) and not getattr(view, "token_auth", False)}
    assert public == {"/login", "/invite/<token>", "/healthz", "/password/forgot", "/password/reset/<token>",
                      "/api/v1/openapi.json"}


def test_tenancy_helper_refuses_models_without_an_account(app):
    from rf.core.models import LoginAttempt
    from rf.core.tenancy import scoped

    with pytest.raises(TypeError):
        scoped(LoginAttempt, account_id=1)
    other = make_account("Somewhere")
    make_user(other, "engineer", email="x@somewhere.test")
    assert db.session.scalars(scoped(User, account_id=other.id + 1000)).all() == []
    assert [u.email for u in db.session.scalars(scoped(User, account_id=other.id))] == ["x@somewhere.test"]
    assert db.session.scalar(select(User.email)) == "x@somewhere.test"


def test_ids_beyond_the_id_columns_are_not_found_on_both_engines(app, acme, owner_client, other_account):
    """SQLite overflowed on ids past 64 bits (a 500); every id route says 404 instead."""
    _, token = make_token(acme[1]["owner"], "Our dashboard", API_SCOPES)
    db.session.commit()
    checked = 0
    for rule, _view, method in routes(app):
        id_arguments = rule.arguments - NON_ID_ARGUMENTS.keys()
        if not id_arguments:
            continue
        for huge in (2**31, 2**63, 10**30):
            url = build(app, rule, {name: NON_ID_ARGUMENTS.get(name, huge) for name in rule.arguments})
            headers = {"Authorization": f"Bearer {token}"} if getattr(_view, "token_auth", False) else {}
            response = owner_client.open(url, method=method, data=HOSTILE_FORM, headers=headers)
            assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
            checked += 1
    assert checked >= 3 * 18
    for before in (2**63, 10**30, -1):
        assert owner_client.get(f"/notifications?before={before}").status_code == 200
