"""The long-poll's fast path: polls parked and answered outside Flask's request handling.

After each change every open queue comes back at once, and each poll then waits up to
~25 s. Flask's request handling (a request context, the session cookie's signature, the
login, the hooks) is most of a worker's time in that burst, and a poll waiting inside it
holds all of that. So this WSGI middleware parks every poll itself: those the route let in
(``PARK``, once Flask's request is over), and, without Flask at all, a poll of a browser
that Flask answered plainly a moment ago (a ``Passes`` entry: same cookie, address and user
agent, so Flask-Login would decide the same), whose login is still trusted
(``rf.core.login_stamps``) and a senior's, at the queue number the listener heard last.
A parked poll is answered with the account's shared answer and the senior's ids; anything
else (a time-out, an eviction, an answer not made) goes to the route with ``WOKEN``.
"""
import threading
import time
from urllib.parse import parse_qs

from ..core.login_stamps import trusted_logins
from ..core.models import token_digest
from .answers import answer_for, answers
from .limits import parked
from .parking import Parking, current_if_heard, park, poll_view
from .presence import note_watching, noted_lately
from .wakeups import hub

CAN_PARK = "rf.queue.can_park"  # environ: the middleware will park this poll if the route says so
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


def without_length(headers):
    return [(name, value) for name, value in headers if name != "Content-Length"]


class FastPoll:
    """WSGI middleware: parks ``GET <poll path>`` polls and answers them when it can."""

    def __init__(self, app, wsgi_app, path):
        self.app, self.wsgi_app, self.path = app, wsgi_app, path
        self.headers = None  # of a plain answer to a senior's page or poll (they are the same)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET":
            return self.wsgi_app(environ, start_response)
        browser = browser_of(environ)
        if environ.get("PATH_INFO") != self.path:
            return self.wsgi_app(environ, self.remembering(environ, browser, start_response))
        parking, headers = self.let_in(environ, browser), self.headers
        if parking is None:  # the route checks it: answers, or lets it in to park (``PARK``)
            withheld = []
            environ[CAN_PARK] = True
            result = self.routed(environ, self.remembering(environ, browser, start_response, withheld))
            if not withheld:
                return result
            parking, headers = environ.pop(PARK), withheld[0]
            try:
                if hasattr(result, "close"):
                    result.close()
            except BaseException:
                hub.unsubscribe(parking.account_id, parking.wakeup)
                raise
        body = self.park_and_answer(environ, parking)
        if body is None:
            environ.pop(POLL_LOGIN, None)  # only the route's answer now may give a pass
            return self.wsgi_app(environ, keeping_cookies(headers, start_response))
        start_response("200 OK", headers + [("Content-Length", str(len(body)))])
        return [body]

    def routed(self, environ, start_response):
        """The app's answer; a poll it let in but that never parks gives its wake-up back."""
        try:
            return self.wsgi_app(environ, start_response)
        except BaseException:
            parking = environ.pop(PARK, None)
            if parking is not None:
                hub.unsubscribe(parking.account_id, parking.wakeup)
            raise

    def let_in(self, environ, browser):
        """The ``Parking`` of a poll this browser's pass lets in, or None for the route."""
        digest = passes.get(browser)
        user = digest and trusted_logins.get(digest)
        if user is None or self.headers is None or not user.has_role("engineer") or hub.stopping.is_set():
            return None
        args = parse_qs(environ.get("QUERY_STRING", ""))
        account_id, view = user.account_id, poll_view(args.get("view", [None])[0])
        seq = current_if_heard(account_id, args.get("after", [None])[0])
        if args.get("wait", ["1"])[0] == "0" or seq is None:
            return None
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
            return None
        return html.encode()

    def remembering(self, environ, browser, start_response, withheld=None):
        """``start_response`` for the app, noting a plain 200 answer to a senior's queue page
        or poll (the view set ``POLL_LOGIN``; no new cookie): this browser's polls may come
        here next. With ``withheld``: a 200 for a poll the route let in to park is not sent;
        its headers are kept there for its answer."""
        def start(status, headers, exc_info=None):
            plain = status.startswith("200 ") and all(name != "Set-Cookie" for name, _ in headers)
            if plain and environ.get(POLL_LOGIN):
                passes.put(browser, token_digest(environ[POLL_LOGIN]))
                if self.headers is None:
                    self.headers = without_length(headers)
            if withheld is not None and PARK in environ:
                if status.startswith("200 "):
                    withheld.append(without_length(headers))
                    return lambda data: None  # the route's empty body: not sent
                parking = environ.pop(PARK)  # an error after the route let it in: sent, not parked
                hub.unsubscribe(parking.account_id, parking.wakeup)
            return start_response(status, headers, exc_info)
        return start


def keeping_cookies(headers, start_response):
    """``start_response`` adding the cookies of ``headers`` (the route's first answer to this
    poll, not sent) to an answer that sets none."""
    cookies = [(name, value) for name, value in headers if name == "Set-Cookie"]

    def start(status, answer_headers, exc_info=None):
        if not any(name == "Set-Cookie" for name, _ in answer_headers):
            answer_headers = list(answer_headers) + cookies
        return start_response(status, answer_headers, exc_info)
    return start if cookies else start_response
