"""Stored text loses terminal escape sequences and control characters (typed or pasted
before every form field was cleaned), so old rows stop carrying them into exports, emails
and Subject headers; commands' outputs had their own cleaner all along

Revision ID: a8d4e6f2c1b3
Revises: f1a7c3e9b2d4
Create Date: 2026-12-06 00:40:00
"""
import json
import re

import sqlalchemy as sa
from alembic import op

revision = 'a8d4e6f2c1b3'
down_revision = 'f1a7c3e9b2d4'
branch_labels = None
depends_on = None

# The patterns rf.core.forms used on this day, frozen here so this migration always means
# the same: CSI, OSC and two-byte escapes with their parameters, then C0 controls but tab
# and newlines, and DEL.
ANSI_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

TEXT_COLUMNS = {
    "accounts": ("name",),
    "users": ("name",),
    "troubleshooting_sessions": ("ticket_number", "client_name", "summary", "resolution"),
    "steps": ("tried", "command", "notes"),
    "handoffs": ("note",),
    "baseline_measurements": ("label",),
}
JSON_COLUMNS = {"handoffs": ("package",)}  # the frozen package: copies of the texts above
BATCH = 2000


def clean(value):
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", ANSI_SEQUENCE.sub("", value))
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    return value


def clean_table(conn, table, columns, as_json):
    """Rewrite the rows whose text changes when cleaned, reading in batches by id."""
    after = 0
    while True:
        rows = conn.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table} WHERE id > :after "
                                    f"ORDER BY id LIMIT {BATCH}"), {"after": after}).all()
        if not rows:
            return
        for row in rows:
            changed = {}
            for name, value in zip(columns, row[1:], strict=True):
                stored = json.loads(value) if as_json and value is not None else value
                cleaned = clean(stored)
                if cleaned != stored:
                    changed[name] = json.dumps(cleaned, ensure_ascii=False) if as_json else cleaned
            if changed:
                assignments = ", ".join(f"{name} = :{name}" for name in changed)
                try:
                    with conn.begin_nested():  # a cleaned account name that another account has: left as it is
                        conn.execute(sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"),
                                     {**changed, "id": row[0]})
                except sa.exc.IntegrityError:
                    pass
        after = rows[-1][0]


def upgrade():
    conn = op.get_bind()
    for table, columns in TEXT_COLUMNS.items():
        clean_table(conn, table, columns, as_json=False)
    for table, columns in JSON_COLUMNS.items():
        clean_table(conn, table, columns, as_json=True)


def downgrade():
    pass  # what was removed was never meant to be there
