"""Score cleaned pages against gold article bodies: the ``cleaner eval`` command.

One job: evaluation, with the metric of :mod:`cleaner.tools.metric`.

Two layouts are read: a dev directory (``manifest.jsonl`` rows with ``id``, ``dataset``, ``url``,
``domain``; ``ID.md``, ``ID.txt``, ``ID.html`` beside ``ID.gold.txt``) and the project's
``corpus/`` (rows with ``path`` and ``url``; the gold is ``NAME.expected.txt``; the page is read
from its own file whatever ``--input`` says).

HTML runs also clean each page's output again, as text with the same settings, and report the
pages it changes (``unchanged_again``: the share left as it is; a cleaner's output is clean text,
and cleaning clean text must not change it). Cheap: text is cleaned far faster than HTML.

``--clean-input`` cleans each page's gold body itself (text with no furniture at all): a cleaner
must leave an article alone, so the run reports the mean share of the gold's words kept and the
pages that lose more than a fifth of them, besides the usual scores.

Floors pin precision, recall and F1 per input kind (``md``, ``txt``, ``md-batch`` ...) together
with the sha256 of the data they were measured on, so that a drop fails the check and a change of
data is noticed instead of compared against numbers from other pages. The ``clean-input`` floors
pin the mean share of words kept (``kept``) and the most pages allowed to lose more than a fifth
(``max_losing``); HTML floors may pin ``unchanged_again``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cleaner.heuristics.confidence import Favor
from cleaner.rules.ruleset import host_of
from cleaner.tools.common import add_jobs_option
from cleaner.tools.metric import (
    EvalError,
    Page,
    PageScore,
    Passthrough,
    Summary,
    passthrough,
    score_page,
    summarize,
)

__all__ = [
    "load_pages", "evaluate", "score_page", "check_floors", "floors_from", "Page", "Report", "EvalError",
    "add_command",
]

INPUTS = ("md", "txt", "html")
# The input kind of a run that cleans the gold bodies themselves.
CLEAN_INPUT = "clean-input"
# Subtracted from measured figures when floors are written, so that noise-level changes of the
# heuristics do not fail the check; lowering a floor further is a deliberate edit of the file.
FLOOR_MARGIN = 0.005
FLOOR_FIGURES = ("precision", "recall", "f1")
# Subtracted from the measured share of words kept when the clean-input floor is written.
KEPT_MARGIN = 0.001
# Pages handed to a worker process at a time when --jobs > 1 (amortizes the pickling).
PAGES_PER_TASK = 8

def _manifest(directory: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    manifest = directory / "manifest.jsonl"
    if not manifest.is_file():
        raise EvalError(f"{directory}: no manifest.jsonl (expected one JSON object per page)")
    with open(manifest, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise EvalError(f"{manifest}:{number}: not JSON ({error.msg})") from None
            if not isinstance(row, dict) or not ("id" in row or "path" in row):
                raise EvalError(f"{manifest}:{number}: a row needs 'id' (dev layout) or 'path' (corpus layout)")
            yield number, row


def load_pages(directory: str | Path, input_kind: str = "md") -> list[Page]:
    """The pages listed in ``directory/manifest.jsonl``, in manifest order.

    >>> pages = load_pages("corpus")
    >>> pages[0].gold.name, pages[0].dataset
    ('seed-airstrike-diplomacy.expected.txt', 'globalresearch')
    """
    if input_kind not in INPUTS:
        raise EvalError(f"input must be one of {', '.join(INPUTS)}, not {input_kind!r}")
    root = Path(directory)
    pages = []
    for _, row in _manifest(root):
        url = row.get("url") or None
        if "path" in row:
            path = root / str(row["path"])
            gold = path.with_name(path.name.rsplit(".", 1)[0] + ".expected.txt")
            name, dataset = str(row["path"]).rsplit(".", 1)[0], path.parent.name
        else:
            name, dataset = str(row["id"]), str(row.get("dataset") or root.name)
            path, gold = root / f"{name}.{input_kind}", root / f"{name}.gold.txt"
        domain = str(row.get("domain") or (host_of(url) if url else dataset))
        pages.append(Page(name, dataset, domain, url, path, gold))
    return pages


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


_WORKER: Any = None


def _start_worker(rules: Sequence[str], favor: Favor = "balanced") -> None:
    global _WORKER
    from cleaner.engine import Cleaner, Settings

    _WORKER = Cleaner(rules=rules, settings=Settings(favor=favor))


def _clean_group(records: list[dict[str, Any]], batch: bool, explain: bool,
                 again: bool = False) -> list[tuple[str, float, str, str, bool]]:
    """Clean pages in the worker's cleaner: (output, seconds, explanation, error, changed) per
    page; ``changed``: with ``again``, cleaning the output once more as text changes it."""
    out = []
    if batch:
        started = time.perf_counter()
        try:
            for result in _WORKER.clean_many(records):
                now = time.perf_counter()
                out.append((result.text, now - started, result.explain() if explain else "", "", False))
                started = now
        except Exception as error:  # a page that raises is scored as empty and reported
            out += [("", 0.0, "", f"{type(error).__name__}: {error}", False)] * (len(records) - len(out))
        return out
    for record in records:
        started = time.perf_counter()
        try:
            result = _WORKER.clean(record["text"], url=record["url"], input=record.get("input"))
            seconds = time.perf_counter() - started
            changed = again and _WORKER.clean(result.text, url=record["url"], input="text").text != result.text
            out.append((result.text, seconds, result.explain() if explain else "", "", changed))
        except Exception as error:  # a page that raises is scored as empty and reported
            out.append(("", time.perf_counter() - started, "", f"{type(error).__name__}: {error}", False))
    return out


@dataclass
class Report:
    """Everything one evaluation run measured."""

    input: str
    batch: bool
    sha256: str
    scores: list[PageScore]
    overall: Summary
    datasets: dict[str, Summary]
    explanations: dict[str, str]
    passthrough: Passthrough | None = None
    # The pages whose output, cleaned again as text, changes (None: not measured).
    changed_again: tuple[str, ...] | None = None

    @property
    def unchanged_again(self) -> float | None:
        """The share of pages whose output, cleaned again as text, stays as it is."""
        if self.changed_again is None:
            return None
        return 1 - len(self.changed_again) / len(self.scores) if self.scores else 1.0

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict, page scores included."""
        again = {} if self.changed_again is None else {
            "unchanged_again": self.unchanged_again, "changed_again": list(self.changed_again)}
        return {"input": self.input, "batch": self.batch, "sha256": self.sha256,
                "overall": asdict(self.overall), "datasets": {k: asdict(v) for k, v in self.datasets.items()},
                "pages": [asdict(s) for s in self.scores],
                **({"passthrough": asdict(self.passthrough)} if self.passthrough else {}), **again}


