"""The queue page and its long-poll.

The poll answers at once when the account's queue changed after the client's cursor;
otherwise it gives its database connection back, waits (up to ~25 s) for a wake-up, and
answers with a fresh poller. Any change re-sends the whole list: the database is the
truth, so a client that missed events catches up by construction. Every other page of a
senior polls too, for the Queue nav item's count and new arrivals only (``view=count``):
one poll per browser, whichever page holds it (``static/queue.js``).
"""
import socket
import time

from flask import current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..core.access import role_required
from ..core.extensions import db, login_manager
from ..core.models import Handoff, User
from ..core.tenancy import get_or_404
from ..core.ui import htmx_or_redirect
from . import bp
from .answers import answers
from .limits import RETRY_AFTER_SECONDS, parked
from .presence import note_watching
from .queries import current_seq, events_between, read_handoff_ids, waiting_count, waiting_escalations
from .reads import mark_read
from .wakeups import hub


def queue_nav():
    """For the layout: the Queue nav item's count and the cursor its poller starts from (a
    senior's pages only; None for everyone else)."""
    if not current_user.is_authenticated or not current_user.has_role("engineer"):
        return None
    account_id = current_user.account_id
    return {"count": waiting_count(account_id), "cursor": current_seq(account_id)}


def queue_context(account_id, user_id, new_ids=()):
    escalations = waiting_escalations(account_id)
    read = read_handoff_ids(user_id, [h.id for h in escalations])
    return {"escalations": escalations, "unread": {h.id for h in escalations} - read, "new_ids": set(new_ids)}


@bp.route("/escalations")
@role_required("engineer")
def page():
    note_watching(current_user)
    account_id = current_user.account_id
    seq = current_seq(account_id)
    return render_template("queue/page.html", cursor=seq, queue_page=True, **queue_context(account_id, current_user.id))


def parse_cursor(raw, seq):
    """A valid cursor is a number not past the account's last event; anything else
    (malformed, from another account, from before a restore) gets the whole queue."""
    try:
        cursor = int(raw)
    except (TypeError, ValueError):
        return None
    return cursor if 0 <= cursor <= seq else None


# The shared answer for a senior deactivated since their poll arrived (checked once per
# shared answer, not once per woken poll: a wake-up releases hundreds of polls at once).
SIGNED_OUT = ""


def poll_answer(account_id, user_id, cursor, seq, view):
    """The new poller, the nav count and the new arrivals; on the queue page (``view`` "list")
    also the list, the heading and an announcement of the arrivals."""
    if not db.session.scalar(select(User.active).where(User.id == user_id)):
        return SIGNED_OUT
    events = events_between(account_id, cursor, seq) if cursor is not None else []
    new_ids = [e.handoff_id for e in events if e.kind == "escalated"]
    if view == "count":
        arrivals = waiting_escalations(account_id, only_ids=new_ids) if new_ids else []
        return render_template("queue/_poll_count.html", cursor=seq, view=view, arrivals=arrivals,
                               count=waiting_count(account_id))
    context = queue_context(account_id, user_id, new_ids)
    arrivals = [h for h in context["escalations"] if h.id in context["new_ids"]]
    # The answer may be shared by several browsers of this senior: no per-session CSRF token
    # in it (htmx sends the page's token as a header).
    return render_template("queue/_poll_answer.html", cursor=seq, view=view, arrivals=arrivals, shared=True,
                           count=len(context["escalations"]), **context)


@bp.route("/queue/poll")
@role_required("engineer")
def poll():
    """Long-poll for ``#queue-poller``; changes arrive as out-of-band swaps of ``#queue-list``,
    ``#queue-heading`` and ``#queue-announcer``. ``wait=0`` answers at once (tabs that
    follow another tab's poll). ``view=count`` (any page but the queue): only the nav count
    and new arrivals; such a poll doesn't count as watching the queue."""
    view = "count" if request.args.get("view") == "count" else "list"
    if view == "list":
        note_watching(current_user)
    account_id, user_id = current_user.account_id, current_user.id
    # Who asks, for sharing answers: the id and creation time, so after a database restore or
    # reset under a running server a new user with an old id never gets the old one's answer.
    asker = (user_id, current_user.created_at)
    wakeup = hub.subscribe(account_id)  # before reading, so a commit in between still wakes us
    seq = current_seq(account_id)
    cursor = parse_cursor(request.args.get("after"), seq)
    wait = request.args.get("wait", "1") != "0" and not hub.stopping.is_set()
    address = request.remote_addr
    if cursor == seq and wait:
        if not parked.admit(user_id, address):
            hub.unsubscribe(account_id, wakeup)
            return too_many_polls()
        hub.ensure_listener(db.engine.url.render_as_string(hide_password=False))
        deadline = time.monotonic() + current_app.config["RF_LONGPOLL_SECONDS"]
        parked.enter(user_id, address, wakeup)
        try:
            while True:
                db.session.remove()  # never hold a pooled connection while parked
                if not wakeup.wait(max(0, deadline - time.monotonic())) or wakeup.evicted:
                    # Timed out (nothing changed; a listener that lost its connection wakes
                    # everyone when it is back), or this is a user's oldest parked poll
                    # and a newer one took its place: the client's next poll reads afresh.
                    break
                seq = wakeup.seq if wakeup.seq is not None else current_seq(account_id)
                if seq > cursor:
                    return shared_answer(account_id, asker, cursor, seq, view)
                if hub.stopping.is_set():
                    break
                # A late notice for a change we already have: wait on, re-checking after subscribing.
                old, wakeup = wakeup, hub.subscribe(account_id)
                parked.replace(user_id, address, old, wakeup)
                hub.unsubscribe(account_id, old)
                seq = current_seq(account_id)
                if seq > cursor:
                    return shared_answer(account_id, asker, cursor, seq, view)
        finally:
            parked.leave(user_id, address, wakeup)
            hub.unsubscribe(account_id, wakeup)
        if wakeup.evicted:  # likely a tab long gone: don't keep its connection open either
            close_after_answer()
            return render_template("queue/_poller.html", cursor=cursor, view=view)
        seq = cursor
    else:
        hub.unsubscribe(account_id, wakeup)
    if cursor == seq:
        return render_template("queue/_poller.html", cursor=seq, view=view)
    return shared_answer(account_id, asker, cursor, seq, view)


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
    """Polls of this senior asking the same question at the same moment share one answer. A
    poll parks up to ~25 s after its login was checked: someone deactivated meanwhile gets
    the login page, not the queue."""
    answer = answers.get((*asker, cursor, seq, view), lambda: poll_answer(account_id, asker[0], cursor, seq, view))
    return login_manager.unauthorized() if answer == SIGNED_OUT else answer


@bp.route("/escalations/<int:handoff_id>/dismiss", methods=["POST"])
@role_required("engineer")
def dismiss(handoff_id):
    """Mark an escalation seen without opening it; HTMX swaps its card ``#card-<id>``."""
    handoff = get_or_404(Handoff, handoff_id)
    mark_read(current_user.id, handoff.id)
    db.session.commit()
    return htmx_or_redirect(
        url_for("queue.page"),
        lambda: render_template("queue/_card.html", handoff=handoff, unread=set(), new_ids=set()),
        message="Marked as seen.")
