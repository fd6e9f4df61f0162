"""Operator commands: ``flask --app wsgi rf --help``."""
import os

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from .auth.passwords import hash_password, password_problem
from .core import backup
from .core.extensions import db
from .core.models import ACCOUNT_NAME_MAX, NAME_MAX, ROLES, Account, User, normalize_email
from .core.validation import email_problem
from .demo import seed_sessions

DEMO_ACCOUNT = "Demo MSP"
DEMO_PASSWORD = "demo-escalate-2026"
DEMO_USERS = [
    ("owner@demo.test", "Olivia Owner", "owner", "the MSP owner: team and metrics"),
    ("ada@demo.test", "Ada Admin", "admin", "admin: team, notifications and settings"),
    ("dana@demo.test", "Dana Senior", "engineer", "senior engineer: picks up escalations"),
    ("sam@demo.test", "Sam Senior", "engineer", "senior engineer: picks up escalations"),
    ("jules@demo.test", "Jules Junior", "engineer", "junior engineer: works and escalates sessions"),
    ("vic@demo.test", "Vic Viewer", "viewer", "viewer: read-only"),
]


@click.group("rf")
def rf_cli():
    """ResolutionFlow operator commands."""


@rf_cli.command("init")
@with_appcontext
def init_command():
    """Create the database schema, or upgrade it to the latest version, saying which."""
    upgrade_schema()


def upgrade_schema():
    """Create or upgrade the schema and say which (with the migrations applied)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    shown = url.render_as_string(hide_password=True)
    before = schema_revision(url, shown)
    upgrade()
    after = schema_revision(url, shown)
    applied = list(reversed(list(migration_scripts().iterate_revisions(after, before))))
    if not applied:
        click.echo(f"The schema is up to date ({after}).")
    elif before is None:
        click.echo(f"Created the schema ({after}).")
    else:
        click.echo(f"Upgraded the schema from {before} to {after}; "
                   f"{len(applied)} migration{'' if len(applied) == 1 else 's'} applied:")
        for script in applied:
            click.echo(f"  {script.revision}  {(script.doc or '').splitlines()[0]}")
    click.echo(f"Database ready: {shown}")


def migration_scripts():
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def schema_revision(url, shown):
    """The database's schema version (None when it has no schema yet); when the database can't
    be reached, a message saying how to make it so instead of the driver's traceback."""
    try:
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        if url.get_backend_name() == "sqlite":
            hint = ("Check that its folder exists and that this user may write there "
                    "(leave RF_DATABASE_URL unset for instance/resolutionflow.sqlite3).")
        else:
            hint = (f"If it doesn't exist yet, create it: sudo -u postgres createuser {url.username or 'rf'} && "
                    f"sudo -u postgres createdb --owner={url.username or 'rf'} {url.database} "
                    "(docs/deploy.md, step 1). Otherwise check RF_DATABASE_URL and that PostgreSQL is running.")
        raise click.ClickException(f"Can't reach the database {shown}: {reason}\n{hint}") from None


def find_account(name):
    account = db.session.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise click.ClickException(
            f"No account named {name!r}. Create it first: flask --app wsgi rf create-account {name!r}")
    return account


def create_account(name):
    name = name.strip()
    if not name or len(name) > ACCOUNT_NAME_MAX:
        raise click.ClickException(f"An account name needs 1 to {ACCOUNT_NAME_MAX} characters.")
    if db.session.scalar(select(Account.id).where(Account.name == name)) is not None:
        raise click.ClickException(f"An account named {name!r} already exists.")
    account = Account(name=name)
    db.session.add(account)
    db.session.commit()
    return account


