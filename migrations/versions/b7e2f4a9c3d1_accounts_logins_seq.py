"""accounts.logins_seq: bumped when a login ends or a member's role or access changes, so
every worker stops trusting the logins it checked a moment ago for long-polls

Revision ID: b7e2f4a9c3d1
Revises: a8d4e6f2c1b3
Create Date: 2026-12-06 04:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'b7e2f4a9c3d1'
down_revision = 'a8d4e6f2c1b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("logins_seq", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("logins_seq")
