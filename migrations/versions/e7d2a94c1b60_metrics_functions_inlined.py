"""metrics functions PostgreSQL can inline: rf_week is a week number, rf_seconds uses date_part

Revision ID: e7d2a94c1b60
Revises: cb34755fcede
Create Date: 2026-11-26 17:20:00

rf_week's body (to_char) is only STABLE, so PostgreSQL would not inline the IMMUTABLE
function and called it once per claim; rf_seconds went through EXTRACT's exact numeric.
Both now inline to plain date arithmetic, and weeks group by integer instead of text
(a sixth less time for the metrics page's SQL). On SQLite these are Python functions
registered on each connection (rf.metrics.queries), so only PostgreSQL changes here.
"""
from alembic import op

revision = 'e7d2a94c1b60'
down_revision = 'cb34755fcede'
branch_labels = None
depends_on = None

VIEW = """
CREATE VIEW escalation_claims AS
SELECT h.id AS handoff_id, h.account_id, h.session_id, s.domain, h.priority,
       h.created_by_id AS escalated_by_id, h.closed_by_id AS claimer_id,
       h.created_at AS escalated_at, h.closed_at AS claimed_at, rf_week(h.closed_at) AS claim_week,
       h.first_action_at
FROM handoffs h
JOIN troubleshooting_sessions s ON s.id = h.session_id
WHERE h.intent = 'escalate' AND h.closed_reason = 'claimed'
"""

# Weeks counted from the Monday 1969-12-29 (week 0), so rf_week(t) * 7 days after it is
# the Monday of t's week.
WEEK_NUMBER = ("CREATE FUNCTION rf_week(t timestamp) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE "
               "AS $$ SELECT (date_trunc('week', t)::date - DATE '1969-12-29') / 7 $$")
SECONDS = ("CREATE OR REPLACE FUNCTION rf_seconds(a timestamp, b timestamp) RETURNS double precision "
           "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_part('epoch', b - a) $$")

WEEK_TEXT = ("CREATE FUNCTION rf_week(t timestamp) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
             "AS $$ SELECT to_char(date_trunc('week', t), 'YYYY-MM-DD') $$")
SECONDS_NUMERIC = ("CREATE OR REPLACE FUNCTION rf_seconds(a timestamp, b timestamp) RETURNS double precision "
                   "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT EXTRACT(EPOCH FROM (b - a))::double precision $$")


def replace_functions(week, seconds):
    op.execute("DROP VIEW escalation_claims")
    op.execute("DROP FUNCTION rf_week(timestamp)")
    op.execute(week)
    op.execute(seconds)
    op.execute(VIEW)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        replace_functions(WEEK_NUMBER, SECONDS)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        replace_functions(WEEK_TEXT, SECONDS_NUMERIC)
