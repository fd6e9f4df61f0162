"""steps.idempotency_key (one step per submitted form) and steps.added_while_waiting (the
owner's or escalator's step while the escalation waited in the queue)

Revision ID: d3a1f5c7e2b4
Revises: a41c7e09d5b2
Create Date: 2026-12-05 22:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'd3a1f5c7e2b4'
down_revision = 'a41c7e09d5b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('steps') as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('added_while_waiting', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_index('uq_steps_session_idempotency_key', ['session_id', 'idempotency_key'], unique=True)


def downgrade():
    with op.batch_alter_table('steps') as batch_op:
        batch_op.drop_index('uq_steps_session_idempotency_key')
        batch_op.drop_column('added_while_waiting')
        batch_op.drop_column('idempotency_key')
