"""Changing your own password: the current one first (throttled like a login), the signup
policy for the new one, and every other browser signed in as you signed out."""
from rf.auth.passwords import verify_password
from rf.core.extensions import db
from rf.core.models import User

from .factories import PASSWORD
from .helpers import client_for, login

NEW = "maple rocket tundra harbor"


def change(client, current, new=NEW, confirm=None):
    return client.post("/account/password", data={"current": current, "password": new,
                                                  "confirm": new if confirm is None else confirm})


def test_a_member_changes_their_password_and_other_browsers_are_signed_out(app, acme):
    for role in ("engineer", "viewer"):  # viewers too: it is their own password
        user = acme[1][role]
        here, elsewhere = client_for(app, user), client_for(app, user)
        assert here.get("/account/password").status_code == 200
        response = change(here, PASSWORD)
        assert response.status_code == 302 and response.headers["Location"] == "/"
        assert "Password changed." in here.get("/").get_data(as_text=True)  # still signed in here
        assert elsewhere.get("/").status_code == 302  # signed out there
        assert login(app.test_client(), user, PASSWORD).status_code == 401
        assert login(app.test_client(), user, NEW).status_code == 302
        assert verify_password(db.session.get(User, user.id).password_hash, NEW)


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(app, acme):
    user = acme[1]["engineer"]
    browser = client_for(app, user)
    cases = [(("wrong guess here",), "That isn&#39;t your current password."),
             ((PASSWORD, "short"), "Use at least 12 characters"),
             ((PASSWORD, PASSWORD), "Choose a password you haven&#39;t been using."),
             ((PASSWORD, NEW, NEW + "x"), "The two new passwords don&#39;t match.")]
    for args, message in cases:
        response = change(browser, *args)
        assert response.status_code == 422 and message in response.get_data(as_text=True), message
    assert verify_password(db.session.get(User, user.id).password_hash, PASSWORD)


def test_the_current_password_cant_be_guessed_through_this_form(app, acme):
    user = acme[1]["engineer"]
    browser = client_for(app, user)
    statuses = [change(browser, f"wrong guess {n:02}").status_code for n in range(11)]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429
    assert change(browser, PASSWORD).status_code == 429  # the right one waits too
    assert verify_password(db.session.get(User, user.id).password_hash, PASSWORD)
