"""The escalation email: text and HTML parts, a stable Message-ID per delivery."""
from flask import current_app, render_template, url_for
from flask_mail import Message

from ..extensions import mail

SUBJECT_SUMMARY = 120


def message_id(delivery):
    """The same for every attempt at one delivery: a retry after a crash between sending and
    recording it reaches mail clients as the same message, which they show once."""
    host = current_app.config["RF_BASE_URL"].split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
    return f"<rf-escalation-{delivery.handoff_id}-{delivery.recipient_id}@{host}>"


def send_escalation_email(delivery):
    handoff = delivery.handoff
    session = handoff.session
    # Sent from the dispatcher, outside any request: links are built against RF_BASE_URL.
    with current_app.test_request_context(base_url=current_app.config["RF_BASE_URL"]):
        link = url_for("sessions.show", session_id=session.id, _external=True)
    context = {"handoff": handoff, "session": session, "recipient": delivery.recipient, "link": link}
    summary = session.summary if len(session.summary) <= SUBJECT_SUMMARY else session.summary[:SUBJECT_SUMMARY - 1] + "…"
    message = Message(subject=f"New escalation: {summary}", recipients=[delivery.address],
                      body=render_template("notify/escalation.txt", **context),
                      html=render_template("notify/escalation.html", **context))
    message.msgId = message_id(delivery)
    mail.send(message)
