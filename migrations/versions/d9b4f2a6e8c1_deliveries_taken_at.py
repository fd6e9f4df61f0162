"""deliveries.taken_at: when a dispatcher took a row, so one it never got to send (a
dispatcher killed right after taking it) is due again in seconds, not after its lease

Revision ID: d9b4f2a6e8c1
Revises: c5e8a1d3f7b2
Create Date: 2026-12-06 07:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'd9b4f2a6e8c1'
down_revision = 'c5e8a1d3f7b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.add_column(sa.Column('taken_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.drop_column('taken_at')
