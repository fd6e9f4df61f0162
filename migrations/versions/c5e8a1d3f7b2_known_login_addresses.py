"""known_login_addresses: where each email has logged in, so strangers' failures elsewhere
can't lock the user out there

Revision ID: c5e8a1d3f7b2
Revises: b7e2f4a9c3d1
Create Date: 2026-12-06 07:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'c5e8a1d3f7b2'
down_revision = 'b7e2f4a9c3d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'known_login_addresses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('address', sa.String(length=45), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_known_login_addresses')),
        sa.UniqueConstraint('email', 'address', name='uq_known_login_addresses_email_address'))


def downgrade():
    op.drop_table('known_login_addresses')
