"""The long-poll's fast path: polls parked and answered outside Flask's request handling.

After each change every open queue comes back at once. The route (``routes.poll``) costs
a request context, the session cookie's signature, the login, the hooks and the headers:
most of a worker's time in that burst, for polls that differ from the one before only in
their cursor; and a poll waiting inside it holds all of that for up to ~25 s. So this WSGI
middleware, in front of the app, parks every poll itself: those the route decided to park
(``PARK``, once Flask's request is over), and, without Flask at all, a poll when

- Flask answered this browser's queue page or poll (the same cookie, from the same address
  and user agent: Flask-Login's session protection would decide the same) with 200 and
  without touching the cookie, a few minutes ago at most;
- that login is still trusted (``rf.core.login_stamps``: a logout, deactivation or role
  change anywhere ends the trust), and is a senior's;
- its cursor is the queue number the listener heard last (it is current: no query).

It parks (``parking.park``) and answers with the shared answer of the account
(``answers``) and this senior's ids, with the headers Flask sends with a poll answer (the
security headers: they depend on the settings only). Anything else (a time-out, an
eviction, an answer not made yet, a user no longer among its viewers) goes to the route,
with how the parking ended (``WOKEN``).
"""
import threading
import time
from urllib.parse import parse_qs

from ..core.login_stamps import trusted_logins
from ..core.models import token_digest
from .answers import answer_for, answers
from .limits import parked
from .parking import Parking, park
from .presence import note_watching, noted_lately
from .wakeups import hub

PARK = "rf.queue.park"  # environ: the route's decision that this poll parks (a ``Parking``)
WOKEN = "rf.queue.woken"  # environ: how this poll's parking ended
POLL_LOGIN = "rf.queue.poll_login"  # environ: the login token of a senior's queue page or poll
PASS_SECONDS = 600


class Passes:
    """Browsers whose queue page or poll Flask answered plainly a moment ago: what identifies
    the browser → (the login's digest, until when)."""

    MAX_PASSES = 20_000

    def __init__(self):
        self._lock = threading.Lock()
        self._passes = {}

    def get(self, browser):
        """The digest of the browser's login, or None."""
        with self._lock:
            entry = self._passes.get(browser)
        if entry is None or time.monotonic() > entry[1]:
            return None
        return entry[0]

    def put(self, browser, digest):
        with self._lock:
            if len(self._passes) >= self.MAX_PASSES:
                self._passes = {}
            self._passes[browser] = (digest, time.monotonic() + PASS_SECONDS)

    def clear(self):
        with self._lock:
            self._passes = {}


passes = Passes()


def browser_of(environ):
    """All a poll's outcome depends on besides its query: its cookies, and what Flask-Login
    makes of the client (the address and the user agent)."""
    return (environ.get("HTTP_COOKIE"), environ.get("REMOTE_ADDR"), environ.get("HTTP_USER_AGENT"),
            environ.get("HTTP_X_FORWARDED_FOR"))


class FastPoll:
    """WSGI middleware: parks ``GET <poll path>`` polls and answers them when it can."""

    def __init__(self, app, wsgi_app, path):
        self.app, self.wsgi_app, self.path = app, wsgi_app, path
        self.headers = None  # of a poll answer as Flask sends them (but its length)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET":
            return self.wsgi_app(environ, start_response)
        browser = browser_of(environ)
        if environ.get("PATH_INFO") != self.path:
            return self.wsgi_app(environ, self.remembering(environ, browser, start_response))
        parking, headers = self.admit(environ, browser), self.headers
        if parking is None:  # the route decides: an answer, or a poll to park
            withheld = []
            result = self.wsgi_app(environ, self.remembering(environ, browser, start_response, withheld))
            parking = environ.get(PARK)
            if parking is None:
                return result
            if hasattr(result, "close"):
                result.close()
            headers = withheld[0]
        body = self.park_and_answer(environ, parking)
        if body is None:
            return self.wsgi_app(environ, self.remembering(environ, browser, start_response))
        start_response("200 OK", headers + [("Content-Length", str(len(body)))])
        return [body]

    def admit(self, environ, browser):
        """The ``Parking`` of a poll this browser's pass lets in, or None for the route."""
        digest = passes.get(browser)
        user = digest and trusted_logins.get(digest)
        if user is None or self.headers is None or not user.has_role("engineer") or hub.stopping.is_set():
            return None
        args = parse_qs(environ.get("QUERY_STRING", ""))
        after, account_id = args.get("after", [None])[0], user.account_id
        seq = hub.latest_seq(account_id)
        if args.get("wait", ["1"])[0] == "0" or seq is None or after != str(seq):
            return None
        view = "count" if args.get("view", [None])[0] == "count" else "list"
        if view == "list" and not noted_lately(user):
            with self.app.app_context():
                note_watching(user, batch=True)
        address = environ.get("REMOTE_ADDR")
        wakeup = hub.subscribe(account_id, view)  # before the check below: a commit after it wakes us
        if hub.latest_seq(account_id) != seq or not parked.admit(user.id, address):
            hub.unsubscribe(account_id, wakeup)
            return None
        return Parking(account_id, (user.id, user.created_at), address, seq, view, wakeup)

    def park_and_answer(self, environ, parking):
        """The body when the poll woke to the account's shared answer; else None, and
        ``environ`` says how the parking ended (for the route)."""
        woken = park(parking, self.app.config["RF_LONGPOLL_SECONDS"])
        html = None
        if woken.seq is not None and woken.seq > parking.cursor and not woken.evicted:
            shared = answers.peek((parking.account_id, parking.cursor, woken.seq, parking.view))
            html = shared and answer_for(shared, parking.asker)
        if html is None:
            environ[WOKEN] = woken
            environ.pop(PARK, None)
            return None
        return html.encode()

    def remembering(self, environ, browser, start_response, withheld=None):
        """``start_response`` for the app, noting a plain 200 answer to a senior's queue page
        or poll (the view set ``POLL_LOGIN``; no new cookie): this browser's polls may come
        here next. And the headers of such an answer, the first time. With ``withheld``, a
        poll the route parks: its headers are kept there for its answer, nothing is sent."""
        def start(status, headers, exc_info=None):
            token = environ.get(POLL_LOGIN)
            if token and status.startswith("200 ") and all(name != "Set-Cookie" for name, _ in headers):
                passes.put(browser, token_digest(token))
                if self.headers is None:  # the page's are the same: HTML, the security headers
                    self.headers = [(name, value) for name, value in headers if name != "Content-Length"]
            if withheld is not None and PARK in environ:
                withheld.append([(name, value) for name, value in headers if name != "Content-Length"])
                return lambda data: None  # the route's empty body: not sent
            return start_response(status, headers, exc_info)
        return start
