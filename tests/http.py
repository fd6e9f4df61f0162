"""A tiny HTTP client for live-server tests: keeps cookies, reads CSRF tokens from pages."""
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.text = status, headers, body


class HttpClient:
    def __init__(self, base_url, cookies=None):
        self.base_url = base_url
        self.cookies = cookies if cookies is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, method, path, data=None, headers=None, timeout=30):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers or {})
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
