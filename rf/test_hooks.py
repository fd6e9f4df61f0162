"""The test server's control hook, registered only when RF_TEST_HOOKS is on (the test suite
sets it for the servers it starts; ``rf doctor`` fails a server that has it on), and then
only for a server whose base URL is on this machine, answering requests from this machine.

``POST /_test/clock`` with ``minutes``: this worker's clock (``rf.core.clock``) moves on by
that much and its reminders are looked at at once, so a browser test sees a reminder fall
due without waiting for it. A test server that uses it runs one worker."""
import ipaddress
import logging
import math
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, abort, request

from .core import clock
from .core.access import public
from .core.extensions import csrf
from .notify.reminders import reminders_wake

log = logging.getLogger(__name__)
bp = Blueprint("test_hooks", __name__)


@bp.route("/_test/clock", methods=["POST"])
@public
def move_clock():
    if not is_loopback(request.remote_addr):
        abort(404)
    minutes = request.form.get("minutes", type=float)
    if minutes is None or not math.isfinite(minutes):
        abort(400, description="Say how many minutes to move the clock (minutes=5).")
    clock.move(timedelta(minutes=minutes))
    reminders_wake.set()
    return {"now": clock.utcnow().isoformat()}


def is_loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def init_app(app):
    if not is_loopback(urlsplit(app.config["RF_BASE_URL"]).hostname or ""):
        raise RuntimeError("RF_TEST_HOOKS is for test servers on this machine: RF_BASE_URL must be a loopback "
                           "address. Remove RF_TEST_HOOKS from the environment.")
    log.warning("RF_TEST_HOOKS is on: this machine can move this server's clock. Never in production.")
    csrf.exempt(bp)
    app.register_blueprint(bp)
