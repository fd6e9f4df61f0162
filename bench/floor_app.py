"""The floor under the live queue's latency: gunicorn + gevent releasing parked requests.

No Flask, no database, no template: each request parks on an event and gets a constant
4 KB body when the worker receives SIGUSR2. ``bench/longpoll.py`` measures this beside the
real queue with the same client, so the figures show what the machine itself allows.

    gunicorn -k gevent -w 2 -c bench/floor_app.py --chdir bench floor_app:app
"""
import signal

import gevent
import gevent.event

BODY = b"<div>" + b"x" * 4090 + b"</div>"
release = {"event": None}


def app(environ, start_response):
    release["event"].wait(30)
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(BODY)))])
    return [BODY]


def fire():
    event, release["event"] = release["event"], gevent.event.Event()
    event.set()


def post_worker_init(worker):
    """gunicorn hook (this file doubles as the config): arm the event and the signal."""
    import floor_app  # the module gunicorn imported the app from, not this config copy

    floor_app.release["event"] = gevent.event.Event()
    gevent.signal_handler(signal.SIGUSR2, floor_app.fire)
