"""Concurrent requests against a real gunicorn + gevent server (2 workers): the limits and
single-use rules hold when many requests arrive in the same instant."""
from sqlalchemy import func, select, update

from rf.core.extensions import db
from rf.core.models import User

from .factories import PASSWORD, make_account, make_invite, make_user
from .helpers import all_at_once
from .http import HttpClient


def test_a_burst_of_wrong_passwords_checks_at_most_the_limit(live_server):
    make_user(make_account(), "engineer", email="target@acme.test")
    clients = [HttpClient(live_server.url) for _ in range(30)]
    tokens = [client.csrf_token() for client in clients]
    calls = [lambda c=c, t=t: c.post("/login", {"email": "target@acme.test", "password": "wrong guess here",
                                                 "csrf_token": t}) for c, t in zip(clients, tokens, strict=True)]
    statuses = [response.status for response in all_at_once(calls)]
    assert statuses.count(401) == 10, statuses  # exactly the limit reached the password check
    assert statuses.count(429) == 20, statuses


def test_an_invite_link_submitted_many_times_at_once_makes_one_user(live_server, acme):
    make_invite(acme[0], acme[1]["owner"], email="twin@acme.test", token="race-token")
    clients = [HttpClient(live_server.url) for _ in range(8)]
    tokens = [client.csrf_token("/invite/race-token") for client in clients]
    form = {"name": "Twin", "password": "maple rocket tundra", "confirm": "maple rocket tundra"}
    calls = [lambda c=c, t=t: c.post("/invite/race-token", {**form, "csrf_token": t})
             for c, t in zip(clients, tokens, strict=True)]
    responses = all_at_once(calls)
    welcomed = [r for r in responses if "Welcome to Acme IT, Twin!" in r.text]
    assert len(welcomed) == 1, [r.status for r in responses]
    assert all(r.status in (200, 410, 422) for r in responses)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "twin@acme.test")) == 1


def test_two_owners_deactivating_each_other_leave_one_owner(live_server, acme):
    account, users = acme
    first = users["owner"]
    second = make_user(account, "owner", email="owner2@acme.test")
    for _ in range(5):
        clients = []
        for me, other in ((first, second), (second, first)):
            client = HttpClient(live_server.url)
            client.log_in(me.email, PASSWORD)
            clients.append((client, client.csrf_token("/team"), other))
        all_at_once([lambda c=c, t=t, o=o: c.post(f"/team/members/{o.id}/deactivate", {"csrf_token": t})
                     for c, t, o in clients])
        active_owners = db.session.scalar(select(func.count()).select_from(User).where(
            User.account_id == account.id, User.role == "owner", User.active.is_(True)))
        assert active_owners == 1
        db.session.execute(update(User).where(User.role == "owner").values(active=True))
        db.session.commit()


def test_a_demotion_racing_an_ownership_transfer_never_leaves_the_account_without_an_owner(live_server, acme):
    """The owner hands the account to an engineer while an admin demotes that engineer."""
    account, users = acme
    owner_id, heir_id = users["owner"].id, users["engineer"].id  # the threads read no ORM objects
    for _ in range(5):
        transferring, demoting = HttpClient(live_server.url), HttpClient(live_server.url)
        transferring.log_in(users["owner"].email, PASSWORD)
        demoting.log_in(users["admin"].email, PASSWORD)
        transfer_token, demote_token = transferring.csrf_token("/team"), demoting.csrf_token("/team")
        all_at_once([
            lambda client=transferring, token=transfer_token: client.post(
                "/team/transfer", {"csrf_token": token, "new_owner": str(heir_id), "confirm": "y"}),
            lambda client=demoting, token=demote_token: client.post(
                f"/team/members/{heir_id}/role", {"csrf_token": token, "role": "viewer"})])
        db.session.expire_all()
        owners = db.session.scalars(select(User.email).where(User.account_id == account.id, User.role == "owner")).all()
        assert len(owners) == 1, owners
        db.session.execute(update(User).where(User.id == owner_id).values(role="owner"))
        db.session.execute(update(User).where(User.id == heir_id).values(role="engineer"))
        db.session.commit()
