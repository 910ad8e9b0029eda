"""How `cleaner batch` scales with worker processes: one JSONL, cleaned with each ``--jobs``.

Not a test (its name keeps pytest away): a measurement to run on a machine with many cores::

    python tests/benchmarks/batch_scaling.py ../shared/dev --repeat 8 --jobs 1 2 4 8 16

It writes every page of the directory (``*.txt`` by default, gold files left out) ``--repeat``
times into one JSONL, runs ``python -m cleaner batch`` on it with each ``--jobs``, and prints wall
seconds, records per second and the speedup over the first ``--jobs`` given. Every run must
write the same output as the first, or the script stops with an error.
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


def run(records: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cleaner", "batch", str(records), str(out), "--jobs", str(jobs), "--quiet"],
                   check=True)
    return time.perf_counter() - start


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
        print(f"{'jobs':>4} {'seconds':>8} {'records/s':>10} {'speedup':>8}")
        first_seconds = first_digest = None
        for jobs in args.jobs:
            out = Path(tmp) / f"out-{jobs}.jsonl"
            seconds = run(records, out, jobs)
            digest = hashlib.sha256(out.read_bytes()).hexdigest()
            if first_digest is None:
                first_seconds, first_digest = seconds, digest
            elif digest != first_digest:
                raise SystemExit(f"--jobs {jobs} wrote different output from --jobs {args.jobs[0]}")
            print(f"{jobs:>4} {seconds:>8.2f} {count / seconds:>10.0f} {first_seconds / seconds:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
