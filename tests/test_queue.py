"""The live queue: page, long-poll answers, wake-ups across workers and servers, no lost
events, tenant isolation, roles, graceful shutdown. Live tests use gunicorn + gevent."""
import re
import signal
import threading

import pytest
from flask import template_rendered
from sqlalchemy import delete, select

from rf.core.extensions import db
from rf.core.login_stamps import logins_changed
from rf.core.models import Account, QueueEvent, User
from rf.queue import routes as queue_routes
from rf.queue.answers import answers
from rf.queue.cards import cards
from rf.sessions import lifecycle

from .factories import PASSWORD, make_account, make_escalation, make_session, make_user
from .helpers import HX, all_at_once, client_for
from .http import HttpClient
from .servers import LONG_WAIT


def cursor_of(page):
    return int(re.search(r'id="queue-poller"[^>]*data-cursor="(\d+)"', page).group(1))


def cards_in(page):
    return [int(n) for n in re.findall(r'id="card-(\d+)"', page)]


def new_cards_in(page):
    return [int(n) for n in re.findall(r'id="card-(\d+)" class="[^"]*is-new', page)]


def unread_cards_in(page):
    return [int(n) for n in re.findall(r'id="card-(\d+)" class="[^"]*is-unread', page)]


# --- page and poll answers (test client; wait=0) -----------------------------------------

def test_queue_page_lists_open_escalations_by_priority_then_age(app, acme):
    account, users = acme
    low = make_escalation(make_session(account, users["engineer"], summary="Low one"), users["engineer"],
                          priority="low")
    urgent = make_escalation(make_session(account, users["engineer"], summary="Urgent one"), users["engineer"],
                             priority="urgent")
    high_old = make_escalation(make_session(account, users["admin"], summary="High old"), users["admin"],
                               priority="high")
    high_new = make_escalation(make_session(account, users["admin"], summary="High new"), users["engineer"],
                               priority="high")
    page = client_for(app, users["owner"]).get("/escalations").get_data(as_text=True)
    assert cards_in(page) == [urgent.id, high_old.id, high_new.id, low.id]
    assert '<h1 id="queue-heading" data-count="4">4 escalations awaiting pickup</h1>' in page
    assert "Need a second pair of eyes" in page and "escalated by Engineer Acme for Admin Acme" in page
    assert 'id="queue-metrics"' in page and 'aria-live="polite"' in page


def test_empty_queue_and_role_rules(app, acme):
    page = client_for(app, acme[1]["engineer"]).get("/escalations").get_data(as_text=True)
    assert "No escalations awaiting pickup" in page and "All clear." in page
    viewer = client_for(app, acme[1]["viewer"])
    assert viewer.get("/escalations").status_code == 403
    assert viewer.get("/queue/poll?after=0&wait=0", headers=HX).status_code == 403
    assert 'href="/escalations"' not in viewer.get("/").get_data(as_text=True)


def test_every_page_of_a_senior_counts_the_queue_and_its_poll_brings_only_the_count(app, acme):
    """Any page but the queue polls with ``view=count``: the nav count and the new arrivals
    (for desktop notifications), not the list; and such a poll isn't "watching the queue"
    (that would hold back the senior's emails)."""
    account, users = acme
    session = make_session(account, users["engineer"], summary="Printer offline at reception")
    make_escalation(session, users["engineer"], priority="urgent")
    senior = client_for(app, users["admin"])
    page = senior.get("/sessions").get_data(as_text=True)
    assert re.search(r'id="queue-count"[^>]*data-count="1"', page)
    assert 'data-view="count"' in page and "view=count" in page
    assert 'data-count="1">1<span class="visually-hidden"> awaiting pickup' in page
    answer = senior.get("/queue/poll?after=0&wait=0&view=count", headers=HX).get_data(as_text=True)
    assert 'id="queue-count"' in answer and 'data-priority="urgent"' in answer
    assert "Printer offline at reception" in answer and 'id="queue-list"' not in answer
    assert db.session.scalar(select(User.queue_seen_at).where(User.id == users["admin"].id)) is None
    listed = senior.get("/queue/poll?after=0&wait=0", headers=HX).get_data(as_text=True)
    assert 'id="queue-list"' in listed and 'id="queue-count"' in listed
    db.session.expire_all()
    assert db.session.scalar(select(User.queue_seen_at).where(User.id == users["admin"].id)) is not None
    viewer_page = client_for(app, users["viewer"]).get("/sessions").get_data(as_text=True)
    assert "queue-count" not in viewer_page and "queue-poller" not in viewer_page


def test_logged_out_poll_is_told_to_log_in(client):
    response = client.get("/queue/poll?after=0", headers=HX)
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")


