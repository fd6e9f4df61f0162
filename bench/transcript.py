"""How long parsing a pasted transcript takes (the target: a 5,000-line paste in under
100 ms), for a PowerShell, a bash and a Cisco paste of 5,000 and 20,000 lines, each with a
command every 25 lines, colour codes and CRLF line ends.

    .venv/bin/python bench/transcript.py

Results print and go to bench/results/transcript.json.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, save_results  # noqa: E402
from rf.sessions.transcript import parse_transcript  # noqa: E402

PROMPTS = {"powershell": "PS C:\\Users\\tech> ", "bash": "tech@web01:~$ ", "cisco": "SW-CORE-01#"}
COMMANDS = {"powershell": "Get-EventLog -LogName System -Newest 24", "bash": "journalctl -u nginx -n 24",
            "cisco": "show interfaces status"}


def paste(shell, lines):
    out, block = [], 25
    for n in range(lines // block):
        out.append(PROMPTS[shell] + COMMANDS[shell] + f" # {n}")
        out += [f"\x1b[32m{n:05d}\x1b[0m  2026-12-06 09:{n % 60:02d}  Service Control Manager  7036  The service "
                f"entered the running state. line {k}" for k in range(block - 1)]
    return "\r\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    results = {}
    for shell in PROMPTS:
        for lines in (5_000, 20_000):
            text = paste(shell, lines)
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                steps = parse_transcript(text).steps
                timings.append((time.perf_counter() - start) * 1000)
            results[f"{shell}_{lines}"] = {"steps": len(steps), "ms_p50": round(percentile(timings, 0.5), 1),
                                           "ms_max": round(max(timings), 1)}
            print(f"{shell:10} {lines:6} lines  {len(steps):4} steps  p50 {results[f'{shell}_{lines}']['ms_p50']:6} ms"
                  f"  max {results[f'{shell}_{lines}']['ms_max']:6} ms")
    save_results("transcript", args, results)


if __name__ == "__main__":
    main()
