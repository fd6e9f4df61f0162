"""The team page: invite people, change roles, deactivate, force a password reset, transfer
ownership.

Row and panel actions answer HTMX requests with the fragment they change and a toast;
the same forms work as plain posts that redirect back to the page. The changes themselves
are ``membership``'s.
"""
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..core.access import ROLE_DENIED, role_required
from ..core.extensions import db
from ..core.models import Invite, User, normalize_email, utcnow
from ..core.tenancy import get_or_404, scoped
from ..core.ui import htmx_or_redirect
from . import bp, membership
from .forms import InviteForm, RoleForm, TransferForm
from .membership import MEMBER_RULES

WATCH_EMAIL_FOR = timedelta(minutes=2)


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
    return {"invites": invites, "on_its_way": on_its_way}


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


def member_row(member, message=None, status=200, category="success"):
    """The ``#member-<id>`` row plus a toast for HTMX; a flash and redirect otherwise."""
    return htmx_or_redirect(
        url_for("auth.team"), lambda: render_template("auth/_member_row.html", member=member, rules=MEMBER_RULES),
        message=message, category=category, status=status)


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
        # Only this team's members are named: whether an address has a login in another
        # account is not this admin's to learn (that invite just can't be accepted).
        if db.session.scalar(scoped(User).where(User.email == email)) is not None:
            form.email.errors.append("Someone with this email is already on your team.")
    if form.errors or not form.is_submitted():
        if request.htmx:
            return render_template("auth/_invite_form.html", invite_form=form), 422
        return team_page(invite_form=form, status=422)
    membership.invite(current_user, email, form.role.data)
    db.session.commit()
    return htmx_or_redirect(
        url_for("auth.team"),
        lambda: render_template("auth/_invite_form.html", invite_form=InviteForm(formdata=None)),
        lambda: pending_invites_fragment(oob=True),
        message=f"Invite for {email} created. The email is on its way; Pending invites shows when it's delivered.")


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
    if membership.revoke_invite(pending):
        db.session.commit()
        message = f"The invite for {pending.email} was withdrawn; its link no longer works."
    else:
        message = f"The invite for {pending.email} was no longer pending."
    return htmx_or_redirect(url_for("auth.team"), pending_invites_fragment, message=message)


@bp.route("/team/members/<int:user_id>/role", methods=["POST"])
@role_required("admin")
def change_role(user_id):
    """Change a member's role; HTMX swaps the row ``#member-<id>``."""
    member = get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        problem = membership.role_change_problem(current_user, member) or form.role.errors[0]
        return member_row(member, problem, status=422, category="error")
    problem, changed = membership.change_role(current_user._get_current_object(), member, form.role.data)
    if problem:
        db.session.rollback()
        return member_row(member, problem, status=422, category="error")
    db.session.commit()
    if not changed:
        return member_row(member, f"{member.name} is already {member.role_label.lower()}.")
    return member_row(member, f"{member.name} is now {member.role_label.lower()}.")


def set_active(user_id, active):
    member = get_or_404(User, user_id)
    problem = membership.set_active(current_user._get_current_object(), member, active)
    if problem:
        db.session.rollback()
        return member_row(member, problem, status=422, category="error")
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


@bp.route("/team/members/<int:user_id>/reset-password", methods=["POST"])
@role_required("admin")
def force_password_reset(user_id):
    """Sign a member out everywhere and email them a reset link; HTMX swaps the row ``#member-<id>``."""
    member = get_or_404(User, user_id)
    problem = membership.force_password_reset(current_user._get_current_object(), member)
    if problem:
        db.session.rollback()
        return member_row(member, problem, status=422, category="error")
    db.session.commit()
    return member_row(member, f"{member.name} was signed out everywhere and their old password no longer works. "
                              f"A reset link is on its way to {member.email}.")


@bp.route("/team/transfer", methods=["POST"])
@role_required("owner")
def transfer_ownership():
    """Make another member the owner; the current owner becomes an admin. ``membership``
    re-checks under the account lock who is owner and who may become one."""
    form = transfer_form()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("auth.team"))
    new_owner = get_or_404(User, form.new_owner.data)
    problem = membership.transfer_ownership(current_user._get_current_object(), new_owner)
    if problem == membership.NOT_OWNER:
        db.session.rollback()
        abort(403, description=ROLE_DENIED["owner"])
    if problem:
        db.session.rollback()
        flash(problem, "error")
        return redirect(url_for("auth.team"))
    db.session.commit()
    flash(f"{new_owner.name} is now the owner. You're an admin.", "success")
    return redirect(url_for("auth.team"))
