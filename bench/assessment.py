"""Assessment quality and speed, on SQLite and PostgreSQL.

Quality: the evaluation corpus in ``bench/assessment_corpus.py``: problems in look-alike
groups (the same product with different causes, the same symptom in different products),
three resolved sessions each, written by different techs, all in one account. Each
problem's escalation, written the way juniors write, is escalated and assessed twice:
with its steps, and with none ("summary only": the summary and the reason the escalation
form asks for, as from a junior who logged nothing). So are the escalations whose cause
is in no resolved session (``NO_MATCH``: the right answer is "no close match"). Every
figure is reported for the development half, the held-out half, and the fresh set
(``bench/assessment_fresh.py``: 60 more escalations of the same problems and 20 more with no
match, written afterwards by someone who had not seen the ranking) separately:

- cause@1 / cause@3: a resolved session of the right problem is the first / among the
  first three matches;
- fix@3: one of the problem's fixing steps is among the first three suggestions;
- calibration: per confidence label, how many escalations got it and how many of those
  had the right session first; and the share of no-match escalations labelled "low".

The rankings of both engines are compared escalation by escalation. With ``--llm`` every
escalation is assessed once more through the language-model path, against a local
OpenAI-compatible endpoint that answers from the evidence it is given and always claims
"high" (``EvidenceModel``): the likely causes it names, and the confidence it may not raise.

Speed: the corpus's history copied (with noise words) to 10,000 resolved sessions in one
account, plus another account of noise; the held-out escalations assessed there, timed.

    .venv/bin/python bench/assessment.py                       # both engines, 10,000 sessions
    .venv/bin/python bench/assessment.py --engines sqlite --large 2000 --llm

PostgreSQL: RF_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/rf_bench,
recreated). Results print and go to bench/results/assessment.json.
"""
import argparse
import json
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench.assessment_corpus import NO_MATCH, PROBLEMS  # noqa: E402
from bench.assessment_fresh import FRESH, FRESH_NO_MATCH  # noqa: E402
from bench.common import fresh_database, percentile, save_results  # noqa: E402
from rf import create_app  # noqa: E402
from rf.assess.engine import assess  # noqa: E402
from rf.assess.index import index_unindexed  # noqa: E402
from rf.core.config import Config  # noqa: E402
from rf.core.extensions import db  # noqa: E402
from rf.core.models import Account, Step, User, utcnow  # noqa: E402
from rf.core.models import TroubleshootingSession as TS  # noqa: E402
from rf.sessions import lifecycle  # noqa: E402

CLIENTS = ["Harbor Dental", "Cedar Law", "Birch & Co", "Maple Street Vet", "Northwind Logistics", "Oakridge Lab",
           "Summit Realty", "Riverside Clinic", "Atlas Freight", "Bluebell School"]
NOISE = ("again today urgent since monday reported by reception after the move for the director "
         "on one pc on several pcs intermittently every morning").split()
SPLITS = ("dev", "held_out", "fresh")
VARIANTS = ("with steps", "summary only")
LEVELS = ("high", "medium", "low")


def add_session(account, user, summary, domain, steps, rng, resolution=None):
    """A session with its steps, resolved with ``resolution`` (its "worked" steps fixed it),
    else active."""
    now = utcnow()
    session = TS(account_id=account.id, owner_id=user.id, ticket_number=str(rng.randint(1000, 99999)),
                 client_name=rng.choice(CLIENTS), summary=summary, domain=domain,
                 status="resolved" if resolution else "active", created_at=now, updated_at=now)
    if resolution:
        session.resolution, session.resolved_at, session.resolved_by_id = resolution, now, user.id
    db.session.add(session)
    db.session.flush()
    for tried, command, output, result in steps:
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=user.id, tried=tried,
                            command=command or None, output=output or None, result=result,
                            fixed_it=bool(resolution) and result == "worked", created_at=now))
    return session


def make_account(name):
    account = Account(name=name)
    db.session.add(account)
    db.session.flush()
    user = User(account_id=account.id, email=f"tech@{name.split()[0].lower()}.test", name=f"{name} tech",
                role="engineer", password_hash="-")
    db.session.add(user)
    db.session.flush()
    return account, user


def history(account, user, copies, rng):
    """The corpus's resolved sessions (with noise words in every copy after the first); returns
    the ids of each problem's sessions."""
    sessions = defaultdict(set)
    for copy in range(copies):
        for problem in PROBLEMS:
            for past in problem["history"]:
                summary = past["summary"] if copy == 0 else f"{past['summary']} {' '.join(rng.sample(NOISE, 3))}"
                session = add_session(account, user, summary, problem["domain"], past["steps"], rng,
                                      resolution=problem["resolution"])
                sessions[problem["id"]].add(session.id)
        db.session.commit()
    return sessions


def fixes_of(problem):
    """The words of every step that fixed one of the problem's resolved sessions."""
    return {tried for past in problem["history"] for tried, _, _, result in past["steps"] if result == "worked"}