def test_poll_answers(app, acme):
    account, users = acme
    browser = client_for(app, users["engineer"])
    first = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    unchanged = browser.get("/queue/poll?after=1&wait=0", headers=HX).get_data(as_text=True)
    assert unchanged.strip().startswith('<div id="queue-poller"') and "queue-list" not in unchanged
    assert cursor_of(unchanged) == 1
    caught_up = browser.get("/queue/poll?after=0&wait=0", headers=HX).get_data(as_text=True)
    assert cursor_of(caught_up) == 1 and cards_in(caught_up) == [first.id] and new_cards_in(caught_up) == [first.id]
    assert 'hx-swap-oob="true"' in caught_up and "1 escalation awaiting pickup" in caught_up
    assert "<html" not in caught_up
    for bad in ("abc", "-4", "999", ""):  # malformed or foreign: the whole queue, no "new" marks
        answer = browser.get(f"/queue/poll?after={bad}&wait=0", headers=HX).get_data(as_text=True)
        assert cards_in(answer) == [first.id] and new_cards_in(answer) == [] and cursor_of(answer) == 1


def test_a_user_recreated_under_an_old_id_never_gets_the_old_ones_poll_answer(app, acme):
    """As after a database restore (or a test's reset) under a running server: the same user
    id, cursor and queue number a moment later, but another history."""
    account, users = acme
    engineer = users["engineer"]
    make_escalation(make_session(account, engineer, summary="Before the restore"), engineer)
    before = client_for(app, engineer).get("/queue/poll?after=0&wait=0", headers=HX).get_data(as_text=True)
    assert "Before the restore" in before
    account_id, user_id, email, password_hash = account.id, engineer.id, engineer.email, engineer.password_hash
    db.session.execute(delete(Account).where(Account.id == account_id))  # its rows go with it
    db.session.commit()
    again = Account(id=account_id, name="Acme IT")
    db.session.add(again)
    db.session.add(User(id=user_id, account_id=account_id, email=email, name="Engineer Again", role="engineer",
                        password_hash=password_hash))
    db.session.commit()
    recreated = db.session.get(User, user_id)
    make_escalation(make_session(again, recreated, summary="After the restore"), recreated)
    after = client_for(app, recreated).get("/queue/poll?after=0&wait=0", headers=HX).get_data(as_text=True)
    assert cursor_of(after) == 1 and "After the restore" in after and "Before the restore" not in after


def test_events_are_numbered_per_account_and_never_cross_accounts(app, acme):
    account, users = acme
    other = make_account("Other MSP")
    outsider = make_user(other, "engineer", email="x@other.test")
    mine = client_for(app, users["engineer"])
    theirs = client_for(app, outsider)
    for browser, owner in ((mine, users["engineer"]), (theirs, outsider), (theirs, outsider)):
        session = make_session(owner.account, owner)
        browser.post(f"/sessions/{session.id}/escalate", data={"reason": "stuck", "priority": "normal"})
    seqs = db.session.execute(select(QueueEvent.account_id, QueueEvent.seq).order_by(QueueEvent.id)).all()
    assert seqs == [(account.id, 1), (other.id, 1), (other.id, 2)]
    answer = mine.get("/queue/poll?after=0&wait=0", headers=HX).get_data(as_text=True)
    assert len(cards_in(answer)) == 1 and cursor_of(answer) == 1
    # Their cursor (2) is past ours: treated as foreign, we get our own whole queue only.
    answer = mine.get("/queue/poll?after=2&wait=0", headers=HX).get_data(as_text=True)
    assert len(cards_in(answer)) == 1 and "x@other" not in answer


def test_withdraw_and_resolve_take_cards_off_the_queue(app, acme):
    account, users = acme
    browser = client_for(app, users["engineer"])
    one, two = make_session(account, users["engineer"]), make_session(account, users["engineer"])
    for session in (one, two):
        browser.post(f"/sessions/{session.id}/escalate", data={"reason": "stuck", "priority": "normal"})
    browser.post(f"/sessions/{one.id}/escalation/withdraw")
    browser.post(f"/sessions/{two.id}/resolve", data={"resolution": "done"})
    kinds = db.session.scalars(select(QueueEvent.kind).order_by(QueueEvent.seq)).all()
    assert kinds == ["escalated", "escalated", "withdrawn", "resolved"]
    answer = browser.get("/queue/poll?after=2&wait=0", headers=HX).get_data(as_text=True)
    assert cards_in(answer) == [] and "No escalations awaiting pickup" in answer


