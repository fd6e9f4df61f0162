"""BM25 over the account's resolved sessions, computed by the database.

The postings live in ``session_terms`` (indexed by account and term), so ranking reads only
the rows of the query's words, in one account, with the same SQL on SQLite and PostgreSQL:
the same ranking on both engines and no index to load into each worker's memory.
"""
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, literal, select

from ..core.extensions import db
from ..core.models import SessionTerm
from ..core.models import TroubleshootingSession as TS

K1, B = 1.2, 0.75
MAX_QUERY_TERMS = 40  # the most telling words of the escalation: bounded work per assessment


@dataclass
class Match:
    session_id: int
    score: float
    coverage: float          # share of the searched words' idf mass this session contains (0 … 1)
    # The same share of the whole problem: its summary's words that no resolved session has
    # count too, so "Outlook search returns nothing" is no full match for a session on "Outlook".
    problem_coverage: float
    words: list[str]         # the searched words it contains, most telling first

    @property
    def shared(self):
        return len(self.words)


def history_size(account_id):
    """Resolved, indexed sessions and their average length in terms."""
    count, average = db.session.execute(
        select(func.count(), func.avg(TS.terms_length))
        .where(TS.account_id == account_id, TS.terms_length.is_not(None))).one()
    return count, float(average or 0)


OTHER_DOMAIN = 0.5  # a session of another problem domain than the escalation's: its score counts this much


def rank(account_id, query_terms, problem_terms, exclude_session_id=None, limit=5, domain=None):
    """The best-matching resolved sessions, best first. ``problem_terms`` (the summary's, part
    of ``query_terms``) are the words a match must explain: those the history lacks lower
    every match's ``problem_coverage``."""
    total, average_length = history_size(account_id)
    counts = Counter(query_terms)
    if not total or not counts:
        return []
    document_frequency = dict(db.session.execute(
        select(SessionTerm.term, func.count())
        .where(SessionTerm.account_id == account_id, SessionTerm.term.in_(list(counts)))
        .group_by(SessionTerm.term)).all())
    # Only words the history has can match: of those, the most telling (rare in the history,
    # frequent in the escalation) are searched.
    idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term, df in document_frequency.items()}
    searched = sorted(idf, key=lambda term: (idf[term] * counts[term], term), reverse=True)[:MAX_QUERY_TERMS]
    if not searched:
        return []
    weight = case({term: literal(idf[term]) for term in searched}, value=SessionTerm.term, else_=literal(0.0))
    length_norm = K1 * (1 - B + B * TS.terms_length / literal(max(average_length, 1.0)))
    prior = case((TS.domain == domain, literal(1.0)), else_=literal(OTHER_DOMAIN)) if domain else literal(1.0)
    score = func.sum(weight * prior * (SessionTerm.tf * (K1 + 1)) / (SessionTerm.tf + length_norm))
    matched_idf = func.sum(weight)
    query = (select(SessionTerm.session_id, score.label("score"), matched_idf.label("matched"))
             .join(TS, TS.id == SessionTerm.session_id)
             .where(SessionTerm.account_id == account_id, SessionTerm.term.in_(searched))
             .group_by(SessionTerm.session_id).order_by(score.desc(), SessionTerm.session_id).limit(limit + 1))
    if exclude_session_id is not None:
        query = query.where(SessionTerm.session_id != exclude_session_id)
    ranked = db.session.execute(query).all()[:limit]
    if not ranked:
        return []
    query_mass = sum(idf[term] for term in searched)
    never_seen = math.log(1 + (total + 0.5) / 0.5)  # the idf of a word no resolved session has
    unexplained = never_seen * len(set(problem_terms) - set(idf))
    words = defaultdict(list)
    for session_id, term in db.session.execute(
            select(SessionTerm.session_id, SessionTerm.term)
            .where(SessionTerm.account_id == account_id, SessionTerm.term.in_(searched),
                   SessionTerm.session_id.in_([row.session_id for row in ranked]))):
        words[session_id].append(term)
    return [Match(session_id, float(value), float(matched) / query_mass,
                  float(matched) / (query_mass + unexplained),
                  sorted(words[session_id], key=lambda term: (-idf[term] * counts[term], term)))
            for session_id, value, matched in ranked]
