"""reminders, on-call rotation, business hours

Revision ID: 0b93455b4807
Revises: b8e4f1a6c3d9
Create Date: 2026-12-06 14:07:54.729486

An escalation's reminder rungs (reminders) from its account's ladder (reminder_rungs, or
the defaults), the weekly on-call rotation and its one-off overrides, the account's
business hours (timezone, working days and hours on accounts; holidays). Deliveries say
which rung they belong to (0: the first notice) and whether they went to the on-call
senior as such; one per escalation, rung, recipient and channel. A sent reminder is a
queue event ("reminded") and stamps its escalation (handoffs.reminded_at) for the card.
"""
import sqlalchemy as sa
from alembic import op

revision = '0b93455b4807'
down_revision = 'b8e4f1a6c3d9'
branch_labels = None
depends_on = None

KINDS = "kind IN ('escalated', 'withdrawn', 'claimed', 'resolved'{})"


def upgrade():
    op.create_table('holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_holidays_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holidays'))
    )
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holidays_account_id'), ['account_id'], unique=False)
        batch_op.create_index('uq_holidays_account_day', ['account_id', 'day'], unique=True)

    op.create_table('oncall_rotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handover_weekday', sa.Integer(), nullable=False),
    sa.Column('handover_time', sa.Time(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('notify_priority', sa.String(length=8), nullable=False),
    sa.Column('member_ids', sa.Text(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("notify_priority IN ('low', 'normal', 'high', 'urgent')", name=op.f('ck_oncall_rotations_notify_priority')),
    sa.CheckConstraint('handover_weekday BETWEEN 0 AND 6', name=op.f('ck_oncall_rotations_weekday')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_oncall_rotations_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oncall_rotations'))
    )
    with op.batch_alter_table('oncall_rotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oncall_rotations_account_id'), ['account_id'], unique=False)
        batch_op.create_index('uq_oncall_rotations_account', ['account_id'], unique=True)

    op.create_table('reminder_rungs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('priority', sa.String(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('after_minutes', sa.Integer(), nullable=True),
    sa.Column('next_business_morning', sa.Boolean(), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("audience IN ('seniors', 'on_call')", name=op.f('ck_reminder_rungs_audience')),
    sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name=op.f('ck_reminder_rungs_priority')),
    sa.CheckConstraint('(after_minutes IS NULL) = next_business_morning', name=op.f('ck_reminder_rungs_when')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_reminder_rungs_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_rungs'))
    )
    with op.batch_alter_table('reminder_rungs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_rungs_account_id'), ['account_id'], unique=False)
        batch_op.create_index('uq_reminder_rungs_account_priority_position', ['account_id', 'priority', 'position'], unique=True)

    op.create_table('oncall_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_oncall_overrides_span')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_oncall_overrides_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_oncall_overrides_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oncall_overrides_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oncall_overrides'))
    )
    with op.batch_alter_table('oncall_overrides', schema=None) as batch_op:
        batch_op.create_index('ix_oncall_overrides_account_ends', ['account_id', 'ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_oncall_overrides_account_id'), ['account_id'], unique=False)

    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handoff_id', sa.Integer(), nullable=False),
    sa.Column('rung', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('business_morning', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("audience IN ('seniors', 'on_call')", name=op.f('ck_reminders_audience')),
    sa.CheckConstraint("status IN ('pending', 'sent', 'cancelled')", name=op.f('ck_reminders_status')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_reminders_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], name=op.f('fk_reminders_handoff_id_handoffs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_reminders_due', ['status', 'due_at'], unique=False)
        batch_op.create_index('uq_reminders_handoff_rung', ['handoff_id', 'rung'], unique=True)

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), server_default='UTC', nullable=False))
        batch_op.add_column(sa.Column('work_days', sa.String(length=7), server_default='01234', nullable=False))
        batch_op.add_column(sa.Column('work_start', sa.Time(), server_default='09:00:00', nullable=False))
        batch_op.add_column(sa.Column('work_end', sa.Time(), server_default='17:00:00', nullable=False))
        batch_op.add_column(sa.Column('custom_ladder', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reminded_on_call_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_handoffs_reminded_on_call_id_users'), 'users',
                                    ['reminded_on_call_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('queue_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_queue_events_kind'), type_='check')
        batch_op.create_check_constraint('kind', KINDS.format(", 'reminded'"))

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rung', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('on_call', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_index('uq_deliveries_handoff_channel_recipient')
        batch_op.drop_index('uq_deliveries_handoff_webhook')
        batch_op.create_index('uq_deliveries_handoff_rung_channel_recipient', ['handoff_id', 'rung', 'channel', 'recipient_id'], unique=True)
        batch_op.create_index('uq_deliveries_handoff_rung_webhook', ['handoff_id', 'rung'], unique=True, postgresql_where=sa.text("channel = 'webhook'"), sqlite_where=sa.text("channel = 'webhook'"))



def downgrade():
    op.execute("DELETE FROM deliveries WHERE rung > 0")  # reminders: the old unique indexes allow one row
    op.execute("DELETE FROM queue_events WHERE kind = 'reminded'")
    with op.batch_alter_table('queue_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_queue_events_kind'), type_='check')
        batch_op.create_check_constraint('kind', KINDS.format(""))

    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_handoffs_reminded_on_call_id_users'), type_='foreignkey')
        batch_op.drop_column('reminded_on_call_id')
        batch_op.drop_column('reminded_at')

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('uq_deliveries_handoff_rung_webhook', postgresql_where=sa.text("channel = 'webhook'"), sqlite_where=sa.text("channel = 'webhook'"))
        batch_op.drop_index('uq_deliveries_handoff_rung_channel_recipient')
        batch_op.create_index('uq_deliveries_handoff_webhook', ['handoff_id'], unique=True,
                              postgresql_where=sa.text("channel = 'webhook'"), sqlite_where=sa.text("channel = 'webhook'"))
        batch_op.create_index('uq_deliveries_handoff_channel_recipient', ['handoff_id', 'channel', 'recipient_id'],
                              unique=True)
        batch_op.drop_column('on_call')
        batch_op.drop_column('rung')

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('custom_ladder')
        batch_op.drop_column('work_end')
        batch_op.drop_column('work_start')
        batch_op.drop_column('work_days')
        batch_op.drop_column('timezone')

    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('uq_reminders_handoff_rung')
        batch_op.drop_index('ix_reminders_due')
        batch_op.drop_index(batch_op.f('ix_reminders_account_id'))

    op.drop_table('reminders')
    with op.batch_alter_table('oncall_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oncall_overrides_account_id'))
        batch_op.drop_index('ix_oncall_overrides_account_ends')

    op.drop_table('oncall_overrides')
    with op.batch_alter_table('reminder_rungs', schema=None) as batch_op:
        batch_op.drop_index('uq_reminder_rungs_account_priority_position')
        batch_op.drop_index(batch_op.f('ix_reminder_rungs_account_id'))

    op.drop_table('reminder_rungs')
    with op.batch_alter_table('oncall_rotations', schema=None) as batch_op:
        batch_op.drop_index('uq_oncall_rotations_account')
        batch_op.drop_index(batch_op.f('ix_oncall_rotations_account_id'))

    op.drop_table('oncall_rotations')
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.drop_index('uq_holidays_account_day')
        batch_op.drop_index(batch_op.f('ix_holidays_account_id'))

    op.drop_table('holidays')
