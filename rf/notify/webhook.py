"""The team-chat webhook: which addresses may be posted to, the Slack, Teams and generic
payloads, the HMAC signature, and the post itself.

An address is checked when it is saved and again at every post, and the post connects to
the very IP address that was checked (no second DNS lookup a hostile resolver could answer
differently), without following redirects. Private, loopback, link-local and other
non-public addresses are refused unless listed in ``RF_WEBHOOK_ALLOWED_HOSTS``.
"""
import functools
import hashlib
import hmac
import http.client
import io
import ipaddress
import json
import re
import secrets
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

URL_MAX = 2000
ANSWER_BYTES = 2048
USER_AGENT = "ResolutionFlow-Webhook/1"
SIGNATURE_HEADER = "X-ResolutionFlow-Signature"
TIMESTAMP_HEADER = "X-ResolutionFlow-Timestamp"
DELIVERY_HEADER = "X-ResolutionFlow-Delivery"


class WebhookError(Exception):
    """Why a webhook address was refused or a post failed, in words for the page or log.
    ``permanent`` when the receiver refused the post itself (a 4xx other than 408 and 429):
    sending it again would be refused again."""

    def __init__(self, message, permanent=False):
        super().__init__(message)
        self.permanent = permanent


RETRYABLE_4XX = (408, 429)  # request timeout, too many requests


def new_secret():
    return secrets.token_hex(32)


# IPv6 ranges that carry an IPv4 address (NAT64, 6to4, Teredo, IPv4-compatible, IPv4-
# translated) or are deprecated site-local: "global" to ipaddress (or unknown to an older
# one), but they can reach private IPv4 networks.
EMBEDDING_IPV4 = [ipaddress.ip_network(n) for n in
                  ("64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "2001::/32", "::/96", "::ffff:0:0:0/96",
                   "fec0::/10")]
PATH_CHARACTERS = re.compile(r"^[\x21-\x7e]*$")  # printable ASCII: percent-encode anything else


def is_public(address):
    if address.version == 6:
        if address.ipv4_mapped:
            return is_public(address.ipv4_mapped)
        if any(address in network for network in EMBEDDING_IPV4):
            return False
    # Multicast and reserved addresses count as "global" to some Python versions: nothing
    # to post to there.
    return address.is_global and not (address.is_multicast or address.is_reserved)


@dataclass(frozen=True)
class Target:
    """A checked address: where to connect (every IP it resolved to, all allowed)."""
    scheme: str
    host: str
    port: int
    path: str
    ips: tuple


def resolve(url, allowed):
    """Check ``url`` and return its Target. Raises WebhookError saying what is wrong: the
    scheme, the host, characters that need encoding, or an address that is not allowed."""
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
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not PATH_CHARACTERS.match(path):
        raise WebhookError("The address contains spaces or other characters that must be percent-encoded. "
                           "Copy it again from your chat app.")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise WebhookError(f"We couldn't find the host {host}. Check the address.") from None
    names, networks = allowed
    ips = tuple(dict.fromkeys(info[4][0].split("%", 1)[0] for info in infos))
    for ip in ips:
        address = ipaddress.ip_address(ip)
        listed = host.rstrip(".").lower() in names or any(address in network for network in networks)
        if not (is_public(address) or listed):
            raise WebhookError(
                f"{host} is a private or local address, which webhooks may not post to. "
                "Your server's administrator can allow it with RF_WEBHOOK_ALLOWED_HOSTS.")
    return Target(parts.scheme, host, port, path, ips)


def masked(url):
    """The address with most of its path hidden: a Slack or Teams webhook URL is a secret."""
    parts = urlsplit(url)
    path = parts.path if len(parts.path) <= 12 else parts.path[:12] + "…"
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}{path}"


def signature(secret, timestamp, body):
    """``sha256=`` + hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with the webhook's secret."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class _DeadlineReader(io.RawIOBase):
    """The response's socket, read under one deadline for the whole answer: a server that
    drips a byte at a time can't hold the dispatcher longer than the timeout."""

    def __init__(self, sock, deadline):
        self.sock, self.deadline = sock, deadline
        self.stream = sock.makefile("rb", buffering=0)  # keeps the socket open until read

    def readable(self):
        return True

    def readinto(self, buffer):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline passed")
        self.sock.settimeout(remaining)
        return self.stream.readinto(buffer)

    def close(self):
        self.stream.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock, *args, deadline, **kwargs):
        super().__init__(sock, *args, **kwargs)
        plain, self.fp = self.fp, io.BufferedReader(_DeadlineReader(sock, deadline))
        plain.close()


class _PinnedMixin:
    """Connects to the checked IPs (each in turn), never to a second DNS answer."""

    def pin(self, ips, deadline):
        self.ips, self.deadline = ips, deadline
        self.response_class = functools.partial(_DeadlineResponse, deadline=deadline)

    def open_socket(self):
        error = None
        for ip in self.ips:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("deadline passed")
            try:
                return socket.create_connection((ip, self.port), remaining)
            except OSError as failed:
                error = failed
        raise error


