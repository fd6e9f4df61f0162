"""ORM models. Everything a customer owns carries ``account_id`` (see ``AccountOwned``)."""
import base64
import hashlib
import hmac
import json
from datetime import date, datetime, time, timedelta
from typing import TypedDict

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    func,
    select,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .clock import utcnow  # noqa: F401 (the app imports its clock from here too)
from .extensions import db
from .ui import external_url

ROLES = ("owner", "admin", "engineer", "viewer")
NOTIFY_EMAIL_CHOICES = {
    "every": "Email me about every escalation",
    "unwatched": "Email me only when I'm not watching the queue",
    "never": "Never email me about escalations",
}
ROLE_RANK = {"viewer": 0, "engineer": 1, "admin": 2, "owner": 3}
ROLE_LABELS = {"owner": "Owner", "admin": "Admin", "engineer": "Engineer", "viewer": "Viewer"}
# Roles handed out from the team page; ownership moves only by transfer.
ASSIGNABLE_ROLES = ("admin", "engineer", "viewer")

EMAIL_MAX = 254
NAME_MAX = 100
ACCOUNT_NAME_MAX = 100


def normalize_email(email):
    return (email or "").strip().lower()


def token_digest(token):
    """Invite and reset tokens are stored only as a SHA-256 digest."""
    return hashlib.sha256(token.encode()).hexdigest()