def create_user(account, email, name, role, password):
    """Validate like the web forms do, then add the user; raises ClickException on bad input."""
    email = normalize_email(email)
    problems = [p for p in (
        email_problem(email),
        None if role in ROLES else f"Role must be one of: {', '.join(ROLES)}.",
        None if 0 < len(name.strip()) <= NAME_MAX else f"A name needs 1 to {NAME_MAX} characters.",
        password_problem(password, email),
    ) if p]
    if problems:
        raise click.ClickException(" ".join(problems))
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise click.ClickException(f"A user with the email {email} already exists.")
    user = User(account_id=account.id, email=email, name=name.strip(), role=role,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.commit()
    return user


@rf_cli.command("create-account")
@click.argument("name")
@with_appcontext
def create_account_command(name):
    """Create an account (one MSP)."""
    account = create_account(name)
    click.echo(f"Created account {account.name!r}.")


@rf_cli.command("create-user")
@click.option("--account", "account_name", required=True, help="Account name, as created.")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for (hidden) when omitted.")
@with_appcontext
def create_user_command(account_name, email, name, role, password):
    """Add a user to an account."""
    user = create_user(find_account(account_name), email, name, role, password)
    click.echo(f"Created {user.role} {user.email} in {account_name!r}.")


@rf_cli.command("doctor")
@with_appcontext
def doctor_command():
    """Check the configuration end to end: database, secret key, the servers' shared settings,
    mail server, base URL, webhooks, clock. Exits 1 if any check fails."""
    from .doctor import checks

    results = checks()
    for name, passed, found in results:
        click.echo(f"{'PASS' if passed else 'FAIL'}  {name:<14} {found}")
    failed = sum(not passed for _, passed, _ in results)
    click.echo(f"\n{len(results) - failed} passed, {failed} failed.")
    if failed:
        raise SystemExit(1)


@rf_cli.command("backup")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path):
    """Back the database up to PATH (default: instance/backups/, named by the time), consistent
    while the app runs: SQLite's online backup, or pg_dump's custom format."""
    path = path or backup.default_path(os.path.join(current_app.instance_path, "backups"))
    try:
        backup.backup(path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {path} ({os.path.getsize(path):,} bytes).")


@rf_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds accounts.")
@with_appcontext
def restore_command(path, force):
    """Replace the database with the backup at PATH, then upgrade its schema to this version.
    Stop every app server (and rf dispatch) first."""
    try:
        restored = backup.restore(path, known_revisions(), force=force)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {path} (schema {restored or 'none'}).")
    upgrade_schema()


def known_revisions():
    return {script.revision for script in migration_scripts().walk_revisions()}


@rf_cli.command("demo")
@with_appcontext
def demo_command():
    """Seed the "Demo MSP" account with one user per role and print the logins (idempotent)."""
    account = db.session.scalar(select(Account).where(Account.name == DEMO_ACCOUNT))
    if account is None:
        account = create_account(DEMO_ACCOUNT)
    for email, name, role, _ in DEMO_USERS:
        existing = db.session.scalar(select(User).where(User.email == email))
        if existing is None:
            create_user(account, email, name, role, DEMO_PASSWORD)
        elif existing.account_id != account.id:
            raise click.ClickException(f"{email} belongs to another account; not touching it.")
    seed_sessions(account)
    base = current_app.config["RF_BASE_URL"]
    click.echo(f"\nResolutionFlow demo — log in at {base}/login")
    click.echo(f"Every demo user's password: {DEMO_PASSWORD}\n")
    for email, _, role, what in DEMO_USERS:
        click.echo(f"  {email:<18} {role:<9} {what}")
    click.echo("")


@rf_cli.command("dispatch")
@click.option("--forever", is_flag=True, help="Keep going, looking again every few seconds.")
@with_appcontext
def dispatch_command(forever):
    """Send the notifications that are due (for a systemd timer, or as a service)."""
    from .core.servers import record_this_server, warn_about_disagreements
    from .notify.dispatch import dispatch_once
    from .notify.worker import dispatch_forever

    record_this_server(sends=True, role="rf dispatch")
    warn_about_disagreements()
    if forever:
        dispatch_forever(current_app._get_current_object())
    attempted = dispatch_once()
    click.echo(f"{attempted} deliver{'y' if attempted == 1 else 'ies'} attempted.")


@rf_cli.command("mail-test")
@click.argument("address")
@with_appcontext
def mail_test_command(address):
    """Send a test email with the RF_MAIL_* settings and say whether it went."""
    from .core.mailer import send_test_email

    if email_problem(address):
        raise click.ClickException(f"{address!r} is not an email address.")
    config = current_app.config
    security = "implicit TLS" if config["MAIL_USE_SSL"] else "STARTTLS" if config["MAIL_USE_TLS"] else "no TLS"
    login = f"as {config['MAIL_USERNAME']}" if config["MAIL_USERNAME"] else "without a login"
    click.echo(f"Sending through {config['MAIL_SERVER']}:{config['MAIL_PORT']} ({security}, {login}) "
               f"from {config['MAIL_DEFAULT_SENDER']} …")
    problem = send_test_email(address, "ResolutionFlow mail test", "")
    if problem:
        raise click.ClickException(f"Not sent: {problem}.")
    click.echo(f"Sent to {address}. If it doesn't arrive, check the spam folder and the server's logs.")
