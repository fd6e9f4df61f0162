"""Small helpers shared by test modules."""
import threading
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

from .factories import PASSWORD

HX = {"HX-Request": "true"}


def login(client, user_or_email, password=PASSWORD):
    email = getattr(user_or_email, "email", user_or_email)
    return client.post("/login", data={"email": email, "password": password})


def client_for(app, user):
    """A test client logged in as ``user``."""
    browser = app.test_client()
    login(browser, user)
    return browser


def all_at_once(calls):
    """Run the callables in parallel threads, released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self._textarea = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "input" and name:
            if attrs.get("type") in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "y")
            else:
                self.fields[name] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # As a browser reads a textarea: one newline straight after the tag is not content.
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\r\n").removeprefix("\n")
            self._textarea = None


def form_fields(html):
    """What a browser would post from the form(s) in ``html``: text, hidden and checked fields
    (no submit buttons)."""
    parser = _FormFields()
    parser.feed(html)
    return parser.fields
