"""The operator CLI: exact interface, validation, non-zero exits with messages."""
from sqlalchemy import func, select

from rf.auth.passwords import verify_password
from rf.cli import DEMO_PASSWORD
from rf.core.extensions import db
from rf.core.models import Account, User

from .factories import PASSWORD, make_account


def test_create_account(runner):
    result = runner.invoke(args=["rf", "create-account", "Acme IT"])
    assert result.exit_code == 0, result.output
    assert "Created account 'Acme IT'" in result.output
    assert db.session.scalar(select(Account.name)) == "Acme IT"


def test_create_account_twice_fails_with_message(runner):
    runner.invoke(args=["rf", "create-account", "Acme IT"])
    result = runner.invoke(args=["rf", "create-account", "Acme IT"])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_create_user(runner):
    make_account("Acme IT")
    result = runner.invoke(args=["rf", "create-user", "--account", "Acme IT", "--email", "A@X.io",
                                 "--name", "Ann", "--role", "engineer", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.name, user.role, user.active) == ("a@x.io", "Ann", "engineer", True)
    assert user.password_hash.startswith("$argon2id$") and verify_password(user.password_hash, PASSWORD)


def test_create_user_prompts_for_password_when_omitted(runner):
    make_account("Acme IT")
    result = runner.invoke(args=["rf", "create-user", "--account", "Acme IT", "--email", "a@x.io",
                                 "--name", "Ann", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password" in result.output and PASSWORD not in result.output
    assert verify_password(db.session.scalar(select(User.password_hash)), PASSWORD)


def test_unknown_account_exits_non_zero(runner):
    result = runner.invoke(args=["rf", "create-user", "--account", "Nope", "--email", "a@x.io",
                                 "--name", "Ann", "--role", "engineer", "--password", PASSWORD])
    assert result.exit_code != 0
    assert "No account named 'Nope'" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_user_rejects_bad_input_with_reasons(runner):
    make_account("Acme IT")
    base = ["rf", "create-user", "--account", "Acme IT", "--name", "Ann"]
    weak = runner.invoke(args=base + ["--email", "a@x.io", "--role", "engineer", "--password", "short"])
    assert weak.exit_code != 0 and "at least 12 characters" in weak.output
    bad_email = runner.invoke(args=base + ["--email", "not-an-email", "--role", "engineer", "--password", PASSWORD])
    assert bad_email.exit_code != 0 and "valid email address" in bad_email.output
    bad_role = runner.invoke(args=base + ["--email", "a@x.io", "--role", "wizard", "--password", PASSWORD])
    assert bad_role.exit_code != 0 and "wizard" in bad_role.output
    runner.invoke(args=base + ["--email", "a@x.io", "--role", "engineer", "--password", PASSWORD])
    duplicate = runner.invoke(args=base + ["--email", "A@x.io", "--role", "viewer", "--password", PASSWORD])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_demo_seeds_every_role_and_is_idempotent(runner):
    first = runner.invoke(args=["rf", "demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["rf", "demo"])
    assert second.exit_code == 0, second.output
    assert DEMO_PASSWORD in first.output and "/login" in first.output
    account = db.session.scalar(select(Account).where(Account.name == "Demo MSP"))
    users = db.session.scalars(select(User).where(User.account_id == account.id)).all()
    roles = sorted(u.role for u in users)
    assert roles == ["admin", "engineer", "engineer", "engineer", "owner", "viewer"]  # one per role
    assert db.session.scalar(select(func.count()).select_from(Account)) == 1
    for user in users:
        assert user.email in first.output
        assert verify_password(user.password_hash, DEMO_PASSWORD)


def test_demo_logins_work(runner, client):
    runner.invoke(args=["rf", "demo"])
    response = client.post("/login", data={"email": "owner@demo.test", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "Olivia Owner" in client.get("/").get_data(as_text=True)


def test_demo_seeds_a_living_history_once(runner):
    from rf.core.models import Handoff, Step
    from rf.core.models import TroubleshootingSession as TS

    runner.invoke(args=["rf", "demo"])
    runner.invoke(args=["rf", "demo"])
    statuses = sorted(db.session.scalars(select(TS.status)))
    assert statuses.count("resolved") >= 4 and "active" in statuses and "parked" in statuses
    assert statuses.count("escalated") == 2
    assert db.session.scalar(
        select(func.count()).select_from(TS).where(TS.resolution.is_not(None))) == statuses.count("resolved")
    assert db.session.scalar(select(func.count()).select_from(Step).where(Step.fixed_it)) >= 4
    escalations = db.session.scalars(select(Handoff).where(Handoff.intent == "escalate")).all()
    assert all(h.package for h in escalations)
    assert any(h.created_by_id != h.session_owner_id for h in escalations)  # a peer escalation
    assert {row for row in db.session.scalars(select(TS.domain))} >= {"network", "systems", "m365", "security",
                                                                       "hardware"}


def test_the_demo_has_dana_on_call_and_reminds_nobody(runner):
    """Its escalations' reminders already due show as sent (the cards say so) without a
    message going out; the rest are cancelled, so a demo never emails anyone."""
    from rf.core.models import Delivery, Handoff, Reminder, utcnow
    from rf.core.oncall import on_call

    runner.invoke(args=["rf", "demo"])
    account = db.session.scalar(select(Account).where(Account.name == "Demo MSP"))
    assert on_call(account.id, utcnow()).user.email == "dana@demo.test"
    assert db.session.scalars(select(Reminder).where(Reminder.status == "pending")).all() == []
    assert db.session.scalars(select(Delivery).where(Delivery.rung > 0)).all() == []
    waiting = db.session.scalars(select(Handoff).where(Handoff.intent == "escalate", Handoff.closed_at.is_(None)))
    assert all(handoff.reminded_at is not None for handoff in waiting)
