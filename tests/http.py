"""A tiny HTTP client for live-server tests (keeps cookies, reads CSRF tokens from pages),
and a webhook receiver that records what it is sent."""
import functools
import http.client
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.text = status, headers, body


class HttpClient:
    """``tls``: an ``ssl.SSLContext`` for https (a test proxy's own certificate); ``source``: the
    loopback address to connect from ("127.0.0.2"), as a client elsewhere would."""

    def __init__(self, base_url, cookies=None, tls=None, source=None):
        self.base_url = base_url
        self.cookies = cookies if cookies is not None else http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies)]
        if tls is not None or source is not None:
            handlers.append(FromAddressHTTPSHandler(tls, source))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, method, path, data=None, headers=None, timeout=30):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = dict(headers or {})
        if self.base_url.startswith("https:"):  # as browsers do: over https the CSRF check wants it
            headers.setdefault("Referer", self.base_url + "/")
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Response(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read().decode())

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.request("POST", path, data=data or {}, **kwargs)

    def csrf_token(self, path="/login"):
        """The token every page carries in ``hx-headers`` on <body>."""
        return re.search(r'"X-CSRFToken": "([^"]+)"', self.get(path).text).group(1)

    def log_in(self, email, password):
        return self.post("/login", {"email": email, "password": password, "csrf_token": self.csrf_token()})


class FromAddressHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, context, source):
        super().__init__(context=context)
        self.source = source

    def https_open(self, request):
        connection = http.client.HTTPSConnection
        if self.source:
            connection = functools.partial(connection, source_address=(self.source, 0))
        return self.do_open(connection, request, context=self._context)


class HookServer(ThreadingHTTPServer):
    """Records every POST; answers with the next of ``answers`` (then 200 "ok")."""
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), HookHandler)
        self.requests, self.answers = [], []
        self.url = f"http://127.0.0.1:{self.server_address[1]}/hooks/T123/secret-part"


class HookHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw,
                                     "body": json.loads(raw)})
        status, text = self.server.answers.pop(0) if self.server.answers else (200, "ok")
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
