"""``flask rf doctor``: the configuration checked end to end, a pass/fail line per check.

Each check returns (passed, what it found); ``checks`` runs them in order and goes on after a
failure, so one run lists everything that needs fixing.
"""
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from datetime import datetime, timezone

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from .core.config import parse_allowed_hosts
from .core.extensions import db
from .core.mailer import describe_mail_error
from .core.models import ChatWebhook
from .core.servers import disagreements
from .notify.webhook import WebhookError, masked, resolve

CLOCK_SKEW_SECONDS = 5


def database():
    try:
        with db.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as error:
        return False, f"can't connect: {str(getattr(error, 'orig', error)).strip().splitlines()[0]}"
    head = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config()).get_current_head()
    if current != head:
        return False, f"schema at {current or 'nothing'}, this version needs {head}: run rf init"
    return True, f"reachable, schema up to date ({head})"


def secret_key():
    if current_app.config.get("RF_SECRET_KEY_FROM_FILE"):
        return True, ("from instance/secret_key: fine on one server; with several, set the same RF_SECRET_KEY "
                      "on each")
    return True, "set by RF_SECRET_KEY"


def servers_agree():
    found = disagreements()
    if not found:
        return True, "every app server seen in the last day runs with the same shared settings"
    return False, "; ".join(f"{name} differs: {' vs '.join(', '.join(group) for group in groups)}"
                            for name, groups in found)


def mail_server():
    config = current_app.config
    where = f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    connect = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with connect(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            smtp.ehlo()
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
                return True, f"{where} answers and accepted the login (rf mail-test ADDRESS sends a real email)"
    except (smtplib.SMTPException, OSError) as error:
        return False, describe_mail_error(error)
    return True, f"{where} answers (no login configured; rf mail-test ADDRESS sends a real email)"


def base_url():
    url = current_app.config["RF_BASE_URL"].rstrip("/") + "/healthz"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            answer = json.loads(response.read() or b"{}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return False, f"{url} didn't answer from here: {getattr(error, 'reason', error)} (links in emails use it)"
    if answer.get("app") != "ok":
        return False, f"{url} answered, but not as ResolutionFlow"
    return True, f"{url} answers"


def webhooks():
    allowed = parse_allowed_hosts(current_app.config["RF_WEBHOOK_ALLOWED_HOSTS"])
    problems, count = [], 0
    for chat in db.session.scalars(select(ChatWebhook)):
        count += 1
        try:
            resolve(chat.url, allowed)
        except WebhookError as error:
            problems.append(f"{masked(chat.url)}: {error}")
    if problems:
        return False, "; ".join(problems)
    return True, f"{count} chat webhook{'' if count == 1 else 's'}, every one allowed" if count else "none set up"


def clock():
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    if db.engine.dialect.name != "postgresql":
        return True, f"{now:%Y-%m-%d %H:%M:%S} UTC (SQLite: the database's clock is this machine's)"
    # clock_timestamp(), not now(): now() is when this check's transaction began.
    database_now = db.session.execute(text("SELECT timezone('UTC', clock_timestamp())")).scalar()
    skew = abs((database_now - now).total_seconds())
    if skew > CLOCK_SKEW_SECONDS:
        return False, f"this machine and PostgreSQL differ by {skew:.0f} s: run NTP (timedatectl set-ntp true) on both"
    return True, f"{now:%Y-%m-%d %H:%M:%S} UTC, PostgreSQL's within {skew:.1f} s"


def test_hooks_off():
    if current_app.config.get("RF_TEST_HOOKS"):
        return False, "RF_TEST_HOOKS is on: anyone can move this server's clock. Remove it from the environment"
    return True, "off"


CHECKS = [("database", database), ("secret key", secret_key), ("servers agree", servers_agree),
          ("mail server", mail_server), ("base URL", base_url), ("webhooks", webhooks), ("clock", clock),
          ("test hooks", test_hooks_off)]
NEEDS_DATABASE = {"servers agree", "webhooks", "clock"}


def checks():
    """(name, passed, what it found) for every check; those that need the database are
    skipped (failed) when it can't be reached."""
    results = []
    for name, check in CHECKS:
        if name in NEEDS_DATABASE and not results[0][1]:
            results.append((name, False, "skipped: the database isn't ready"))
            continue
        try:
            passed, found = check()
        except Exception as error:  # a check that breaks is a failed check, and the others still run
            db.session.rollback()
            passed, found = False, f"the check itself failed: {error.__class__.__name__}: {error}"
        results.append((name, passed, found))
    return results