def _derive_token(purpose, nonce):
    """An HMAC of a random nonce under the app's secret key: the database alone (nonce and
    digest) is not enough to rebuild a link. ``purpose`` keeps one kind's token from
    opening another kind's link."""
    key = current_app.config["SECRET_KEY"].encode()
    mac = hmac.new(key, purpose + b":" + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def derive_invite_token(nonce):
    """An invite's token (``_derive_token``)."""
    return _derive_token(b"rf-invite-token", nonce)


def derive_reset_token(nonce):
    """A password reset's token (``_derive_token``)."""
    return _derive_token(b"rf-reset-token", nonce)


class JSONText(TypeDecorator):
    """A dict kept as JSON text: the same column on SQLite and PostgreSQL (as the ``Text``
    it was), read and written as plain data."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(value)


class AccountOwned:
    """Mixin for rows that belong to one MSP; ``rf.core.tenancy`` scopes every query on them."""

    @declared_attr
    def account_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)


class Account(db.Model):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(ACCOUNT_NAME_MAX), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The account's last queue event number. Taking the next one locks this row, so one
    # account's events commit in order and a cursor never skips one.
    queue_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    # Bumped when one of its logins ends or a member's role or access changes: every worker
    # drops the logins it trusted for long-polls (``rf.core.login_stamps``).
    logins_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    # When an owner or admin last got the test email of the first-run checklist.
    mail_tested_at: Mapped[datetime | None]
    # Business hours (``rf.core.hours``): the team's timezone, its working days (Monday 0 …
    # Sunday 6, as digits) and the hours of a working day, in that timezone.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    work_days: Mapped[str] = mapped_column(String(7), default="01234", server_default="01234")
    work_start: Mapped[time] = mapped_column(default=time(9), server_default="09:00:00")
    work_end: Mapped[time] = mapped_column(default=time(17), server_default="17:00:00")
    # Whether its reminder ladder is its own (``ReminderRung`` rows) or the defaults.
    custom_ladder: Mapped[bool] = mapped_column(default=False, server_default=false())

    users: Mapped[list["User"]] = relationship(back_populates="account", order_by="User.name")

    def __repr__(self):
        return f"<Account {self.id} {self.name!r}>"


class User(AccountOwned, UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('owner', 'admin', 'engineer', 'viewer')", name="role"),
        CheckConstraint("notify_email IN ('every', 'unwatched', 'never')", name="notify_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # When to email this user about a new escalation (NOTIFY_EMAIL_CHOICES).
    notify_email: Mapped[str] = mapped_column(String(16), default="unwatched", server_default="unwatched")
    # Last time a queue tab of this user was live, to within a few seconds (rf.queue.presence).
    queue_seen_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship(back_populates="users")

    @property
    def is_active(self):
        return self.active

    # The token of the login session this request runs under (see LoginSession).
    login_token = None

    def get_id(self):
        return self.login_token

    def has_role(self, minimum):
        """True when this user's role is ``minimum`` or above (viewer < engineer < admin < owner)."""
        return ROLE_RANK[self.role] >= ROLE_RANK[minimum]

    @property
    def role_label(self):
        return ROLE_LABELS[self.role]

    @property
    def can_manage_team(self):
        return self.has_role("admin")

    def __repr__(self):
        return f"<User {self.id} {self.email} {self.role}>"


class Invite(AccountOwned, db.Model):
    """A single-use, expiring invitation; only the token's digest is stored."""

    __tablename__ = "invites"
    __table_args__ = (CheckConstraint("role IN ('admin', 'engineer', 'viewer')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), index=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token is derived from this and the app's secret key (``derive_invite_token``), so the
    # invite email can be sent later by the dispatcher without the token being stored.
    token_nonce: Mapped[str | None] = mapped_column(String(32))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship()
    invited_by: Mapped[User | None] = relationship()
    # The invitation email in the outbox.
    email_delivery: Mapped["Delivery | None"] = relationship(viewonly=True)

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()

    @property
    def link(self):
        """The invite's link (rebuilt from the nonce), or None for an invite made before
        tokens were derived."""
        if not self.token_nonce:
            return None
        return external_url("auth.accept_invite", token=derive_invite_token(self.token_nonce))

    @property
    def role_label(self):
        return ROLE_LABELS[self.role]


class PasswordReset(AccountOwned, db.Model):
    """A single-use, expiring link to choose a new password, asked for by the user or forced
    by an admin (``requested_by``); only the token's digest is stored, as for invites."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token is derived from this (``derive_reset_token``): the dispatcher rebuilds the link.
    token_nonce: Mapped[str] = mapped_column(String(32))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])

    @property
    def is_pending(self):
        return self.used_at is None and self.revoked_at is None and self.expires_at > utcnow()

    @property
    def link(self):
        return external_url("auth.reset_password", token=derive_reset_token(self.token_nonce))


class LoginSession(db.Model):
    """One signed-in browser. The cookie holds only a random token; deleting the row
    (logout, deactivation) ends that session even if someone kept a copy of the cookie."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User] = relationship()


class LoginAttempt(db.Model):
    """A login attempt that has not succeeded (in flight or failed), counted per email and
    client address over a window. Stored in the database so throttling holds across workers
    and servers."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_created_at", "email", "created_at"),
                      Index("ix_login_attempts_address_created_at", "address", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    # The client's address (behind a proxy, as RF_TRUSTED_PROXIES lets it be read).
    address: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class KnownLoginAddress(db.Model):
    """An address an email has logged in from: failures from elsewhere (a stranger's) don't
    count against it there (``rf.auth.throttle``)."""

    __tablename__ = "known_login_addresses"
    __table_args__ = (UniqueConstraint("email", "address", name="uq_known_login_addresses_email_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    address: Mapped[str] = mapped_column(String(45))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


DOMAINS = {"network": "Network", "systems": "Systems", "m365": "Microsoft 365",
           "security": "Security", "hardware": "Hardware", "other": "Other"}
SESSION_STATUSES = {"active": "Active", "parked": "Parked", "escalated": "Escalated", "resolved": "Resolved"}
STEP_RESULTS = {"didnt_work": "Didn't work", "worked": "Worked", "dead_end": "Dead end", "info": "Info"}
PRIORITIES = {"low": "Low", "normal": "Normal", "high": "High", "urgent": "Urgent"}
PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}

TICKET_MAX = 50
CLIENT_MAX = 100
SUMMARY_MAX = 500


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class TroubleshootingSession(AccountOwned, db.Model):
    """A tech's structured record of working one problem (a ticket)."""

    __tablename__ = "troubleshooting_sessions"
    __table_args__ = (
        CheckConstraint(_in("domain", DOMAINS), name="domain"),
        CheckConstraint(_in("status", SESSION_STATUSES), name="status"),
        Index("ix_troubleshooting_sessions_account_status", "account_id", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_number: Mapped[str] = mapped_column(String(TICKET_MAX))
    client_name: Mapped[str] = mapped_column(String(CLIENT_MAX))
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX))
    domain: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Tokens in the session's retrieval document once resolved and indexed (``SessionTerm``).
    terms_length: Mapped[int | None]

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    steps: Mapped[list["Step"]] = relationship(back_populates="session", order_by="Step.id")
    handoffs: Mapped[list["Handoff"]] = relationship(back_populates="session", order_by="Handoff.id")

    @property
    def domain_label(self):
        return DOMAINS[self.domain]

    @property
    def status_label(self):
        return SESSION_STATUSES[self.status]

    @property
    def open_escalation(self):
        return next((h for h in self.handoffs if h.is_open_escalation), None)

    @property
    def open_park(self):
        return next((h for h in self.handoffs if h.intent == "park" and h.is_open), None)

    @property
    def latest_package_handoff(self):
        """The most recent escalation, whose frozen package the session page offers to export."""
        return next((h for h in reversed(self.handoffs) if h.intent == "escalate" and h.package), None)


class Step(AccountOwned, db.Model):
    """One thing tried. ``author_id`` is who logged it: time to first action counts the
    first step by the senior who picked the session up."""

    __tablename__ = "steps"
    __table_args__ = (
        CheckConstraint(_in("result", STEP_RESULTS), name="result"),
        # One step per submitted form: a doubled or retried post finds its step, not a second one.
        Index("uq_steps_session_idempotency_key", "session_id", "idempotency_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("troubleshooting_sessions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    tried: Mapped[str] = mapped_column(Text)
    command: Mapped[str | None] = mapped_column(Text)
    output: Mapped[str | None] = mapped_column(Text)
    # Size of the output as pasted, when it was longer than we keep.
    output_original_chars: Mapped[int | None]
    result: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text)
    fixed_it: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The step form's key (``rf.sessions.lifecycle.log_step``).
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    # Logged by the session's owner or the escalator while the escalation waited for a pick-up:
    # context for the senior who takes it, not work on it.
    added_while_waiting: Mapped[bool] = mapped_column(default=False, server_default=false())

    session: Mapped[TroubleshootingSession] = relationship(back_populates="steps")
    author: Mapped[User] = relationship()

    @property
    def result_label(self):
        return STEP_RESULTS[self.result]


class PackageStep(TypedDict):
    number: int
    tried: str
    command: str | None
    output: str | None            # kept only for the package's latest outputs
    output_original_chars: int | None
    result: str
    result_label: str
    notes: str | None
    author: str
    logged_at: str                # "2026-11-26 09:43 UTC"


class Package(TypedDict):
    """The escalation package: what was handed over, frozen at the escalation
    (``rf.sessions.package`` builds it and renders its exports)."""
    format: int
    version: int
    ticket_number: str
    client_name: str
    summary: str
    domain: str
    domain_label: str
    reason: str
    priority: str
    priority_label: str
    escalated_by: str
    session_owner: str
    escalated_at: str
    steps: list[PackageStep]
    dead_ends: list[int]          # step numbers
    latest_outputs: list[int]     # step numbers


class Confidence(TypedDict):
    level: str                    # high, medium or low: follows from the score alone
    score: float                  # 0 … 1 (``rf.assess.engine.score_of``)
    # What the score rests on (absent from assessments stored before they were recorded): the
    # most telling words the closest session shares, as the escalation wrote them, and how
    # many of the listed matches share them all.
    shared_words: list[str]
    shared_by: int


class AssessmentMatch(TypedDict, total=False):
    session_id: int
    ticket_number: str
    summary: str
    resolution: str | None
    resolved_by: str | None
    resolved_at: str | None       # ISO 8601 UTC
    score: float
    ruled_out: bool               # its fix was already tried in the escalated session, without success


class Suggestion(TypedDict):
    """A suggested next step: what fixed a similar past session."""
    tried: str                    # the past fixing step's words
    command: str | None           # its command, to copy
    cause: str | None             # that session's resolution: the cause it fixed


def suggestions_in(assessment, key="suggested_steps") -> list[Suggestion]:
    """An assessment's suggested steps (or ``guess_steps``) as Suggestions. Stored before they
    carried commands, a suggestion is its text alone."""
    return [item if isinstance(item, dict) else {"tried": item, "command": None, "cause": None}
            for item in (assessment or {}).get(key) or []]


class Assessment(TypedDict, total=False):
    """What the handoff context's Assessment section shows (``rf.assess.engine``). A failed
    computation has only ``backend`` (None), ``failed`` and ``computed_at``."""
    backend: str | None           # "retrieval" or "llm:<model>"
    computed_at: str              # ISO 8601 UTC
    history: int
    likely_cause: str | None
    suggested_steps: list[Suggestion]  # (plain text in assessments stored before: ``suggestions_in``)
    confidence: Confidence
    matches: list[AssessmentMatch]
    note: str                     # why the history can't say much
    fallback: str                 # why the language model wasn't used
    guess: str                    # the language model's cause when retrieval found no close match
    guess_steps: list[str]        # its steps then: shown as its guess, never offered as chips
    failed: str


# An escalation nobody has picked up, withdrawn or resolved yet: what the queue shows, what
# "waiting" counts in the metrics (sql/waiting.sql), what one session may have at most one of.
OPEN_ESCALATION_SQL = "intent = 'escalate' AND closed_at IS NULL"
ASSESSMENT_OVERDUE = timedelta(seconds=30)


class Handoff(AccountOwned, db.Model):
    """A park or an escalation of a session. An escalation freezes the escalation
    package (``package``) so later steps never change what was handed over."""

    __tablename__ = "handoffs"
    __table_args__ = (
        CheckConstraint("intent IN ('park', 'escalate')", name="intent"),
        CheckConstraint("priority IS NULL OR " + _in("priority", PRIORITIES), name="priority"),
        # One open escalation per session, whatever the timing of the requests.
        Index("uq_handoffs_open_escalation", "session_id", unique=True,
              postgresql_where=text(OPEN_ESCALATION_SQL), sqlite_where=text(OPEN_ESCALATION_SQL)),
        # Metrics: claims of an account by claim time, with every column the metrics read
        # (the escalation_claims view), so they never touch the wide rows.
        Index("ix_handoffs_claims", "account_id", "closed_reason", "closed_at", "created_at", "closed_by_id",
              "first_action_at", "domain", "intent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("troubleshooting_sessions.id", ondelete="CASCADE"), index=True)
    intent: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    priority: Mapped[str | None] = mapped_column(String(8))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    session_owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # withdrawn, claimed, resumed or resolved
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The session's domain (chosen when it starts, never changed), here for the metrics.
    domain: Mapped[str | None] = mapped_column(String(16))
    package: Mapped[Package | None] = mapped_column(JSONText)
    package_version: Mapped[int | None]
    # The claimer's first step on the session after the claim (metrics: time to first
    # action), written with that step (``rf.sessions.lifecycle``).
    first_action_at: Mapped[datetime | None]
    # When its latest reminder went out (``rf.notify.reminders``), and who was on call then:
    # the queue card says so.
    reminded_at: Mapped[datetime | None]
    reminded_on_call_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What the handoff context shows, written after the escalation commits (None until then).
    assessment: Mapped[Assessment | None] = mapped_column(JSONText)

    session: Mapped[TroubleshootingSession] = relationship(back_populates="handoffs")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    session_owner: Mapped[User] = relationship(foreign_keys=[session_owner_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    reminded_on_call: Mapped[User | None] = relationship(foreign_keys=[reminded_on_call_id])

    @property
    def is_open(self):
        return self.closed_at is None

    @hybrid_property
    def is_open_escalation(self):
        """Waiting in the queue (``OPEN_ESCALATION_SQL``); also usable in queries."""
        return self.intent == "escalate" and self.closed_at is None

    @is_open_escalation.inplace.expression
    @classmethod
    def _is_open_escalation_expression(cls):
        return and_(cls.intent == "escalate", cls.closed_at.is_(None))

    @property
    def assessment_overdue(self):
        """No assessment this long after the escalation: the worker that owed it has gone."""
        return self.assessment is None and utcnow() - self.created_at > ASSESSMENT_OVERDUE

    @property
    def priority_label(self):
        return PRIORITIES.get(self.priority, "")

    @property
    def claimed(self):
        return self.closed_reason == "claimed"


DELIVERY_STATUSES = ("queued", "sending", "sent", "failed", "suppressed")
CHANNELS = {"email": "Email", "webhook": "Team chat"}
# Exactly one of these is set (the same SQL on both engines: PostgreSQL can't add booleans).
DELIVERY_SUBJECT_SQL = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
                                  for column in ("handoff_id", "invite_id", "password_reset_id")) + " = 1"
WEBHOOK_FORMATS = {"slack": "Slack", "teams": "Microsoft Teams", "generic": "Generic JSON (signed)"}


class Delivery(AccountOwned, db.Model):
    """One notification to one recipient over one channel (the outbox): an escalation's
    email to a senior or post to the account's chat webhook, an invite's email, or a password
    reset's email.

    Written in the same transaction as what it announces, as ``queued``; the dispatcher
    (``rf.notify``) takes it, sends it, and ends it ``sent``, ``failed`` (with the last
    error) or ``suppressed`` (with why). ``sending`` rows whose lease ran out are taken again.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        # Announces exactly one thing: an escalation, an invite or a password reset.
        CheckConstraint(DELIVERY_SUBJECT_SQL, name="subject"),
        # A webhook post goes to the account's chat, not to a user.
        CheckConstraint("(channel = 'webhook') = (recipient_id IS NULL AND invite_id IS NULL)", name="recipient"),
        # One of each per escalation, rung (0: the first notice; 1, 2 …: its reminders),
        # recipient and channel, however many dispatchers and servers write them.
        Index("uq_deliveries_handoff_rung_channel_recipient", "handoff_id", "rung", "channel", "recipient_id",
              unique=True),
        Index("uq_deliveries_handoff_rung_webhook", "handoff_id", "rung", unique=True,
              postgresql_where=text("channel = 'webhook'"), sqlite_where=text("channel = 'webhook'")),
        Index("uq_deliveries_invite", "invite_id", unique=True,
              postgresql_where=text("invite_id IS NOT NULL"), sqlite_where=text("invite_id IS NOT NULL")),
        Index("uq_deliveries_password_reset", "password_reset_id", unique=True,
              postgresql_where=text("password_reset_id IS NOT NULL"),
              sqlite_where=text("password_reset_id IS NOT NULL")),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int | None] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"))
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id", ondelete="CASCADE"))
    password_reset_id: Mapped[int | None] = mapped_column(ForeignKey("password_resets.id", ondelete="CASCADE"))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    # 0: an escalation's first notice; n: its n-th reminder (``Reminder.rung``).
    rung: Mapped[int] = mapped_column(default=0, server_default="0")
    # Sent to the on-call senior as such: whatever their email preference.
    on_call: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The email address, or the webhook's host (the URL itself is a secret).
    address: Mapped[str] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    taken_at: Mapped[datetime | None]  # by the dispatcher holding the lease
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    handoff: Mapped[Handoff | None] = relationship()
    invite: Mapped[Invite | None] = relationship()
    password_reset: Mapped[PasswordReset | None] = relationship()
    recipient: Mapped[User | None] = relationship()

    @property
    def channel_label(self):
        return CHANNELS[self.channel]

    @property
    def state(self):
        """The status as shown: a queued delivery that has failed before is "retrying"; one
        no longer wanted after failed attempts is "stopped" (it never got through: the
        mail server may be down, which a plain "not sent" would hide)."""
        if self.last_error is not None and self.status in ("queued", "suppressed"):
            return "retrying" if self.status == "queued" else "stopped"
        return self.status

    @property
    def why(self):
        """Why it was not sent (yet): the reason it was suppressed (and the error it had
        failed with before, if it had), or the last error."""
        if self.status == "suppressed":
            if self.last_error is None:
                return self.reason
            return f"{self.reason}; before that, sending it failed: {self.last_error}"
        return self.last_error if self.status in ("queued", "sending", "failed") else None


# The roles that are told about escalations, can pick them up and can be on call.
NOTIFIED_ROLES = ("engineer", "admin", "owner")
REMINDER_AUDIENCES = {"seniors": "Every senior who hasn't opened it",
                      "on_call": "The on-call senior and the owner"}
REMINDER_STATUSES = ("pending", "sent", "cancelled")


class ReminderRung(AccountOwned, db.Model):
    """A rung of the account's reminder ladder for one priority: escalations of that
    priority still waiting ``after_minutes`` after they arrived (or, with
    ``next_business_morning``, at the start of the next working day) remind ``audience``.
    Used once the account's ``custom_ladder`` is set; until then the ladder is
    ``rf.notify.reminders.DEFAULT_LADDER``."""

    __tablename__ = "reminder_rungs"
    __table_args__ = (
        CheckConstraint(_in("priority", PRIORITIES), name="priority"),
        CheckConstraint(_in("audience", REMINDER_AUDIENCES), name="audience"),
        CheckConstraint("(after_minutes IS NULL) = next_business_morning", name="when"),
        Index("uq_reminder_rungs_account_priority_position", "account_id", "priority", "position", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    priority: Mapped[str] = mapped_column(String(8))
    position: Mapped[int]
    after_minutes: Mapped[int | None]
    next_business_morning: Mapped[bool] = mapped_column(default=False)
    audience: Mapped[str] = mapped_column(String(16))


class Reminder(AccountOwned, db.Model):
    """One rung of one escalation's ladder, fixed when it was escalated (a ladder edited
    later doesn't change it). The dispatcher turns a due ``pending`` one into ``sent`` and
    its outbox rows in one transaction, once whatever the number of dispatchers; a claim,
    withdraw or resolve makes the pending ones ``cancelled`` with why."""

    __tablename__ = "reminders"
    __table_args__ = (
        CheckConstraint(_in("status", REMINDER_STATUSES), name="status"),
        CheckConstraint(_in("audience", REMINDER_AUDIENCES), name="audience"),
        Index("uq_reminders_handoff_rung", "handoff_id", "rung", unique=True),
        Index("ix_reminders_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"))
    rung: Mapped[int]
    audience: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime]
    # "At the next business morning": moved when the team's hours change while it waits.
    business_morning: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # When it was sent; ``late`` when that was well after ``due_at`` (no dispatcher ran).
    sent_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(default=False)
    # Who it went to and why (outside business hours: the on-call senior only), or why not.
    note: Mapped[str | None] = mapped_column(Text)

    handoff: Mapped[Handoff] = relationship()


class OnCallRotation(AccountOwned, db.Model):
    """The account's weekly on-call rotation: its members take turns, each from the
    hand-over (``handover_weekday`` at ``handover_time``, in the account's timezone) for a
    week, the first from the first hand-over on or after ``starts_on``. The on-call senior
    gets every escalation at or above ``notify_priority`` at once, and the reminders'
    second rung."""

    __tablename__ = "oncall_rotations"
    __table_args__ = (
        CheckConstraint("handover_weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint(_in("notify_priority", PRIORITIES), name="notify_priority"),
        Index("uq_oncall_rotations_account", "account_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_weekday: Mapped[int] = mapped_column(default=0)
    handover_time: Mapped[time] = mapped_column(default=time(9))
    starts_on: Mapped[date]
    notify_priority: Mapped[str] = mapped_column(String(8), default="high")
    # Member user ids in turn order, comma-separated (the order is the rotation).
    member_ids: Mapped[str] = mapped_column(Text, default="")

    @property
    def members(self):
        return tuple(int(part) for part in self.member_ids.split(",") if part)


class OnCallOverride(AccountOwned, db.Model):
    """A one-off: ``user`` is on call from ``starts_at`` to ``ends_at`` (UTC), whoever the
    rotation says ("Dana covers Sam on 12 Dec")."""

    __tablename__ = "oncall_overrides"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="span"),
                      Index("ix_oncall_overrides_account_ends", "account_id", "ends_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Holiday(AccountOwned, db.Model):
    """A day the team doesn't work, whatever its weekday (business hours)."""

    __tablename__ = "holidays"
    __table_args__ = (Index("uq_holidays_account_day", "account_id", "day", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    name: Mapped[str] = mapped_column(String(80))


class ChatWebhook(AccountOwned, db.Model):
    """The account's team-chat webhook: every escalation is posted to it."""

    __tablename__ = "chat_webhooks"
    __table_args__ = (
        CheckConstraint(_in("format", WEBHOOK_FORMATS), name="format"),
        Index("uq_chat_webhooks_account", "account_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    format: Mapped[str] = mapped_column(String(16))
    # Signs every post (HMAC-SHA256); receivers of the generic format check it.
    secret: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    updated_by: Mapped[User | None] = relationship()

    @property
    def format_label(self):
        return WEBHOOK_FORMATS[self.format]


class SessionTerm(AccountOwned, db.Model):
    """How often a word occurs in a resolved session's text: the postings the assessment's
    BM25 ranking reads (``rf.assess.retrieval``)."""

    __tablename__ = "session_terms"
    # Covering: ranking reads (session, tf) for the query's words from the index alone.
    __table_args__ = (Index("ix_session_terms_account_term", "account_id", "term", "session_id", "tf"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("troubleshooting_sessions.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(String(40), primary_key=True)
    tf: Mapped[int]


BASELINE_MAX_SECONDS = 8 * 3600
BASELINE_LABEL_MAX = 200


class BaselineMeasurement(AccountOwned, db.Model):
    """The manual baseline: one escalation handled the old way, stopwatched from the ticket
    being opened to the first real diagnostic action."""

    __tablename__ = "baseline_measurements"
    __table_args__ = (CheckConstraint(f"seconds > 0 AND seconds <= {BASELINE_MAX_SECONDS}", name="seconds"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(BASELINE_LABEL_MAX))
    seconds: Mapped[int]
    measured_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User | None] = relationship()


class RateLimitHit(db.Model):
    """One request to a rate-limited page, counted per user over a window; in the database
    so the limit holds across workers and servers (``rf.core.ratelimit``)."""

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index("ix_rate_limit_hits_user_bucket_created", "user_id", "bucket", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    bucket: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


API_SCOPES = {"metrics:read": "Read the metrics", "escalations:read": "Read escalations and their packages"}
API_TOKEN_NAME_MAX = 80


class ApiToken(AccountOwned, db.Model):
    """A personal API token of an owner or admin: read-only, with scopes (``API_SCOPES``).
    Only its SHA-256 is stored (the token is random, so a plain hash can't be reversed); its
    first characters are kept to tell tokens apart."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(API_TOKEN_NAME_MAX))
    scopes: Mapped[str] = mapped_column(String(200))  # space-separated
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def scope_list(self):
        return self.scopes.split()


class AppServer(db.Model):
    """An app server that has run against this database, with fingerprints of the settings
    every server must share (``rf.core.servers``): a mismatch is shown, not silent."""

    __tablename__ = "app_servers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    fingerprints: Mapped[dict] = mapped_column(JSONText)
    sends: Mapped[bool]  # its workers send notifications (RF_DISPATCH_IN_WORKERS)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


QUEUE_EVENT_KINDS = ("escalated", "withdrawn", "claimed", "resolved", "reminded")


class QueueEvent(AccountOwned, db.Model):
    """An append-only record of a queue change, numbered per account (``seq``)."""

    __tablename__ = "queue_events"
    __table_args__ = (
        CheckConstraint(_in("kind", QUEUE_EVENT_KINDS), name="kind"),
        Index("uq_queue_events_account_seq", "account_id", "seq", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EscalationRead(db.Model):
    """A senior has seen an escalation (opened, picked up or dismissed): no unread dot."""

    __tablename__ = "escalation_reads"
    __table_args__ = (Index("uq_escalation_reads_user_handoff", "user_id", "handoff_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(default=utcnow)


def count_owners(account_id):
    return db.session.scalar(
        select(func.count()).select_from(User)
        .where(User.account_id == account_id, User.role == "owner", User.active.is_(True)))