def _groups(pages: Sequence[Page], batch: bool) -> list[list[int]]:
    """Indexes of pages cleaned together: a host group each in batch mode, else small chunks."""
    if not batch:
        return [list(range(i, min(i + PAGES_PER_TASK, len(pages)))) for i in range(0, len(pages), PAGES_PER_TASK)]
    by_domain: dict[str, list[int]] = {}
    for index, page in enumerate(pages):
        by_domain.setdefault(page.domain, []).append(index)
    return list(by_domain.values())


def evaluate(directory: str | Path, input_kind: str = "md", *, rules: Sequence[str] = (), batch: bool = False,
             jobs: int = 1, explain: bool = False, clean_input: bool = False, favor: Favor = "balanced") -> Report:
    """Clean and score every page of ``directory``; ``batch`` cleans each domain's pages together
    with :meth:`~cleaner.engine.Cleaner.clean_many`; ``jobs`` > 1 uses that many processes;
    ``clean_input`` cleans each page's gold body instead of the page (as plain text); ``favor`` is
    the cleaner's (:class:`~cleaner.engine.Settings`)."""
    pages = load_pages(directory, input_kind)
    if not pages:
        raise EvalError(f"{directory}: the manifest lists no pages")
    digest = hashlib.sha256()
    texts, golds = [], []
    for page in pages:
        gold = _read(page.gold)
        text = gold if clean_input else _read(page.path)
        for part in (page.id, text, gold):
            digest.update(part.encode("utf-8") + b"\0")
        texts.append(text)
        golds.append(gold)
    groups = _groups(pages, batch)
    again = input_kind == "html" and not clean_input and not batch
    # A page listed without its URL is still known by its domain: batch mode groups it with its
    # site's other pages by that.
    tasks = [[{"text": texts[i], "url": pages[i].url, "host": pages[i].domain or None, "id": pages[i].id,
               "input": "text" if clean_input else None} for i in group] for group in groups]
    if jobs > 1:
        started = time.perf_counter()
        with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(list(rules), favor)) as pool:
            done = list(pool.map(_clean_group, tasks, [batch] * len(tasks), [explain] * len(tasks),
                                 [again] * len(tasks)))
    else:
        _start_worker(list(rules), favor)
        started = time.perf_counter()
        done = [_clean_group(task, batch, explain, again) for task in tasks]
    wall = time.perf_counter() - started
    outputs: list[tuple[str, float, str, str, bool]] = [("", 0.0, "", "", False)] * len(pages)
    for group, results in zip(groups, done):
        for index, result in zip(group, results):
            outputs[index] = result
    scores = [score_page(page, gold, *out[:2], error=out[3]) for page, gold, out in zip(pages, golds, outputs)]
    datasets = {}
    for name in sorted({p.dataset for p in pages}):
        subset = [s for s in scores if s.dataset == name]
        datasets[name] = summarize(subset, sum(s.seconds for s in subset))
    explanations = {page.id: out[2] for page, out in zip(pages, outputs) if out[2]}
    kind = (CLEAN_INPUT if clean_input else input_kind) + ("" if favor == "balanced" else f"-{favor}")
    through = passthrough([p.id for p in pages], golds, [out[0] for out in outputs]) if clean_input else None
    changed = tuple(page.id for page, out in zip(pages, outputs) if out[4]) if again else None
    return Report(kind, batch, digest.hexdigest(), scores, summarize(scores, wall), datasets, explanations, through,
                  changed)


