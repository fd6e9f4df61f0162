"""CPU-heavy work off the event loop: under gevent a worker's greenlets (parked long-polls,
other requests, /healthz) all wait while one of them computes, so slow pure work runs in the
hub's thread pool instead, with the request's context (Flask's request, session and app are
context variables, copied along). Nothing run here may use the database or the client's
socket: those belong to the greenlet."""
import contextvars

from flask import request

BIG_BODY = 256 * 1024  # bytes: a request body past this is parsed off the event loop
READ_PIECE = 256 * 1024


def off_the_event_loop(fn, *args):
    from gevent import monkey

    if monkey.is_module_patched("threading"):
        import gevent

        return gevent.get_hub().threadpool.apply(contextvars.copy_context().run, (fn, *args))
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