class _PinnedHTTP(_PinnedMixin, http.client.HTTPConnection):
    def connect(self):
        self.sock = self.open_socket()


class _PinnedHTTPS(_PinnedMixin, http.client.HTTPSConnection):
    def connect(self):
        self.sock = self._context.wrap_socket(self.open_socket(), server_hostname=self.host)


def post(url, secret, payload, key, *, allowed, timeout):
    """POST ``payload`` as signed JSON; returns the HTTP status of a 2xx answer and raises
    WebhookError otherwise, all within ``timeout`` seconds. ``key`` is the same for every
    attempt at one notice, so a receiver can drop a repeat. Redirects are not followed."""
    target = resolve(url, allowed)
    deadline = time.monotonic() + timeout
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               TIMESTAMP_HEADER: timestamp, DELIVERY_HEADER: key,
               SIGNATURE_HEADER: signature(secret, timestamp, body)}
    if target.scheme == "https":
        connection = _PinnedHTTPS(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = _PinnedHTTP(target.host, target.port, timeout=timeout)
    connection.pin(target.ips, deadline)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(ANSWER_BYTES).decode(errors="replace").strip()
    except TimeoutError:
        raise WebhookError(f"{target.host} did not answer within {timeout} s") from None
    except ssl.SSLError as error:
        raise WebhookError(f"TLS with {target.host} failed: {error.reason or error}") from None
    except OSError as error:
        raise WebhookError(f"couldn't reach {target.host}: {error.strerror or error}") from None
    except (http.client.HTTPException, ValueError) as error:
        raise WebhookError(f"{target.host} sent a malformed answer ({type(error).__name__})") from None
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        detail = f": {answer[:300]}" if answer else ""
        refused = 400 <= response.status < 500 and response.status not in RETRYABLE_4XX
        raise WebhookError(f"{target.host} answered {response.status} {response.reason}{detail}", permanent=refused)
    return response.status


def payload(format, notice):
    """The JSON body for ``format`` (slack, teams or generic) from a notice dict: title,
    summary, reason, priority, client, ticket, escalated_by, link (and event, id)."""
    facts = [("Priority", notice["priority"]), ("Client", notice["client"]),
             ("Ticket", notice["ticket"]), ("Escalated by", notice["escalated_by"])]
    if format == "slack":
        # User text goes only into plain_text objects, which Slack shows as typed: mrkdwn has
        # no escape for *, _ or ~, so there it would turn into bold, italics or strikes.
        return {
            "text": slack_escape(f"{notice['title']}: {notice['summary']}"),  # the notification's text
            "mrkdwn": False,
            "blocks": [
                slack_section(f"*{notice['title']}*  <{notice['link']}|Open in ResolutionFlow>"),
                {"type": "section", "text": slack_plain(notice["summary"])},
                {"type": "section", "fields": [slack_plain(f"{name}: {value}") for name, value in facts]},
                {"type": "section", "text": slack_plain(f"Why: {notice['reason']}")},
            ]}
    if format == "teams":
        return {"type": "message", "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard", "version": "1.4",
                "body": [
                    {"type": "TextBlock", "text": notice["title"], "weight": "Bolder", "size": "Medium"},
                    {"type": "TextBlock", "text": teams_escape(notice["summary"]), "wrap": True},
                    {"type": "FactSet",
                     "facts": [{"title": name, "value": teams_escape(value)} for name, value in facts]},
                    {"type": "TextBlock", "text": f"Why: {teams_escape(notice['reason'])}", "wrap": True},
                ],
                "actions": [{"type": "Action.OpenUrl", "title": "Open in ResolutionFlow", "url": notice["link"]}],
            }}]}
    return {key: notice[key] for key in
            ("event", "id", "title", "summary", "reason", "priority", "client", "ticket", "escalated_by", "link")}


def slack_escape(text):
    """Slack mrkdwn treats &, < and > as control characters (``<url|text>`` is a link)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_section(mrkdwn):
    """A section of our own words whose bare URLs, channel names and mentions stay text
    (``verbatim``): only our own ``<link|…>`` is a link."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn, "verbatim": True}}


def slack_plain(text):
    """Text Slack shows exactly as typed: no markup, links or mentions (``plain_text``)."""
    return {"type": "plain_text", "text": text, "emoji": False}


# What Adaptive Card markdown (a CommonMark subset) reads as inline markup: links, emphasis,
# code and HTML-like tags. Escaping only these keeps "4.7.0" or "re-auth" free of backslashes.
TEAMS_MARKUP = re.compile(r"([\\`*_\[\]()<>~])")


def teams_escape(text):
    """User text as literal text in a TextBlock or fact: every markup character backslash-
    escaped, so ``[re-auth](https://evil.example)`` shows as typed and is no link."""
    return TEAMS_MARKUP.sub(r"\\\1", text)
