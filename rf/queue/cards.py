"""Queue cards rendered once and shared: by every senior and every poll answer of a worker.

A shared card holds nothing of the senior who sees it: the unread dot and "your session"
are classes the page sets from a small list of ids (``mine_html``). So a card's HTML
depends only on what it shows, and that is its cache key (its version): a rename, a new
note or another minute of waiting is another version, rendered once.
"""
import threading
from collections import OrderedDict

from flask import render_template
from markupsafe import Markup

from ..core.filters import ago

MAX_CARDS = 2000


def card_version(handoff, new):
    session = handoff.session
    reminded = ((handoff.reminded_at, ago(handoff.reminded_at), handoff.reminded_on_call_id,
                 handoff.reminded_on_call.name if handoff.reminded_on_call else None)
                if handoff.reminded_at else None)
    return (handoff.id, handoff.priority, handoff.note, handoff.created_at, new, ago(handoff.created_at), reminded,
            session.id, session.summary, session.client_name, session.ticket_number, session.domain,
            handoff.created_by_id, handoff.created_by.name, handoff.session_owner_id, handoff.session_owner.name)


class CardCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._cards = OrderedDict()

    def html(self, handoff, new):
        key = card_version(handoff, new)
        with self._lock:
            card = self._cards.get(key)
            if card is not None:
                self._cards.move_to_end(key)
                return card
        # A rendered (autoescaped) template: safe to embed as it is.
        card = Markup(render_template("queue/_card.html", handoff=handoff, shared=True,
                                      new_ids={handoff.id} if new else (), unread=(), own=()))
        with self._lock:
            self._cards[key] = card
            while len(self._cards) > MAX_CARDS:
                self._cards.popitem(last=False)
        return card

    def clear(self):
        with self._lock:
            self._cards.clear()


cards = CardCache()


def mine_html(unread_ids, own_ids, oob=False):
    """One senior's view of the cards: which are unread and which are their own sessions
    (``static/queue.js`` applies it; the page renders the same classes for a browser without it)."""
    def ids(values):  # integers only: nothing typed by anyone reaches this markup
        return " ".join(str(int(value)) for value in sorted(values))
    swap = ' hx-swap-oob="true"' if oob else ""
    return Markup(f'<div id="queue-mine" hidden data-unread="{ids(unread_ids)}" data-own="{ids(own_ids)}"{swap}></div>')
