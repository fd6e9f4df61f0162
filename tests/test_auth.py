"""Logging in and out: generic errors, kept input, throttling, deactivated users."""
from datetime import timedelta

from sqlalchemy import func, select

from rf.core.extensions import db
from rf.core.models import LoginAttempt, utcnow

from .factories import PASSWORD, make_account, make_user
from .helpers import login

GENERIC = "That email and password don&#39;t match an active account."


def test_login_page_has_labelled_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label class="field__label" for="email">Email</label>' in page
    assert '<label class="field__label" for="password">Password</label>' in page
    assert ">Log in</button>" in page


def test_login_and_logout(client, acme):
    owner = acme[1]["owner"]
    response = login(client, owner)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Welcome, Owner Acme" in home and "Acme IT" in home
    assert db.session.get(type(owner), owner.id).last_login_at is not None
    response = client.post("/logout", follow_redirects=True)
    assert "You&#39;re logged out." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_is_case_insensitive_on_email(client, acme):
    response = login(client, "  OWNER@Acme.Test ")
    assert response.status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message_and_keep_the_email(client, acme):
    wrong = client.post("/login", data={"email": "owner@acme.test", "password": "nope nope nope"})
    unknown = client.post("/login", data={"email": "ghost@acme.test", "password": "nope nope nope"})
    for response, email in ((wrong, "owner@acme.test"), (unknown, "ghost@acme.test")):
        page = response.get_data(as_text=True)
        assert response.status_code == 401
        assert GENERIC in page
        assert f'value="{email}"' in page
        assert "nope nope nope" not in page  # the password is never echoed back


def test_deactivated_user_cannot_log_in(client, app):
    account = make_account()
    user = make_user(account, "engineer", email="gone@acme.test", active=False)
    response = login(client, user)
    assert response.status_code == 401 and GENERIC in response.get_data(as_text=True)


def test_empty_and_oversized_fields_are_explained(client):
    empty = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Enter your email." in empty and "Enter your password." in empty
    huge = client.post("/login", data={"email": "a" * 300 + "@x.io", "password": "p" * 500})
    assert huge.status_code == 422
    assert "That email is too long." in huge.get_data(as_text=True)


def test_login_redirects_to_next_but_only_within_the_site(client, acme):
    assert client.get("/team").headers["Location"] == "/login?next=/team"
    response = client.post("/login?next=/team", data={"email": "owner@acme.test", "password": PASSWORD})
    assert response.headers["Location"] == "/team"
    client.post("/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "/%09/evil.example",
                 "/%0d%0aX-Injected:%20yes", "/%2F/evil.example", "http:/evil.example"):
        response = client.post(f"/login?next={evil}", data={"email": "owner@acme.test", "password": PASSWORD})
        assert response.headers["Location"] == "/", evil
        client.post("/logout")


def test_htmx_request_without_login_is_redirected_by_header(client):
    response = client.post("/team/invite", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login"


def test_throttle_after_repeated_failures_then_recovers(client, app, acme):
    app.config["RF_LOGIN_MAX_FAILURES"] = 3
    for _ in range(3):
        client.post("/login", data={"email": "owner@acme.test", "password": "wrong password!"})
    blocked = client.post("/login", data={"email": "owner@acme.test", "password": PASSWORD})
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 429
    assert "Too many failed attempts for this email. Try again in 15 minutes." in page
    assert 'value="owner@acme.test"' in page
    # Another email is not affected.
    assert login(client, "admin@acme.test").status_code == 302
    client.post("/logout")
    # Once the failures are older than the window, the right password works again.
    db.session.execute(LoginAttempt.__table__.update().values(created_at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    assert login(client, "owner@acme.test").status_code == 302
    assert db.session.scalar(
        select(func.count()).select_from(LoginAttempt).where(LoginAttempt.email == "owner@acme.test")) == 0


def test_logout_ends_the_session_even_for_a_copied_cookie(app, acme):
    browser = app.test_client()
    login(browser, acme[1]["engineer"])
    copied = browser.get_cookie("rf_session").value
    thief = app.test_client()
    thief.set_cookie("rf_session", copied)
    assert thief.get("/").status_code == 200
    browser.post("/logout")
    assert thief.get("/").headers["Location"] == "/login"


def test_logging_out_one_browser_keeps_the_others(app, acme):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, acme[1]["engineer"])
    login(phone, acme[1]["engineer"])
    phone.post("/logout")
    assert laptop.get("/").status_code == 200


def test_deactivation_signs_the_user_out_everywhere(app, acme):
    engineer_browser = app.test_client()
    login(engineer_browser, acme[1]["engineer"])
    assert engineer_browser.get("/").status_code == 200
    owner_browser = app.test_client()
    login(owner_browser, acme[1]["owner"])
    owner_browser.post(f"/team/members/{acme[1]['engineer'].id}/deactivate")
    assert engineer_browser.get("/").headers["Location"] == "/login"


def test_password_hash_is_argon2id_at_owasp_parameters(acme):
    from rf.auth.passwords import hash_password

    assert hash_password("a long enough password").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
