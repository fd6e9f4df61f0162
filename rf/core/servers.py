"""The app servers sharing this database, and whether they agree on the settings they must
share. Each server records a fingerprint (a hash, never the value) of each such setting when
its workers start; ``disagreements`` names what differs, for ``rf doctor``, the log and the
notification settings page."""
import hashlib
import json
import logging
import os
import socket
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import AppServer, utcnow

log = logging.getLogger(__name__)
RECENT = timedelta(days=2)  # servers seen this recently count (running ones say so every hour)
# What every server must agree on, and the settings it is made of. "sending" only matters
# between the servers that send notifications.
SHARED = {
    "secret key": ("SECRET_KEY",),
    "base URL": ("RF_BASE_URL",),
    # Not the mail password: a hash of it in the database could be guessed at offline (a wrong
    # one shows as failed deliveries anyway).
    "sending": ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME", "MAIL_DEFAULT_SENDER",
                "RF_WEBHOOK_ALLOWED_HOSTS"),
}


def this_server():
    return os.environ.get("RF_SERVER_NAME") or socket.gethostname()


def fingerprints(config):
    return {name: hashlib.sha256(json.dumps([config.get(key) for key in keys], default=str).encode())
            .hexdigest()[:16] for name, keys in SHARED.items()}


def record_this_server(sends, role=None):
    """Say which settings this server runs with: its row (``role``: a process of its own, as
    "rf dispatch"), made by whichever of its workers starts first (the others update it)."""
    config, name = current_app.config, this_server() + (f" ({role})" if role else "")
    for _ in range(2):
        server = db.session.scalar(select(AppServer).where(AppServer.name == name))
        if server is None:
            server = AppServer(name=name)
            db.session.add(server)
        server.fingerprints, server.sends = fingerprints(config), sends
        server.seen_at = utcnow()
        try:
            db.session.commit()
            return
        except IntegrityError:  # another worker made the row first
            db.session.rollback()


def disagreements():
    """[(setting, [server names grouped by value])] for each shared setting the recently seen
    servers don't agree on; "sending" compared among the servers that send."""
    servers = db.session.scalars(select(AppServer).where(AppServer.seen_at >= utcnow() - RECENT)
                                 .order_by(AppServer.name)).all()
    found = []
    for name in SHARED:
        among = [server for server in servers if server.sends] if name == "sending" else servers
        groups = {}
        for server in among:
            groups.setdefault(server.fingerprints.get(name), []).append(server.name)
        if len(groups) > 1:
            found.append((name, list(groups.values())))
    return found


def warn_about_disagreements():
    for name, groups in disagreements():
        log.warning("App servers disagree on their %s settings: %s. See docs/deploy.md, 'Several app servers'.",
                    name, " vs ".join(", ".join(group) for group in groups))
