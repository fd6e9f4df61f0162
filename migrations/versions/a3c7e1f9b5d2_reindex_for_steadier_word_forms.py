"""reindex: retrieval terms fold every form of a word to one term

The assessment's words changed ("updates", "updated" and "update" are now one term; a
junior's "pw" is "password"), so postings written before no longer match the words of new
escalations. Every resolved session's postings are dropped and the session marked
unindexed: each account is indexed again, in the background, the first time one of its
escalations is assessed (``index_unindexed``).

Revision ID: a3c7e1f9b5d2
Revises: d9b4f2a6e8c1
Create Date: 2026-12-06 12:10:00

"""
from alembic import op

revision = 'a3c7e1f9b5d2'
down_revision = 'd9b4f2a6e8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM session_terms")
    op.execute("UPDATE troubleshooting_sessions SET terms_length = NULL WHERE terms_length IS NOT NULL")


def downgrade():
    upgrade()  # the older code indexes them again the same way