def floors_key(input_kind: str, batch: bool) -> str:
    """The floors file's key for a run: the input kind, ``-batch`` appended for batch runs.

    >>> floors_key("md", True)
    'md-batch'
    """
    return f"{input_kind}-batch" if batch else input_kind


def floors_from(report: Report, margin: float = FLOOR_MARGIN) -> dict[str, Any]:
    """Floors for ``report``'s run: its precision, recall and F1 less ``margin``, with its hash."""
    figures = asdict(report.overall)
    floors: dict[str, Any] = {name: round(max(0.0, figures[name] - margin), 4) for name in FLOOR_FIGURES}
    if report.passthrough is not None:
        floors["kept"] = round(max(0.0, report.passthrough.kept - KEPT_MARGIN), 4)
        floors["max_losing"] = len(report.passthrough.losing)
    if report.unchanged_again is not None:
        floors["unchanged_again"] = round(max(0.0, report.unchanged_again - margin), 4)
    return {"sha256": report.sha256, "pages": report.overall.n, **floors}


def check_floors(report: Report, floors: dict[str, Any], source: str = "floors") -> list[str]:
    """What in ``report`` falls below ``floors`` (one message each); raises :class:`EvalError`
    when the floors were measured on other data or are missing for this run.

    >>> from cleaner.tools.evaluate import Report, Summary
    >>> s = Summary(1, 0.9, 0.8, 0.847, 0.8, 0, 0, 10.0)
    >>> check_floors(Report("md", False, "ab", [], s, {}, {}),
    ...              {"md": {"sha256": "ab", "precision": 0.85, "recall": 0.81, "f1": 0.84}})
    ['md: recall 0.8000 < floor 0.8100']
    """
    key = floors_key(report.input, report.batch)
    entry = floors.get(key)
    if not isinstance(entry, dict):
        raise EvalError(f"{source}: no floors for '{key}' (have: {', '.join(sorted(floors)) or 'none'})")
    if entry.get("sha256") != report.sha256:
        raise EvalError(f"{source}: the '{key}' floors were measured on data with sha256 {entry.get('sha256')}, "
                        f"this data has {report.sha256}; measure again and write new floors")
    figures = asdict(report.overall)
    problems = [f"{key}: {name} {figures[name]:.4f} < floor {float(entry[name]):.4f}"
                for name in FLOOR_FIGURES if name in entry and figures[name] < float(entry[name])]
    through = report.passthrough
    if through is not None:
        if "kept" in entry and through.kept < float(entry["kept"]):
            problems.append(f"{key}: words kept {through.kept:.4f} < floor {float(entry['kept']):.4f}")
        if "max_losing" in entry and len(through.losing) > int(entry["max_losing"]):
            problems.append(f"{key}: {len(through.losing)} pages lose more than a fifth > {int(entry['max_losing'])}")
    again = report.unchanged_again
    if again is not None and "unchanged_again" in entry and again < float(entry["unchanged_again"]):
        problems.append(f"{key}: unchanged when cleaned again {again:.4f} < floor {float(entry['unchanged_again']):.4f}")
    return problems


