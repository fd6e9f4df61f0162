"""Wake-ups for parked long-polls: one listener per worker, one event per account.

The database is the truth; a wake-up only tells waiting polls of an account to look again.
PostgreSQL: a dedicated autocommit connection LISTENs for the NOTIFY sent on commit.
SQLite: ``PRAGMA data_version`` changes when another connection commits; checked every
25 ms, then the accounts' ``queue_seq`` says which accounts moved. Either way a parked
poll costs no query: N idle tabs cost one listener's work per worker.

Written with ``threading``: under gunicorn's gevent worker (monkey-patched) the thread is a
greenlet and the events are cooperative; under a plain server they are real threads.
"""
import logging
import select
import sqlite3
import threading

from sqlalchemy.engine import make_url

from ..core.login_stamps import LOGINS_PREFIX, NOTIFY_CHANNEL, stamps

log = logging.getLogger(__name__)
SQLITE_POLL_SECONDS = 0.025  # PRAGMA data_version reads shared memory: cheap
RECONNECT_SECONDS = (0.5, 1, 2, 5)
PREPARE_SECONDS = 0.1  # a slow database delays a wake-up (and the listener) this much at most


class Wakeup(threading.Event):
    """One parked poll's: set when the account's queue may have changed (``seq`` is its new
    number when the notification carried it; None: read it from the database), or when the
    poll is to answer at once for another reason (``evicted``). ``view``: what the poll
    will answer with ("list" or "count"), so only the answers someone waits for are prepared."""

    seq = None
    evicted = False
    view = None


class WakeupHub:
    """Per-account sets of the events that parked polls wait on."""

    def __init__(self):
        self._lock = threading.Lock()
        self._events = {}
        # The latest event number of each account as the listener heard it, while it is
        # listening: a poll whose cursor is that number parks without asking the database.
        self._latest = {}
        self.listener = None
        self.stopping = threading.Event()
        self.prepare = None

    def latest_seq(self, account_id):
        """The account's last event number as heard, or None when unknown (not heard since
        the listener connected)."""
        with self._lock:
            return self._latest.get(account_id)

    def heard(self, account_id, seq):
        """A number read or notified: a lower one than heard before means the database was
        reset or restored under us, so nothing is known any more."""
        with self._lock:
            known = self._latest.get(account_id)
            if known is not None and seq < known:
                del self._latest[account_id]
            else:
                self._latest[account_id] = seq

    def forget(self):
        """The listener lost (or is just making) its connection: nothing heard is current."""
        with self._lock:
            self._latest = {}

    def subscribe(self, account_id, view=None):
        """An event the next wake-up of this account sets. Subscribe *before* reading the
        database, so a change committed in between still wakes the poll; unsubscribe when
        the poll ends."""
        event = Wakeup()
        event.view = view
        with self._lock:
            self._events.setdefault(account_id, set()).add(event)
        return event

    def unsubscribe(self, account_id, event):
        with self._lock:
            waiting = self._events.get(account_id)
            if waiting is not None:
                waiting.discard(event)
                if not waiting:
                    del self._events[account_id]

    def wake(self, account_id, seq=None):
        """Wake the account's parked polls: the queue moved to ``seq`` (None: unknown). With
        ``prepare`` set and polls waiting, their answers are made first (``prepare(account,
        previous seq, seq, views)`` starts that and returns the thread; waited for up to
        ``PREPARE_SECONDS``): hundreds of polls woken at once would otherwise all run their
        wake-up while the first of them makes it."""
        previous = self.latest_seq(account_id)
        if seq is not None:
            self.heard(account_id, seq)
        if self.prepare is not None and previous is not None and seq is not None and previous < seq:
            with self._lock:
                views = {event.view for event in self._events.get(account_id, ())} - {None}
            if views:
                self.prepare(account_id, previous, seq, views).join(PREPARE_SECONDS)
        with self._lock:
            events = self._events.pop(account_id, ())
        for event in events:
            event.seq = seq
            event.set()

    def wake_all(self):
        with self._lock:
            groups, self._events = list(self._events.values()), {}
        for events in groups:
            for event in events:
                event.set()

    def stop(self):
        """Shutting down: end every parked poll now so clients reconnect elsewhere."""
        self.stopping.set()
        self.wake_all()

    def ensure_listener(self, database_url):
        with self._lock:
            if self.listener is not None and self.listener.is_alive():
                return
            target = _listen_postgresql if database_url.startswith("postgresql") else _watch_sqlite
            self.listener = threading.Thread(target=target, args=(self, database_url),
                                             name="rf-queue-listener", daemon=True)
            self.listener.start()


def _listen_postgresql(hub, database_url):
    import psycopg2
    from psycopg2 import sql

    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    attempt = 0
    while not hub.stopping.is_set():
        try:
            conn = psycopg2.connect(dsn, connect_timeout=5)
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(sql.SQL("LISTEN {}").format(sql.Identifier(NOTIFY_CHANNEL)))
            attempt = 0
            hub.forget()
            with conn.cursor() as cursor:  # where the queues and stamps are, from now on
                cursor.execute("SELECT id, queue_seq, logins_seq FROM accounts")
                for account_id, queue_seq, logins_seq in cursor.fetchall():
                    hub.heard(account_id, queue_seq)
                    stamps.heard(account_id, logins_seq)
            hub.wake_all()  # anything committed while we were not listening: look again
            while not hub.stopping.is_set():
                if select.select([conn], [], [], 5) == ([], [], []):
                    continue
                conn.poll()
                while conn.notifies:
                    payload = conn.notifies.pop(0).payload
                    if payload.startswith(LOGINS_PREFIX):
                        account_id, seq = (int(part) for part in payload[len(LOGINS_PREFIX):].split(":", 1))
                        stamps.heard(account_id, seq)
                    else:
                        account_id, seq = (int(part) for part in payload.split(":", 1))
                        hub.wake(account_id, seq)
        except Exception:  # connection lost: reconnect with backoff, never give up
            hub.forget()
            stamps.forget()
            log.warning("queue listener lost its PostgreSQL connection; reconnecting", exc_info=True)
            hub.stopping.wait(RECONNECT_SECONDS[min(attempt, len(RECONNECT_SECONDS) - 1)])
            attempt += 1


def _watch_sqlite(hub, database_url):
    path = make_url(database_url).database
    seen_version, seen_seqs = None, {}
    conn = None
    while not hub.stopping.is_set():
        try:
            if conn is None:
                conn = sqlite3.connect(path, timeout=5, check_same_thread=False)
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            if version != seen_version:
                seen_version = version
                rows = conn.execute("SELECT id, queue_seq, logins_seq FROM accounts").fetchall()
                seqs = {account_id: seq for account_id, seq, _ in rows}
                for account_id, seq, logins_seq in rows:
                    stamps.heard(account_id, logins_seq)
                    if seen_seqs.get(account_id, seq) != seq:
                        hub.wake(account_id, seq)
                    else:
                        hub.heard(account_id, seq)
                seen_seqs = seqs
        except sqlite3.Error:
            hub.forget()
            stamps.forget()
            log.warning("queue watcher could not read SQLite; retrying", exc_info=True)
            conn = None
        hub.stopping.wait(SQLITE_POLL_SECONDS)


hub = WakeupHub()
