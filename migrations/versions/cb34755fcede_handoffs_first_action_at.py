"""handoffs.first_action_at: the claimer's first step, written with the step

Revision ID: cb34755fcede
Revises: 5c1d0e7a9b32
Create Date: 2026-11-26 15:58:00

Looking the first action up per claim when the metrics are read cost a third of the page's
time at 100,000 escalations; it is now recorded when the step is logged
(``rf.handoff.actions.record_first_action``) and backfilled here from the view's rule.
"""
from alembic import op
import sqlalchemy as sa

revision = 'cb34755fcede'
down_revision = '5c1d0e7a9b32'
branch_labels = None
depends_on = None

VIEW = """
CREATE VIEW escalation_claims AS
SELECT h.id AS handoff_id, h.account_id, h.session_id, s.domain, h.priority,
       h.created_by_id AS escalated_by_id, h.closed_by_id AS claimer_id,
       h.created_at AS escalated_at, h.closed_at AS claimed_at, rf_week(h.closed_at) AS claim_week,
       {first_action} AS first_action_at
FROM handoffs h
JOIN troubleshooting_sessions s ON s.id = h.session_id
WHERE h.intent = 'escalate' AND h.closed_reason = 'claimed'
"""
# The rule until now: the claimer's earliest step after the claim and before the session's
# next escalation.
LOOKED_UP = """(SELECT MIN(st.created_at) FROM steps st
         WHERE st.session_id = h.session_id AND st.author_id = h.closed_by_id
           AND st.created_at >= h.closed_at
           AND NOT EXISTS (SELECT 1 FROM handoffs later
                            WHERE later.session_id = h.session_id AND later.intent = 'escalate'
                              AND later.created_at > h.created_at AND later.created_at <= st.created_at))"""


def upgrade():
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_action_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE handoffs SET first_action_at = (SELECT c.first_action_at FROM escalation_claims c "
               "WHERE c.handoff_id = handoffs.id) WHERE intent = 'escalate' AND closed_reason = 'claimed'")
    op.execute("DROP VIEW escalation_claims")
    op.execute(VIEW.format(first_action="h.first_action_at"))


def downgrade():
    op.execute("DROP VIEW escalation_claims")
    op.execute(VIEW.format(first_action=LOOKED_UP))
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_column('first_action_at')
