"""The team-chat webhook against a real HTTP server on loopback: Slack, Teams and signed
generic posts, retries with a stable delivery key, failures with the server's answer, the
"Send test" button, and addresses that are refused when saved and when posted to."""
import hashlib
import hmac

import pytest
from sqlalchemy import select, update

from rf.core.extensions import db
from rf.core.models import ChatWebhook, Delivery, utcnow
from rf.notify.dispatch import dispatch_once

from .factories import make_escalation, make_session
from .helpers import HX


@pytest.fixture
def hooks(app, hook_server):
    app.config["RF_WEBHOOK_ALLOWED_HOSTS"] = "127.0.0.1"
    return hook_server


def configure(account, url, format="slack"):
    chat = ChatWebhook(account_id=account.id, url=url, format=format, secret="s3cret-for-tests", updated_at=utcnow())
    db.session.add(chat)
    db.session.commit()
    return chat


def escalate(acme, summary="Outlook prompts for a password every hour"):
    account, users = acme
    return make_escalation(make_session(account, users["engineer"], summary=summary), users["engineer"],
                           priority="urgent", reason="Tried a new profile & <cache> reset")


def webhook_delivery(handoff):
    db.session.expire_all()
    return db.session.scalar(select(Delivery).where(Delivery.handoff_id == handoff.id, Delivery.channel == "webhook"))


def verify(request, secret="s3cret-for-tests"):
    """The receiver's check: HMAC-SHA256 of "timestamp.body" with the shared secret."""
    timestamp = request["headers"]["X-ResolutionFlow-Timestamp"]
    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + request["raw"],
                                    hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request["headers"]["X-ResolutionFlow-Signature"])


def test_an_escalation_is_posted_to_slack_once(app, acme, hooks, mailbox):
    configure(acme[0], hooks.url, "slack")
    handoff = escalate(acme)
    row = webhook_delivery(handoff)
    assert (row.status, row.recipient_id, row.address) == ("queued", None, "127.0.0.1")
    dispatch_once()
    assert len(hooks.requests) == 1
    request = hooks.requests[0]
    assert request["path"] == "/hooks/T123/secret-part"
    body = request["body"]
    assert body["text"] == "New escalation: Outlook prompts for a password every hour"
    texts = [text["text"] for text in slack_texts(body)]
    assert f"/handoffs/{handoff.id}/context|Open in ResolutionFlow>" in texts[0]
    assert "Outlook prompts for a password every hour" in texts
    assert "Priority: Urgent" in texts and "Escalated by: Engineer Acme" in texts
    assert "Why: Tried a new profile & <cache> reset" in texts  # plain text: shown as typed
    assert verify(request)
    row = webhook_delivery(handoff)
    assert (row.status, row.attempts) == ("sent", 1) and row.sent_at is not None
    assert dispatch_once() == 0 and len(hooks.requests) == 1
    assert len(mailbox.messages) == 2  # the seniors' emails went too


