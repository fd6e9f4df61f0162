"""The team page: invite people, change roles, deactivate, transfer ownership.

Row and panel actions answer HTMX requests with the fragment they change and a toast;
the same forms work as plain posts that redirect back to the page.
"""
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..core.ui import render_toast
from ..extensions import db
from ..models import Invite, User, count_owners, normalize_email, utcnow
from ..locks import lock_account
from ..notify.outbox import queue_invite_email
from ..notify.worker import wake_dispatcher
from ..tenancy import get_or_404, scoped
from . import bp
from .access import ROLE_DENIED, role_required
from .forms import InviteForm, RoleForm, TransferForm
from .invites import create_invite, invite_link
from .logins import end_all_logins

LAST_OWNER = "An account needs at least one owner. Transfer ownership to another member first."


WATCH_EMAIL_FOR = timedelta(minutes=2)
OWNER_BY_TRANSFER = "Ownership changes only through a transfer of ownership."


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


def pending_invites():
    return db.session.scalars(
        scoped(Invite)
        .where(Invite.accepted_at.is_(None), Invite.revoked_at.is_(None), Invite.expires_at > utcnow())
        .options(selectinload(Invite.email_delivery), selectinload(Invite.invited_by))
        .order_by(Invite.created_at.desc())).all()


def pending_context():
    """The pending invites, and whether the email of one made in the last two minutes is
    still on its first attempt (then ``#pending-invites`` reloads itself shortly; after
    that, say with no dispatcher running, it stops looking)."""
    invites, recently = pending_invites(), utcnow() - WATCH_EMAIL_FOR
    on_its_way = any(i.email_delivery and i.email_delivery.status in ("queued", "sending")
                     and not i.email_delivery.last_error and i.created_at > recently for i in invites)
    return {"invites": invites, "on_its_way": on_its_way, "invite_link": invite_link}


def pending_invites_fragment(oob=False):
    return render_template("auth/_pending_invites.html", oob=oob, **pending_context())


def transfer_form(**kwargs):
    """The transfer form, offering the account's other active, non-owner members."""
    form = TransferForm(**kwargs)
    candidates = db.session.scalars(
        scoped(User).where(User.active.is_(True), User.id != current_user.id, User.role != "owner")
        .order_by(User.name)).all()
    form.new_owner.choices = [SelectChoice(u.id, f"{u.name} ({u.email})") for u in candidates]
    return form


def team_page(invite_form=None, status=200):
    members = db.session.scalars(scoped(User).order_by(User.active.desc(), User.name)).all()
    return render_template(
        "auth/team.html", members=members, **pending_context(),
        invite_form=invite_form or InviteForm(formdata=None),
        transfer_form=transfer_form(formdata=None) if current_user.role == "owner" else None,
        rules=MEMBER_RULES), status


MEMBER_RULES = {"role": role_change_problem, "active": deactivation_problem}


def member_row(member, message=None, status=200, category="success"):
    """The ``#member-<id>`` row plus a toast for HTMX; a flash and redirect otherwise."""
    if not request.htmx:
        if message:
            flash(message, category)
        return redirect(url_for("auth.team"))
    html = render_template("auth/_member_row.html", member=member, rules=MEMBER_RULES)
    if message:
        html += render_toast(message, category)
    return html, status


@bp.route("/team")
@role_required("admin")
def team():
    return team_page()


@bp.route("/team/invite", methods=["POST"])
@role_required("admin")
def invite():
    """Invite by email. HTMX swaps ``#invite-form`` and updates ``#pending-invites`` out of band."""
    form = InviteForm()
    if form.validate_on_submit():
        email = normalize_email(form.email.data)
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            form.email.errors.append("Someone with this email already has a ResolutionFlow login.")
    if form.errors or not form.is_submitted():
        if request.htmx:
            return render_template("auth/_invite_form.html", invite_form=form), 422
        return team_page(invite_form=form, status=422)

    new_invite = create_invite(current_user.account, email, form.role.data, current_user)
    queue_invite_email(new_invite, utcnow())
    db.session.commit()
    wake_dispatcher()
    message = f"Invite for {email} created. The email is on its way; Pending invites shows when it's delivered."
    if not request.htmx:
        flash(message, "success")
        return redirect(url_for("auth.team"))
    return (render_template("auth/_invite_form.html", invite_form=InviteForm(formdata=None))
            + pending_invites_fragment(oob=True) + render_toast(message, "success"))