def test_opening_the_session_or_dismissing_clears_the_unread_dot(app, acme):
    account, users = acme
    first = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    second = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    senior = client_for(app, users["admin"])
    page = senior.get("/escalations").get_data(as_text=True)
    assert unread_cards_in(page) == [first.id, second.id]
    assert f'id="queue-mine" hidden data-unread="{first.id} {second.id}" data-own=""' in page
    senior.get(f"/sessions/{first.session_id}")
    response = senior.post(f"/escalations/{second.id}/dismiss", headers=HX)
    assert response.get_data(as_text=True).lstrip().startswith(f'<li id="card-{second.id}"')
    assert unread_cards_in(response.get_data(as_text=True)) == []
    page = senior.get("/escalations").get_data(as_text=True)
    assert unread_cards_in(page) == [] and 'data-unread=""' in page
    # Only for this senior: a colleague still sees both as unread.
    assert unread_cards_in(client_for(app, users["owner"]).get("/escalations").get_data(as_text=True)) == [
        first.id, second.id]


def poll(browser, cursor):
    return browser.get(f"/queue/poll?after={cursor}&wait=0", headers=HX).get_data(as_text=True)


def test_a_poll_answer_carries_only_what_changed_since_the_cursor(app, acme):
    """New cards, each placed before the card it precedes (or at the end), and the ids of the
    cards that left; the heading and counts; never the cards the client already has."""
    account, users = acme
    engineer = users["engineer"]
    high = make_escalation(make_session(account, engineer, summary="High one"), engineer, priority="high")
    low = make_escalation(make_session(account, engineer, summary="Low one"), engineer, priority="low")
    browser = client_for(app, users["admin"])
    cursor = cursor_of(browser.get("/escalations").get_data(as_text=True))
    urgent = make_escalation(make_session(account, engineer, summary="Urgent one"), engineer, priority="urgent")
    normal = make_escalation(make_session(account, engineer, summary="Normal one"), engineer, priority="normal")
    answer = poll(browser, cursor)
    assert cards_in(answer) == new_cards_in(answer) == [urgent.id, normal.id]
    assert re.search(rf'hx-swap-oob="beforebegin:#card-{high.id}">\s*<li id="card-{urgent.id}"', answer)
    assert re.search(rf'hx-swap-oob="beforebegin:#card-{low.id}">\s*<li id="card-{normal.id}"', answer)
    assert 'id="queue-list"' not in answer and "4 escalations awaiting pickup" in answer
    assert 'id="queue-gone" hidden data-ids=""' in answer and "New urgent priority escalation: Urgent one." in answer
    cursor = cursor_of(answer)

    lifecycle.claim(high, users["owner"])
    lifecycle.withdraw(urgent.session, engineer)
    last = make_escalation(make_session(account, engineer, summary="Last one"), engineer, priority="low")
    db.session.commit()
    answer = poll(browser, cursor)
    assert cards_in(answer) == [last.id] and 'hx-swap-oob="beforeend:#queue-cards"' in answer
    assert f'id="queue-gone" hidden data-ids="{high.id} {urgent.id}"' in answer
    assert "3 escalations awaiting pickup" in answer and len(answer.encode()) < 8 * 1024


def test_a_client_too_far_behind_or_with_a_gap_gets_the_whole_list(app, acme, monkeypatch):
    account, users = acme
    engineer = users["engineer"]
    first = make_escalation(make_session(account, engineer), engineer)
    browser = client_for(app, users["admin"])
    second = make_escalation(make_session(account, engineer), engineer)
    third = make_escalation(make_session(account, engineer), engineer)
    assert 'id="queue-list"' not in poll(browser, 1)
    monkeypatch.setattr(queue_routes, "MAX_EVENTS_PER_ANSWER", 1)  # the log kept: one event
    answers.clear()
    answer = poll(browser, 1)
    assert 'id="queue-list"' in answer and cards_in(answer) == [first.id, second.id, third.id]
    assert new_cards_in(answer) == [second.id, third.id] and cursor_of(answer) == 3
    monkeypatch.undo()
    db.session.execute(delete(QueueEvent).where(QueueEvent.seq == 2))  # a gap
    db.session.commit()
    answers.clear()
    answer = poll(browser, 1)
    assert 'id="queue-list"' in answer and cards_in(answer) == [first.id, second.id, third.id]


