"""Other extractors on the same pages, for ``cleaner eval --input html --compare ...``.

One job: run baseline HTML extractors (trafilatura with its default options, readability-lxml,
jusText) over the pages that ``cleaner eval`` scores, in the same run and the same process, and
score them the same way, so that their F1 and docs/s sit beside ours. They are the optional
``eval`` extra; a missing one is reported by name, not with a traceback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from cleaner.tools.metric import EvalError, Page, Summary, score_page, summarize

__all__ = ["BASELINES", "run_baseline", "compare", "format_comparison"]

BASELINES = ("trafilatura", "readability", "justext")
# jusText needs a stoplist; the dev pages are mostly English, as in the published baselines.
JUSTEXT_LANGUAGE = "English"


def _trafilatura() -> Callable[[str, str | None], str]:
    import trafilatura

    return lambda html, url: trafilatura.extract(html, url=url) or ""


def _readability() -> Callable[[str, str | None], str]:
    from lxml import html as lxml_html  # type: ignore[import-untyped]
    from readability import Document

    from cleaner.html.extract import page_text

    def run(html: str, url: str | None) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        return page_text(lxml_html.fromstring(summary)) if summary.strip() else ""

    return run


def _justext() -> Callable[[str, str | None], str]:
    import justext

    stoplist = justext.get_stoplist(JUSTEXT_LANGUAGE)

    def run(html: str, url: str | None) -> str:
        paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


_RUNNERS: dict[str, Callable[[], Callable[[str, str | None], str]]] = {
    "trafilatura": _trafilatura, "readability": _readability, "justext": _justext,
}


def run_baseline(name: str, pages: Sequence[Page], read: Callable[[Page], tuple[str, str]]) -> Summary:
    """Run baseline ``name`` over ``pages`` (``read`` gives a page's input and gold); score it.

    >>> run_baseline("boilerpipe", [], lambda page: ("", ""))
    Traceback (most recent call last):
    cleaner.tools.metric.EvalError: unknown baseline 'boilerpipe' (known: trafilatura, readability, justext)
    """
    if name not in _RUNNERS:
        raise EvalError(f"unknown baseline {name!r} (known: {', '.join(BASELINES)})")
    try:
        extract = _RUNNERS[name]()
    except ImportError as error:
        raise EvalError(f"baseline {name!r} is not installed ({error.name}): pip install 'cleaner[eval]'") from None
    scores = []
    total = 0.0
    for page in pages:
        html, gold = read(page)
        start = time.perf_counter()
        failure = ""
        try:
            output = extract(html, page.url)
        except Exception as exc:  # a baseline's crash on one page scores as an empty output
            output, failure = "", f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - start
        total += seconds
        scores.append(score_page(page, gold, output, seconds, failure))
    return summarize(scores, total)


def compare(names: Sequence[str], pages: Sequence[Page],
            read: Callable[[Page], tuple[str, str]]) -> dict[str, Summary]:
    """Each named baseline's summary over the same pages, in the order given."""
    return {name: run_baseline(name, pages, read) for name in names}


def format_comparison(ours: Summary, others: dict[str, Summary]) -> str:
    """Our figures and the baselines' as one table, with F1 and speed relative to ours.

    >>> ours = Summary(2, 0.9, 0.9, 0.9, 0.9, 0, 0, 20.0)
    >>> print(format_comparison(ours, {"trafilatura": Summary(2, 0.8, 0.9, 0.847, 0.84, 0, 0, 25.0)}))
    system            n       P       R      F1   F1doc  empty   docs/s   ours-F1  ours/speed
    cleaner           2   0.900   0.900   0.900   0.900      0     20.0
    trafilatura       2   0.800   0.900   0.847   0.840      0     25.0    +0.053        0.80
    """
    rows = [f"{'system':<14}{'n':>5}{'P':>8}{'R':>8}{'F1':>8}{'F1doc':>8}{'empty':>7}{'docs/s':>9}"
            f"{'ours-F1':>10}{'ours/speed':>12}"]
    for name, s in [("cleaner", ours), *others.items()]:
        row = (f"{name:<14}{s.n:>5}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.f1_doc:>8.3f}"
               f"{s.empty:>7}{s.docs_per_s:>9.1f}")
        if name != "cleaner" or s is not ours:
            speed = ours.docs_per_s / s.docs_per_s if s.docs_per_s else 0.0
            row += f"{ours.f1 - s.f1:>+10.3f}{speed:>12.2f}"
        rows.append(row)
    return "\n".join(rows)
