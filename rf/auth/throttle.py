"""Login throttling stored in the database, so it holds across workers and servers.

Attempts are counted per email from one address, per address (spraying many emails) and per
email from anywhere, and recorded under a lock before the password is checked: a burst of
parallel requests gets exactly the limit through, no more. The last limit doesn't apply at
an address the email has logged in from (strangers failing elsewhere can't lock its user
out there), and an IPv6 client counts as its /64 (one household or host gets one).
"""
import ipaddress
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, select, update

from ..core.extensions import db
from ..core.locks import lock_name
from ..core.models import KnownLoginAddress, LoginAttempt, utcnow
from ..core.transactions import commit_bookkeeping


def _window():
    return timedelta(minutes=current_app.config["RF_LOGIN_WINDOW_MINUTES"])


def _prune(now):
    """Forget attempts older than the window (rows another request is deleting are skipped)."""
    stale = select(LoginAttempt.id).where(LoginAttempt.created_at < now - _window())
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.id.in_(stale.with_for_update(skip_locked=True).scalar_subquery())))
    commit_bookkeeping()


# The limits, in failed attempts per window (RF_LOGIN_MAX_FAILURES × these): one email from one
# address; one address whatever the emails (spraying); one email from anywhere (slower, so a
# stranger at one address can't lock a known user out, and many addresses still meet a limit).
ADDRESS_FACTOR, EMAIL_FACTOR = 3, 5
FROM_HERE = "Too many failed attempts for this email. Try again in {wait}."
FROM_NETWORK = "Too many failed logins from your network. Try again in {wait}."


KNOWN_FOR = timedelta(days=90)  # an address not logged in from for this long is a stranger's again


def client_key(address):
    """What the limits count a client as: its address, or an IPv6 address's /64 network."""
    try:
        ip = ipaddress.ip_address(address)
    except (TypeError, ValueError):
        return address
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def known_address(email, address, now):
    return db.session.scalar(select(KnownLoginAddress.id).where(
        KnownLoginAddress.email == email, KnownLoginAddress.address == address,
        KnownLoginAddress.seen_at > now - KNOWN_FOR)) is not None


def begin_attempt(email, address):
    """Record an attempt for ``email`` from ``address``. Returns None when it may go ahead,
    or what to tell the user; a refused attempt is not recorded, so waiting doesn't extend
    the wait. Under one lock per email and one per address (always in that order)."""
    now, address = utcnow(), client_key(address)
    _prune(now)
    lock_name(f"login:{email}")
    lock_name(f"login-address:{address}")
    most = current_app.config["RF_LOGIN_MAX_FAILURES"]
    buckets = [(and_(LoginAttempt.email == email, LoginAttempt.address == address), most, FROM_HERE),
               (LoginAttempt.address == address, most * ADDRESS_FACTOR, FROM_NETWORK)]
    if not known_address(email, address, now):
        buckets.append((LoginAttempt.email == email, most * EMAIL_FACTOR, FROM_HERE))
    for condition, limit, message in buckets:
        count, oldest = db.session.execute(
            select(func.count(), func.min(LoginAttempt.created_at))
            .where(condition, LoginAttempt.created_at > now - _window())).one()
        if count >= limit:
            commit_bookkeeping()
            minutes = max(1, math.ceil((oldest + _window() - now).total_seconds() / 60))
            return message.format(wait=f"{minutes} minute{'' if minutes == 1 else 's'}")
    db.session.add(LoginAttempt(email=email, address=address, created_at=now))
    commit_bookkeeping()
    return None


def clear_attempts(email, address):
    """A successful login forgets the failures before it, and knows its address from now on
    (in the login's transaction)."""
    now, address = utcnow(), client_key(address)
    lock_name(f"login:{email}")  # one insert for two logins at once from a new address
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    db.session.execute(delete(KnownLoginAddress).where(  # forgotten ones go: the table stays small
        KnownLoginAddress.email == email, KnownLoginAddress.seen_at < now - KNOWN_FOR))
    seen = db.session.execute(update(KnownLoginAddress).where(
        KnownLoginAddress.email == email, KnownLoginAddress.address == address).values(seen_at=now))
    if seen.rowcount == 0:
        db.session.add(KnownLoginAddress(email=email, address=address, seen_at=now))
