"""The assessment of one escalation: likely cause, suggested next steps, confidence, and the
similar past sessions it rests on. Stored on the handoff (``Handoff.assessment``).

Computed after the escalation commits, never inside it: ``start_assessment`` runs it in the
background (a greenlet under gunicorn's gevent workers), and a failure only leaves the
handoff context saying so.
"""
import logging
import re
import threading

from flask import current_app, has_request_context
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload

from ..core.extensions import db
from ..core.models import Assessment, Handoff, utcnow
from ..core.models import TroubleshootingSession as TS
from .index import index_unindexed
from .llm import LLMError, ask
from .retrieval import history_size, rank
from .text import overlap, surface_forms, terms

log = logging.getLogger(__name__)
# The confidence is one score (0 … 1, see ``score_of``); its label follows from the score alone.
MEDIUM, HIGH = 0.2, 0.45  # from MEDIUM a likely cause is named; from HIGH it is called high
FULL_BREADTH = 5          # shared words a match needs to count fully: two never reach medium, three never high
CLEAR_LEAD = 1.5          # lead over the best match with another cause to count fully: a tie never reaches high
THIN_HISTORY = 10         # resolved sessions the history needs to count fully
SAME_CAUSE = 0.5          # resolutions this similar (word overlap) name the same cause: no rival
# The highest score the language model's own level allows: it may be less sure than the evidence.
MODEL_CEILING = {"high": 1.0, "medium": round(HIGH - 0.01, 2), "low": round(MEDIUM - 0.01, 2)}
# A fix is suggested only from a session of the escalation's domain that shares this many of
# the searched words, or this many of the summary's: fewer ("Outlook" and a word of the reason)
# name a topic, not the problem.
EVIDENCE_WORDS, EVIDENCE_SUMMARY_WORDS = 3, 2
RELEVANT = 0.5            # matches scoring below this share of the best one don't suggest steps
MIN_COVERAGE = 0.15       # a past session sharing less of what is distinctive here is not listed at all
MAX_SUGGESTIONS = 3
SHOWN_MATCHES = 3
SHOWN_WORDS = 5           # the most telling shared words, shown as what the confidence rests on
ALREADY_TRIED = 0.5       # a suggestion this similar to a step already tried is left out
QUERY_CHARS = 20_000      # of the escalation's text: bounded work for very long sessions
FAILED = ("didnt_work", "dead_end")  # a step with this result tried something that didn't fix it


def query_text(package):
    """The escalation's words: summary and reason, then the steps newest first, bounded: what
    each tried (words and command), its notes and the codes, ids and names in its output
    (``codes_in``). What a failed step tried is no evidence for a past session that tried the
    same, or was fixed by it: only what it showed counts."""
    text = "\n".join([package["summary"]] * 2 + [without_normal(package["reason"])])
    for step in reversed(package["steps"]):
        tried = () if step["result"] in FAILED else (step["tried"], step["command"])
        parts = (*tried, step["notes"], codes_in(step["output"]))
        text += "\n" + "\n".join(part for part in parts if part)
        if len(text) >= QUERY_CHARS:
            break
    return text[:QUERY_CHARS]


CODE = re.compile(r"\b(?=[A-Za-z0-9_.-]*[0-9])[A-Za-z0-9_.-]{3,}\b|\b[A-Z][a-z]+[A-Z][A-Za-z]+\b|\b[A-Z]{3,}\b")


def codes_in(output):
    """What in pasted output tells problems apart: codes, ids and names (0x80070005, 4015,
    KB5034441, SmtpClientAuthenticationDisabled, DNS), not the prose around them."""
    return " ".join(CODE.findall(output or ""))


CLAUSE = re.compile(r"[.;!?\n]|,\s|\bbut\b")
# What a junior writes about a thing checked and found normal, or already dealt with: "disk
# space is fine", "sql service running", "ip hasn't changed", "folder is still there",
# "everything else works", "copier already does smb 3".
NORMAL = re.compile(
    r"\b(fine|ok|okay|plenty|normal|looks good|all good|healthy|green|clean|correct|is right|still there|has space"
    r"|already|unchanged|(hasn'?t|has not|haven'?t|didn'?t|not) changed|no (change|difference|luck)"
    r"|no\b[^,]*\b(errors?|issues?|problems?)|(finds?|found|shows?|showed|returns?|returned) (no|nothing)"
    r"|nothing (wrong|blocking|found|unusual|odd|changed)|(?<!not )(?<!n't )(?<!nt )works|running\W*$)",
    re.IGNORECASE)


