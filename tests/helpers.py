"""Small helpers shared by test modules."""
import threading
from concurrent.futures import ThreadPoolExecutor

from .factories import PASSWORD

HX = {"HX-Request": "true"}


def login(client, user_or_email, password=PASSWORD):
    email = getattr(user_or_email, "email", user_or_email)
    return client.post("/login", data={"email": email, "password": password})


def client_for(app, user):
    """A test client logged in as ``user``."""
    browser = app.test_client()
    login(browser, user)
    return browser


def all_at_once(calls):
    """Run the callables in parallel threads, released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