def escalations():
    """(problem or None, escalation) for every escalation of the corpus, and of the fresh set
    (``bench/assessment_fresh.py``, written blind after the ranking was tuned: split "fresh")."""
    by_id = {problem["id"]: problem for problem in PROBLEMS}
    fresh = [(problem, escalation | {"split": "fresh", "domain": problem["domain"]})
             for escalation in FRESH for problem in [by_id[escalation["problem"]]]]
    return ([(problem, problem["escalation"] | {"split": problem["split"], "domain": problem["domain"]})
             for problem in PROBLEMS] + [(None, escalation) for escalation in NO_MATCH] + fresh
            + [(None, escalation | {"split": "fresh"}) for escalation in FRESH_NO_MATCH])


def assessed(account, user, escalation, variant, rng):
    """Escalate it, with its steps or without (its summary and the reason the escalation form
    asks for), and assess it: the result and the milliseconds the assessment took."""
    with_steps = variant == "with steps"
    session = add_session(account, user, escalation["summary"], escalation["domain"],
                          escalation["steps"] if with_steps else [], rng)
    db.session.commit()
    handoff = lifecycle.escalate(session, user, escalation["reason"], "high", assess=False)
    db.session.commit()
    started = time.perf_counter()
    result = assess(handoff)
    return result, (time.perf_counter() - started) * 1000


def evaluate(account, user, sessions, rng, splits=SPLITS):
    """Every escalation of ``splits``, both variants: the figures per (split, variant), each
    escalation's ranking (problem ids of its first three matches) and the timings."""
    problem_of = {session_id: problem_id for problem_id, ids in sessions.items() for session_id in ids}
    figures, rankings, timings = {}, {}, []
    for split in splits:
        for variant in VARIANTS:
            counts, labels, right_by_label = Counter(), Counter(), Counter()
            no_match_labels = Counter()
            for problem, escalation in escalations():
                if escalation["split"] != split:
                    continue
                result, took = assessed(account, user, escalation, variant, rng)
                timings.append(took)
                level = result["confidence"]["level"]
                ranked = [problem_of.get(match["session_id"]) for match in result["matches"]]
                rankings[(split, variant, escalation["summary"])] = ranked[:3]
                named = result.get("likely_cause")
                if problem is None:
                    no_match_labels[level] += 1
                    counts["no_match_named"] += bool(named)
                    continue
                counts["matched"] += 1
                counts["named_right"] += named == problem["resolution"]
                counts["named_wrong"] += bool(named) and named != problem["resolution"]
                right = ranked[:1] == [problem["id"]]
                counts["cause@1"] += right
                counts["cause@3"] += problem["id"] in ranked[:3]
                counts["fix@3"] += bool(fixes_of(problem) & {s["tried"] for s in result["suggested_steps"][:3]})
                labels[level] += 1
                right_by_label[level] += right
            matched, no_match = counts["matched"], sum(no_match_labels.values())
            figures[f"{split} / {variant}"] = {
                "escalations": matched, "no_match_escalations": no_match,
                **{name: round(counts[name] / matched, 3) if matched else None
                   for name in ("cause@1", "cause@3", "fix@3")},
                "calibration": {level: {"n": labels[level], "right_first": right_by_label[level],
                                        "share_right": round(right_by_label[level] / labels[level], 3)
                                        if labels[level] else None} for level in LEVELS},
                "matched_low_share": round(labels["low"] / matched, 3) if matched else None,
                "no_match_labels": dict(no_match_labels),
                "no_match_low_share": round(no_match_labels["low"] / no_match, 3) if no_match else None,
                # The likely cause the context names: the right one, a wrong one, one where none exists.
                "cause_named_right": round(counts["named_right"] / matched, 3) if matched else None,
                "cause_named_wrong": round(counts["named_wrong"] / matched, 3) if matched else None,
                "no_match_cause_named": counts["no_match_named"],
            }
    return figures, rankings, timings


class EvidenceModel(ThreadingHTTPServer):
    """A local OpenAI-compatible endpoint standing in for a model that answers from the evidence
    it is given, and is always sure of itself: its likely cause is the fix of the first similar
    session the prompt doesn't mark as ruled out, its step that fix's last sentence, its
    confidence "high". What the assessment makes of it shows that a model can reword the
    evidence but never raise the confidence above it."""
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), EvidenceModelHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/v1"


class EvidenceModelHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        evidence = [line.split(" → fixed by: ", 1)[1] for line in body["messages"][1]["content"].splitlines()
                    if " → fixed by: " in line and "already tried here" not in line]
        cause = evidence[0] if evidence else "Not clear from what was tried so far."
        answer = {"likely_cause": cause, "suggested_steps": [cause.rstrip(".").split(". ")[-1]] if evidence else [],
                  "confidence": "high"}
        reply = json.dumps({"choices": [{"message": {"role": "assistant", "content": json.dumps(answer)}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


def timing(values):
    return {"ms_p50": round(percentile(values, 0.5), 1), "ms_p95": round(percentile(values, 0.95), 1),
            "ms_max": round(max(values), 1)}


def bench_engine(engine_name, large, with_llm):
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as workdir:
        url = fresh_database(engine_name, workdir)
        app = create_app(Config(workdir, {"RF_DATABASE_URL": url, "RF_SECRET_KEY": "bench-secret-key-0123456789"}))
        with app.app_context():
            upgrade()
            small, small_user = make_account("Eval MSP")
            sessions = history(small, small_user, 1, rng)
            index_unindexed(small.id)
            resolved = sum(len(ids) for ids in sessions.values())
            figures, rankings, small_timings = evaluate(small, small_user, sessions, rng)
            llm_figures = None
            if with_llm:
                model = EvidenceModel()
                threading.Thread(target=model.serve_forever, daemon=True).start()
                app.config.update(RF_LLM_BASE_URL=model.url, RF_LLM_MODEL="evidence-echo")
                llm_figures, _, _ = evaluate(small, small_user, sessions, rng)
                app.config.update(RF_LLM_BASE_URL=None)
                model.shutdown()

            noise, noise_user = make_account("Noise MSP")
            history(noise, noise_user, 5, rng)
            big, big_user = make_account("Big MSP")
            copies = max(1, -(-large // resolved))  # at least ``large``
            started = time.perf_counter()
            big_sessions = history(big, big_user, copies, rng)
            index_unindexed(big.id)
            index_unindexed(noise.id)
            if engine_name == "postgresql":  # as autovacuum would after a bulk load
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            build_seconds = time.perf_counter() - started
            big_resolved = db.session.query(TS).filter(TS.account_id == big.id, TS.status == "resolved").count()
            big_figures, _, big_timings = evaluate(big, big_user, big_sessions, rng, splits=("held_out",))
            db.engine.dispose()
    return {"engine": engine_name, "resolved_in_eval_account": resolved, "figures": figures,
            "figures_with_llm": llm_figures,
            "rankings": {" | ".join(key): ranked for key, ranked in rankings.items()},
            "timing_at_eval_size": timing(small_timings), "large_account_resolved": big_resolved,
            "large_build_seconds": round(build_seconds, 1), "figures_at_large": big_figures,
            "timing_at_large": timing(big_timings)}


def print_table(results):
    print(f"\n{'engine':<11}{'path':<10}{'half / escalation':<25}{'n':>4}{'cause@1':>8}{'cause@3':>8}{'fix@3':>6}"
          f"{'high (right)':>13}{'medium (right)':>15}{'low (right)':>12}{'none: low':>10}{'named ok/wrong':>15}"
          f"{'none named':>11}")
    for r in results:
        for path, figures in (("retrieval", r["figures"]), ("llm", r.get("figures_with_llm") or {})):
            for name, f in figures.items():
                cells = [f"{f['calibration'][level]['n']} ({f['calibration'][level]['right_first']})"
                         for level in LEVELS]
                none = f"{f['no_match_labels'].get('low', 0)}/{f['no_match_escalations']}"
                named = f"{f['cause_named_right']}/{f['cause_named_wrong']}"
                print(f"{r['engine']:<11}{path:<10}{name:<25}{f['escalations']:>4}{f['cause@1']:>8}{f['cause@3']:>8}"
                      f"{f['fix@3']:>6}{cells[0]:>13}{cells[1]:>15}{cells[2]:>12}{none:>10}{named:>15}"
                      f"{f['no_match_cause_named']:>11}")
    print("cause@k: a resolved session of the right problem among the first k matches; fix@3: one of its fixing steps "
          "among the first 3 suggestions; level (right): escalations given that confidence (of them, the right "
          "session first); none: low: no-match escalations labelled low; named ok/wrong: share of escalations whose "
          "context names the right / a wrong likely cause; none named: no-match escalations given a likely cause")
    print(f"\n{'engine':<11}{'resolved':>9}{'ms p50':>8}{'ms p95':>8}{'large':>8}{'ms p50':>8}{'ms p95':>8}"
          f"{'ms max':>8}")
    for r in results:
        small, big = r["timing_at_eval_size"], r["timing_at_large"]
        print(f"{r['engine']:<11}{r['resolved_in_eval_account']:>9}{small['ms_p50']:>8}{small['ms_p95']:>8}"
              f"{r['large_account_resolved']:>8}{big['ms_p50']:>8}{big['ms_p95']:>8}{big['ms_max']:>8}")
    if len(results) == 2:
        differing = [key for key, ranked in results[0]["rankings"].items() if results[1]["rankings"].get(key) != ranked]
        print(f"\nrankings identical on both engines: {not differing} ({len(differing)} of "
              f"{len(results[0]['rankings'])} escalations differ{': ' + differing[0] if differing else ''})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--large", type=int, default=10_000, help="resolved sessions in the large account")
    parser.add_argument("--llm", action="store_true", help="also through the language-model path (EvidenceModel)")
    args = parser.parse_args()
    results = []
    for engine_name in args.engines:
        results.append(bench_engine(engine_name, args.large, args.llm))
        print(json.dumps({key: value for key, value in results[-1].items() if key != "rankings"}), flush=True)
    print_table(results)
    save_results("assessment", args, results)


if __name__ == "__main__":
    main()
