"""drop ix_steps_session_author_created: nothing reads steps by session and author since the
first action is recorded on the handoff (cb34755fcede), and every step paid for it

Revision ID: a41c7e09d5b2
Revises: e7d2a94c1b60
Create Date: 2026-11-26 18:05:00
"""
from alembic import op

revision = 'a41c7e09d5b2'
down_revision = 'e7d2a94c1b60'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_steps_session_author_created', table_name='steps')


def downgrade():
    op.create_index('ix_steps_session_author_created', 'steps', ['session_id', 'author_id', 'created_at'])
