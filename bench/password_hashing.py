"""How long one login's password check holds a gevent worker's event loop.

Argon2 is CPU-bound and runs in C, so under gevent it blocks the worker it runs in; this
prints the cost of our parameters (OWASP's Argon2id m=19 MiB, t=2, p=1) beside argon2-cffi's
own defaults (RFC 9106 low-memory) and Werkzeug's scrypt default, and saves the figures.

    .venv/bin/python bench/password_hashing.py
"""
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

from argon2 import PasswordHasher
from werkzeug.security import check_password_hash, generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from rf.auth.passwords import hash_password, verify_password  # noqa: E402

ROUNDS = 20
PASSWORD = "correct horse battery staple"


def timed(fn):
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 1), "max_ms": round(samples[-1], 1)}


def main():
    ours = hash_password(PASSWORD)
    default_argon = PasswordHasher()
    default_hash = default_argon.hash(PASSWORD)
    scrypt_hash = generate_password_hash(PASSWORD)
    results = {
        "argon2id m=19MiB t=2 p=1 (ours) verify": timed(lambda: verify_password(ours, PASSWORD)),
        "argon2id m=64MiB t=3 p=4 (argon2-cffi default) verify": timed(
            lambda: default_argon.verify(default_hash, PASSWORD)),
        "scrypt n=2^15 r=8 p=1 (werkzeug default) verify": timed(lambda: check_password_hash(scrypt_hash, PASSWORD)),
        "sha256 (unsafe, for scale)": timed(lambda: hashlib.sha256(PASSWORD.encode()).hexdigest()),
    }
    width = max(map(len, results))
    lines = [f"{name:<{width}}  median {r['median_ms']:>7} ms  max {r['max_ms']:>7} ms" for name, r in results.items()]
    print("\n".join(lines))
    out = Path(__file__).parent / "results" / "password_hashing.json"
    out.write_text(json.dumps({"rounds": ROUNDS, "results": results}, indent=2) + "\n")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
