"""The test server's control hook, registered only when RF_TEST_HOOKS is on (the test suite
sets it for the servers it starts; ``rf doctor`` fails a server that has it on).

``POST /_test/clock`` with ``minutes``: this worker's clock (``rf.core.clock``) moves on by
that much and its reminders are looked at at once, so a browser test sees a reminder fall
due without waiting for it. A test server that uses it runs one worker."""
import logging
from datetime import timedelta

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
    minutes = request.form.get("minutes", type=float)
    if minutes is None:
        abort(400, description="Say how many minutes to move the clock (minutes=5).")
    clock.move(timedelta(minutes=minutes))
    reminders_wake.set()
    return {"now": clock.utcnow().isoformat()}


def init_app(app):
    log.warning("RF_TEST_HOOKS is on: anyone can move this server's clock. Never in production.")
    csrf.exempt(bp)
    app.register_blueprint(bp)
