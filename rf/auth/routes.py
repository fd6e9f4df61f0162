"""Logging in and out, joining an account through an invite link, and passwords: changing
your own, resetting a forgotten one through an emailed link."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..core.access import public, viewer_may_post
from ..core.extensions import db
from ..core.models import User, normalize_email
from . import bp, throttle
from .forms import AcceptInviteForm, ChangePasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from .invites import find_invite, invite_problem, redeem_invite
from .logins import end_all_logins, end_login, start_login
from .passwords import hash_password, needs_rehash, verify_password
from .resets import find_reset, redeem_reset, request_reset, reset_problem

BAD_CREDENTIALS = "That email and password don't match an active account."
# The one answer to a reset request, so it never tells whether an address has a login.
RESET_ON_ITS_WAY = "If that address has a login, a reset link is on its way."


def safe_next(target):
    r"""Only a path on this site: ``next`` must never send a user to another host.

    Browsers drop tabs and newlines and read ``\\`` as ``/``, so ``/\t/evil`` and ``/\\evil``
    are other hosts too: any whitespace, control character or backslash is refused.
    """
    if (not target or not target.startswith("/") or target.startswith("//") or "\\" in target
            or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target)):
        return url_for("home.page")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("home.page")
    return target


def authenticate(email, password):
    """The active user with this email and password, or None (same cost either way)."""
    user = db.session.scalar(select(User).where(User.email == email))
    matches = verify_password(user.password_hash if user else None, password)
    if user is None or not matches or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def refused_by_throttle(errors, email):
    """Count an attempt that a password (or a reset email) is about to be tried for ``email``
    from this client; when over a limit, say why in ``errors`` (the caller answers 429)."""
    refused = throttle.begin_attempt(email, request.remote_addr)
    if refused:
        errors.append(refused)
    return refused


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email = normalize_email(form.email.data)
        if refused_by_throttle(form.form_errors, email):
            status = 429
        else:
            user = authenticate(email, form.password.data)
            if user is not None:
                throttle.clear_attempts(email, request.remote_addr)
                start_login(user)
                return redirect(safe_next(request.args.get("next")))
            # One line per failure (never the password; the email as typed, for the admin).
            current_app.logger.warning("login failed for %r from %s", email, request.remote_addr)
            form.form_errors.append(BAD_CREDENTIALS)
            status = 401
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@viewer_may_post
def logout():
    end_login(current_user)
    flash("You're logged out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@public
def accept_invite(token):
    """Join an account: pick a name and password; the link works once."""
    invite = find_invite(token)
    problem = invite_problem(invite)
    if problem:
        return render_template("auth/invite_unusable.html", problem=problem), 404 if invite is None else 410
    if current_user.is_authenticated:
        return render_template("auth/invite_unusable.html", signed_in_as=current_user,
                               problem=None), 409
    form = AcceptInviteForm(invite.email)
    if form.validate_on_submit():
        if db.session.scalar(select(User.id).where(User.email == invite.email)) is not None:
            form.form_errors.append("A user with this email already exists. Log in instead.")
        else:
            user = redeem_invite(invite, form.name.data.strip(), hash_password(form.password.data))
            if user is None:
                return render_template("auth/invite_unusable.html",
                                       problem=invite_problem(find_invite(token))), 410
            try:
                db.session.flush()
            except IntegrityError:
                db.session.rollback()
                form.form_errors.append("A user with this email already exists. Log in instead.")
            else:
                start_login(user)
                flash(f"Welcome to {invite.account.name}, {user.name}!", "success")
                return redirect(url_for("home.page"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/accept_invite.html", form=form, invite=invite), status


@bp.route("/account/password", methods=["GET", "POST"])
@viewer_may_post
def change_password():
    """Change your own password: the current one first (counted like a login, so this form
    can't be used to guess it), the same policy as at signup; every other browser signed
    in as you is signed out."""
    user = current_user._get_current_object()
    form = ChangePasswordForm(user.email)
    status = 200
    if form.validate_on_submit():
        if refused_by_throttle(form.current.errors, user.email):
            status = 429
        elif not verify_password(user.password_hash, form.current.data):
            form.current.errors.append("That isn't your current password.")
            status = 422
        else:
            throttle.clear_attempts(user.email, request.remote_addr)
            user.password_hash = hash_password(form.password.data)
            end_all_logins(user.id, except_token=user.login_token)
            db.session.commit()
            flash("Password changed. Any other browser signed in as you has been signed out.", "success")
            return redirect(url_for("home.page"))
    elif form.is_submitted():
        status = 422
    return render_template("auth/password.html", form=form), status


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    """Ask for a reset link by email. The answer is the same whether or not the address has
    a login; requests are counted like failed logins (``throttle``), so this form can't be
    used to flood an inbox or to spray addresses."""
    form = ForgotPasswordForm()
    status = 200
    if form.validate_on_submit():
        email = normalize_email(form.email.data)
        if refused_by_throttle(form.form_errors, email):
            status = 429
        else:
            user = db.session.scalar(select(User).where(User.email == email, User.active.is_(True)))
            if user is not None:
                request_reset(user)
                db.session.commit()
            flash(RESET_ON_ITS_WAY, "success")
            return redirect(url_for("auth.login"))
    elif form.is_submitted():
        status = 422
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    """Choose a new password through an emailed link (once, within the hour); every login of
    the user ends and this browser is signed in with the new password."""
    reset = find_reset(token)
    problem = reset_problem(reset)
    if problem:
        return render_template("auth/reset_unusable.html", problem=problem), 404 if reset is None else 410
    user = reset.user
    form = NewPasswordForm(user.email)
    if form.validate_on_submit():
        if not redeem_reset(reset, hash_password(form.password.data)):
            problem = reset_problem(find_reset(token)) or "This reset link can no longer be used. Ask for a new one."
            return render_template("auth/reset_unusable.html", problem=problem), 410
        throttle.clear_attempts(user.email, request.remote_addr)
        db.session.commit()
        db.session.refresh(user)
        start_login(user)
        flash("Password changed. You're signed in here; every other browser signed in as you was signed out.",
              "success")
        return redirect(url_for("home.page"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form, user=user), status
