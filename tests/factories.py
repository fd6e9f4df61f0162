"""Test data, made as the app makes it (``tests/conftest.py`` holds only fixtures)."""
import time
from datetime import timedelta

from rf.auth.passwords import hash_password
from rf.core.extensions import db
from rf.core.models import Account, Invite, Step, TroubleshootingSession, User, token_digest, utcnow
from rf.sessions import lifecycle

PASSWORD = "correct horse battery"
_password_hash = None


def make_account(name="Acme IT"):
    account = Account(name=name)
    db.session.add(account)
    db.session.commit()
    return account


def make_user(account, role="engineer", email=None, name=None, active=True):
    """A user whose password is PASSWORD (hashed once per run: Argon2 is slow on purpose)."""
    global _password_hash
    if _password_hash is None:
        _password_hash = hash_password(PASSWORD)
    email = email or f"{role}-{account.id}-{time.monotonic_ns()}@example.com"
    user = User(account_id=account.id, email=email, name=name or f"{role.title()} of {account.name}",
                role=role, password_hash=_password_hash, active=active)
    db.session.add(user)
    db.session.commit()
    return user


def make_invite(account, invited_by, email="new@example.com", role="engineer", token="tok"):
    invite = Invite(account_id=account.id, email=email, role=role, invited_by_id=invited_by.id,
                    token_hash=token_digest(token), expires_at=utcnow() + timedelta(hours=72))
    db.session.add(invite)
    db.session.commit()
    return invite


def make_session(account, owner, status="active", summary="VPN drops every 10 minutes",
                 ticket="4411", client="Harbor Dental", domain="network", steps=1):
    """A session in ``status`` as stored (no handoffs: escalate with ``make_escalation``)."""
    session = TroubleshootingSession(account_id=account.id, owner_id=owner.id, ticket_number=ticket,
                                     client_name=client, summary=summary, domain=domain, status=status)
    if status == "resolved":
        session.resolution, session.resolved_at, session.resolved_by_id = "Fixed it", utcnow(), owner.id
    db.session.add(session)
    db.session.flush()
    for number in range(1, steps + 1):
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=owner.id,
                            tried=f"Step {number}", result="didnt_work"))
    db.session.commit()
    return session


def make_escalation(session, escalator, priority="high", reason="Need a second pair of eyes"):
    """An open escalation with its frozen package, queue event and outbox rows, made by the
    route's transition; its assessment stays pending (tests of that state need it)."""
    handoff = lifecycle.escalate(session, escalator, reason, priority, assess=False)
    db.session.commit()
    return handoff
