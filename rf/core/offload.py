"""CPU-heavy work off the event loop: under gevent a worker's greenlets (parked long-polls,
other requests, /healthz) all wait while one of them computes, so slow pure work runs in the
hub's thread pool instead, with the request's context (Flask's request, session and app are
context variables, copied along). Nothing run here may use the database or the client's
socket: those belong to the greenlet."""
import codecs
import contextvars
from io import BytesIO
from urllib.parse import unquote_to_bytes

from flask import request
from htmx_flask.requests import HtmxAwareRequest
from werkzeug.formparser import FormDataParser

BIG_BODY = 256 * 1024  # bytes: a request body past this is parsed off the event loop
READ_PIECE = 256 * 1024
DECODE_PIECE = 64 * 1024  # bytes of a URL-encoded value decoded at a time


def off_the_event_loop(fn, *args):
    """``fn(*args)``, run in the hub's thread pool when called on a gevent event loop; else
    (no gevent, or already in a thread of the pool, where nothing else waits) run here."""
    from gevent import monkey

    if monkey.is_module_patched("threading"):
        from gevent._hub_local import get_hub_if_exists  # gevent's own threadpool uses it; pinned

        hub = get_hub_if_exists()
        if hub is not None:
            return hub.threadpool.apply(contextvars.copy_context().run, (fn, *args))
    return fn(*args)


def let_others_run():
    """Under gevent, give the worker's other greenlets a turn (else nothing)."""
    from gevent import monkey

    if monkey.is_module_patched("socket"):
        import gevent

        gevent.sleep(0)


def parse_big_body():
    """Runs before every request, ahead of the CSRF check (which reads the form): a big form
    post (a 16 MB paste) is read from the socket here, in the request's greenlet, a piece at
    a time with a turn for the others between pieces (over loopback the bytes are always
    there, so reading would never yield by itself), then parsed in the thread pool; the body
    and the parsed form stay on the request for everything after."""
    if (request.content_length or 0) > BIG_BODY and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        pieces = []
        while piece := request.stream.read(READ_PIECE):
            pieces.append(piece)
            let_others_run()
        request._cached_data = b"".join(pieces)  # where Werkzeug keeps a body it has read (get_data)
        off_the_event_loop(lambda: request.form)


def unquote_plus_in_pieces(value, piece=DECODE_PIECE):
    """A URL-encoded form value (bytes) as text, decoded ``piece`` bytes at a time: for a 16 MB
    value, one-shot decoding makes C calls (a split into ~2 million parts, their join) that
    hold the GIL ~100 ms each, which stalls the event loop even from a thread-pool thread.
    Percent-decoded bytes that aren't UTF-8 become U+FFFD. ``piece``: at least 3 (a %XX)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    text, start = [], 0
    while start < len(value):
        end = min(start + piece, len(value))
        cut_escape = value.rfind(b"%", max(start + 1, end - 2), end)
        if end < len(value) and cut_escape != -1:
            end = cut_escape  # never split a %XX
        text.append(decoder.decode(unquote_to_bytes(value[start:end].replace(b"+", b" "))))
        start = end
    text.append(decoder.decode(b"", final=True))
    return "".join(text)


class PiecewiseFormDataParser(FormDataParser):
    """Werkzeug's form parser, except that a big URL-encoded body is decoded a piece at a time
    (``unquote_plus_in_pieces``)."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        body = stream.read()
        if len(body) <= BIG_BODY:
            return super()._parse_urlencoded(BytesIO(body), mimetype, content_length, options)
        fields = []
        for pair in body.split(b"&"):
            if pair:
                name, _, value = pair.partition(b"=")
                fields.append((unquote_plus_in_pieces(name), unquote_plus_in_pieces(value)))
        return stream, self.cls(fields), self.cls()


class PiecewiseRequest(HtmxAwareRequest):
    """htmx-flask's request (``request.htmx``), its form parsed by ``PiecewiseFormDataParser``."""

    form_data_parser_class = PiecewiseFormDataParser
