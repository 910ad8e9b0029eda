"""Score one cleaned text against its gold, and a set of pages together.

One job: the metric of ``cleaner eval``, the ScrapingHub article-extraction benchmark's. Tokens
are the runs of ``\\w+`` (case kept); a text is the multiset of its 4-token shingles (a text of
1-3 tokens is one short shingle, an empty one has none). Per page tp, fp and fn count shared,
extra and missing shingles; precision and recall are both 1 when fp = fn = 0. Over a corpus,
precision is the mean over pages whose output is not empty, recall the mean over pages whose
gold is not empty, F1 the harmonic mean of the two means; the mean per-page F1 (an empty output
scores 0 against a non-empty gold) and the number of empty outputs keep a system that returns
nothing from looking good. Outputs lose markdown link targets, images and bare URLs before
scoring (:func:`strip_links`), as the dev baselines did.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["shingles", "page_counts", "page_scores", "strip_links", "summarize", "score_page", "PageScore", "Summary",
           "Page", "EvalError", "words_kept", "Passthrough", "passthrough", "LOSS_LIMIT"]

SHINGLE_SIZE = 4
# The stdlib ``re`` module: its ``\w`` is the one the benchmark's scorer uses.
_WORD = re.compile(r"\w+")
# An image, and a link (its text kept), as the dev baselines wrote them: "[", the text to the first
# "]", then "(" and the target to the first ")". Written so, a run of "[a" made every "[" scan the
# rest of the text for a "]" that never came (quadratic). The patterns below match at every "["
# whatever follows and consume what was scanned: a match without its ")" (group ``close``) is
# put back as it was. No link can start inside it (every "[" there has the same first "]" after
# it, or there is no "]" or ")" left), so the same links go, in linear time.
_IMAGE = re.compile(r"!\[[^\]]*(?:\]\([^)]*(?P<close>\))?)?")
_LINK = re.compile(r"\[(?P<text>[^\]]*)(?:\]\([^)]*(?P<close>\))?)?")
# A bare URL ends before a closing bracket or space, and never takes a sentence's last punctuation.
_BARE_URL = re.compile(r"<?\b(?:(?:https?|ftp)://|www\.)[^\s)>\]]*[^\s)>\].,;:!?'\"]>?")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of ``text`` (1-3 tokens: one short shingle).

    >>> sorted(shingles("a b c d e").items())
    [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    >>> shingles("Hello, world!")
    Counter({('Hello', 'world'): 1})
    """
    tokens = _WORD.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE_SIZE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1))


def page_counts(gold: str, output: str) -> tuple[int, int, int]:
    """Shared, extra and missing shingles of ``output`` against ``gold``: (tp, fp, fn).

    >>> page_counts("one two three four five", "one two three four six")
    (1, 1, 1)
    """
    wanted, got = shingles(gold), shingles(output)
    tp = sum((wanted & got).values())
    return tp, sum(got.values()) - tp, sum(wanted.values()) - tp


def page_scores(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of one page; all 1 when nothing is extra or missing.

    >>> page_scores(1, 1, 1)
    (0.5, 0.5, 0.5)
    >>> page_scores(0, 0, 0), page_scores(0, 0, 3)
    ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0))
    """
    if fp == 0 and fn == 0:
        return 1.0, 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def strip_links(text: str) -> str:
    """``text`` without images, link targets and bare URLs (link text stays).

    >>> strip_links("See ![logo](a.png)[the report](https://x.org/r) at https://x.org/r now.")
    'See the report at  now.'
    """
    if "[" in text:
        text = _LINK.sub(_link_text, _IMAGE.sub(_no_image, text))
    return _BARE_URL.sub("", text)


def _no_image(match: re.Match[str]) -> str:
    return "" if match.group("close") else match.group(0)


def _link_text(match: re.Match[str]) -> str:
    return match.group("text") if match.group("close") else match.group(0)


@dataclass(frozen=True, slots=True)
class PageScore:
    """How one page scored; ``empty``: the output has no token, ``error``: cleaning raised."""

    id: str
    dataset: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    empty: bool
    gold_empty: bool
    seconds: float
    error: str = ""


@dataclass(frozen=True, slots=True)
class Summary:
    """Corpus figures over a set of pages."""

    n: int
    precision: float
    recall: float
    f1: float
    f1_doc: float
    empty: int
    errors: int
    docs_per_s: float


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def summarize(scores: Sequence[PageScore], seconds: float) -> Summary:
    """Corpus precision (pages with output), recall (pages with gold), F1 of the two means,
    mean page F1, empty outputs and pages per second over ``seconds``.

    >>> a = PageScore("a", "d", 1, 1, 1, 0.5, 0.5, 0.5, False, False, 0.0)
    >>> b = PageScore("b", "d", 0, 0, 3, 0.0, 0.0, 0.0, True, False, 0.0)
    >>> s = summarize([a, b], 2.0)
    >>> (s.precision, s.recall, round(s.f1, 3), s.f1_doc, s.empty, s.docs_per_s)
    (0.5, 0.25, 0.333, 0.25, 1, 1.0)
    """
    precision = _mean([s.precision for s in scores if not s.empty])
    recall = _mean([s.recall for s in scores if not s.gold_empty])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Summary(len(scores), precision, recall, f1, _mean([s.f1 for s in scores]),
                   sum(s.empty for s in scores), sum(bool(s.error) for s in scores),
                   len(scores) / seconds if seconds > 0 else float("inf"))


# A clean article that loses more than this share of its words through cleaning is reported.
LOSS_LIMIT = 0.20


def words_kept(gold: str, output: str) -> float:
    """The share of ``gold``'s words (as a multiset) that ``output`` still holds; 1 for no words.

    >>> words_kept("the vote was close", "the vote")
    0.5
    """
    wanted = Counter(_WORD.findall(gold))
    total = sum(wanted.values())
    if not total:
        return 1.0
    return sum((wanted & Counter(_WORD.findall(output))).values()) / total


@dataclass(frozen=True, slots=True)
class Passthrough:
    """How clean articles, given as the input, came through: the mean share of their words kept
    and the pages that lost more than :data:`LOSS_LIMIT` of them, with the share each kept."""

    n: int
    kept: float
    losing: tuple[tuple[str, float], ...]


def passthrough(ids: Sequence[str], golds: Sequence[str], outputs: Sequence[str]) -> Passthrough:
    """Sum up :func:`words_kept` over pages whose input was their own gold.

    >>> passthrough(["a", "b"], ["one two three four five", "six"], ["one two three four five", ""])
    Passthrough(n=2, kept=0.5, losing=(('b', 0.0),))
    """
    shares = [words_kept(gold, output) for gold, output in zip(golds, outputs)]
    losing = tuple((page, share) for page, share in zip(ids, shares) if share < 1 - LOSS_LIMIT)
    return Passthrough(len(shares), _mean(shares), losing)


class EvalError(ValueError):
    """A problem with the evaluation data or the floors file, naming the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page to evaluate: where its input and gold are, and what the manifest says of it."""

    id: str
    dataset: str
    domain: str
    url: str | None
    path: Path
    gold: Path


def score_page(page: Page, gold: str, output: str, seconds: float, error: str = "") -> PageScore:
    """Score one page's output (links stripped first) against its gold."""
    tp, fp, fn = page_counts(gold, strip_links(output))
    precision, recall, f1 = page_scores(tp, fp, fn)
    return PageScore(page.id, page.dataset, tp, fp, fn, precision, recall, f1,
                     tp + fp == 0, tp + fn == 0, seconds, error)
