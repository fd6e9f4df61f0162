"""The team-chat webhook: which addresses may be posted to, the Slack, Teams and generic
payloads, the HMAC signature, and the post itself.

An address is checked when it is saved and again at every post, and the post connects to
the very IP address that was checked (no second DNS lookup a hostile resolver could answer
differently), without following redirects. Private, loopback, link-local and other
non-public addresses are refused unless listed in ``RF_WEBHOOK_ALLOWED_HOSTS``.
"""
import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import time
from urllib.parse import urlsplit

URL_MAX = 2000
ANSWER_BYTES = 2048
USER_AGENT = "ResolutionFlow-Webhook/1"
SIGNATURE_HEADER = "X-ResolutionFlow-Signature"
TIMESTAMP_HEADER = "X-ResolutionFlow-Timestamp"
DELIVERY_HEADER = "X-ResolutionFlow-Delivery"


class WebhookError(Exception):
    """Why a webhook address was refused or a post failed, in words for the page or log."""


def new_secret():
    return secrets.token_hex(32)


def allowed_hosts(raw):
    """``RF_WEBHOOK_ALLOWED_HOSTS``: comma-separated hostnames, IP addresses or networks
    (``10.0.0.0/8``) that may be posted to although they are not public."""
    names, networks = set(), []
    for item in (part.strip().lower() for part in (raw or "").split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            names.add(item.rstrip("."))
    return names, networks


def resolve(url, allowed):
    """Check ``url`` and return ``(parts, ip)``: the address to connect to. Raises
    WebhookError saying what is wrong: scheme, host, or an address that is not allowed."""
    if len(url) > URL_MAX:
        raise WebhookError(f"That address is too long (at most {URL_MAX} characters).")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise WebhookError("The address must start with https:// (or http://).")
    try:
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise WebhookError("The address has an invalid port.") from None
    if not host:
        raise WebhookError("The address needs a host name, like https://hooks.slack.com/services/….")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise WebhookError(f"We couldn't find the host {host}. Check the address.") from None
    names, networks = allowed
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    for address in addresses:
        public = (getattr(address, "ipv4_mapped", None) or address).is_global
        listed = host.rstrip(".").lower() in names or any(address in network for network in networks)
        if not (public or listed):
            raise WebhookError(
                f"{host} is a private or local address ({address}), which webhooks may not post to. "
                "Your server's administrator can allow it with RF_WEBHOOK_ALLOWED_HOSTS.")
    return parts, str(addresses[0])


def masked(url):
    """The address with most of its path hidden: a Slack or Teams webhook URL is a secret."""
    parts = urlsplit(url)
    path = parts.path if len(parts.path) <= 12 else parts.path[:12] + "…"
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}{path}"


def signature(secret, timestamp, body):
    """``sha256=`` + hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with the webhook's secret."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, ip, timeout):
        super().__init__(host, port, timeout=timeout)
        self.ip = ip

    def connect(self):
        self.sock = socket.create_connection((self.ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, ip, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.ip = ip

    def connect(self):
        sock = socket.create_connection((self.ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, secret, payload, key, *, allowed, timeout):
    """POST ``payload`` as signed JSON; returns the HTTP status of a 2xx answer and raises
    WebhookError otherwise. ``key`` is the same for every attempt at one notice, so a
    receiver can drop a repeat."""
    parts, ip = resolve(url, allowed)
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               TIMESTAMP_HEADER: timestamp, DELIVERY_HEADER: key,
               SIGNATURE_HEADER: signature(secret, timestamp, body)}
    connection_class = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = connection_class(parts.hostname, parts.port, ip, timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(ANSWER_BYTES).decode(errors="replace").strip()
    except TimeoutError:
        raise WebhookError(f"{parts.hostname} did not answer within {timeout} s") from None
    except ssl.SSLError as error:
        raise WebhookError(f"TLS with {parts.hostname} failed: {error.reason or error}") from None
    except OSError as error:
        raise WebhookError(f"couldn't reach {parts.hostname}: {error.strerror or error}") from None
    except http.client.HTTPException as error:
        raise WebhookError(f"{parts.hostname} sent a malformed answer ({type(error).__name__})") from None
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        detail = f": {answer[:300]}" if answer else ""
        raise WebhookError(f"{parts.hostname} answered {response.status} {response.reason}{detail}")
    return response.status


def payload(format, notice):
    """The JSON body for ``format`` (slack, teams or generic) from a notice dict: title,
    summary, reason, priority, client, ticket, escalated_by, link (and event, id)."""
    facts = [("Priority", notice["priority"]), ("Client", notice["client"]),
             ("Ticket", notice["ticket"]), ("Escalated by", notice["escalated_by"])]
    if format == "slack":
        fields = "\n".join(f"*{name}:* {value}" for name, value in facts)
        return {
            "text": f"{notice['title']}: {notice['summary']}",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*{notice['title']}*\n<{notice['link']}|{slack_escape(notice['summary'])}>"}},
                {"type": "section", "text": {"type": "mrkdwn", "text": slack_escape(fields)}},
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*Why:* {slack_escape(notice['reason'])}"}},
            ]}
    if format == "teams":
        return {"type": "message", "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard", "version": "1.4",
                "body": [
                    {"type": "TextBlock", "text": notice["title"], "weight": "Bolder", "size": "Medium"},
                    {"type": "TextBlock", "text": notice["summary"], "wrap": True},
                    {"type": "FactSet", "facts": [{"title": name, "value": value} for name, value in facts]},
                    {"type": "TextBlock", "text": f"Why: {notice['reason']}", "wrap": True},
                ],
                "actions": [{"type": "Action.OpenUrl", "title": "Open in ResolutionFlow", "url": notice["link"]}],
            }}]}
    return {key: notice[key] for key in
            ("event", "id", "title", "summary", "reason", "priority", "client", "ticket", "escalated_by", "link")}


def slack_escape(text):
    """Slack mrkdwn treats &, < and > as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
