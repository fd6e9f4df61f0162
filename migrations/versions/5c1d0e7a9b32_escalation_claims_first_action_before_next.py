"""escalation_claims: a claim's first action comes before the session's next escalation

Revision ID: 5c1d0e7a9b32
Revises: 42575a4faea7
Create Date: 2026-11-26 15:30:00

"""
from alembic import op

revision = '5c1d0e7a9b32'
down_revision = '42575a4faea7'
branch_labels = None
depends_on = None

SELECT_CLAIMS = """
SELECT h.id AS handoff_id, h.account_id, h.session_id, s.domain, h.priority,
       h.created_by_id AS escalated_by_id, h.closed_by_id AS claimer_id,
       h.created_at AS escalated_at, h.closed_at AS claimed_at, rf_week(h.closed_at) AS claim_week,
       (SELECT MIN(st.created_at) FROM steps st
         WHERE st.session_id = h.session_id AND st.author_id = h.closed_by_id
           AND st.created_at >= h.closed_at{bound}) AS first_action_at
FROM handoffs h
JOIN troubleshooting_sessions s ON s.id = h.session_id
WHERE h.intent = 'escalate' AND h.closed_reason = 'claimed'
"""
# A step after the session was escalated again belongs to that later escalation.
BEFORE_NEXT_ESCALATION = """
           AND NOT EXISTS (SELECT 1 FROM handoffs later
                            WHERE later.session_id = h.session_id AND later.intent = 'escalate'
                              AND later.created_at > h.created_at AND later.created_at <= st.created_at)"""


def upgrade():
    op.execute("DROP VIEW escalation_claims")
    op.execute("CREATE VIEW escalation_claims AS" + SELECT_CLAIMS.format(bound=BEFORE_NEXT_ESCALATION))


def downgrade():
    op.execute("DROP VIEW escalation_claims")
    op.execute("CREATE VIEW escalation_claims AS" + SELECT_CLAIMS.format(bound=""))
