"""password_resets, and their emails in the outbox

Revision ID: f1a7c3e9b2d4
Revises: e4b2c8d1f6a3
Create Date: 2026-12-08 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'f1a7c3e9b2d4'
down_revision = 'e4b2c8d1f6a3'
branch_labels = None
depends_on = None

SUBJECT = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
                     for column in ("handoff_id", "invite_id", "password_reset_id")) + " = 1"
OLD_SUBJECT = "(handoff_id IS NULL) <> (invite_id IS NULL)"
ONLY_RESETS = sa.text('password_reset_id IS NOT NULL')


def upgrade():
    op.create_table('password_resets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('token_nonce', sa.String(length=32), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_password_resets_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_password_resets_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_resets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    with op.batch_alter_table('password_resets') as batch_op:
        batch_op.create_index(batch_op.f('ix_password_resets_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_resets_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.add_column(sa.Column('password_reset_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_deliveries_password_reset_id_password_resets'), 'password_resets',
                                    ['password_reset_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index('uq_deliveries_password_reset', ['password_reset_id'], unique=True,
                              postgresql_where=ONLY_RESETS, sqlite_where=ONLY_RESETS)
        batch_op.drop_constraint(batch_op.f('ck_deliveries_subject'), type_='check')
        batch_op.create_check_constraint('subject', SUBJECT)


def downgrade():
    op.execute("DELETE FROM deliveries WHERE password_reset_id IS NOT NULL")
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_deliveries_subject'), type_='check')
        batch_op.create_check_constraint('subject', OLD_SUBJECT)
        batch_op.drop_index('uq_deliveries_password_reset', postgresql_where=ONLY_RESETS, sqlite_where=ONLY_RESETS)
        batch_op.drop_constraint(batch_op.f('fk_deliveries_password_reset_id_password_resets'), type_='foreignkey')
        batch_op.drop_column('password_reset_id')

    with op.batch_alter_table('password_resets') as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_resets_user_id'))
        batch_op.drop_index(batch_op.f('ix_password_resets_account_id'))

    op.drop_table('password_resets')
