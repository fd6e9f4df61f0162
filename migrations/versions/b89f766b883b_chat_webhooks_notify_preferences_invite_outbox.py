"""chat webhooks, notification preferences, invite emails in the outbox

Revision ID: b89f766b883b
Revises: 8e3257e2f948
Create Date: 2026-11-26 14:03:44.912231

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b89f766b883b'
down_revision = '8e3257e2f948'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chat_webhooks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("format IN ('slack', 'teams', 'generic')", name=op.f('ck_chat_webhooks_format')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_chat_webhooks_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_chat_webhooks_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_webhooks'))
    )
    with op.batch_alter_table('chat_webhooks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_webhooks_account_id'), ['account_id'], unique=False)
        batch_op.create_index('uq_chat_webhooks_account', ['account_id'], unique=True)

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invite_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_attempt_at', sa.DateTime(), nullable=True))
        batch_op.alter_column('handoff_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('recipient_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('uq_deliveries_handoff_webhook', ['handoff_id'], unique=True, postgresql_where=sa.text("channel = 'webhook'"), sqlite_where=sa.text("channel = 'webhook'"))
        batch_op.create_index('uq_deliveries_invite', ['invite_id'], unique=True, postgresql_where=sa.text('invite_id IS NOT NULL'), sqlite_where=sa.text('invite_id IS NOT NULL'))
        batch_op.create_foreign_key(batch_op.f('fk_deliveries_invite_id_invites'), 'invites', ['invite_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_deliveries_channel'), type_='check')
        batch_op.create_check_constraint('channel', "channel IN ('email', 'webhook')")
        batch_op.create_check_constraint('subject', "(handoff_id IS NULL) <> (invite_id IS NULL)")
        batch_op.create_check_constraint(
            'recipient', "(channel = 'webhook') = (recipient_id IS NULL AND invite_id IS NULL)")

    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_nonce', sa.String(length=32), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_email', sa.String(length=16), server_default='unwatched', nullable=False))
        batch_op.add_column(sa.Column('queue_seen_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint('notify_email', "notify_email IN ('every', 'unwatched', 'never')")



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_notify_email'), type_='check')
        batch_op.drop_column('queue_seen_at')
        batch_op.drop_column('notify_email')

    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.drop_column('token_nonce')

    op.execute("DELETE FROM deliveries WHERE channel <> 'email' OR invite_id IS NOT NULL")
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_deliveries_recipient'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_deliveries_subject'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_deliveries_channel'), type_='check')
        batch_op.create_check_constraint('channel', "channel IN ('email')")
        batch_op.drop_constraint(batch_op.f('fk_deliveries_invite_id_invites'), type_='foreignkey')
        batch_op.drop_index('uq_deliveries_invite', postgresql_where=sa.text('invite_id IS NOT NULL'), sqlite_where=sa.text('invite_id IS NOT NULL'))
        batch_op.drop_index('uq_deliveries_handoff_webhook', postgresql_where=sa.text("channel = 'webhook'"), sqlite_where=sa.text("channel = 'webhook'"))
        batch_op.alter_column('recipient_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('handoff_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('last_attempt_at')
        batch_op.drop_column('invite_id')

    with op.batch_alter_table('chat_webhooks', schema=None) as batch_op:
        batch_op.drop_index('uq_chat_webhooks_account')
        batch_op.drop_index(batch_op.f('ix_chat_webhooks_account_id'))

    op.drop_table('chat_webhooks')
