"""The queue page and its long-poll.

The poll answers at once when the account's queue changed after the client's cursor;
otherwise it gives its database connection back, waits (up to ~25 s) for a wake-up, and
answers with a fresh poller. An answer carries what changed since the cursor (cards to
add, each before the card it precedes, and ids to remove), or the whole list when the
client's list can't be known from its cursor (``changes.py``). It is the same for every
senior of the account; one senior's unread dots and own sessions travel as a list of ids.
Cards are rendered once per version (``cards.py``). Every other page of a
senior polls too, for the Queue nav item's count and new arrivals only (``view=count``):
one poll per browser, whichever page holds it (``static/queue.js``).
"""
import logging
import os
import socket
import threading

from flask import render_template, request, url_for
from flask_login import current_user

from ..core.access import role_required
from ..core.extensions import db, login_manager
from ..core.models import Handoff, utcnow
from ..core.oncall import on_call
from ..core.tenancy import get_or_404
from ..core.ui import htmx_or_redirect
from . import bp
from .answers import SharedAnswer, answer_for, answers, senior_view
from .cards import cards, mine_html
from .changes import queue_changes
from .fast_poll import CAN_PARK, PARK, POLL_LOGIN, WOKEN
from .limits import RETRY_AFTER_SECONDS, parked
from .parking import Parking, current_if_heard, poll_view
from .presence import note_watching
from .queries import (
    MAX_EVENTS_PER_ANSWER,
    current_seq,
    escalations_by_id,
    events_between,
    open_count,
    open_queue,
    queue_viewers,
    reads_by_user,
)
from .reads import mark_read
from .wakeups import hub

log = logging.getLogger(__name__)


def queue_nav():
    """For the layout: the Queue nav item's count and the cursor its poller starts from (a
    senior's pages only; None for everyone else)."""
    if not current_user.is_authenticated or not current_user.has_role("engineer"):
        return None
    seq, count = open_count(current_user.account_id)
    return {"count": count, "cursor": seq}


@bp.route("/escalations")
@role_required("engineer")
def page():
    note_watching(current_user)
    account_id, user_id = current_user.account_id, current_user.id
    request.environ[POLL_LOGIN] = current_user.login_token  # the fast path may take this browser's polls
    seq, open_cards = open_queue(account_id)
    open_ids = [card.id for card in open_cards]
    unread, own = senior_view(open_cards, reads_by_user(open_ids, user_id)[user_id], user_id)
    return render_template("queue/page.html", cursor=seq, queue_page=True, new_ids=(), unread=unread, own=own,
                           escalations=escalations_by_id(account_id, open_ids), mine=mine_html(unread, own),
                           duty=on_call(account_id, utcnow()))


@bp.route("/escalations/on-call")
@role_required("engineer")
def on_call_line():
    """``#queue-on-call``: who is on call now, until when."""
    return render_template("queue/_on_call.html", duty=on_call(current_user.account_id, utcnow()))


def parse_cursor(raw, seq):
    """A valid cursor is a number not past the account's last event; anything else
    (malformed, from another account, from before a restore) gets the whole queue."""
    try:
        cursor = int(raw)
    except (TypeError, ValueError):
        return None
    return cursor if 0 <= cursor <= seq else None


def shared_poll_answer(account_id, cursor, view):
    """The answer for a client at ``cursor``: the new poller, the nav count and the new
    arrivals; on the queue page (``view`` "list") also what changed in the list since the
    cursor (or the whole list), the heading and an announcement of the arrivals."""
    seq, open_cards = open_queue(account_id)
    cursor = cursor if cursor is not None and cursor <= seq else None
    events = [] if cursor is None else [(e.seq, e.kind, e.handoff_id) for e in events_between(account_id, cursor, seq)]
    changes = queue_changes(cursor, seq, events, [card.id for card in open_cards], MAX_EVENTS_PER_ANSWER)
    viewers = queue_viewers(account_id)
    if view == "count":
        arrivals = escalations_by_id(account_id, changes.new_ids)
        return SharedAnswer(render_template("queue/_poll_count.html", cursor=seq, view=view, arrivals=arrivals,
                                            count=len(open_cards)), viewers)
    shown = [card.id for card in open_cards] if changes.full else [card_id for card_id, _ in changes.added]
    handoffs = escalations_by_id(account_id, shown)
    new_ids = set(changes.new_ids)
    card_html = {handoff.id: cards.html(handoff, handoff.id in new_ids) for handoff in handoffs}
    html = render_template("queue/_poll_answer.html", cursor=seq, view=view, changes=changes, escalations=handoffs,
                           card_html=card_html, arrivals=[h for h in handoffs if h.id in new_ids],
                           reminded=escalations_by_id(account_id, changes.reminded), count=len(open_cards))
    return SharedAnswer(html, viewers, open_cards, reads_by_user([card.id for card in open_cards]))


def answers_preparer(app):
    """For ``hub.prepare``: claims the answers the account's parked polls (at ``cursor``, the
    number the listener heard before) are about to ask for, and makes them in a thread of its
    own, which it returns (polls that wake first wait for them)."""
    def prepare(account_id, cursor, seq, views):
        fills = [(view, fill) for view in views if (fill := answers.reserve((account_id, cursor, seq, view)))]

        def make():
            pending = list(fills)
            try:
                # As gunicorn would build a request (its links under the same SCRIPT_NAME).
                with app.test_request_context(environ_overrides={"SCRIPT_NAME": os.environ.get("SCRIPT_NAME", "")}):
                    while pending:
                        view, fill = pending.pop()
                        try:
                            fill(lambda view=view: shared_poll_answer(account_id, cursor, view))
                        except Exception:  # released: the polls make it themselves
                            log.warning("could not prepare the queue's answer", exc_info=True)
            finally:
                for _, fill in pending:  # never made: released, the polls make them
                    fill(lambda: None)

        preparing = threading.Thread(target=make, name="rf-queue-prepare", daemon=True)
        preparing.start()
        return preparing
    return prepare


