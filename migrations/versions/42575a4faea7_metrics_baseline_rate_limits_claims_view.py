"""metrics: baseline measurements, rate limit hits, claim indexes, escalation_claims view

Revision ID: 42575a4faea7
Revises: b89f766b883b
Create Date: 2026-11-26 14:27:19.691468

"""
from alembic import op
import sqlalchemy as sa

# The metrics SQL (rf/metrics/sql) is the same text on both engines. On SQLite these two
# functions are Python functions registered on every connection (rf.metrics.queries).
POSTGRES_FUNCTIONS = (
    "CREATE OR REPLACE FUNCTION rf_seconds(a timestamp, b timestamp) RETURNS double precision "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT EXTRACT(EPOCH FROM (b - a))::double precision $$",
    "CREATE OR REPLACE FUNCTION rf_week(t timestamp) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT to_char(date_trunc('week', t), 'YYYY-MM-DD') $$",
)

# One row per claimed escalation: who claimed it when, and the claimer's first step on the
# session after the claim (NULL until there is one).
ESCALATION_CLAIMS = """
CREATE VIEW escalation_claims AS
SELECT h.id AS handoff_id, h.account_id, h.session_id, s.domain, h.priority,
       h.created_by_id AS escalated_by_id, h.closed_by_id AS claimer_id,
       h.created_at AS escalated_at, h.closed_at AS claimed_at, rf_week(h.closed_at) AS claim_week,
       (SELECT MIN(st.created_at) FROM steps st
         WHERE st.session_id = h.session_id AND st.author_id = h.closed_by_id
           AND st.created_at >= h.closed_at) AS first_action_at
FROM handoffs h
JOIN troubleshooting_sessions s ON s.id = h.session_id
WHERE h.intent = 'escalate' AND h.closed_reason = 'claimed'
"""


# revision identifiers, used by Alembic.
revision = '42575a4faea7'
down_revision = 'b89f766b883b'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_FUNCTIONS:
            op.execute(statement)
    op.execute(ESCALATION_CLAIMS)
    op.create_table('baseline_measurements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('seconds > 0 AND seconds <= 28800', name=op.f('ck_baseline_measurements_seconds')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_baseline_measurements_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_baseline_measurements_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_baseline_measurements'))
    )
    with op.batch_alter_table('baseline_measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_baseline_measurements_account_id'), ['account_id'], unique=False)

    op.create_table('rate_limit_hits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_rate_limit_hits_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_limit_hits'))
    )
    with op.batch_alter_table('rate_limit_hits', schema=None) as batch_op:
        batch_op.create_index('ix_rate_limit_hits_user_bucket_created', ['user_id', 'bucket', 'created_at'], unique=False)

    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.create_index('ix_handoffs_account_reason_closed', ['account_id', 'closed_reason', 'closed_at'], unique=False)

    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.create_index('ix_steps_session_author_created', ['session_id', 'author_id', 'created_at'], unique=False)



def downgrade():
    op.execute("DROP VIEW escalation_claims")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION rf_week(timestamp)")
        op.execute("DROP FUNCTION rf_seconds(timestamp, timestamp)")
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.drop_index('ix_steps_session_author_created')

    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_index('ix_handoffs_account_reason_closed')

    with op.batch_alter_table('rate_limit_hits', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_limit_hits_user_bucket_created')

    op.drop_table('rate_limit_hits')
    with op.batch_alter_table('baseline_measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_baseline_measurements_account_id'))

    op.drop_table('baseline_measurements')