def without_normal(text):
    """``text`` without the clauses that say something is fine or already dealt with ("disk
    space is fine", "copier already does smb 3"): what was checked and found normal is no
    evidence for a problem about it."""
    return " ".join(clause for clause in CLAUSE.split(text or "") if not NORMAL.search(clause))


def level_for(score):
    """The label of a confidence score: the only mapping, so a label never disagrees with the
    score shown beside it."""
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def shown_level(assessment):
    """The level an assessment shows: from its score (``level_for``). Assessments stored before
    the score meant this (they have no ``shared_words``) keep their stored level, and their
    score isn't shown (it measured something else); none at all is "low"."""
    confidence = (assessment or {}).get("confidence") or {}
    if "shared_words" in confidence and isinstance(confidence.get("score"), (int, float)):
        return level_for(confidence["score"])
    return confidence.get("level") or "low"


def fraction(value, full):
    """A factor of the score: 1 from ``full`` on, falling with the square below it."""
    return min(1.0, value / full) ** 2


def score_of(pairs, history):
    """How far the closest past session explains this problem (0 … 1, two decimals): the share
    of the problem's distinctive words it contains (``Match.problem_coverage``), times a factor
    for each reason to doubt it, each 1 when there is none:

    - breadth: how many searched words it shares (``FULL_BREADTH``), so a match on a word or
      two ("printer offline") is no evidence, however rare the words;
    - lead: how far it outscores the best match with another cause (``CLEAR_LEAD``), so two
      equally close sessions that disagree leave the cause open;
    - history: how many resolved sessions there are (``THIN_HISTORY``), since with few of
      them any word looks rare.
    """
    if not pairs:
        return 0.0
    (best, session), rivals = pairs[0], pairs[1:]
    rival = next((match for match, other in rivals if overlap(other.resolution, session.resolution) < SAME_CAUSE),
                 None)
    lead = best.score / rival.score if rival else CLEAR_LEAD
    return round(best.problem_coverage * fraction(best.shared, FULL_BREADTH) * fraction(lead, CLEAR_LEAD)
                 * fraction(history, THIN_HISTORY), 2)


def confidence_of(pairs, history, surface):
    """The score, its level, and what it rests on: the most telling words the closest session
    shares with the escalation (as the escalation wrote them, from ``surface``) and how many
    of the listed matches share them all."""
    score = score_of(pairs, history)
    confidence = {"level": level_for(score), "score": score, "shared_words": [], "shared_by": 0}
    if pairs:
        words = pairs[0][0].words[:SHOWN_WORDS]
        confidence.update(shared_words=[surface.get(word, word) for word in words],
                          shared_by=sum(set(words) <= set(match.words) for match, _ in pairs[:SHOWN_MATCHES]))
    return confidence


def fixes_of(session):
    """The steps that fixed a past session (else those that worked there)."""
    return [step for step in session.steps if step.fixed_it] or [step for step in session.steps
                                                                  if step.result == "worked"]


def fix_failed_here(session, failed):
    """Whether the escalated session already tried one of ``session``'s fixes, by its words or
    its command, without success (``failed``: its failed steps): then that past session's
    cause is known not to be this one's."""
    return any(overlap(fix.tried, step["tried"]) >= ALREADY_TRIED
               or (fix.command and step["command"] and overlap(fix.command, step["command"]) >= ALREADY_TRIED)
               for fix in fixes_of(session) for step in failed)


def shown_match(match, session, ruled_out=False):
    shown = {"session_id": session.id, "ticket_number": session.ticket_number, "summary": session.summary,
             "resolution": session.resolution, "resolved_by": session.resolved_by.name if session.resolved_by else None,
             "resolved_at": session.resolved_at.isoformat(timespec="seconds") + "Z" if session.resolved_at else None,
             "score": round(match.score, 2)}
    if ruled_out:
        shown["ruled_out"] = True
    return shown


def suggestions_from(pairs, tried, domain, summary_terms):
    """What fixed the similar sessions (else what worked there), best match first, minus what
    this session already tried and minus repeats, each with its command and the cause it
    fixed. Only from real evidence: a session of the escalation's problem domain sharing
    enough of its words (``EVIDENCE_WORDS``)."""
    suggestions = []
    for match, session in pairs:
        if session.domain != domain or (match.shared < EVIDENCE_WORDS
                                        and len(set(match.words) & set(summary_terms)) < EVIDENCE_SUMMARY_WORDS):
            continue
        for step in fixes_of(session):
            if any(overlap(step.tried, done) >= ALREADY_TRIED
                   for done in tried + [suggestion["tried"] for suggestion in suggestions]):
                continue
            suggestions.append({"tried": step.tried, "command": step.command or None, "cause": session.resolution})
            if len(suggestions) == MAX_SUGGESTIONS:
                return suggestions
    return suggestions


