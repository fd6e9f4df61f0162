"""login_attempts.address: login throttling per client address too (spraying), and per
email × address (a stranger can't lock a known user out from elsewhere)

Revision ID: e4b2c8d1f6a3
Revises: d3a1f5c7e2b4
Create Date: 2026-12-05 23:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'e4b2c8d1f6a3'
down_revision = 'd3a1f5c7e2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempts') as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=45), nullable=True))
        batch_op.create_index('ix_login_attempts_address_created_at', ['address', 'created_at'])


def downgrade():
    with op.batch_alter_table('login_attempts') as batch_op:
        batch_op.drop_index('ix_login_attempts_address_created_at')
        batch_op.drop_column('address')
