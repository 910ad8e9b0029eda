"""Issue 17's premise, measured: what one compiled call per page, over arrays, costs against the
stages it would replace.

Not a test (its name keeps pytest away): a measurement, run as::

    python tests/benchmarks/kernel_probe.py ../shared/dev

It builds ``probe_kernel.pyx`` (Cython and a C compiler needed) in a temporary folder, then, on
every ``.txt`` page of the folder read one line per block: checks that for each block the probe
reads alone it finds the block's kind, words, stopwords of the page's language and furniture
words, and the first label where stopwords or length decide it, exactly as the package does;
and times the probe (page encoded, then measured) against the package's segmentation and first
pass (``segment`` then ``measure``), the best of ``--rounds`` runs, with the memos emptied
before each. What it found is in docs/performance.md ("The kernel's premise").
"""

from __future__ import annotations

import argparse
import array
import gc
import tempfile
import time
from pathlib import Path
from typing import Any

from cleaner.engine import _language
from cleaner.heuristics import firstpass
from cleaner.heuristics.firstpass import _FURNITURE_WORDS, _THREAD_WORDS, measure
from cleaner.heuristics.language import stopwords
from cleaner.rules.thresholds import DEFAULT
from cleaner.text import blocks as segmentation
from cleaner.text.blocks import is_line_mode, segment, tokens
from cleaner.text.normalize import normalize

KINDS = {0: "paragraph", 1: "heading", 2: "list-item", 3: "quote"}
FIRST = {3: "good", 2: "near-good", 1: "short", 0: "bad"}
COLUMNS = 10


def build() -> Any:
    import pyximport  # Cython's: compiles the .pyx on import

    pyximport.install(build_dir=tempfile.mkdtemp(), language_level=3, inplace=False)
    import probe_kernel as probe  # type: ignore[import-not-found]
    return probe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    probe = build()
    t = DEFAULT
    pages = [normalize(path.read_text(encoding="utf-8")) for path in sorted(args.pages.glob("*.txt"))
             if not path.name.endswith(".gold.txt")]
    pages = [page for page in pages if is_line_mode(page)]
    words = {}
    furniture, thread = probe.WordSet(_FURNITURE_WORDS), probe.WordSet(_THREAD_WORDS)
    languages = []
    blocks_seen = read = differ = 0
    for page in pages:
        blocks = segment(page, True)
        language = _language(blocks, t)
        languages.append(language)
        stops = stopwords(language) if language else frozenset()
        if language not in words:
            words[language] = probe.WordSet(stops)
        out = array.array("i", bytes(4 * COLUMNS * (len(page) // 2 + 2)))
        count = probe.measure_page(page.encode("utf-8"), words[language], furniture, thread, t.short_chars,
                                   t.long_chars, t.good_stopword_density, t.near_stopword_density,
                                   t.sentence_stopword_density, memoryview(out).cast("B").cast("i", (len(out) // COLUMNS, COLUMNS)))
        assert count == len(blocks), (count, len(blocks))
        for row, block, item in zip(zip(*[iter(out)] * COLUMNS), blocks, measure(blocks, language, t)):
            blocks_seen += 1
            if row[0] == 9:
                continue
            read += 1
            found = tokens(block.plain)
            same = (KINDS[row[0]] == block.kind and row[3] == len(found) and row[4] == sum(w in stops for w in found)
                    and row[5] == sum(w in _FURNITURE_WORDS for w in found))
            if item.name in ("stopwords", "short") and (item.density is not None or item.name == "short"):
                same = same and FIRST[row[8]] == item.first
            differ += not same
    print(f"{len(pages)} pages read one line per block, {blocks_seen} blocks; the probe reads {read} "
          f"({read / blocks_seen:.0%}) alone, and differs from the package on {differ}")
    best_probe = best_package = float("inf")
    gc.disable()
    out = array.array("i", bytes(4 * COLUMNS * (max(map(len, pages)) // 2 + 2)))
    view = memoryview(out).cast("B").cast("i", (len(out) // COLUMNS, COLUMNS))
    for _ in range(args.rounds):
        firstpass._MEASURED.clear()
        segmentation._MADE.clear()
        segmentation._TOKENS.clear()
        segmentation._PLAIN.clear()
        start = time.process_time()
        for page, language in zip(pages, languages):
            probe.measure_page(page.encode("utf-8"), words[language], furniture, thread, t.short_chars, t.long_chars,
                               t.good_stopword_density, t.near_stopword_density, t.sentence_stopword_density, view)
        best_probe = min(best_probe, time.process_time() - start)
        start = time.process_time()
        for page, language in zip(pages, languages):
            measure(segment(page, True), language, t)
        best_package = min(best_package, time.process_time() - start)
    gc.enable()
    print(f"probe {1000 * best_probe / len(pages):.3f} ms a page; segment + measure {1000 * best_package / len(pages):.3f} "
          f"ms a page ({best_package / best_probe:.1f}x)")


if __name__ == "__main__":
    main()