def test_seniors_share_one_answer_and_each_gets_their_own_dots(app, acme):
    """One render for everyone at the same cursor; what differs per senior (unread, own
    session) is a list of ids in front of it. No answer re-signs the session cookie."""
    account, users = acme
    first = make_escalation(make_session(account, users["engineer"]), users["engineer"])
    admin, owner = client_for(app, users["admin"]), client_for(app, users["owner"])
    admin.get(f"/sessions/{first.session_id}")  # the admin has seen the first
    second = make_escalation(make_session(account, users["admin"]), users["engineer"])
    answers.clear()
    cards.clear()
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        responses = [browser.get("/queue/poll?after=1&wait=0", headers=HX) for browser in (admin, owner)]
    finally:
        template_rendered.disconnect(record, app)
    assert all("Set-Cookie" not in response.headers for response in responses)
    mine_admin, shared_admin = responses[0].get_data(as_text=True).split("</div>", 1)
    mine_owner, shared_owner = responses[1].get_data(as_text=True).split("</div>", 1)
    assert shared_admin == shared_owner and cards_in(shared_admin) == [second.id]
    assert f'data-unread="{second.id}" data-own="{second.id}" hx-swap-oob="true">' in mine_admin
    assert f'data-unread="{first.id} {second.id}" data-own="" hx-swap-oob="true">' in mine_owner
    assert rendered.count("queue/_card.html") == 1 and rendered.count("queue/_poll_answer.html") == 1


# --- live: gunicorn + gevent ---------------------------------------------------------------

def seniors(url, users, count):
    clients = []
    for index in range(count):
        client = HttpClient(url)
        client.log_in(users[("owner", "admin")[index % 2]].email, PASSWORD)
        clients.append(client)
    return clients


def escalation_request(url, email, session_id, priority="high"):
    """Log in and load the session page now; the returned call escalates (safe in threads)."""
    client = HttpClient(url)
    assert client.log_in(email, PASSWORD).status == 200
    token = client.csrf_token(f"/sessions/{session_id}")
    return lambda: client.post(f"/sessions/{session_id}/escalate",
                               {"reason": "stuck", "priority": priority, "csrf_token": token})


def escalate_over_http(url, email, session_id, priority="high"):
    return escalation_request(url, email, session_id, priority)()


def park_polls(clients, cursor, repoll=True):
    """Start one parked poll per client, re-polling on a no-change answer (a spurious
    wake-up) as the browser does; returns a function that collects the first change."""
    answers = [None] * len(clients)

    def run(index, client):
        for _ in range(5 if repoll else 1):
            answers[index] = client.get(f"/queue/poll?after={cursor}&wait=1", headers=HX, timeout=30)
            if answers[index].status != 200 or cursor_of(answers[index].text) != cursor:
                return

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()

    def collect():
        for thread in threads:
            thread.join(35)
        return answers

    return collect


def wait_until_parked(url, client, cursor):
    """A wait=0 poll answering "no change" proves the server is up and the cursor current."""
    assert cursor_of(client.get(f"/queue/poll?after={cursor}&wait=0", headers=HX).text) == cursor


def test_parked_polls_on_every_worker_and_server_wake_on_an_escalation(app, database_url, queue_servers, acme):
    account, users = acme
    server_a, server_b = queue_servers
    clients = seniors(server_a.url, users, 8) + seniors(server_b.url, users, 8)
    for client in clients:
        wait_until_parked(client.base_url, client, 0)
    collect = park_polls(clients, 0)
    session = make_session(account, users["engineer"])
    assert escalate_over_http(server_b.url, users["engineer"].email, session.id).status == 200
    answers = collect()
    assert all(a is not None and a.status == 200 for a in answers), "a parked poll never woke up"
    for answer in answers:
        assert cursor_of(answer.text) == 1 and len(new_cards_in(answer.text)) == 1
    assert "Escalated" in answers[0].text or "escalation awaiting pickup" in answers[0].text


def test_no_event_is_lost_under_concurrent_escalations(app, database_url, queue_servers, acme):
    account, users = acme
    server_a, server_b = queue_servers
    sessions = [make_session(account, users["engineer"], ticket=f"C{i}") for i in range(12)]
    follower = seniors(server_a.url, users, 1)[0]
    seen, cursor, stop = set(), 0, threading.Event()

    def follow():
        nonlocal cursor
        while not stop.is_set() and len(seen) < len(sessions):
            answer = follower.get(f"/queue/poll?after={cursor}&wait=1", headers=HX, timeout=30)
            seen.update(new_cards_in(answer.text))
            cursor = cursor_of(answer.text)

    thread = threading.Thread(target=follow)
    thread.start()
    servers, email = [server_a.url, server_b.url], users["engineer"].email
    responses = all_at_once([escalation_request(servers[i % 2], email, s.id) for i, s in enumerate(sessions)])
    thread.join(40)
    stop.set()
    assert all(r.status == 200 and "Escalated. Seniors can pick it up" in r.text for r in responses)
    seqs = db.session.scalars(select(QueueEvent.seq).where(QueueEvent.account_id == account.id)
                              .order_by(QueueEvent.seq)).all()
    assert seqs == list(range(1, len(sessions) + 1))  # contiguous, no duplicates
    assert cursor == len(sessions) and len(seen) == len(sessions)


