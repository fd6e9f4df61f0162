"""Posting escalations (and tests) to the account's team-chat webhook."""
from flask import current_app
from sqlalchemy import select

from ..core.config import parse_allowed_hosts
from ..core.extensions import db
from ..core.models import ChatWebhook, utcnow
from ..core.ui import external_url
from . import webhook
from .waiting import reminder_facts


def account_webhook(account_id):
    return db.session.scalar(select(ChatWebhook).where(ChatWebhook.account_id == account_id))


def post_to(chat, notice, key):
    config = current_app.config
    return webhook.post(chat.url, chat.secret, webhook.payload(chat.format, notice), key,
                        allowed=parse_allowed_hosts(config["RF_WEBHOOK_ALLOWED_HOSTS"]),
                        timeout=config["RF_WEBHOOK_TIMEOUT_SECONDS"])


def escalation_notice(handoff, rung=0):
    """The chat post of an escalation, or of its ``rung``-th reminder."""
    session = handoff.session
    notice = {
        "event": "escalation.created", "id": f"escalation-{handoff.id}", "title": "New escalation",
        "summary": session.summary, "reason": handoff.note, "priority": handoff.priority_label,
        "client": session.client_name, "ticket": session.ticket_number,
        "escalated_by": handoff.created_by.name, "link": external_url("sessions.context", handoff_id=handoff.id)}
    if rung:
        facts = reminder_facts(handoff)
        notice.update(event="escalation.reminder", id=f"escalation-{handoff.id}-reminder-{rung}",
                      title=f"Reminder: still waiting after {facts['waited']} (opened by {facts['seen_by']})")
    return notice


def post_escalation(delivery, chat):
    """Post the delivery's escalation (or reminder); the delivery key lets receivers drop a repeat."""
    post_to(chat, escalation_notice(delivery.handoff, delivery.rung), f"rf-delivery-{delivery.id}")


def post_test(chat, user):
    """A test post from the settings page; returns the HTTP status or raises WebhookError."""
    notice = {
        "event": "test", "id": f"test-{int(utcnow().timestamp())}", "title": "ResolutionFlow test",
        "summary": "This is a test: new escalations will be posted here.",
        "reason": f"{user.name} pressed \"Send test\" in the notification settings.",
        "priority": "-", "client": user.account.name, "ticket": "-", "escalated_by": user.name,
        "link": external_url("queue.page")}
    return post_to(chat, notice, notice["id"])
