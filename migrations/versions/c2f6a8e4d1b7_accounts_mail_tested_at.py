"""accounts.mail_tested_at: when the first-run checklist's test email last went out

Revision ID: c2f6a8e4d1b7
Revises: b4e8d2a6c9f1
Create Date: 2026-12-06 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c2f6a8e4d1b7'
down_revision = 'b4e8d2a6c9f1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.add_column(sa.Column('mail_tested_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.drop_column('mail_tested_at')
