"""Delta answers in a real browser converge: after random escalations, pick-ups, withdrawals
and resolutions, arriving in random batches (the page's poll held while they happen, so
its cursor is any number of events behind), the queue tab shows exactly what a fresh load
of the page shows: the same cards in the same order, the same unread dots and own-session
marks, the same heading and count."""
import random

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rf.core.extensions import db
from rf.core.models import Account
from rf.queue.reads import mark_read
from rf.sessions import lifecycle

from ..factories import PASSWORD, make_session
from .helpers import log_in

pytestmark = pytest.mark.browser

PRIORITIES = ("urgent", "high", "normal", "low")

# What a senior sees of the list, without what may differ between a live tab and a fresh
# load: the "new" highlight, htmx's own classes, the page's CSRF tokens, the waiting time.
QUEUE_AS_SEEN = """() => {
  const cards = [...document.querySelectorAll('#queue-list .queue-card')].map(card => {
    const clone = card.cloneNode(true);
    clone.querySelectorAll('input[name=csrf_token]').forEach(input => input.remove());
    clone.querySelectorAll('time').forEach(time => { time.textContent = ''; });
    const classes = [...card.classList].filter(name => name !== 'is-new' && !name.startsWith('htmx-')).sort();
    return [card.id, classes.join(' '), clone.innerHTML.replace(/\\s+/g, ' ').trim()];
  });
  return {cards, empty: !!document.querySelector('#queue-list .empty-state'),
          heading: document.getElementById('queue-heading').textContent.trim(),
          count: document.getElementById('queue-count').getAttribute('data-count')};
}"""


class Queue:
    """Random queue changes made the way the routes make them (lifecycle, then commit)."""

    def __init__(self, account, users, rng):
        self.users, self.rng = users, rng
        owners = [users["engineer"], users["admin"], users["engineer"]]
        self.sessions = [make_session(account, owners[index % 3], summary=f"Problem number {index}")
                         for index in range(14)]

    def open_escalations(self):
        return [handoff for session in self.sessions for handoff in session.handoffs if handoff.is_open_escalation]

    def change(self):
        escalatable = [s for s in self.sessions if s.status in ("active", "parked")]
        waiting = self.open_escalations()
        kind = self.rng.choice(["escalate"] * 3 + ["claim", "withdraw", "resolve"]) if waiting else "escalate"
        if kind == "escalate" and escalatable:
            session = self.rng.choice(escalatable)
            lifecycle.escalate(session, session.owner, f"Stuck on {session.summary}", self.rng.choice(PRIORITIES),
                               assess=False)
        elif kind == "claim" and waiting:
            handoff = self.rng.choice(waiting)
            owner = self.users["owner"]
            claimer = owner if handoff.session.owner_id != owner.id else self.users["engineer"]
            assert lifecycle.claim(handoff, claimer)
        elif kind == "withdraw" and waiting:
            session = self.rng.choice(waiting).session
            lifecycle.withdraw(session, session.owner)
        elif waiting:
            session = self.rng.choice(waiting).session
            lifecycle.resolve(session, session.owner, "Fixed it")
        db.session.commit()

    def seq(self, account_id):
        db.session.expire_all()
        return db.session.scalar(select(Account.queue_seq).where(Account.id == account_id))


@pytest.mark.parametrize("seed", [1, 2])
def test_a_live_queue_tab_converges_to_a_fresh_page_load(live_server, new_page, acme, seed):
    account, users = acme
    rng = random.Random(seed)
    queue = Queue(account, users, rng)
    for _ in range(3):
        queue.change()
    senior = users["admin"]
    live, fresh = new_page(), new_page()
    for page in (live, fresh):
        log_in(page, live_server.url, senior.email, PASSWORD)
    held = []
    live.route("**/queue/poll*", lambda route: held.append(route))
    live.goto(live_server.url + "/escalations")

    for _ in range(10):
        # The tab's poll waits (its cursor falls behind) while 1–4 changes happen.
        live.wait_for_function("() => document.getElementById('queue-poller').classList.contains('htmx-request')")
        if rng.random() < 0.3 and queue.open_escalations():  # seen elsewhere: the dot goes on the next answer
            mark_read(senior.id, rng.choice(queue.open_escalations()).id)
        for _ in range(rng.randint(1, 4)):
            queue.change()
        seq = queue.seq(account.id)
        while held:
            held.pop(0).continue_()
        expect(live.locator("#queue-poller")).to_have_attribute("data-cursor", str(seq))
        fresh.goto(live_server.url + "/escalations", wait_until="domcontentloaded")
        assert live.evaluate(QUEUE_AS_SEEN) == fresh.evaluate(QUEUE_AS_SEEN)
        if rng.random() < 0.2:  # now and then the tab is reloaded: a new cursor
            live.reload()
    assert live.console_errors == [] and fresh.console_errors == []