def format_report(report: Report) -> str:
    """The report as a table: one row per dataset, then all pages."""
    header = f"{'dataset':<14}{'n':>6}{'P':>8}{'R':>8}{'F1':>8}{'F1doc':>8}{'empty':>7}{'errors':>7}{'docs/s':>9}"
    rows = [f"input {report.input}{' --batch' if report.batch else ''}, data sha256 {report.sha256[:16]}", header]
    for name, s in [*report.datasets.items(), ("all", report.overall)]:
        rows.append(f"{name:<14}{s.n:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.f1_doc:>8.3f}"
                    f"{s.empty:>7}{s.errors:>7}{s.docs_per_s:>9.1f}")
    through = report.passthrough
    if through is not None:
        rows.append(f"clean input: {through.kept:.2%} of the gold words kept on average; "
                    f"{len(through.losing)} of {through.n} pages lose more than a fifth")
        rows += [f"  {page}: {share:.1%} kept" for page, share in sorted(through.losing, key=lambda x: (x[1], x[0]))]
    if report.changed_again is not None:
        rows.append(f"cleaned again as text: {len(report.scores) - len(report.changed_again)} of "
                    f"{len(report.scores)} pages unchanged ({report.unchanged_again:.1%})"
                    + (f"; changed: {', '.join(report.changed_again)}" if report.changed_again else ""))
    return "\n".join(rows)


def worst(report: Report, count: int) -> str:
    """The ``count`` pages with the lowest F1, each with its scores and explanation."""
    chosen = sorted(report.scores, key=lambda s: (s.f1, s.id))[:count]
    parts = []
    for s in chosen:
        note = f" error {s.error}" if s.error else ""
        parts.append(f"== {s.id} ({s.dataset}) P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}{note}\n"
                     f"{report.explanations.get(s.id, '')}")
    return "\n\n".join(parts)


def _run(args: argparse.Namespace) -> int:
    from cleaner.tools.common import EXIT_IO, EXIT_OK, EXIT_RULES, EXIT_USAGE

    if args.jobs < 1:
        print(f"error: --jobs must be 1 or more, not {args.jobs}", file=sys.stderr)
        return EXIT_USAGE
    try:
        floors = json.loads(Path(args.floors).read_text(encoding="utf-8")) if args.floors else None
    except json.JSONDecodeError as error:
        print(f"error: {args.floors}:{error.lineno}: not JSON ({error.msg})", file=sys.stderr)
        return EXIT_IO
    try:
        report = evaluate(args.dir, args.input, rules=args.rules, batch=args.batch, jobs=args.jobs,
                          explain=args.worst > 0, clean_input=args.clean_input, favor=args.favor)
        problems = check_floors(report, floors, args.floors) if floors is not None else []
    except EvalError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_IO
    print(format_report(report))
    if args.compare:
        from cleaner.tools.compare import compare, format_comparison

        if args.input != "html":
            print("error: --compare runs HTML extractors: give --input html", file=sys.stderr)
            return EXIT_USAGE
        try:
            others = compare([n.strip() for n in args.compare.split(",") if n.strip()],
                             load_pages(args.dir, args.input), lambda p: (_read(p.path), _read(p.gold)))
        except EvalError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_USAGE
        print("\n" + format_comparison(report.overall, others))
    for score in report.scores:
        if score.error:
            print(f"error: page {score.id} raised {score.error}", file=sys.stderr)
    if args.worst > 0:
        print("\n" + worst(report, args.worst))
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_dict(), indent=1) + "\n", encoding="utf-8")
    if args.set_floors:
        path = Path(args.set_floors)
        current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        current[floors_key(report.input, report.batch)] = floors_from(report)
        path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for problem in problems:
        print(f"below floor: {problem}", file=sys.stderr)
    return EXIT_RULES if problems else EXIT_OK


def add_command(subparsers: Any) -> None:
    """Register ``cleaner eval``."""
    from cleaner.tools.common import add_favor_option, add_rules_option

    command = subparsers.add_parser(
        "eval", help="clean pages with gold bodies and score them",
        description="Clean every page listed in DIR/manifest.jsonl and score it against its gold body. "
                    "Exit 1 when --floors is given and a figure falls below its floor.")
    command.add_argument("dir", metavar="DIR", help="a dev directory (ID.md, ID.gold.txt, ...) or corpus/")
    command.add_argument("--input", choices=INPUTS, default="md", help="which file of each dev page to clean")
    command.add_argument("--batch", action="store_true", help="clean each domain's pages together (repetition)")
    command.add_argument("--clean-input", action="store_true",
                         help="clean each page's gold body instead of the page: report the share of its words "
                              "kept and the pages losing more than a fifth")
    add_jobs_option(command)
    command.add_argument("--json", metavar="FILE", help="write the report with every page's scores")
    command.add_argument("--worst", type=int, default=0, metavar="N", help="print the N worst pages, explained")
    command.add_argument("--floors", metavar="FILE", help="fail when below the floors pinned in FILE")
    command.add_argument("--set-floors", metavar="FILE",
                         help=f"write this run's figures less {FLOOR_MARGIN} into FILE as its floors")
    command.add_argument("--compare", metavar="NAMES",
                         help="also run these HTML extractors on the same pages: trafilatura,readability,justext")
    add_rules_option(command)
    add_favor_option(command)
    command.set_defaults(func=_run)