@bp.route("/team/invites")
@role_required("admin")
def invites():
    """``#pending-invites`` again: it reloads itself while an invite email is on its way."""
    return pending_invites_fragment()


@bp.route("/team/invites/<int:invite_id>/revoke", methods=["POST"])
@role_required("admin")
def revoke_invite(invite_id):
    """Withdraw a pending invite; HTMX swaps ``#pending-invites``."""
    pending = get_or_404(Invite, invite_id)
    if pending.is_pending:
        pending.revoked_at = utcnow()
        db.session.commit()
        message = f"The invite for {pending.email} was withdrawn; its link no longer works."
    else:
        message = f"The invite for {pending.email} was no longer pending."
    if not request.htmx:
        flash(message, "success")
        return redirect(url_for("auth.team"))
    return pending_invites_fragment() + render_toast(message, "success")


@bp.route("/team/members/<int:user_id>/role", methods=["POST"])
@role_required("admin")
def change_role(user_id):
    """Change a member's role; HTMX swaps the row ``#member-<id>``."""
    lock_account(current_user.account_id)  # after a concurrent transfer, its new owner is seen as owner
    member = get_or_404(User, user_id)
    form = RoleForm()
    problem = (role_change_problem(current_user, member)
               or (None if form.validate_on_submit() else form.role.errors[0]))
    if problem:
        return member_row(member, problem, status=422, category="error")
    if member.role == form.role.data:
        return member_row(member, f"{member.name} is already {member.role_label.lower()}.")
    member.role = form.role.data
    db.session.commit()
    return member_row(member, f"{member.name} is now {member.role_label.lower()}.")


def set_active(user_id, active):
    lock_account(current_user.account_id)  # two owners deactivating each other can't both pass the last-owner check
    member = get_or_404(User, user_id)
    problem = deactivation_problem(current_user, member)
    if problem:
        return member_row(member, problem, status=422, category="error")
    if member.active != active:
        member.active = active
        if not active:
            end_all_logins(member.id)
        db.session.commit()
    state = "reactivated and can log in again" if active else "deactivated and signed out"
    return member_row(member, f"{member.name} was {state}.")


@bp.route("/team/members/<int:user_id>/deactivate", methods=["POST"])
@role_required("admin")
def deactivate(user_id):
    """Deactivate a member; HTMX swaps the row ``#member-<id>``."""
    return set_active(user_id, False)


@bp.route("/team/members/<int:user_id>/reactivate", methods=["POST"])
@role_required("admin")
def reactivate(user_id):
    """Reactivate a member; HTMX swaps the row ``#member-<id>``."""
    return set_active(user_id, True)


@bp.route("/team/transfer", methods=["POST"])
@role_required("owner")
def transfer_ownership():
    """Make another member the owner; the current owner becomes an admin. Under the account
    lock, so role changes and deactivations of the same people wait for it, and it checks
    who is owner and who may become one as they are now."""
    lock_account(current_user.account_id)
    db.session.refresh(current_user._get_current_object())
    if current_user.role != "owner":
        abort(403, description=ROLE_DENIED["owner"])
    form = transfer_form()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("auth.team"))
    new_owner = get_or_404(User, form.new_owner.data)
    new_owner.role = "owner"
    current_user.role = "admin"
    db.session.commit()
    flash(f"{new_owner.name} is now the owner. You're an admin.", "success")
    return redirect(url_for("auth.team"))
