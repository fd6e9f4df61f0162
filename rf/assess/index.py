"""Indexing resolved sessions for retrieval: one ``SessionTerm`` row per (session, term).

A session is indexed when it is resolved (in the same transaction); sessions resolved before
this existed are indexed the first time their account is assessed.
"""
from collections import Counter

from sqlalchemy import delete, insert, select, update

from ..core.extensions import db
from ..core.models import SessionTerm
from ..core.models import TroubleshootingSession as TS
from .text import terms

OUTPUT_HEAD, OUTPUT_TAIL = 2000, 1000  # of each step's output: bounded work for huge logs
DOCUMENT_CHARS = 200_000               # of the whole session, however many steps it has
BACKFILL_BATCH = 500


def document(session):
    """The session's text, the parts that say most about the problem counted more than once."""
    parts = [session.summary] * 3 + [session.resolution or ""] * 2 + [session.domain_label]
    for step in session.steps:
        parts += [step.tried] * (2 if step.fixed_it else 1)
        parts += [step.command or "", step.notes or ""]
        output = step.output or ""
        parts.append(output if len(output) <= OUTPUT_HEAD + OUTPUT_TAIL
                     else output[:OUTPUT_HEAD] + "\n" + output[-OUTPUT_TAIL:])
    return "\n".join(parts)[:DOCUMENT_CHARS]


def index_session(session):
    """(Re)write the session's postings; the caller commits."""
    counts = Counter(terms(document(session)))
    db.session.execute(delete(SessionTerm).where(SessionTerm.session_id == session.id))
    if counts:
        db.session.execute(insert(SessionTerm), [
            {"account_id": session.account_id, "session_id": session.id, "term": term, "tf": tf}
            for term, tf in counts.items()])
    session.terms_length = sum(counts.values())


def index_unindexed(account_id):
    """Index the account's resolved sessions that have no postings yet; returns how many.

    Each session is first claimed with a conditional UPDATE (``terms_length`` NULL → -1), so
    two assessments backfilling the same account at once index each session exactly once.
    """
    done = 0
    while True:
        ids = db.session.scalars(select(TS.id).where(
            TS.account_id == account_id, TS.status == "resolved", TS.terms_length.is_(None))
            .order_by(TS.id).limit(BACKFILL_BATCH)).all()
        for session_id in ids:
            claimed = db.session.execute(update(TS).where(TS.id == session_id, TS.terms_length.is_(None))
                                         .values(terms_length=-1), execution_options={"synchronize_session": False})
            if claimed.rowcount == 1:
                index_session(db.session.get(TS, session_id))
                done += 1
            db.session.commit()
        if len(ids) < BACKFILL_BATCH:
            return done
