"""Assessment quality and speed, on SQLite and PostgreSQL.

Quality: the evaluation set in ``bench/assessment_data.py`` — 30 problem families (three
resolved phrasings each) plus 15 distractors make 105 resolved sessions in one account; the
fourth phrasing of each family is escalated (with the steps a junior would try first) and
assessed. Reported: top-1 / top-3 hit rate of the likely cause (a top match from the right
family) and of the suggested steps (the family's known fix among the first 1 / 3).

Speed: 10,000 resolved sessions in one account (plus another account of noise), indexed by
the app's own code; then the same 30 escalations assessed there, timed.

    .venv/bin/python bench/assessment.py                       # both engines, 10,000 sessions
    .venv/bin/python bench/assessment.py --engines sqlite --large 2000

PostgreSQL: RF_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/rf_bench,
recreated). Results print and go to bench/results/assessment.json.
"""
import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench.assessment_data import DISTRACTORS, FAMILIES  # noqa: E402
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


def add_session(account, user, summary, domain, tried, fix, resolution, rng, status="resolved"):
    now = utcnow()
    session = TS(account_id=account.id, owner_id=user.id, ticket_number=str(rng.randint(1000, 99999)),
                 client_name=rng.choice(CLIENTS), summary=summary, domain=domain, status=status,
                 created_at=now, updated_at=now)
    if status == "resolved":
        session.resolution, session.resolved_at, session.resolved_by_id = resolution, now, user.id
    db.session.add(session)
    db.session.flush()
    for attempt in tried:
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=user.id, tried=attempt,
                            result="didnt_work", created_at=now))
    if fix:
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=user.id, tried=fix,
                            result="worked", fixed_it=True, created_at=now))
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
    """Resolved sessions: each family's three phrasings (with noise when copied many times)."""
    for copy in range(copies):
        for domain, resolution, fix, phrasings, tried in FAMILIES:
            for phrasing in phrasings[:3]:
                summary = phrasing if copy == 0 else f"{phrasing} {' '.join(rng.sample(NOISE, 3))}"
                add_session(account, user, summary, domain, tried, fix, resolution, rng)
        for domain, fix, summary, resolution in DISTRACTORS:
            add_session(account, user, summary if copy == 0 else f"{summary} {rng.choice(NOISE)}",
                        domain, [], fix, resolution, rng)
        if copy % 10 == 9:
            db.session.commit()
    db.session.commit()


def evaluate(account, user, rng, with_steps=True):
    """Escalate each family's held-out phrasing and assess it; hit rates and timings. Without
    steps the escalation has only its summary to go on (the harder case)."""
    hits = {"cause_top1": 0, "cause_top3": 0, "steps_top1": 0, "steps_top3": 0}
    timings = []
    for domain, resolution, fix, phrasings, tried in FAMILIES:
        session = add_session(account, user, phrasings[3], domain, tried if with_steps else [], None, None, rng,
                              status="active")
        db.session.commit()
        handoff = lifecycle.escalate(session, user, "Tried the usual, still failing", "high", assess=False)
        db.session.commit()
        started = time.perf_counter()
        result = assess(handoff)
        timings.append((time.perf_counter() - started) * 1000)
        causes = [match["resolution"] for match in result["matches"]]
        hits["cause_top1"] += causes[:1] == [resolution]
        hits["cause_top3"] += resolution in causes[:3]
        hits["steps_top1"] += result["suggested_steps"][:1] == [fix]
        hits["steps_top3"] += fix in result["suggested_steps"][:3]
    total = len(FAMILIES)
    return ({name: round(count / total, 3) for name, count in hits.items()},
            {"ms_p50": round(percentile(timings, 0.5), 1), "ms_p95": round(percentile(timings, 0.95), 1),
             "ms_max": round(max(timings), 1)})


def bench_engine(engine_name, large):
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as workdir:
        url = fresh_database(engine_name, workdir)
        app = create_app(Config(workdir, {"RF_DATABASE_URL": url, "RF_SECRET_KEY": "bench-secret-key-0123456789"}))
        with app.app_context():
            upgrade()
            small, small_user = make_account("Eval MSP")
            history(small, small_user, 1, rng)
            index_unindexed(small.id)
            resolved = len(FAMILIES) * 3 + len(DISTRACTORS)
            quality, small_timing = evaluate(small, small_user, rng)
            summary_only, _ = evaluate(small, small_user, rng, with_steps=False)

            noise, noise_user = make_account("Noise MSP")
            history(noise, noise_user, 10, rng)
            big, big_user = make_account("Big MSP")
            copies = max(1, -(-large // resolved))  # at least ``large``
            started = time.perf_counter()
            history(big, big_user, copies, rng)
            index_unindexed(big.id)
            index_unindexed(noise.id)
            if engine_name == "postgresql":  # as autovacuum would after a bulk load
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            build_seconds = time.perf_counter() - started
            big_resolved = db.session.query(TS).filter(TS.account_id == big.id, TS.status == "resolved").count()
            big_quality, big_timing = evaluate(big, big_user, rng)
            db.engine.dispose()
    return {"engine": engine_name, "resolved_in_eval_account": resolved, "quality": quality,
            "quality_summary_only": summary_only,
            "timing_at_eval_size": small_timing, "large_account_resolved": big_resolved,
            "large_build_seconds": round(build_seconds, 1), "quality_at_large": big_quality,
            "timing_at_large": big_timing}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--large", type=int, default=10_000, help="resolved sessions in the large account")
    args = parser.parse_args()
    results = []
    for engine_name in args.engines:
        results.append(bench_engine(engine_name, args.large))
        print(json.dumps(results[-1]), flush=True)
    print(f"\n{'engine':<11}{'escalation':<14}{'history':>8}{'cause@1':>9}{'cause@3':>9}{'steps@1':>9}"
          f"{'steps@3':>9}{'ms p50':>8}{'large':>8}{'ms p50':>8}{'ms p95':>8}{'ms max':>8}")
    for r in results:
        t = r["timing_at_large"]
        for label, q in (("with steps", r["quality"]), ("summary only", r["quality_summary_only"])):
            print(f"{r['engine']:<11}{label:<14}{r['resolved_in_eval_account']:>8}{q['cause_top1']:>9}"
                  f"{q['cause_top3']:>9}{q['steps_top1']:>9}{q['steps_top3']:>9}{r['timing_at_eval_size']['ms_p50']:>8}"
                  f"{r['large_account_resolved']:>8}{t['ms_p50']:>8}{t['ms_p95']:>8}{t['ms_max']:>8}")
    print("cause@k: a top-k match comes from the held-out problem's family; steps@k: its known fix is "
          "among the first k suggestions; ms: one assessment (ranking, suggestions, confidence)")
    save_results("assessment", args, results)


if __name__ == "__main__":
    main()