def test_a_client_that_was_away_catches_up_from_its_cursor(app, database_url, queue_servers, acme):
    account, users = acme
    server_a, _ = queue_servers
    client = seniors(server_a.url, users, 1)[0]
    cursor = cursor_of(client.get("/queue/poll?after=0&wait=0", headers=HX).text)
    missed = [make_session(account, users["engineer"], ticket=f"M{i}") for i in range(3)]
    for session in missed:
        escalate_over_http(server_a.url, users["engineer"].email, session.id)
    answer = client.get(f"/queue/poll?after={cursor}&wait=1", headers=HX).text  # answers at once
    assert cursor_of(answer) == cursor + 3 and len(new_cards_in(answer)) == 3


def test_another_accounts_escalation_does_not_answer_my_poll(app, database_url, queue_servers, acme):
    account, users = acme
    server_a, _ = queue_servers
    other = make_account("Other MSP")
    outsider = make_user(other, "engineer", email="x@other.test")
    mine = seniors(server_a.url, users, 1)[0]
    collect = park_polls([mine], 0)
    escalate_over_http(server_a.url, outsider.email, make_session(other, outsider).id)
    # Our own escalation afterwards is the first thing our poll may see.
    session = make_session(account, users["engineer"])
    escalate_over_http(server_a.url, users["engineer"].email, session.id)
    answer = collect()[0]
    assert cursor_of(answer.text) == 1 and "Harbor Dental" in answer.text
    assert len(cards_in(answer.text)) == 1


def wait_until_a_worker_accepted(port, timeout=10):
    """Block until a gunicorn process owns an established connection on ``port``: the poll
    has been accepted, so a graceful stop must answer it (parked or about to park)."""
    import subprocess
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listing = subprocess.run(["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
                                 capture_output=True, text=True).stdout
        if "pid=" in listing:
            return
        threading.Event().wait(0.05)
    raise AssertionError("the poll never reached a worker")


def test_graceful_restart_ends_parked_polls_promptly(app, database_url, start_server, acme):
    account, users = acme
    server = start_server(database_url, workers=1, extra_env={"RF_LONGPOLL_SECONDS": LONG_WAIT})
    client = seniors(server.url, users, 1)[0]
    wait_until_parked(server.url, client, 0)
    collect = park_polls([client], 0, repoll=False)
    wait_until_a_worker_accepted(server.port)
    server.process.send_signal(signal.SIGTERM)
    answer = collect()[0]
    assert answer is not None and answer.status == 200 and cursor_of(answer.text) == 0
    assert server.process.wait(timeout=20) == 0


def test_a_late_notice_for_an_old_change_never_moves_the_cursor_back(app, acme):
    """A wake-up carrying a number the poll already has must not answer (that would send the
    cursor back and announce the same arrival twice): the poll keeps waiting."""
    from rf.queue.wakeups import hub

    account, users = acme
    for _ in range(2):
        make_escalation(make_session(account, users["engineer"]), users["engineer"])
    app.config["RF_LONGPOLL_SECONDS"] = 2
    browser = client_for(app, users["admin"])
    answer = {}

    def poll_in_background():
        with app.app_context():
            answer["page"] = browser.get("/queue/poll?after=2&wait=1", headers=HX).get_data(as_text=True)

    poller = threading.Thread(target=poll_in_background)
    poller.start()
    while account.id not in hub._events and poller.is_alive():
        threading.Event().wait(0.01)  # until the poll has subscribed
    hub.wake(account.id, seq=1)  # the notice for event 1 arrives after the poll read 2
    poller.join(10)
    assert cursor_of(answer["page"]) == 2 and "queue-list" not in answer["page"]


def test_poll_answers_carry_no_per_session_csrf_token(app, acme):
    account, users = acme
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    answer = client_for(app, users["admin"]).get("/queue/poll?after=0&wait=0", headers=HX).get_data(as_text=True)
    assert "Mark as seen" in answer and 'name="csrf_token"' not in answer


def test_home_says_what_is_waiting_and_loads_the_metrics_card(app, acme):
    account, users = acme
    home = client_for(app, users["owner"]).get("/").get_data(as_text=True)
    assert "Nothing awaiting pickup" in home and 'href="/escalations"' in home
    for summary in ("One", "Two"):
        make_escalation(make_session(account, users["engineer"], summary=summary), users["engineer"])
    other = make_account("Other MSP")
    theirs = make_user(other, "engineer")
    make_escalation(make_session(other, theirs), theirs)  # another MSP's: not counted
    home = client_for(app, users["owner"]).get("/").get_data(as_text=True)
    assert '<h2 id="queue-heading">2 escalations awaiting pickup</h2>' in home
    assert 'hx-get="/metrics/card"' in home
    viewer_home = client_for(app, users["viewer"]).get("/").get_data(as_text=True)
    assert "awaiting pickup" not in viewer_home and "/metrics/card" not in viewer_home


def test_a_user_deactivated_while_their_poll_is_parked_gets_no_queue(app, database_url, queue_servers, acme):
    """The poll's login was checked when it arrived; when it wakes with news it is checked
    again, so a deactivated senior's open tab doesn't keep receiving escalations."""
    from sqlalchemy import update

    from rf.core.models import LoginSession, utcnow

    account, users = acme
    admin = users["admin"]
    assert admin.queue_seen_at is None
    client = seniors(queue_servers[0].url, {"owner": admin, "admin": admin}, 1)[0]
    collect = park_polls([client], 0)  # a spurious "no change" is polled again, as the browser does
    deadline = utcnow().timestamp() + 10
    while db.session.scalar(select(User.queue_seen_at).where(User.id == admin.id)) is None:
        assert utcnow().timestamp() < deadline, "the poll never arrived"  # it records the tab before parking
        db.session.commit()
    # Deactivated as the team page does it: inactive and signed out everywhere (no queue wake-up).
    db.session.execute(update(User).where(User.id == admin.id).values(active=False))
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == admin.id))
    logins_changed(account.id)
    db.session.commit()
    session = make_session(account, users["engineer"], summary="Should not reach a deactivated senior")
    make_escalation(session, users["engineer"])  # wakes the parked poll
    (answer,) = collect()
    assert answer is not None and answer.status == 401 and "HX-Redirect" in answer.headers
    assert "Should not reach a deactivated senior" not in answer.text and "card-" not in answer.text


