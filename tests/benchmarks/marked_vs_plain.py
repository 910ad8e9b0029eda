"""How far marking links and emphasis moves trafilatura's choices: a measuring script, not a test.

For each dev page, the text trafilatura keeps from the marked tree (marks stripped) beside a plain
extraction of the same pruned tree without marks, in the fast and the full run; prints on how
many pages their lines differ and how many words one keeps that the other does not.

    PYTHONPATH=$PWD /work/venv/bin/python tests/benchmarks/marked_vs_plain.py [DEV] [--jobs 2] [--show N] [--counted]

``--counted`` measures the marking with lxml.html's own element class, the marks counted in
every length trafilatura measures: dev pages differing 24 fast, 29 full, against 5 and 11 with
:func:`cleaner.html.inline.element_class`. Leaving the marks out of every ``text_content()``
(not only on links and what holds them) gave 4 and 10 pages, but HTML F1 0.943 instead of 0.945,
and a page that falls to trafilatura's baseline, which writes out ``text_content()``, lost its links.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from cleaner.html import extract
from cleaner.html.inline import holds_marks, mark_inline, strip_marks
from cleaner.html.prune import drop_unread, prune_furniture


def _kept(tree: Any, fast: bool) -> str:
    from trafilatura.xml import xmltotxt

    document = extract._trafilatura().bare_extraction(tree, fast=fast, **extract.TRAFILATURA_OPTIONS)
    return "" if document is None or document.body is None else xmltotxt(document.body, True)


# trafilatura escapes a line's leading "1)" as "1\)", which a mark before the 1 spares: the same choice.
_ESCAPE = re.compile(r"\\(?=[^\w\s])")


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def compare(path: str) -> tuple[str, list[tuple[bool, int, int]]]:
    """Per run (fast, full): whether the lines differ, the words only the marked run keeps, the
    words only the plain run keeps."""
    html = Path(path).read_text(encoding="utf-8")
    tree = extract._parse(html)
    prune_furniture(tree)
    drop_unread(tree)
    plain = copy.deepcopy(tree)
    if not holds_marks(html):
        mark_inline(tree)
    runs = []
    for fast in (True, False):
        marked, unmarked = _ESCAPE.sub("", strip_marks(_kept(tree, fast))), _ESCAPE.sub("", _kept(plain, fast))
        only_marked = Counter(marked.split()) - Counter(unmarked.split())
        only_plain = Counter(unmarked.split()) - Counter(marked.split())
        runs.append((_lines(marked) != _lines(unmarked), sum(only_marked.values()), sum(only_plain.values())))
    return Path(path).stem, runs


def _counted() -> None:
    """Parse pages into lxml.html's own elements, whose text_content() counts the marks."""
    from lxml import etree, html  # type: ignore[import-untyped]

    extract._parser().set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction,
        entity=html.HtmlEntity))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Beside the repository, as for the HTML speed benchmark (CLEANER_DEV_PAGES names another place).
    default = os.environ.get("CLEANER_DEV_PAGES", str(Path(__file__).resolve().parents[3] / "shared" / "dev"))
    parser.add_argument("dev", nargs="?", default=default)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="name this many differing pages, most words first")
    parser.add_argument("--counted", action="store_true", help="the marks counted in trafilatura's measures")
    args = parser.parse_args()
    if args.counted:
        _counted()  # before the workers fork, which inherit the parser
    paths = sorted(str(p) for p in Path(args.dev).glob("*.html"))
    if not paths:
        parser.error(f"no pages at {args.dev}")
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(compare, paths, chunksize=4))
    for run, name in enumerate(("fast", "full")):
        differing = [(page, runs[run]) for page, runs in results if runs[run][0]]
        print(f"{name} run: lines differ on {len(differing)} of {len(results)} pages; words only the marked run "
              f"keeps {sum(r[run][1] for _, r in results)}, only the plain run {sum(r[run][2] for _, r in results)}")
        for page, (_, plus, minus) in sorted(differing, key=lambda item: -(item[1][1] + item[1][2]))[:args.show]:
            print(f"  {page}: +{plus} -{minus}")


if __name__ == "__main__":
    main()
