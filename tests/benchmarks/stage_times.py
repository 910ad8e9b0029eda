"""Where `Cleaner.clean` spends its time: CPU seconds per stage over a directory of pages.

Not a test (its name keeps pytest away): a measurement, run as::

    python tests/benchmarks/stage_times.py ../shared/dev --glob '*.txt'

Each stage function is timed where the engine calls it (normalize, segment, rules, heuristics,
render), in the first pass and in the settle pass together; the settle pass is also timed as a
whole, and the rule stage's prefilter (the candidates each rule meets) on its own, inside it.
The cleaner is warmed up on ``corpus/``, not on the pages measured: a page cleaned before leaves
its blocks in the memos (``cleaner.text.blocks``, the first pass, the prefilter), and a second
round over the same pages would time those hits, not a first reading. ``--rounds`` above 1 prints
the best round all the same (from the second on, faster by those memos).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cleaner import decide, engine
from cleaner.heuristics import classify
from cleaner.rules.compile import CompiledRules

STAGES = {"normalize": "normalize", "segment": "segment", "cut": "segment", "apply_rules": "rules",
          "page_language": "language", "measure": "heuristics: first pass (inside)",
          "classify": "heuristics", "rendered": "render", "render_body": "render",
          "settle": "settle pass (all of it)"}
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def timed(function: Callable[..., Any], stage: str, spent: dict[str, float]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.process_time() - start
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("--glob", default="*.txt")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    pages = [p.read_text(encoding="utf-8") for p in sorted(args.pages.glob(args.glob))
             if not p.name.endswith((".gold.txt", ".expected.txt")) and p.name != "README.md"]
    spent: dict[str, float] = {}
    # Each stage is timed where the engine and the decision stage call it.
    for module in (engine, decide, classify):
        for name, stage in STAGES.items():
            if hasattr(module, name):
                setattr(module, name, timed(getattr(module, name), stage, spent))
    CompiledRules.candidates = timed(CompiledRules.candidates, "rules: prefilter (inside)", spent)  # type: ignore[method-assign]
    cleaner = engine.Cleaner()
    for path in sorted(CORPUS.glob("*/*.md")):
        cleaner.clean(path.read_text(encoding="utf-8"))
    best: tuple[float, dict[str, float]] | None = None
    for _ in range(args.rounds):
        spent.clear()
        start = time.process_time()
        for page in pages:
            cleaner.clean(page)
        total = time.process_time() - start
        if best is None or total < best[0]:
            best = (total, dict(spent))
    assert best is not None
    total, stages = best
    print(f"{len(pages)} pages, {total:.3f} CPU s, {len(pages) / total:.0f} pages/s")
    for stage, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        print(f"  {stage:24s} {seconds:7.3f} s  {100 * seconds / total:5.1f} %")
    # The settle pass and the prefilter are timed inside other stages as well.
    other = total - sum(seconds for stage, seconds in stages.items() if "settle" not in stage and "inside" not in stage)
    print(f"  {'other (decisions, ...)':24s} {other:7.3f} s")


if __name__ == "__main__":
    main()
