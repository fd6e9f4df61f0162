"""Changes to who is on a team and in what role, in one place.

Each change takes the account's lock first and re-reads the people it is about under it,
so two admins (or a transfer and a demotion) acting at once are decided one after the
other, on the state the first one left: an account never ends up without an owner. Each
says why it was refused (then it changed nothing), or None when done. The caller commits.
"""
import secrets

from ..core.extensions import db
from ..core.locks import lock_account
from ..core.login_stamps import logins_changed
from ..core.models import Invite, count_owners, utcnow
from ..notify.outbox import queue_invite_email
from .invites import create_invite
from .logins import end_all_logins
from .passwords import hash_password
from .resets import request_reset

LAST_OWNER = "An account needs at least one owner. Transfer ownership to another member first."
OWNER_BY_TRANSFER = "Ownership changes only through a transfer of ownership."
NOT_OWNER = "Only the account owner can do that."
NOT_A_CANDIDATE = "Choose an active member of your team."


def role_change_problem(actor, target):
    """Why ``actor`` may not change ``target``'s role, or None. Owners keep their role
    until they transfer ownership, so an account never ends up without one."""
    if target.role == "owner":
        return OWNER_BY_TRANSFER
    if target.id == actor.id:
        return "You can't change your own role. Ask another admin or the owner."
    return None


def deactivation_problem(actor, target):
    """Why ``actor`` may not deactivate (or reactivate) ``target``, or None."""
    if target.id == actor.id:
        return "You can't deactivate yourself."
    if target.role == "owner":
        if actor.role != "owner":
            return "Only an owner can deactivate an owner."
        if target.active and count_owners(actor.account_id) <= 1:
            return LAST_OWNER
    return None


def forced_reset_problem(actor, target):
    """Why ``actor`` may not force a password reset on ``target``, or None."""
    if target.id == actor.id:
        return "To change your own password, use Password in the header."
    if not target.active:
        return "Reactivate them first."
    if target.role == "owner" and actor.role != "owner":
        return "Only an owner can reset an owner's password."
    return None


# What the team page asks of each row, to offer only the controls that would work.
MEMBER_RULES = {"role": role_change_problem, "active": deactivation_problem, "reset": forced_reset_problem}


def _under_account_lock(actor, *people):
    lock_account(actor.account_id)
    for person in (actor, *people):
        db.session.refresh(person)


def invite(actor, email, role):
    """A single-use invite for ``email`` (replacing any pending one) and its email in the outbox."""
    new_invite = create_invite(actor.account, email, role, actor)
    queue_invite_email(new_invite, new_invite.created_at)
    return new_invite


def revoke_invite(pending: Invite):
    """Withdraw a pending invite; False when it was no longer pending."""
    if not pending.is_pending:
        return False
    pending.revoked_at = utcnow()
    return True


def change_role(actor, member, role):
    """``(problem, changed)``: why it was refused (or None), and whether the role changed (not
    when ``member`` already had it, as read under the lock)."""
    _under_account_lock(actor, member)  # after a concurrent transfer, its new owner is seen as owner
    problem = role_change_problem(actor, member)
    if problem is not None or member.role == role:
        return problem, False
    member.role = role
    logins_changed(member.account_id)
    return None, True


def set_active(actor, member, active):
    """(De)activate ``member``; deactivating signs them out of every browser."""
    _under_account_lock(actor, member)  # two owners deactivating each other can't both pass
    problem = deactivation_problem(actor, member)
    if problem is None and member.active != active:
        member.active = active
        if not active:
            end_all_logins(member.id)
    return problem


def force_password_reset(actor, member):
    """Sign ``member`` out of every browser, make their old password stop working (it may be
    what leaked) and email them a reset link."""
    unusable_hash = hash_password(secrets.token_urlsafe(32))  # Argon2 is slow: not under the lock
    _under_account_lock(actor, member)
    problem = forced_reset_problem(actor, member)
    if problem is None:
        member.password_hash = unusable_hash
        end_all_logins(member.id)
        request_reset(member, requested_by=actor)
    return problem


def transfer_ownership(actor, new_owner):
    """Make ``new_owner`` the owner; ``actor``, the owner until now, becomes an admin."""
    _under_account_lock(actor, new_owner)
    if actor.role != "owner":
        return NOT_OWNER
    if (new_owner.account_id != actor.account_id or not new_owner.active or new_owner.id == actor.id
            or new_owner.role == "owner"):
        return NOT_A_CANDIDATE
    new_owner.role = "owner"
    actor.role = "admin"
    logins_changed(actor.account_id)
    return None
