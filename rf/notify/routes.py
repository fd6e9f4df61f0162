"""Notification settings (your email preference; the account's chat webhook) and the
delivery log. Forms post plainly and redirect with a message; "Send test" and "Retry"
also answer HTMX with the fragment they change."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..core.access import role_required
from ..core.config import parse_allowed_hosts
from ..core.extensions import db
from ..core.ids import id_arg
from ..core.models import NOTIFY_EMAIL_CHOICES, ChatWebhook, Delivery, utcnow
from ..core.servers import disagreements
from ..core.tenancy import get_or_404
from ..core.ui import htmx_or_redirect
from . import bp
from .chat import account_webhook, post_test
from .forms import EmailPreferenceForm, WebhookForm
from .log import delivery_log, failure_count
from .outbox import retry as retry_delivery
from .webhook import WebhookError, new_secret, resolve

NOTIFY_ADMINS = "Only admins and owners can see the delivery log and set up the team chat."


def settings_page(email_form=None, webhook_form=None, status=200):
    chat = account_webhook(current_user.account_id) if current_user.can_manage_team else None
    if webhook_form is None and current_user.can_manage_team:
        webhook_form = WebhookForm(formdata=None, format=chat.format if chat else "slack")
    return render_template(
        "notify/settings.html", chat=chat, webhook_form=webhook_form,
        servers_disagree=disagreements() if current_user.can_manage_team else [],
        email_form=email_form or EmailPreferenceForm(formdata=None, notify_email=current_user.notify_email)), status


@bp.route("/settings/notifications")
def settings():
    return settings_page()


@bp.route("/settings/notifications/email", methods=["POST"])
@role_required("engineer")
def save_email_preference():
    form = EmailPreferenceForm()
    if not form.validate_on_submit():
        return settings_page(email_form=form, status=422)
    current_user.notify_email = form.notify_email.data
    db.session.commit()
    flash(f"Saved. {NOTIFY_EMAIL_CHOICES[form.notify_email.data]}.", "success")
    return redirect(url_for("notify.settings"))


@bp.route("/settings/notifications/webhook", methods=["POST"])
@role_required("admin", denied=NOTIFY_ADMINS)
def save_webhook():
    """Add or change the account's chat webhook; the address is checked before it is kept."""
    form = WebhookForm()
    chat = account_webhook(current_user.account_id)
    if form.validate_on_submit():
        if not form.url.data and chat is None:
            form.url.errors.append("Paste the webhook address your chat app gave you.")
        elif form.url.data:
            try:
                resolve(form.url.data, parse_allowed_hosts(current_app.config["RF_WEBHOOK_ALLOWED_HOSTS"]))
            except WebhookError as error:
                form.url.errors.append(str(error))
    if form.errors or not form.is_submitted():
        return settings_page(webhook_form=form, status=422)
    try:
        keep_webhook(chat, form)
    except IntegrityError:  # another admin saved the first one at the same moment: update theirs
        db.session.rollback()
        keep_webhook(account_webhook(current_user.account_id), form)
    flash("Team chat webhook saved. Every new escalation will be posted there; press "
          "“Send test” to check it.", "success")
    return redirect(url_for("notify.settings", _anchor="team-chat"))


def keep_webhook(chat, form):
    if chat is None:
        chat = ChatWebhook(account_id=current_user.account_id, secret=new_secret())
        db.session.add(chat)
    if form.url.data:
        chat.url = form.url.data
    chat.format, chat.updated_at, chat.updated_by_id = form.format.data, utcnow(), current_user.id
    db.session.commit()


def saved_webhook():
    chat = account_webhook(current_user.account_id)
    if chat is None:
        abort(404)
    return chat


@bp.route("/settings/notifications/webhook/test", methods=["POST"])
@role_required("admin", denied=NOTIFY_ADMINS)
def test_webhook():
    """Post a test message now and say how it went (``#webhook-test-result`` over HTMX)."""
    chat = saved_webhook()
    try:
        status = post_test(chat, current_user)
    except WebhookError as error:
        result, category = f"The test was not delivered: {error}.", "error"
    else:
        result, category = f"Test message delivered ({chat.format_label}; the server answered {status}).", "success"
    return htmx_or_redirect(
        url_for("notify.settings", _anchor="team-chat"),
        lambda: render_template("notify/_webhook_test.html", result=result, category=category),
        message=result, category=category, toast=False)


@bp.route("/settings/notifications/webhook/secret", methods=["POST"])
@role_required("admin", denied=NOTIFY_ADMINS)
def rotate_webhook_secret():
    chat = saved_webhook()
    chat.secret, chat.updated_at, chat.updated_by_id = new_secret(), utcnow(), current_user.id
    db.session.commit()
    flash("New signing secret made. Update it wherever you check the signature; the old one no longer matches.",
          "success")
    return redirect(url_for("notify.settings", _anchor="team-chat"))


@bp.route("/settings/notifications/webhook/delete", methods=["POST"])
@role_required("admin", denied=NOTIFY_ADMINS)
def delete_webhook():
    db.session.delete(saved_webhook())
    db.session.commit()
    flash("Team chat webhook removed. Escalations are no longer posted to chat.", "success")
    return redirect(url_for("notify.settings", _anchor="team-chat"))


@bp.route("/notifications")
@role_required("admin", denied=NOTIFY_ADMINS)
def log():
    """Every escalation's deliveries, newest first; ``?show=failures`` keeps the failing ones."""
    failures_only = request.args.get("show") == "failures"
    before = request.args.get("before", type=id_arg)
    groups, older = delivery_log(current_user.account_id, failures_only, before)
    return render_template("notify/log.html", groups=groups, older=older, failures_only=failures_only,
                           failures=failure_count(current_user.account_id), paged=before is not None)


@bp.route("/notifications/<int:delivery_id>/retry", methods=["POST"])
@role_required("admin", denied=NOTIFY_ADMINS)
def retry(delivery_id):
    """Queue a failed delivery again (after the mail server or webhook was fixed)."""
    delivery = get_or_404(Delivery, delivery_id)
    if retry_delivery(delivery):
        db.session.commit()
        message, category = "Queued again; it goes out within seconds.", "success"
    else:
        message, category = "Only a failed delivery can be retried.", "error"
    return htmx_or_redirect(url_for("notify.log"),
                            lambda: render_template("notify/_delivery_row.html", delivery=delivery),
                            message=message, category=category)
