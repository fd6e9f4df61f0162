"""The assessment of one escalation: likely cause, suggested next steps, confidence, and the
similar past sessions it rests on. Stored on the handoff (``Handoff.assessment``).

Computed after the escalation commits, never inside it: ``start_assessment`` runs it in the
background (a greenlet under gunicorn's gevent workers), and a failure only leaves the
handoff context saying so.
"""
import logging
import threading

from flask import current_app, has_request_context
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload

from ..core.extensions import db
from ..core.models import Assessment, Handoff, utcnow
from ..core.models import TroubleshootingSession as TS
from .index import index_unindexed
from .llm import LEVELS, LLMError, ask
from .retrieval import history_size, rank
from .text import overlap, terms

log = logging.getLogger(__name__)
THIN_HISTORY = 10         # fewer resolved sessions than this: confidence is always low
RELEVANT = 0.5            # matches scoring below this share of the best one don't suggest steps
MIN_COVERAGE = 0.15       # a past session sharing less of what is distinctive here is no match
# A match on a word or two ("printer offline") is no evidence, however rare the words:
# confidence above low needs this many shared words (medium, high).
MIN_SHARED = {"medium": 3, "high": 4}
MAX_SUGGESTIONS = 3
ALREADY_TRIED = 0.5       # a suggestion this similar to a step already tried is left out
QUERY_CHARS = 20_000      # of the escalation's text: bounded work for very long sessions


def query_text(package):
    """The escalation's words: summary and reason, then the steps newest first, bounded."""
    text = "\n".join([package["summary"]] * 2 + [package["reason"]])
    for step in reversed(package["steps"]):
        parts = (step["tried"], step["command"], step["notes"], step["output"])
        text += "\n" + "\n".join(part for part in parts if part)
        if len(text) >= QUERY_CHARS:
            break
    return text[:QUERY_CHARS]


def confidence_of(matches, history):
    """high / medium / low, with the score behind it: how much of what is distinctive about
    this problem (its idf mass) the closest past session shares, and on how many words."""
    if history < THIN_HISTORY or not matches:
        return {"level": "low", "score": round(matches[0].coverage, 2) if matches else 0.0}
    best = matches[0]
    clear_lead = len(matches) == 1 or best.score >= 1.3 * matches[1].score
    level = "high" if best.coverage >= 0.45 and clear_lead else "medium" if best.coverage >= 0.25 else "low"
    if level == "high" and best.shared < MIN_SHARED["high"]:
        level = "medium"
    if level == "medium" and best.shared < MIN_SHARED["medium"]:
        level = "low"
    return {"level": level, "score": round(best.coverage, 2)}


def suggestions_from(past_sessions, tried):
    """What fixed the similar sessions (else what worked there), best match first, minus what
    this session already tried and minus repeats."""
    suggestions = []
    for session in past_sessions:
        fixes = [s for s in session.steps if s.fixed_it] or [s for s in session.steps if s.result == "worked"]
        for step in fixes:
            if any(overlap(step.tried, done) >= ALREADY_TRIED for done in tried + suggestions):
                continue
            suggestions.append(step.tried)
            if len(suggestions) == MAX_SUGGESTIONS:
                return suggestions
    return suggestions


def assess(handoff) -> Assessment:
    """The retrieval assessment of an escalation (plain data, ready to store)."""
    package = handoff.package
    index_unindexed(handoff.account_id)
    history, _ = history_size(handoff.account_id)
    matches = [m for m in rank(handoff.account_id, terms(query_text(package)), exclude_session_id=handoff.session_id)
               if m.coverage >= MIN_COVERAGE]
    past = {s.id: s for s in db.session.scalars(  # with their steps and resolvers: no query per match
        select(TS).options(selectinload(TS.steps), joinedload(TS.resolved_by))
        .where(TS.id.in_([m.session_id for m in matches]), TS.account_id == handoff.account_id))}
    pairs = [(m, past[m.session_id]) for m in matches if m.session_id in past]
    ranked = [session for _, session in pairs]
    relevant = [session for m, session in pairs if m.score >= RELEVANT * pairs[0][0].score]
    tried = [step["tried"] for step in package["steps"]]
    result: Assessment = {
        "backend": "retrieval",
        "computed_at": utcnow().isoformat(timespec="seconds") + "Z",
        "history": history,
        "likely_cause": ranked[0].resolution if ranked else None,
        "suggested_steps": suggestions_from(relevant, tried),
        "confidence": confidence_of(matches, history),
        "matches": [{
            "session_id": s.id, "ticket_number": s.ticket_number, "summary": s.summary,
            "resolution": s.resolution, "resolved_by": s.resolved_by.name if s.resolved_by else None,
            "resolved_at": s.resolved_at.isoformat(timespec="seconds") + "Z" if s.resolved_at else None,
            "score": round(m.score, 2)} for m, s in pairs][:3],
    }
    if history < THIN_HISTORY:
        result["note"] = (f"Not enough history yet: {history} resolved "
                          f"session{'' if history == 1 else 's'} in this account to learn from.")
    elif not ranked:
        result["note"] = "No resolved session in this account looks like this one."
    if current_app.config["RF_LLM_BASE_URL"]:
        with_llm(handoff, package, result, tried)
    return result


def with_llm(handoff, package, result, tried):
    """Let the configured LLM reword the assessment from the same evidence; on any failure
    keep the retrieval one and record why."""
    config = current_app.config
    try:
        answer = ask(config, package, result)
    except LLMError as error:
        log.warning("LLM assessment of handoff %s failed; kept retrieval: %s", handoff.id, error)
        result["fallback"] = f"The language model wasn't used: {error}."
        return
    # The model may be surer than the evidence, never more: thin or no history stays "low".
    level = max(answer["confidence"], result["confidence"]["level"], key=LEVELS.index)
    result.update(
        backend=f"llm:{config['RF_LLM_MODEL']}", likely_cause=answer["likely_cause"],
        suggested_steps=[step for step in answer["suggested_steps"]
                         if not any(overlap(step, done) >= ALREADY_TRIED for done in tried)][:MAX_SUGGESTIONS],
        confidence={"level": level, "score": result["confidence"]["score"]})


def assess_and_store(handoff_id):
    """Compute and save the assessment of an escalation; returns it. If it can't be computed,
    save that instead (the context says so and offers a retry) and return None."""
    handoff = db.session.get(Handoff, handoff_id)
    if handoff is None or handoff.intent != "escalate":
        return None
    try:
        result = assess(handoff)
    except Exception:
        log.exception("assessment of handoff %s failed", handoff_id)
        db.session.rollback()
        result = None
    stored: Assessment = result or {"backend": None, "failed": "The assessment couldn't be worked out this time.",
                        "computed_at": utcnow().isoformat(timespec="seconds") + "Z"}
    db.session.execute(update(Handoff).where(Handoff.id == handoff_id).values(assessment=stored))
    db.session.commit()
    return result


def start_assessment(handoff_id):
    """Assess after the escalation has committed, without making its request wait: in the
    background while a request is answered (unless the app is configured to assess inline,
    as the tests are), inline where nothing waits for it (``flask rf demo``). Never raises."""
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            try:
                assess_and_store(handoff_id)
            except Exception:  # even recording the failure failed: the context offers a retry
                log.exception("could not store the assessment of handoff %s", handoff_id)
            finally:
                db.session.remove()

    if app.config["RF_ASSESS_IN_BACKGROUND"] and has_request_context():
        threading.Thread(target=run, name=f"rf-assess-{handoff_id}", daemon=True).start()
    else:
        run()
