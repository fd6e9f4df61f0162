"""Login throttling per client address as well as per email: spraying many emails from one
address meets a limit, a stranger can't lock a known user out from elsewhere, and many
addresses still meet a (slower) limit per email. Behind a trusted proxy its X-Forwarded-For
is the address; otherwise nobody can claim one."""
from rf import create_app
from rf.core.config import TestConfig

from .factories import PASSWORD, make_account, make_user


def attempt(client, email, address, password="wrong guess here", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def test_spraying_from_one_address_is_limited(app, client):
    statuses = [attempt(client, f"guess{n}@acme.test", "203.0.113.7").status_code for n in range(31)]
    assert statuses[:30] == [401] * 30 and statuses[30] == 429
    refused = attempt(client, "guess99@acme.test", "203.0.113.7")
    assert "Too many failed logins from your network" in refused.get_data(as_text=True)
    assert attempt(client, "guess99@acme.test", "198.51.100.2").status_code == 401  # another address is fine


def test_a_stranger_cant_lock_a_known_user_out(app, client):
    user = make_user(make_account(), "engineer", email="dana@acme.test")
    statuses = [attempt(client, user.email, "203.0.113.7").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429
    assert "Too many failed attempts for this email" in attempt(client, user.email, "203.0.113.7").get_data(
        as_text=True)
    assert attempt(client, user.email, "198.51.100.2", password=PASSWORD).status_code == 302


def test_an_email_tried_from_many_addresses_still_meets_a_limit(app, client):
    user = make_user(make_account(), "engineer", email="sam@acme.test")
    for address in range(5):
        for _ in range(10):
            assert attempt(client, user.email, f"203.0.113.{address}").status_code == 401
    assert attempt(client, user.email, "203.0.113.99").status_code == 429


def test_the_address_comes_from_a_trusted_proxy_only(app, database_url, tmp_path):
    direct = app.test_client()  # no proxy configured: X-Forwarded-For is whatever a client says
    for n in range(30):
        attempt(direct, f"a{n}@acme.test", "127.0.0.1", forwarded=f"198.51.100.{n}")
    assert attempt(direct, "b@acme.test", "127.0.0.1", forwarded="192.0.2.1").status_code == 429
    config = TestConfig(str(tmp_path / "proxied"), environ={"RF_SECRET_KEY": "test-secret-key-not-for-production",
                                                           "RF_TRUSTED_PROXIES": "1"}, database_url=database_url)
    proxied = create_app(config)
    proxied.test_client_class = type(direct)
    with proxied.app_context():
        client = proxied.test_client()
        assert attempt(client, "b@acme.test", "127.0.0.1", forwarded="192.0.2.1").status_code == 401
        for n in range(29):  # with b's attempt, 30 from 192.0.2.1
            attempt(client, f"c{n}@acme.test", "127.0.0.1", forwarded="192.0.2.1")
        assert attempt(client, "d@acme.test", "127.0.0.1", forwarded="192.0.2.1").status_code == 429
        assert attempt(client, "d@acme.test", "127.0.0.1", forwarded="192.0.2.2").status_code == 401


def test_strangers_failing_everywhere_cant_lock_a_user_out_where_they_log_in(app, client):
    """The per-email limit from anywhere doesn't hold at an address the user has logged in
    from: strangers' failures elsewhere leave them their own door. A new address still meets it."""
    user = make_user(make_account(), "engineer", email="lee@acme.test")
    assert attempt(client, user.email, "198.51.100.2", password=PASSWORD).status_code == 302
    client.post("/logout")
    for address in range(5):
        for _ in range(10):
            assert attempt(client, user.email, f"203.0.113.{address}").status_code == 401
    assert attempt(client, user.email, "203.0.113.99").status_code == 429
    assert attempt(client, user.email, "198.51.100.2", password=PASSWORD).status_code == 302


def test_an_ipv6_client_counts_as_its_slash_64(app, client):
    """Spraying from many addresses of one IPv6 /64 (one host can use them all) meets the
    per-address limit; another /64 is another client."""
    statuses = [attempt(client, f"guess{n}@acme.test", f"2001:db8:1:2::{n + 1:x}").status_code for n in range(31)]
    assert statuses[:30] == [401] * 30 and statuses[30] == 429
    assert attempt(client, "guess99@acme.test", "2001:db8:1:3::1").status_code == 401