def assess(handoff) -> Assessment:
    """The retrieval assessment of an escalation (plain data, ready to store). Below medium
    confidence it names no likely cause: its matches are only possibly related."""
    package = handoff.package
    index_unindexed(handoff.account_id)
    history, _ = history_size(handoff.account_id)
    text, summary_terms = query_text(package), terms(package["summary"])
    matches = [m for m in rank(handoff.account_id, terms(text), summary_terms, exclude_session_id=handoff.session_id,
                             domain=package["domain"])
               if m.coverage >= MIN_COVERAGE]
    past = {s.id: s for s in db.session.scalars(  # with their steps and resolvers: no query per match
        select(TS).options(selectinload(TS.steps), joinedload(TS.resolved_by))
        .where(TS.id.in_([m.session_id for m in matches]), TS.account_id == handoff.account_id))}
    pairs = [(m, past[m.session_id]) for m in matches if m.session_id in past]
    # A past session whose fix this one already tried without success is ruled out: listed
    # last, never the likely cause or the confidence's basis, none of its steps suggested.
    failed = [step for step in package["steps"] if step["result"] in FAILED]
    ruled_out = [(m, session) for m, session in pairs if fix_failed_here(session, failed)]
    pairs = [pair for pair in pairs if pair not in ruled_out]
    relevant = [(m, session) for m, session in pairs if m.score >= RELEVANT * pairs[0][0].score]
    tried = [step["tried"] for step in package["steps"]]
    confidence = confidence_of(pairs, history, surface_forms(text))
    result: Assessment = {
        "backend": "retrieval",
        "computed_at": utcnow().isoformat(timespec="seconds") + "Z",
        "history": history,
        "likely_cause": pairs[0][1].resolution if confidence["level"] != "low" else None,
        "suggested_steps": suggestions_from(relevant, tried, package["domain"], summary_terms),
        "confidence": confidence,
        "matches": ([shown_match(m, session) for m, session in pairs]
                    + [shown_match(m, session, ruled_out=True) for m, session in ruled_out])[:SHOWN_MATCHES],
    }
    if fraction(history, THIN_HISTORY) < MEDIUM:  # not even a perfect match could name a cause
        result["note"] = (f"Not enough history yet: {history} resolved "
                          f"session{'' if history == 1 else 's'} in this account to learn from.")
    elif not pairs and ruled_out:
        result["note"] = "The resolved sessions that look like this one were fixed by what was already tried here."
    elif not pairs:
        result["note"] = "No resolved session in this account looks like this one."
    if current_app.config["RF_LLM_BASE_URL"]:
        with_llm(handoff, package, result, tried)
    return result


def with_llm(handoff, package, result, tried):
    """Let the configured LLM reword the assessment from the same evidence; on any failure
    keep the retrieval one and record why.

    The model may be less sure than the evidence, never surer: its level caps the score just
    below the next threshold, and the label follows the capped score. Without a close match
    (low) its answer is kept as its guess only: never the likely cause, never chips. With one,
    the suggestions stay the retrieval's first (they rest on evidence and carry commands),
    followed by the model's own steps that say something else."""
    config = current_app.config
    try:
        answer = ask(config, package, result)
    except LLMError as error:
        log.warning("LLM assessment of handoff %s failed; kept retrieval: %s", handoff.id, error)
        result["fallback"] = f"The language model wasn't used: {error}."
        return
    steps = [step for step in answer["suggested_steps"]
             if not any(overlap(step, done) >= ALREADY_TRIED for done in tried)][:MAX_SUGGESTIONS]
    score = min(result["confidence"]["score"], MODEL_CEILING[answer["confidence"]])
    result["confidence"].update(score=score, level=level_for(score))
    result["backend"] = f"llm:{config['RF_LLM_MODEL']}"
    if result["confidence"]["level"] == "low":
        result.update(likely_cause=None, guess=answer["likely_cause"], guess_steps=steps)
    else:
        evidence = result["suggested_steps"]
        own = [{"tried": step, "command": None, "cause": None} for step in steps
               if not any(overlap(step, suggestion["tried"]) >= ALREADY_TRIED for suggestion in evidence)]
        result.update(likely_cause=answer["likely_cause"], suggested_steps=(evidence + own)[:MAX_SUGGESTIONS])


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
