"""How `cleaner batch` scales with worker processes: one JSONL, cleaned with each ``--jobs``.

Not a test (its name keeps pytest away): a measurement to run on a machine with many cores::

    python tests/benchmarks/batch_scaling.py ../shared/dev --repeat 8 --jobs 1 2 4 8 16

It writes every page of the directory (``*.txt`` by default, gold files left out) ``--repeat``
times into one JSONL, runs ``python -m cleaner batch`` on it with each ``--jobs``, and prints wall
seconds, records per second and the speedup over the first ``--jobs`` given, and the CPU seconds
of the batch's parent process beside those of its workers (what the parent spends reading,
handing out and writing records is what bounds the scaling). Every run must write the same
output as the first, or the script stops with an error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_records(pages: Path, pattern: str, repeat: int, path: Path) -> int:
    files = sorted(p for p in pages.glob(pattern) if not p.name.endswith(".gold.txt"))
    if not files:
        raise SystemExit(f"no pages matching {pattern} in {pages}")
    with path.open("w", encoding="utf-8") as out:
        for round_ in range(repeat):
            for file in files:
                record = {"id": f"{file.stem}-{round_}", "text": file.read_text(encoding="utf-8")}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(files) * repeat


# Runs one batch in a process of its own and prints its CPU seconds and its workers'.
_BATCH = """
import resource, sys
from cleaner.tools.cli import main
code = main(["batch", *sys.argv[1:]])
mine, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(mine.ru_utime + mine.ru_stime, workers.ru_utime + workers.ru_stime)
sys.exit(code)
"""


def run(records: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Wall seconds, the parent's CPU seconds and the workers' CPU seconds of one batch."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _BATCH, str(records), str(out), "--jobs", str(jobs), "--quiet"],
                          check=True, capture_output=True, text=True)
    parent, workers = map(float, done.stdout.split())
    return time.perf_counter() - start, parent, workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path, help="directory of pages")
    parser.add_argument("--glob", default="*.txt", help="which pages (default: *.txt)")
    parser.add_argument("--repeat", type=int, default=4, help="times each page is written (default: 4)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2, os.cpu_count() or 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "in.jsonl"
        count = write_records(args.pages, args.glob, args.repeat, records)
        print(f"{count} records, {records.stat().st_size / 1e6:.1f} MB, {os.cpu_count()} cores")
        print(f"{'jobs':>4} {'seconds':>8} {'records/s':>10} {'speedup':>8} {'parent CPU s':>13} {'workers CPU s':>14}")
        first_seconds = first_digest = None
        for jobs in args.jobs:
            out = Path(tmp) / f"out-{jobs}.jsonl"
            seconds, parent, workers = run(records, out, jobs)
            digest = hashlib.sha256(out.read_bytes()).hexdigest()
            if first_digest is None:
                first_seconds, first_digest = seconds, digest
            elif digest != first_digest:
                raise SystemExit(f"--jobs {jobs} wrote different output from --jobs {args.jobs[0]}")
            print(f"{jobs:>4} {seconds:>8.2f} {count / seconds:>10.0f} {first_seconds / seconds:>8.2f} {parent:>13.2f}"
                  f" {workers:>14.2f}", flush=True)


if __name__ == "__main__":
    main()
