"""Cost of the rule stage against the number of rules (the compiled scan beside rule-by-rule)
and against the length of the text.

Run with ``pytest --benchmark-only tests/benchmarks/test_rule_count.py -s``. For 10, 100 and 1,000
synthetic rules (half phrase rules, half patterns, half of those anchored at the block's first
word, all with ``max_words`` like most furniture rules), it times the compiled rule stage
over the same pages, then rule-by-rule application in the same run, and prints MB/s for both and
the time the rule list takes to compile. The words of the rules are drawn from the pages, so that
rules do match. The rules are written to a YAML file and loaded, as users' rules are. Then the
shipped rules run over the same pages joined 1, 4 and 16 at a time: the MB/s should not fall.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from cleaner import Cleaner
from cleaner.rules.compile import compile_rules
from cleaner.rules.match import apply_rules
from cleaner.rules.ruleset import Rule, load_rule_file
from cleaner.text.blocks import segment
from cleaner.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent.parent
DEV = ROOT.parent / "shared" / "dev"
# Dev pages cleaned per round (rule-by-rule with 1,000 rules takes about 10 s on them).
PAGES = 40
LINES: dict[int, str] = {}
LENGTHS: dict[int, str] = {}


def _pages() -> list[str]:
    paths = sorted(p for p in DEV.glob("*.txt") if not p.name.endswith(".gold.txt"))[:PAGES]
    if not paths:
        paths = sorted(p for p in (ROOT / "corpus").rglob("*.txt") if not p.name.endswith(".expected.txt"))
    return [normalize(p.read_text(encoding="utf-8")) for p in paths]


def synthetic_rules(count: int, words: list[str], directory: Path) -> tuple[Rule, ...]:
    """``count`` rules over ``words``, written as one pack and loaded."""
    pick = random.Random(count)
    rules = []
    for number in range(count):
        first, second = pick.sample(words, 2)
        rule: dict[str, object] = {"id": f"r{number}", "description": "synthetic", "action": "drop",
                                   "max_words": 30, "examples": [{"unchanged": "Nothing to see."}]}
        if number % 2:
            rule["phrases"] = [f"{first} {second}"]
        elif number % 4 == 0:
            rule["pattern"] = rf"(?i)^\W*{first}\W+{second}\b"
        else:
            rule["pattern"] = rf"(?i)\b{first}\s+\w+\s+{second}\b"
        rules.append(rule)
    path = directory / f"synthetic-{count}.yaml"
    path.write_text(yaml.safe_dump({"pack": f"synthetic-{count}", "rules": rules}), encoding="utf-8")
    return load_rule_file(path).rules


@pytest.fixture(scope="module")
def pages() -> list[str]:
    return _pages()


@pytest.fixture(scope="module", autouse=True)
def summary() -> object:
    yield
    print("\nrules   compile   compiled scan   rule by rule   (same pages, same run)")
    for count, line in sorted(LINES.items()):
        print(f"{count:>5}   {line}")
    print("shipped rules, the same text in longer pages:")
    for _, line in sorted(LENGTHS.items()):
        print(f"  {line}")


@pytest.mark.parametrize("count", [10, 100, 1000])
def test_rule_stage_against_rule_count(benchmark, pages: list[str], count: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    common = Counter(word.lower() for page in pages for word in page.split() if word.isalpha() and len(word) > 3)
    rules = synthetic_rules(count, [word for word, _ in common.most_common(400)], tmp_path)
    blocks = [segment(page) for page in pages]
    megabytes = sum(len(page.encode("utf-8")) for page in pages) / 1e6
    start = time.perf_counter()
    compile_rules(rules)
    compile_ms = (time.perf_counter() - start) * 1000
    benchmark.pedantic(lambda: [apply_rules(b, rules) for b in blocks], rounds=3, iterations=1)
    start = time.perf_counter()
    by_rule = [apply_rules(b, rules, prefilter=False) for b in blocks]
    rule_by_rule = time.perf_counter() - start
    assert [v for v, _, _ in by_rule] == [apply_rules(b, rules)[0] for b in blocks]
    compiled = megabytes / benchmark.stats.stats.min
    benchmark.extra_info.update(compile_ms=round(compile_ms, 1), compiled_mb_s=round(compiled, 2),
                                rule_by_rule_mb_s=round(megabytes / rule_by_rule, 3))
    LINES[count] = f"{compile_ms:5.0f} ms   {compiled:8.2f} MB/s   {megabytes / rule_by_rule:9.3f} MB/s"


@pytest.mark.parametrize("times", [1, 4, 16])
def test_rule_stage_against_text_length(benchmark, pages: list[str], times: int) -> None:  # type: ignore[no-untyped-def]
    """The same pages joined into longer ones: the rule stage's MB/s should stay flat."""
    rules = tuple(Cleaner().ruleset.rules_for(None))
    joined = ["\n\n".join(pages[i:i + times]) for i in range(0, len(pages), times)]
    blocks = [segment(page) for page in joined]
    megabytes = sum(len(page.encode("utf-8")) for page in joined) / 1e6
    benchmark.pedantic(lambda: [apply_rules(b, rules) for b in blocks], rounds=3, iterations=1)
    rate = megabytes / benchmark.stats.stats.min
    benchmark.extra_info["mb_s"] = round(rate, 2)
    LENGTHS[times] = f"pages of {times:>2} dev pages joined: {rate:6.2f} MB/s"
