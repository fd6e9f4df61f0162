"""CPU-heavy work off the event loop: under gevent a worker's greenlets (parked long-polls,
other requests, /healthz) all wait while one of them computes, so slow pure work runs in the
hub's thread pool instead, with the request's context (Flask's request, session and app are
context variables, copied along). Nothing run here may use the database or the client's
socket: those belong to the greenlet."""
import contextvars

from flask import request

BIG_BODY = 256 * 1024  # bytes: a request body past this is parsed off the event loop


def off_the_event_loop(fn, *args):
    from gevent import monkey

    if monkey.is_module_patched("threading"):
        import gevent

        return gevent.get_hub().threadpool.apply(contextvars.copy_context().run, (fn, *args))
    return fn(*args)


def parse_big_body():
    """Runs before every request, ahead of the CSRF check (which reads the form): a big form
    post (a 16 MB paste) is read from the socket here, in the request's greenlet, then parsed
    in the thread pool; the parsed form stays on the request for everything after."""
    if (request.content_length or 0) > BIG_BODY and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        request.get_data(cache=True, parse_form_data=False)
        off_the_event_loop(lambda: request.form)