def test_a_logged_out_cookie_stops_polling_at_once_on_every_worker_and_server(app, database_url, queue_servers,
                                                                                acme):
    """The long-poll trusts a login it checked a moment ago (it comes back after every
    answer), but only until the account's logins change: after a logout, a copy of that
    browser's cookie gets the login page from every worker of every server, not the queue."""
    import http.cookiejar
    import time

    account, users = acme
    make_escalation(make_session(account, users["engineer"], summary="Not for a copied cookie"), users["engineer"])
    browser = HttpClient(queue_servers[0].url)
    assert browser.log_in(users["admin"].email, PASSWORD).status == 200
    copies = [HttpClient(server.url, cookies=browser.cookies) for server in queue_servers]
    for copy in copies:  # each request a new connection: every worker checks and trusts it
        assert all(copy.get("/queue/poll?after=1&wait=0", headers=HX).status == 200 for _ in range(12))
    stolen = http.cookiejar.CookieJar()
    for cookie in browser.cookies:
        stolen.set_cookie(cookie)
    assert browser.post("/logout", {"csrf_token": browser.csrf_token("/sessions")}).status == 200
    copies = [HttpClient(server.url, cookies=stolen) for server in queue_servers]
    for copy in copies:
        # Until each worker heard of it (a NOTIFY, or SQLite's next look: every worker looks
        # on its own), then every answer, whichever worker gives it, is the login page.
        deadline, in_a_row = time.monotonic() + 2, 0
        while in_a_row < 12:
            answer = copy.get("/queue/poll?after=0&wait=0", headers=HX)
            in_a_row = in_a_row + 1 if answer.status == 401 and "Not for a copied cookie" not in answer.text else 0
            assert time.monotonic() < deadline, "a worker kept trusting a logged-out cookie"


# --- the fast path: a browser's polls after the first ---------------------------------------

def start_poll(app, browser, cursor, headers=HX):
    """A wait=1 poll in a thread; returns a function that joins it and gives the response."""
    answer = {}

    def run():
        with app.app_context():
            answer["response"] = browser.get(f"/queue/poll?after={cursor}&wait=1", headers=headers)

    poller = threading.Thread(target=run)
    poller.start()

    def collect():
        poller.join(15)
        return answer.get("response")
    return collect


@pytest.fixture
def played_hub(monkeypatch):
    """A wake-up hub and login stamps of the test's own, whose listener the test plays (an
    in-process listener an earlier test started hears this process's database too, and
    would wake or forget at its own moments)."""
    from rf.core import login_stamps
    from rf.queue import fast_poll, parking, routes, wakeups

    hub, stamps, done = wakeups.WakeupHub(), login_stamps.LoginStamps(), threading.Event()
    hub.listener = threading.Thread(target=done.wait, daemon=True)  # "listening": none is started
    hub.listener.start()
    for module in (fast_poll, parking, routes, wakeups):
        monkeypatch.setattr(module, "hub", hub)
    monkeypatch.setattr(login_stamps, "stamps", stamps)
    yield hub, stamps
    done.set()


