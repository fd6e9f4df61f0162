"""Helpers shared by the benchmarks."""
import json
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[round(fraction * (len(ordered) - 1))] if ordered else None


def fresh_database(engine_name, workdir, suffix=""):
    """An empty database: a file under ``workdir``, or RF_BENCH_DATABASE_URL (default
    postgresql://postgres@127.0.0.1:5432/rf_bench) dropped and created again; ``suffix``
    names a second one beside it (rf_bench_baseline)."""
    if engine_name == "sqlite":
        return f"sqlite:///{workdir}/bench{suffix}.sqlite3"
    url = make_url(os.environ.get("RF_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/rf_bench"))
    url = url.set(database=url.database + suffix)
    parsed = url.set(drivername="postgresql+psycopg2")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


@contextmanager
def worktree(revision, workdir):
    """A checkout of an earlier commit under ``workdir`` (a git worktree), removed after."""
    root = Path(__file__).resolve().parent.parent
    path = Path(workdir) / f"rf-{revision}"
    subprocess.run(["git", "worktree", "add", "--detach", str(path), revision], cwd=root, check=True,
                   capture_output=True)
    try:
        yield path
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=root, capture_output=True)


def save_results(name, args, results):
    """Write ``bench/results/<name>.json`` and say where."""
    out = Path(__file__).resolve().parent / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"args": vars(args), "results": results}, indent=2) + "\n")
    print(f"\nsaved {out}")
