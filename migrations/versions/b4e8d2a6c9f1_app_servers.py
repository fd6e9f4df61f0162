"""app_servers: each app server's fingerprints of the settings all servers must share

Revision ID: b4e8d2a6c9f1
Revises: a3c7e1f9b5d2
Create Date: 2026-12-06 11:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b4e8d2a6c9f1'
down_revision = 'a3c7e1f9b5d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'app_servers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('fingerprints', sa.Text(), nullable=False),
        sa.Column('sends', sa.Boolean(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_app_servers')),
        sa.UniqueConstraint('name', name=op.f('uq_app_servers_name')),
    )


def downgrade():
    op.drop_table('app_servers')
