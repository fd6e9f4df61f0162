"""The owner's first-run checklist on the home page: what a new install still needs, each
item linking to where it is done and ticking itself once it is."""
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import exists, func, select

from ..core.extensions import db
from ..core.mailer import send_test_email
from ..core.models import BaselineMeasurement, ChatWebhook, Delivery, Invite, User, utcnow


@dataclass
class Item:
    key: str
    title: str
    done: bool
    detail: str
    href: str
    action: str
    optional: bool = False


def checklist(account):
    """The items, in the order an owner does them."""
    mail_went_out = account.mail_tested_at is not None or db.session.scalar(select(exists().where(
        Delivery.account_id == account.id, Delivery.channel == "email", Delivery.status == "sent")))
    members = db.session.scalar(select(func.count()).where(User.account_id == account.id, User.active.is_(True)))
    invited = db.session.scalar(select(exists().where(Invite.account_id == account.id, Invite.revoked_at.is_(None))))
    chat = db.session.scalar(select(exists().where(ChatWebhook.account_id == account.id)))
    baseline = db.session.scalar(select(exists().where(BaselineMeasurement.account_id == account.id)))
    return [
        Item("mail", "Email reaches your team", bool(mail_went_out),
             "Escalations reach offline seniors by email. Send yourself a test to be sure it goes out.",
             url_for("notify.log"), "Delivery log"),
        Item("team", "Your team is invited", members > 1 or bool(invited),
             "Invite your techs, juniors and seniors, so escalations have someone to go to.",
             url_for("auth.team"), "Invite your team"),
        Item("chat", "Team chat hears about escalations", bool(chat),
             "Post every escalation to a Slack, Teams or other chat channel.",
             url_for("notify.settings", _anchor="chat-heading"), "Set up team chat", optional=True),
        Item("baseline", "A baseline is recorded", bool(baseline),
             "How long a stuck junior waited for help before ResolutionFlow: the metrics compare against it.",
             url_for("metrics.page", _anchor="baseline"), "Record a baseline"),
    ]


def still_to_do(items):
    return any(not item.done and not item.optional for item in items)


def send_test_email_to(user):
    """Send the checklist's test email to ``user``; (sent, what to say)."""
    problem = send_test_email(user.email, "ResolutionFlow test email", "'s first-run checklist")
    if problem:
        return False, f"The test email wasn't sent: {problem}."
    user.account.mail_tested_at = utcnow()
    db.session.commit()
    return True, f"Test email sent to {user.email}. If it doesn't arrive, check the spam folder."
