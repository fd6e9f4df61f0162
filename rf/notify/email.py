"""The emails: an escalation to a senior, an invitation and a password reset link, each with
text and HTML parts and a Message-ID that stays the same for every attempt at one delivery."""
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_mail import Message

from ..core.extensions import mail
from ..core.ui import external_url
from .waiting import reminder_facts

SUBJECT_SUMMARY = 120


def message_id(delivery, rung=None):
    """A retry after a crash between sending and recording it reaches mail clients as the
    same message, which they show once. ``rung``: that rung's message for the same
    escalation and recipient instead (0: the first notice, which reminders reply to)."""
    host = urlsplit(current_app.config["RF_BASE_URL"]).hostname
    if delivery.handoff_id:
        rung = delivery.rung if rung is None else rung
        subject = f"escalation-{delivery.handoff_id}-{delivery.recipient_id}"
        if rung:
            subject += f"-reminder-{rung}"
    elif delivery.invite_id:
        subject = f"invite-{delivery.invite_id}"
    else:
        subject = f"password-reset-{delivery.password_reset_id}"
    return f"<rf-{subject}@{host}>"


def send_email(delivery, subject, template, **context):
    """A reminder replies to the first notice, so mail clients keep them in one thread."""
    first_notice = message_id(delivery, rung=0) if delivery.handoff_id and delivery.rung else None
    message = Message(subject=subject, recipients=[delivery.address],
                      body=render_template(f"email/{template}.txt", **context),
                      html=render_template(f"email/{template}.html", **context),
                      extra_headers={"In-Reply-To": first_notice, "References": first_notice} if first_notice else None)
    message.msgId = message_id(delivery)
    mail.send(message)


def for_subject(text):
    """``text`` on one line (a mail header can't hold a line break: the server would refuse
    the message every time), cut to ``SUBJECT_SUMMARY`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= SUBJECT_SUMMARY else text[:SUBJECT_SUMMARY - 1] + "…"


def send_escalation_email(delivery):
    """The first notice, or (``delivery.rung``) a reminder saying how long it has waited."""
    handoff = delivery.handoff
    session = handoff.session
    reminder = reminder_facts(handoff) if delivery.rung else None
    subject = (f"Reminder: still waiting after {reminder['waited']}: " if reminder else "New escalation: ")
    send_email(delivery, subject + for_subject(session.summary), "escalation", handoff=handoff,
               session=session, recipient=delivery.recipient, reminder=reminder, on_call=delivery.on_call,
               link=external_url("sessions.context", handoff_id=handoff.id))


def send_invite_email(delivery):
    invite = delivery.invite
    send_email(delivery, f"You're invited to {for_subject(invite.account.name)} on ResolutionFlow", "invite",
               invite=invite, link=invite.link)


def send_password_reset_email(delivery):
    reset = delivery.password_reset
    send_email(delivery, "Choose a new password for ResolutionFlow", "password_reset", reset=reset,
               user=reset.user, link=reset.link)