def wait_until_subscribed(hub, account_id, count=1):
    deadline = threading.Event()
    for _ in range(1000):
        if len(hub._events.get(account_id, ())) >= count:
            return
        deadline.wait(0.01)
    raise AssertionError("the poll never parked")


def as_the_listener_hears(played_hub, account, seq):
    """What the worker's queue listener knows once it has heard the account: its login
    stamp and queue number."""
    hub, stamps = played_hub
    stamps.heard(account.id, db.session.get(Account, account.id).logins_seq)
    hub.heard(account.id, seq)


def test_a_browsers_next_poll_skips_flask_and_gets_what_the_route_would_send(app, acme, played_hub):
    """Once Flask has answered a senior's poll plainly, that browser's next poll parks and is
    answered outside Flask's request handling: the same body and headers, no cookie."""
    from flask import request_started

    hub, _ = played_hub
    account, users = acme
    make_escalation(make_session(account, users["engineer"], summary="Already waiting"), users["engineer"])
    as_the_listener_hears(played_hub, account, 1)
    browser = client_for(app, users["admin"])
    browser.get("/escalations")  # the first page after logging in adds the CSRF secret to the cookie
    first = browser.get("/queue/poll?after=0&wait=0", headers=HX)  # through Flask: checks and trusts the login
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    handled = []
    request_started.connect(lambda sender, **extra: handled.append(extra), app, weak=False)
    collect = start_poll(app, browser, 1)
    wait_until_subscribed(hub, account.id)
    escalation = make_escalation(make_session(account, users["engineer"], summary="Arrives live"),
                                 users["engineer"])
    request_started.receivers.clear()
    # Another senior's tab asks the same question through Flask a moment before the wake-up
    # reaches this worker's polls (in a gevent worker the wake-up itself makes the answer first).
    assert client_for(app, users["owner"]).get("/queue/poll?after=1&wait=0", headers=HX).status_code == 200
    request_started.connect(lambda sender, **extra: handled.append(extra), app, weak=False)
    hub.wake(account.id, seq=2)
    fast = collect()
    assert handled == [], "Flask handled the browser's next poll"
    assert fast.status_code == 200 and new_cards_in(fast.text) == [escalation.id] and cursor_of(fast.text) == 2
    request_started.receivers.clear()
    routed = browser.get("/queue/poll?after=1&wait=0", headers=HX)  # the same question, through Flask
    assert fast.get_data() == routed.get_data()
    assert sorted(fast.headers.items()) == sorted(routed.headers.items())
    assert "Content-Security-Policy" in fast.headers and "Set-Cookie" not in fast.headers
    page = browser.get("/escalations")  # the headers the fast path sends are the page's too
    assert sorted((k, v) for k, v in page.headers.items() if k != "Content-Length") == sorted(
        (k, v) for k, v in fast.headers.items() if k != "Content-Length")


def test_a_head_request_to_the_poll_is_answered_at_once_and_leaves_nothing_waiting(app, acme, played_hub):
    hub, _ = played_hub
    account, users = acme
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    as_the_listener_hears(played_hub, account, 1)
    browser = client_for(app, users["admin"])
    assert browser.head("/queue/poll?after=1&wait=1", headers=HX).status_code == 200
    assert not hub._events.get(account.id)


def test_the_fast_path_takes_only_what_flask_let_in(app, acme, played_hub):
    """Another user agent or address with the same cookie, a cursor that isn't current, a
    login no longer trusted, a viewer's cookie: Flask checks the poll (and may park it). A
    poll the fast path let in reaches Flask only to be answered after its parking."""
    from flask import request, request_started

    from rf.queue.fast_poll import WOKEN

    hub, stamps = played_hub
    account, users = acme
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    as_the_listener_hears(played_hub, account, 1)
    app.config["RF_LONGPOLL_SECONDS"] = 0.2
    senior, viewer = client_for(app, users["admin"]), client_for(app, users["viewer"])
    for browser in (senior, viewer):
        browser.get("/escalations")
        browser.get("/queue/poll?after=0&wait=0", headers=HX)
    reached = []  # each time a poll reached Flask: to be checked, or to be answered after parking
    request_started.connect(lambda sender, **extra: reached.append(
        "checked" if request.environ.get(WOKEN) is None else "woken"), app, weak=False)

    def poll(browser, cursor=1, headers=HX):
        reached.clear()
        response = start_poll(app, browser, cursor, headers)()
        return reached[:], response

    by, response = poll(senior)  # let in and parked outside Flask; timed out, so the route says "no change"
    assert by == ["woken"] and response.status_code == 200 and cursor_of(response.text) == 1
    reached.clear()
    collect = start_poll(app, senior, 1)
    wait_until_subscribed(hub, account.id)
    hub.wake(account.id, seq=1)  # a late notice: nothing new, it waits on and times out
    assert cursor_of(collect().text) == 1 and reached == ["woken"]
    assert poll(senior, headers={**HX, "User-Agent": "another browser"})[0] == ["checked", "woken"]
    assert poll(senior, cursor=0)[0] == ["checked"]  # behind: answered at once
    by, response = poll(viewer)
    assert by == ["checked"] and response.status_code == 403
    stamps.heard(account.id, -1)  # the account's logins changed: nothing is trusted
    assert poll(senior)[0] == ["checked", "woken"]


