"""One login can't hold a worker's connections with parked polls: the oldest beyond a few is
answered at once, a flood gets 429 with Retry-After and its connections closed, and the
server keeps answering. A bounded flood over loopback against a real gunicorn + gevent
worker (1,000 connections), 2,100 polls from one login."""
import selectors
import socket
import time
import urllib.request

from .factories import PASSWORD
from .http import HttpClient
from .servers import LONG_WAIT

FLOOD = 2_100


def cookie_header(client):
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in client.cookies)


def test_a_flood_of_parked_polls_from_one_login_leaves_the_server_answering(app, database_url, start_server, acme):
    server = start_server(database_url, workers=1, extra_env={"RF_LONGPOLL_SECONDS": LONG_WAIT,
                                                              "RF_WORKER_CONNECTIONS": "1000"})
    client = HttpClient(server.url)
    client.log_in(acme[1]["admin"].email, PASSWORD)
    request = (f"GET /queue/poll?after=0&wait=1 HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
               f"HX-Request: true\r\nCookie: {cookie_header(client)}\r\n\r\n").encode()
    sockets = []
    try:
        for _ in range(FLOOD):
            flood = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            flood.sendall(request)
            sockets.append(flood)
        with urllib.request.urlopen(server.url + "/healthz", timeout=30) as health:
            assert health.status == 200  # the worker still takes new connections
        answers, pending, deadline = [], set(sockets), time.monotonic() + 60
        answered = {}
        waiting = selectors.DefaultSelector()  # epoll: thousands of sockets
        for flood in sockets:
            waiting.register(flood, selectors.EVENT_READ)
        while len(pending) > 4 and time.monotonic() < deadline:
            for key, _ in waiting.select(timeout=1):
                answers.append(key.fileobj.recv(4096).decode(errors="replace"))
                answered[answers[-1]] = key.fileobj
                pending.discard(key.fileobj)
                waiting.unregister(key.fileobj)
        waiting.close()
        assert len(pending) <= 4, f"{len(pending)} polls of one login still parked"
        statuses = [answer.split(" ", 2)[1] for answer in answers if answer.startswith("HTTP/1.1 ")]
        # Shed, never failed: 429 for the flood, 200 for the evicted, and 503 when every
        # database connection of the worker was busy for the pool's whole timeout.
        assert statuses.count("429") > FLOOD // 2 and set(statuses) <= {"200", "429", "503"}
        refused = next(answer for answer in answers if answer.startswith("HTTP/1.1 429"))
        assert "Retry-After: 10" in refused
        # … and the server closed that connection after answering (it holds no slot).
        answered[refused].settimeout(10)
        assert answered[refused].recv(4096) == b""
    finally:
        for flood in sockets:
            flood.close()


def test_an_address_parks_at_most_its_share_of_a_workers_polls():
    """Many logins behind one address (an office's NAT, or a flood spread over accounts):
    beyond ``MAX_PER_ADDRESS`` parked polls, the oldest of that address is answered at once;
    another address and each login's own polls are untouched."""
    from rf.queue.limits import MAX_PER_ADDRESS, MAX_PER_USER, ParkedPolls
    from rf.queue.wakeups import Wakeup

    parked = ParkedPolls()
    office = [Wakeup() for _ in range(MAX_PER_ADDRESS + 2)]
    for user_id, wakeup in enumerate(office):
        parked.enter(user_id, "203.0.113.9", wakeup)
    elsewhere = Wakeup()
    parked.enter(10_000, "198.51.100.4", elsewhere)
    assert [w.evicted for w in office] == [True, True] + [False] * MAX_PER_ADDRESS
    assert all(w.is_set() for w in office[:2]) and not any(w.is_set() for w in office[2:])
    assert not elsewhere.evicted
    browser = [Wakeup() for _ in range(MAX_PER_USER + 1)]  # one login's tabs, each on an address of its own
    for index, wakeup in enumerate(browser):
        parked.enter(20_000, f"192.0.2.{index}", wakeup)
    assert [w.evicted for w in browser] == [True] + [False] * MAX_PER_USER
