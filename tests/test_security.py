"""Security baseline: headers, cookies, CSRF (all day long), login throttling across servers."""
import re
import time

import pytest

from .factories import PASSWORD, make_account, make_user
from .helpers import HX, login
from .http import HttpClient


def test_security_headers_and_strict_csp(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # only behind https


def test_pages_have_no_inline_scripts_and_configure_htmx_for_csp(owner_client):
    page = owner_client.get("/team").get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page
    assert '"selfRequestsOnly": true' in page
    assert re.search(r"htmx-2\.0\.\d+\.min\.js", page)


def test_session_cookie_flags(client, acme):
    set_cookie = login(client, acme[1]["owner"]).headers["Set-Cookie"]
    assert set_cookie.startswith("rf_session=")
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Secure" not in set_cookie


def test_secure_cookie_and_hsts_when_served_over_https(database_url, tmp_path):
    from rf import create_app
    from rf.core.config import TestConfig

    config = TestConfig(str(tmp_path), environ={"RF_SECRET_KEY": "x" * 32, "RF_BASE_URL": "https://rf.example.com"},
                        database_url=database_url)
    app = create_app(config)
    response = app.test_client().get("/login", base_url="https://rf.example.com")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    set_cookie = response.headers["Set-Cookie"]
    assert set_cookie.startswith("rf_session=")
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def csrf_token_from(page):
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def test_every_post_form_carries_a_csrf_token(csrf_app, acme):
    from .factories import make_escalation, make_session

    active = make_session(acme[0], acme[1]["owner"])
    escalated = make_session(acme[0], acme[1]["owner"])
    make_escalation(escalated, acme[1]["owner"])
    browser = csrf_app.test_client()
    token = csrf_token_from(browser.get("/login").get_data(as_text=True))
    browser.post("/login", data={"email": "owner@acme.test", "password": PASSWORD, "csrf_token": token})
    for path in ("/", "/team", "/sessions/new", f"/sessions/{active.id}", f"/sessions/{escalated.id}",
                 f"/sessions/{active.id}/escalate", f"/sessions/{active.id}/resolve"):
        page = browser.get(path).get_data(as_text=True)
        forms = re.findall(r"<form\b[^>]*method=\"post\".*?</form>", page, re.S)
        assert forms, path
        for form in forms:
            assert 'name="csrf_token"' in form, form[:200]


def test_missing_csrf_token_gets_a_friendly_page_and_keeps_the_login(csrf_app, acme):
    browser = csrf_app.test_client()
    token = csrf_token_from(browser.get("/login").get_data(as_text=True))
    assert browser.post("/login", data={"email": "owner@acme.test", "password": PASSWORD,
                                        "csrf_token": token}).status_code == 302
    response = browser.post("/team/invite", data={"email": "x@acme.test", "role": "engineer"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "security token didn&#39;t match, so nothing was changed" in page
    assert "That form had expired" in page
    assert "Log out" in page  # still signed in, inside the layout
    assert browser.get("/team").status_code == 200
    # Over HTMX the same message arrives as a toast.
    response = browser.post("/team/invite", data={"email": "x@acme.test", "role": "engineer"}, headers=HX)
    assert response.status_code == 400 and response.headers["HX-Retarget"] == "#toasts"
    assert "security token" in response.get_data(as_text=True)


def test_htmx_header_token_works_and_stays_valid_all_day(csrf_app, acme, monkeypatch):
    browser = csrf_app.test_client()
    token = csrf_token_from(browser.get("/login").get_data(as_text=True))
    browser.post("/login", data={"email": "owner@acme.test", "password": PASSWORD, "csrf_token": token})
    token = csrf_token_from(browser.get("/team").get_data(as_text=True))
    later = time.time() + 14 * 3600  # the tab stayed open from morning to night
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = browser.post("/team/invite", data={"email": "late@acme.test", "role": "engineer"},
                            headers={**HX, "X-CSRFToken": token})
    assert response.status_code in (200, 422)
    assert "security token" not in response.get_data(as_text=True)


def test_the_error_page_renders_even_when_the_database_fails(app, client, acme, monkeypatch):
    login(client, acme[1]["owner"])
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def database_down(token):
        raise RuntimeError("could not connect to server")

    monkeypatch.setattr("rf.auth.logins.load_user_for", database_down)
    response = client.get("/team")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and 'class="site-header"' in page


def test_login_throttle_holds_across_two_servers(database_url, app, start_server):
    """Two gunicorn servers share one database: failures on either count together."""
    account = make_account()
    make_user(account, "engineer", email="target@acme.test")
    servers = [start_server(database_url, workers=1) for _ in range(2)]
    clients = [HttpClient(server.url) for server in servers]
    for attempt in range(10):
        response = clients[attempt % 2].log_in("target@acme.test", "wrong password here")
        assert response.status == 401, response.text[-500:]
    for client in clients:
        response = client.log_in("target@acme.test", PASSWORD)
        assert response.status == 429
        assert "Too many failed attempts for this email. Try again in 15 minutes." in response.text
    # Someone else is not locked out by it.
    make_user(account, "engineer", email="bystander@acme.test")
    assert clients[1].log_in("bystander@acme.test", PASSWORD).status == 200


def test_an_oversized_request_gets_a_clear_page(client):
    response = client.post("/login", data={"email": "a@b.io", "password": "x" * (17 * 1024 * 1024)})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "That was too large" in page and "Shorten it and try again" in page