def test_a_senior_deactivated_while_a_later_poll_waits_gets_the_login_page(app, database_url, start_server, acme):
    """A browser past its first poll parks outside Flask (one worker: it holds the browser's
    pass and trusted login). Its senior deactivated while it waits (or just before it
    arrives) gets the login page when the next escalation wakes it, not the queue."""
    from rf.core.models import LoginSession

    account, users = acme
    make_escalation(make_session(account, users["engineer"]), users["engineer"])
    server = start_server(database_url, workers=1, extra_env={"RF_LONGPOLL_SECONDS": LONG_WAIT})
    browser = HttpClient(server.url)
    assert browser.log_in(users["admin"].email, PASSWORD).status == 200
    assert browser.get("/escalations").status == 200
    assert cursor_of(browser.get("/queue/poll?after=0&wait=0", headers=HX).text) == 1
    live = park_polls([browser], 1, repoll=False)
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == users["admin"].id))
    db.session.execute(User.__table__.update().where(User.id == users["admin"].id).values(active=False))
    logins_changed(account.id)
    db.session.commit()
    make_escalation(make_session(account, users["engineer"], summary="Not for a deactivated senior"),
                    users["engineer"])
    (answer,) = live()
    assert answer is not None and answer.status == 401 and "HX-Redirect" in answer.headers
    assert "Not for a deactivated senior" not in answer.text


def test_a_wake_up_prepares_the_answers_polls_wait_for_first_and_never_waits_long_for_it():
    from rf.queue import wakeups

    hub = wakeups.WakeupHub()
    prepared, release = [], threading.Event()
    wakeups.PREPARE_SECONDS, before = 0.2, wakeups.PREPARE_SECONDS

    def prepare(account_id, cursor, seq, views):
        prepared.append((account_id, cursor, seq, views, [event.is_set() for event in waiting]))
        making = threading.Thread(target=release.wait, args=(5,))
        making.start()
        return making

    hub.prepare = prepare
    try:
        hub.heard(7, 3)
        waiting = [hub.subscribe(7, "list"), hub.subscribe(7, "list")]
        hub.wake(7, 4)  # the answer takes longer than it may wait for: the polls wake anyway
        assert prepared == [(7, 3, 4, {"list"}, [False, False])]  # started before anyone was woken
        assert all(event.is_set() and event.seq == 4 for event in waiting)
        hub.wake(8, 1)  # nobody waits: nothing to prepare
        waiting = [hub.subscribe(7, "count")]
        hub.wake(7, 5)
        assert len(prepared) == 2 and prepared[-1][3] == {"count"} and waiting[0].is_set()
    finally:
        wakeups.PREPARE_SECONDS = before
        release.set()


def test_the_nav_counts_this_accounts_open_escalations_at_the_cursor_it_polls_from(app, acme):
    """The layout's count is read with the account's event number in one statement, without
    reading the queue: open escalations only, this account's only."""
    account, users = acme
    for summary in ("VPN down", "Printer offline"):
        make_escalation(make_session(account, users["engineer"], summary=summary), users["engineer"])
    claimed = make_escalation(make_session(account, users["engineer"], summary="DNS"), users["engineer"])
    lifecycle.claim(claimed, users["admin"])
    db.session.commit()
    other = make_account("Other MSP")
    stranger = make_user(other, "engineer", email="e@other.test")
    make_escalation(make_session(other, stranger), stranger)
    page = client_for(app, users["owner"]).get("/sessions").get_data(as_text=True)
    assert re.search(r'id="queue-count"[^>]*data-count="2"', page)
    seq = db.session.scalar(select(Account.queue_seq).where(Account.id == account.id))
    assert cursor_of(page) == seq == 4  # three escalated, one claimed
