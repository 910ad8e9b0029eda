"""Pages for the compiled/pure equivalence test, and what cleaning decides on each.

Not a test module: ``tests/test_equivalence.py`` imports it, and runs it as a script under
``CLEANER_PURE=1`` to get the pure path's decisions in a process of their own (a process loads
each module once, compiled or not). The generated pages mix corpus lines with the shapes the
heuristics judge (menus, link lines, comment headers, captions, headings, short lines) in
seeded random orders, in both paragraph and line layouts.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The dev pages sit beside the checkout (``CLEANER_DEV_PAGES`` names them elsewhere, e.g. from a worktree).
DEV = Path(os.environ.get("CLEANER_DEV_PAGES", ROOT.parent / "shared" / "dev"))
GENERATED = 60
_SHAPES = (
    "Home | News | Sport | Weather | Culture",
    "[Home](/) · [World](/world) · [Tech](/tech)",
    "Jane Doe says: 3 May 2024 at 9:12 pm",
    "Mark | 6 Nov 2012 4:05 PM",
    "12 Comments",
    "![A bridge](bridge.jpg)",
    "Photo: Getty Images",
    "# A headline about the council vote",
    "## Related stories",
    "* [Another story](/a) and more",
    "_This article was amended on Friday._",
    "Share this article",
    "Follow us on Twitter",
    "***",
    "> The plan is sound, she said.",
    "Sign up for our daily newsletter.",
)


def corpus_pages() -> list[tuple[str, str | bytes]]:
    """The corpus pages as bytes, as a crawl hands them over (some are not UTF-8)."""
    corpus = ROOT / "corpus"
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt", ".html")
                   and not p.name.endswith((".expected.txt", ".gold.txt")) and p.name != "README.md")
    return [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in paths]


def generated_pages() -> list[tuple[str, str | bytes]]:
    lines = [line for _, page in corpus_pages() if isinstance(page, bytes)
             for line in page.decode("utf-8", errors="replace").split("\n") if line.strip()]
    pages = []
    for seed in range(GENERATED):
        pick = random.Random(seed)
        body = [pick.choice(lines) if pick.random() < 0.6 else pick.choice(_SHAPES)
                for _ in range(pick.randint(3, 80))]
        pages.append((f"generated-{seed}", ("\n" if seed % 3 == 0 else "\n\n").join(body)))
    return pages


def dev_pages() -> list[tuple[str, str | bytes]]:
    paths = sorted(p for p in DEV.glob("*") if p.suffix in (".md", ".txt") and not p.name.endswith(".gold.txt")
                   and p.name != "README.md")
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths]


def decisions(pages: list[tuple[str, str | bytes]]) -> dict[str, list[object]]:
    """Each page's cleaned text (both outputs) and its decisions, as JSON-ready values."""
    from cleaner import Cleaner

    cleaner = Cleaner()
    found: dict[str, list[object]] = {}
    for name, text in pages:
        result = cleaner.clean(text)
        found[name] = [result.text, cleaner.clean(text, output="markdown").text,
                       [d.to_dict() for d in result.decisions]]
    return found


def pages(which: str) -> list[tuple[str, str | bytes]]:
    """``corpus`` (the corpus and the generated pages) or ``dev``."""
    return dev_pages() if which == "dev" else corpus_pages() + generated_pages()


if __name__ == "__main__":
    json.dump(decisions(pages(sys.argv[1])), sys.stdout)
