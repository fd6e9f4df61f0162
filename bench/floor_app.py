"""The floor under the live queue's latency: gunicorn + gevent releasing parked requests.

No Flask, no database, no template: each request parks on an event and gets a constant
body when the worker receives SIGUSR2: as many bytes (default 4 KB) and the same headers
as a real poll answer, when ``bench/longpoll.py`` passes them (RF_FLOOR_BODY_BYTES,
RF_FLOOR_HEADERS as JSON pairs). It measures this beside the real queue with the same
client, so the figures show what the machine itself allows for the same exchange.

    gunicorn -k gevent -w 2 -c bench/floor_app.py --chdir bench floor_app:app
"""
import json
import os
import signal

import gevent
import gevent.event

BODY = b"x" * int(os.environ.get("RF_FLOOR_BODY_BYTES", "4096"))
HEADERS = [tuple(pair) for pair in json.loads(os.environ.get("RF_FLOOR_HEADERS", "[]"))] or [
    ("Content-Type", "text/html")]
release = {"event": None}


def app(environ, start_response):
    release["event"].wait(30)
    start_response("200 OK", HEADERS + [("Content-Length", str(len(BODY)))])
    return [BODY]


def fire():
    event, release["event"] = release["event"], gevent.event.Event()
    event.set()


def post_worker_init(worker):
    """gunicorn hook (this file doubles as the config): arm the event and the signal."""
    import floor_app  # the module gunicorn imported the app from, not this config copy

    floor_app.release["event"] = gevent.event.Event()
    gevent.signal_handler(signal.SIGUSR2, floor_app.fire)