def test_teams_gets_an_adaptive_card(app, acme, hooks):
    configure(acme[0], hooks.url, "teams")
    handoff = escalate(acme)
    dispatch_once()
    attachment = hooks.requests[0]["body"]["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert {"title": "Priority", "value": "Urgent"} in card["body"][2]["facts"]
    assert card["actions"][0]["url"].endswith(f"/handoffs/{handoff.id}/context")


def test_generic_json_is_signed_and_a_retry_carries_the_same_delivery_key(app, acme, hooks):
    configure(acme[0], hooks.url, "generic")
    hooks.answers = [(503, "busy, try later")]
    handoff = escalate(acme)
    dispatch_once()
    row = webhook_delivery(handoff)
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.last_error == "127.0.0.1 answered 503 Service Unavailable: busy, try later"
    assert row.next_attempt_at > utcnow()  # backing off
    db.session.execute(update(Delivery).values(next_attempt_at=utcnow()))
    db.session.commit()
    dispatch_once()
    assert webhook_delivery(handoff).status == "sent"
    first, second = hooks.requests
    assert first["headers"]["X-ResolutionFlow-Delivery"] == second["headers"]["X-ResolutionFlow-Delivery"]
    assert verify(second) and not verify(second, secret="another-secret")
    body = second["body"]
    assert body == {"event": "escalation.created", "id": f"escalation-{handoff.id}", "title": "New escalation",
                    "summary": "Outlook prompts for a password every hour",
                    "reason": "Tried a new profile & <cache> reset",
                    "priority": "Urgent", "client": "Harbor Dental", "ticket": "4411",
                    "escalated_by": "Engineer Acme",
                    "link": f"{app.config['RF_BASE_URL']}/handoffs/{handoff.id}/context"}


def test_a_webhook_that_keeps_failing_ends_failed_with_its_answer(app, acme, hooks):
    configure(acme[0], hooks.url)
    app.config["RF_NOTIFY_MAX_ATTEMPTS"] = 2
    hooks.answers = [(500, "boom")] * 2
    handoff = escalate(acme)
    dispatch_once()
    db.session.execute(update(Delivery).values(next_attempt_at=utcnow()))
    db.session.commit()
    dispatch_once()
    row = webhook_delivery(handoff)
    assert (row.status, row.attempts, row.last_error) == ("failed", 2,
                                                          "127.0.0.1 answered 500 Internal Server Error: boom")
    assert handoff.session.status == "escalated"  # the escalation itself is unaffected


def test_a_webhook_removed_before_the_post_is_suppressed_and_an_address_gone_private_is_refused(app, acme, hooks):
    chat = configure(acme[0], hooks.url)
    handoff = escalate(acme)
    db.session.delete(chat)
    db.session.commit()
    dispatch_once()
    assert (webhook_delivery(handoff).status, webhook_delivery(handoff).reason) == (
        "suppressed", "the team chat webhook was removed before it was sent")
    # Saved while allowed, then no longer allowed: checked again at every post.
    configure(acme[0], hooks.url)
    app.config["RF_WEBHOOK_ALLOWED_HOSTS"] = ""
    second = escalate(acme, summary="Printer offline")
    dispatch_once()
    assert "127.0.0.1 is a private or local address" in webhook_delivery(second).last_error
    assert hooks.requests == []


def test_no_webhook_no_post(app, acme, hooks):
    handoff = escalate(acme)
    assert webhook_delivery(handoff) is None
    dispatch_once()
    assert hooks.requests == []


@pytest.mark.parametrize("url, message", [
    ("ftp://hooks.example.com/x", "must start with https://"),
    ("javascript:alert(1)", "must start with https://"),
    ("https:///nohost", "needs a host name"),
    ("https://hooks.example.com:99999/x", "invalid port"),
    ("http://127.0.0.1:9/x", "127.0.0.1 is a private or local address, which webhooks may not post to"),
    ("http://localhost/x", "is a private or local address"),
    ("http://10.1.2.3/x", "10.1.2.3 is a private or local address"),
    ("http://169.254.169.254/latest/meta-data", "is a private or local address"),
    ("http://[::1]/x", "::1 is a private or local address"),
    ("http://[::ffff:192.168.0.1]/x", "is a private or local address"),
    ("http://0.0.0.0/x", "is a private or local address"),
    ("http://[64:ff9b::a00:1]/x", "is a private or local address"),  # NAT64 of 10.0.0.1
    ("http://[2002:7f00:1::1]/x", "is a private or local address"),  # 6to4 of 127.0.0.1
    ("http://[::127.0.0.1]/x", "is a private or local address"),  # IPv4-compatible
    ("http://[fec0::1]/x", "is a private or local address"),  # site-local
    ("http://[::ffff:0:7f00:1]/x", "is a private or local address"),  # IPv4-translated 127.0.0.1
    ("http://224.0.0.1/x", "is a private or local address"),  # multicast
    ("http://[ff02::1]/x", "is a private or local address"),
    ("http://240.0.0.1/x", "is a private or local address"),  # reserved
    ("http://[5f00::1]/x", "is a private or local address"),
    ("https://hooks.example.com/a b", "must be percent-encoded"),
    ("https://hooks.example.com/caf\u00e9", "must be percent-encoded"),
    ("https://no-such-host.invalid/x", "find the host no-such-host.invalid. Check the address."),
    ("https://hooks.example.com/" + "x" * 2000, "too long"),
])
def test_the_form_refuses_bad_and_private_addresses_and_keeps_the_input(owner_client, url, message):
    response = owner_client.post("/settings/notifications/webhook", data={"url": url, "format": "slack"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'aria-invalid="true"' in page and "Webhook address" in page
    if len(url) < 200:
        assert f'value="{url.replace("&", "&amp;")}"' in page
    assert db.session.scalar(select(ChatWebhook)) is None


def test_an_admin_saves_tests_rotates_and_removes_the_webhook(app, acme, hooks, client):
    from .helpers import login

    login(client, acme[1]["admin"])
    response = client.post("/settings/notifications/webhook", data={"url": hooks.url, "format": "generic"})
    assert response.status_code == 302
    chat = db.session.scalar(select(ChatWebhook))
    assert (chat.url, chat.format, chat.updated_by_id, len(chat.secret)) == (hooks.url, "generic",
                                                                             acme[1]["admin"].id, 64)
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert "Team chat webhook saved." in page and "http://127.0.0.1:" in page and "secret-part" not in page
    assert f'value="{chat.secret}"' in page  # the signing secret, to copy

    result = client.post("/settings/notifications/webhook/test", headers=HX).get_data(as_text=True)
    assert 'id="webhook-test-result"' in result and "Test message delivered" in result and "answered 200" in result
    assert hooks.requests[-1]["body"]["event"] == "test" and verify(hooks.requests[-1], chat.secret)
    hooks.answers = [(404, "no_service")]
    result = client.post("/settings/notifications/webhook/test", headers=HX).get_data(as_text=True)
    assert "The test was not delivered: 127.0.0.1 answered 404 Not Found: no_service." in result

    # Changing only the format keeps the address.
    client.post("/settings/notifications/webhook", data={"url": "", "format": "teams"})
    db.session.expire_all()
    assert (chat.url, chat.format) == (hooks.url, "teams")
    old_secret = chat.secret
    client.post("/settings/notifications/webhook/secret")
    db.session.expire_all()
    assert chat.secret != old_secret

    client.post("/settings/notifications/webhook/delete")
    assert db.session.scalar(select(ChatWebhook)) is None
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert "Team chat webhook removed." in page and "Save webhook" in page
    assert client.post("/settings/notifications/webhook/test").status_code == 404


def test_engineers_see_no_webhook_settings(app, acme, client):
    from .helpers import login

    login(client, acme[1]["engineer"])
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert "Your email" in page and "Team chat" not in page and "Delivery log" not in page


def test_a_redirect_is_not_followed(app, acme, hooks):
    configure(acme[0], hooks.url)
    hooks.answers = [(302, "")]
    handoff = escalate(acme)
    dispatch_once()
    assert webhook_delivery(handoff).last_error == "127.0.0.1 answered 302 Found"
    assert len(hooks.requests) == 1


def test_the_post_goes_to_the_address_that_was_checked(app, acme, hooks, monkeypatch):
    """DNS rebinding: a name that answers a public address when checked and a private one
    a moment later. The post connects to the checked address and asks DNS once."""
    import socket

    answers, real_dns = [], socket.getaddrinfo

    def rebinding_dns(host, port, *args, **kwargs):
        if host != "hooks.rebind.test":
            return real_dns(host, port, *args, **kwargs)
        answers.append(host)
        ip = "127.0.0.1" if len(answers) == 1 else "10.9.9.9"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    configure(acme[0], hooks.url.replace("127.0.0.1", "hooks.rebind.test"))
    app.config["RF_WEBHOOK_ALLOWED_HOSTS"] = "hooks.rebind.test"
    handoff = escalate(acme)
    dispatch_once()
    assert answers == ["hooks.rebind.test"]
    assert webhook_delivery(handoff).status == "sent" and len(hooks.requests) == 1
    assert hooks.requests[0]["headers"]["Host"].startswith("hooks.rebind.test")


def test_a_server_that_drips_its_answer_is_cut_off_at_the_timeout(app, acme):
    """Headers one byte every 0.2 s: each read is quick, the whole answer is not."""
    import socket
    import threading
    import time as clock

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def drip():
        connection, _ = listener.accept()
        connection.recv(65536)
        try:
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
                connection.sendall(bytes([byte]))
                clock.sleep(0.2)  # the misbehaving server's pace
        except OSError:
            pass  # the client gave up, as it should
        connection.close()

    threading.Thread(target=drip, daemon=True).start()
    app.config.update(RF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", RF_WEBHOOK_TIMEOUT_SECONDS=1)
    configure(acme[0], f"http://127.0.0.1:{listener.getsockname()[1]}/hook")
    handoff = escalate(acme)
    started = clock.monotonic()
    dispatch_once()
    assert clock.monotonic() - started < 5  # not the 20 s the server would take
    assert webhook_delivery(handoff).last_error == "127.0.0.1 did not answer within 1 s"
    listener.close()


@pytest.mark.parametrize("value", ["10.0.0.0/33", "mattermost.lan:8065", "http://chat.lan"])
def test_a_malformed_allowed_hosts_setting_stops_the_app(tmp_path, value):
    from rf.core.config import Config, ConfigError

    with pytest.raises(ConfigError, match="RF_WEBHOOK_ALLOWED_HOSTS"):
        Config(str(tmp_path), {"RF_SECRET_KEY": "x" * 20, "RF_WEBHOOK_ALLOWED_HOSTS": value})


@pytest.mark.parametrize("answer, status, attempts", [
    ((404, "no_service"), "failed", 1),  # the webhook was deleted in the chat app: refused for good
    ((410, "gone"), "failed", 1),
    ((429, "slow down"), "queued", 1),  # rate limited: worth another try
    ((408, "timeout"), "queued", 1),
    ((502, "bad gateway"), "queued", 1),
])
def test_a_refused_post_fails_at_once_and_a_passing_problem_is_retried(app, acme, hooks, answer, status, attempts):
    configure(acme[0], hooks.url)
    hooks.answers = [answer]
    handoff = escalate(acme)
    dispatch_once()
    row = webhook_delivery(handoff)
    assert (row.status, row.attempts) == (status, attempts)
    assert row.last_error.startswith(f"127.0.0.1 answered {answer[0]} ") and row.last_error.endswith(answer[1])


INJECTION = "Outlook asks to [re-auth](https://evil.example) **now** <https://evil.example/x>"


def test_teams_shows_user_text_as_typed_and_links_nothing(app, acme, hooks):
    from markdown_it import MarkdownIt

    account, users = acme
    configure(account, hooks.url, "teams")
    session = make_session(account, users["engineer"], summary=INJECTION, client="[Harbor](https://evil.example)")
    make_escalation(session, users["engineer"], reason="see _this_ [page](https://evil.example)")
    dispatch_once()
    card = hooks.requests[0]["body"]["attachments"][0]["content"]
    texts = [block["text"] for block in card["body"] if block["type"] == "TextBlock"]
    texts += [fact["value"] for fact in card["body"][2]["facts"]]
    commonmark = MarkdownIt("commonmark")  # Adaptive Card markdown is a CommonMark subset
    rendered = [commonmark.renderInline(text) for text in texts]
    assert not any("<a " in html or "<strong>" in html or "<em>" in html for html in rendered), rendered
    assert "Outlook asks to [re-auth](https://evil.example) **now** &lt;https://evil.example/x&gt;" in rendered
    assert "[Harbor](https://evil.example)" in rendered
    assert card["actions"][0]["url"].startswith(app.config["RF_BASE_URL"])  # the one link is ours


def slack_texts(body):
    """Every text object of a Slack message's blocks, in order."""
    for block in body["blocks"]:
        yield from ([block["text"]] if "text" in block else []) + block.get("fields", [])


def test_slack_shows_user_text_as_typed_and_links_only_the_escalation(app, acme, hooks):
    account, users = acme
    configure(account, hooks.url, "slack")
    reason = "<https://evil.example|Sign in again> <!channel> *urgent* _now_ ~not~ `x`"
    handoff = make_escalation(make_session(account, users["engineer"], summary=INJECTION,
                                           client="*Harbor* <https://evil.example|Legal>"),
                              users["engineer"], reason=reason)
    dispatch_once()
    body = hooks.requests[0]["body"]
    ours, *theirs = slack_texts(body)
    # Our line is the only mrkdwn, with its one link; no bare URL or mention is linked.
    assert ours["type"] == "mrkdwn" and ours["verbatim"] is True
    assert ours["text"].count("<http") == 1 and f"/handoffs/{handoff.id}/context|" in ours["text"]
    # Everything the users typed is plain text: no markup, links or mentions, shown as typed.
    assert {text["type"] for text in theirs} == {"plain_text"}
    shown = [text["text"] for text in theirs]
    assert INJECTION in shown and f"Why: {reason}" in shown and "Client: *Harbor* <https://evil.example|Legal>" in shown
    # The notification's text is mrkdwn-free and has Slack's control characters escaped.
    assert body["mrkdwn"] is False and body["text"] == (
        "New escalation: Outlook asks to [re-auth](https://evil.example) **now** &lt;https://evil.example/x&gt;")
    assert "<https://evil.example" not in body["text"]


def test_generic_json_carries_user_text_as_plain_data(app, acme, hooks):
    """Generic receivers get fields, not markup: the text arrives as typed, the link is ours."""
    account, users = acme
    configure(account, hooks.url, "generic")
    handoff = make_escalation(make_session(account, users["engineer"], summary=INJECTION), users["engineer"])
    dispatch_once()
    body = hooks.requests[0]["body"]
    assert body["summary"] == INJECTION
    assert body["link"] == f"{app.config['RF_BASE_URL']}/handoffs/{handoff.id}/context"