@bp.route("/queue/poll")
@role_required("engineer")
def poll():
    """Long-poll for ``#queue-poller``; changes arrive as out-of-band swaps: new cards (or the
    whole ``#queue-list``), ``#queue-gone``, ``#queue-mine``, ``#queue-heading``, the nav count
    and ``#queue-announcer``. ``wait=0`` answers at once (tabs that
    follow another tab's poll). ``view=count`` (any page but the queue): only the nav count
    and new arrivals; such a poll doesn't count as watching the queue. The poll a browser
    makes right after an answer usually doesn't reach this view, and none waits in it:
    ``fast_poll`` parks them outside Flask's request, and hands a poll here again (with how
    its parking ended) only when the answer takes more than the shared one."""
    view = poll_view(request.args.get("view"))
    if view == "list":
        note_watching(current_user, batch=True)
    account_id, user_id = current_user.account_id, current_user.id
    request.environ[POLL_LOGIN] = current_user.login_token  # the fast path may take this browser's next poll
    # Who asks, for sharing answers: the id and creation time, so after a database restore or
    # reset under a running server a new user with an old id never gets the old one's answer.
    asker = (user_id, current_user.created_at)
    woken = request.environ.get(WOKEN)
    if woken is None:
        wakeup = hub.subscribe(account_id, view)  # before reading, so a commit in between still wakes us
        # Only the middleware parks a poll (a HEAD request, say, is answered at once).
        wait = (request.args.get("wait", "1") != "0" and request.environ.get(CAN_PARK)
                and not hub.stopping.is_set())
        seq = current_seq_for(account_id, request.args.get("after")) if wait else current_seq(account_id)
        cursor = parse_cursor(request.args.get("after"), seq)
        if cursor != seq or not wait:
            hub.unsubscribe(account_id, wakeup)
            return answer_at(account_id, asker, cursor, seq, view)
        if not parked.admit(user_id, request.remote_addr):
            hub.unsubscribe(account_id, wakeup)
            return too_many_polls()
        hub.ensure_listener(db.engine.url.render_as_string(hide_password=False))
        request.environ[PARK] = Parking(account_id, asker, request.remote_addr, cursor, view, wakeup)
        return ""  # fast_poll parks it once this request is over (and its database connection back)
    cursor = int(request.args["after"])
    if woken.evicted:  # likely a tab long gone: don't keep its connection open either
        close_after_answer()
        return render_template("queue/_poller.html", cursor=cursor, view=view)
    seq = woken.seq if woken.seq is not None else current_seq(account_id)
    return answer_at(account_id, asker, cursor, max(seq, cursor), view)


def answer_at(account_id, asker, cursor, seq, view):
    """What changed from ``cursor`` to ``seq`` (the account's queue number now): nothing (a
    new poller), or the shared answer."""
    if cursor == seq:
        return render_template("queue/_poller.html", cursor=seq, view=view)
    return shared_answer(account_id, asker, cursor, seq, view)


def current_seq_for(account_id, after):
    """The account's event number for a poll that will wait (without a query when the
    listener heard the client's cursor last). A commit the listener hasn't heard yet wakes
    the poll, which subscribed first."""
    heard = current_if_heard(account_id, after)
    return heard if heard is not None else current_seq(account_id)


def too_many_polls():
    """More parked polls than any browser makes: come back later (and the connection is
    closed, so a flood of them can't hold the worker's connections)."""
    close_after_answer()
    return ("Too many open queue connections from your login; the page retries by itself.", 429,
            {"Retry-After": str(RETRY_AFTER_SECONDS), "Content-Type": "text/plain"})


def close_after_answer():
    """End the connection once this answer is written. gunicorn drops an application's
    ``Connection: close`` (a hop-by-hop header) and keeps the connection alive for the next
    request, which an idle flood would hold for the keep-alive time; with the reading side
    shut, gunicorn finds no next request and closes it."""
    sock = request.environ.get("gunicorn.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RD)
        except OSError:  # the client has gone already
            pass


def shared_answer(account_id, asker, cursor, seq, view):
    """Every poll of the account asking the same question at the same moment shares one
    answer; one senior's part is a list of ids. A poll parks up to ~25 s after its login was
    checked: someone deactivated (or demoted) meanwhile gets the login page, not the queue."""
    key = (account_id, cursor, seq, view)
    answer = answers.get(key, lambda: shared_poll_answer(account_id, cursor, view))
    html = answer_for(answer, asker)
    if html is None:  # maybe a moment newer than that answer
        html = answer_for(answers.get(key, lambda: shared_poll_answer(account_id, cursor, view), refresh=True), asker)
    return login_manager.unauthorized() if html is None else html


@bp.route("/escalations/<int:handoff_id>/dismiss", methods=["POST"])
@role_required("engineer")
def dismiss(handoff_id):
    """Mark an escalation seen without opening it; HTMX swaps its card ``#card-<id>``."""
    handoff = get_or_404(Handoff, handoff_id)
    mark_read(current_user.id, handoff.id)
    db.session.commit()
    return htmx_or_redirect(
        url_for("queue.page"),
        lambda: render_template("queue/_card.html", handoff=handoff, unread=(), new_ids=(),
                                own={handoff.id} if handoff.session.owner_id == current_user.id else ()),
        message="Marked as seen.")
