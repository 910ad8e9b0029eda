"""Fallback heuristics for the blocks that no rule decided.

One job: label undecided blocks as body or furniture, explainably. A jusText-style classifier
built for text, every threshold a field of the page's :class:`~cleaner.rules.thresholds.Thresholds`
(the table is in ``docs/heuristics.md``; a site file may override them under ``heuristics:``):

1. First pass, each block alone (:mod:`cleaner.heuristics.firstpass`): separators, link-only lines,
   link-heavy blocks, menu lines, comment markers, short blocks with furniture words, italic
   notes and image captions are ``bad``; blocks under ``short_chars`` are ``short``; longer
   blocks are ``good``, ``near-good`` or ``bad`` by their stopword density in the page's language
   (or, for languages without a list, by their terminal punctuation). Pages too small to judge
   are kept whole.
2. Neighbours (:mod:`cleaner.heuristics.neighbours`): runs of near-good blocks long enough
   together are good; then ``near-good`` and ``short`` blocks take the side of their nearest
   settled neighbours (a heading or list item before good text is good; a short line between
   bad ones is bad).
3. The comment thread after the article is cut at its first marker (a "says:" line, a comment
   label, or dated comment headers); of the rest, the contiguous
   run of blocks with the best score (good characters minus bad ones, blocks that rules dropped
   costing a little, a bonus under the H1) is the article, and good blocks outside it are
   dropped; an author's bio that closes the run goes too (:mod:`cleaner.heuristics.authorbox`).
   The headline just before the run (an H1, or a title-like line; and a post's title linked to
   the post, :mod:`cleaner.heuristics.headline`) is kept. A page with
   no run worth anything keeps whatever the first pass did not call bad. Kept blocks that repeat
   the page's own text a second time go (:mod:`cleaner.heuristics.duplicate`).

Each label carries the name of the heuristic that decided (the decision's reason is
``heuristic:<name>``), a detail with the measured value and its threshold, and the first-pass and
final labels.
"""

from __future__ import annotations

from collections.abc import Container, Hashable, Sequence
from dataclasses import dataclass
from types import EllipsisType

from cleaner.heuristics.authorbox import author_box
from cleaner.heuristics.cleanpage import furniture_in_clean_page, furniture_kinds
from cleaner.heuristics.confidence import KEEP_AT, Favor, scores
from cleaner.heuristics.duplicate import copies
from cleaner.heuristics.firstpass import FinalLabel, FirstLabel, Item, measure
from cleaner.heuristics.headline import after_headline, headlines
from cleaner.heuristics.linklists import closing_list, introduced_lists
from cleaner.heuristics.neighbours import is_picture, revise
from cleaner.heuristics.thread import thread_start
from cleaner.rules.thresholds import DEFAULT, Thresholds
from cleaner.text.blocks import Block

__all__ = ["Label", "classify", "CLEAN_PAGE"]

# The name of the heuristic that keeps the blocks of a clean article.
CLEAN_PAGE = "clean-page"

@dataclass(init=False)
class Label:
    """The heuristics' verdict on one block.

    ``name`` is the heuristic that decided, ``detail`` the measure and its threshold; ``first``
    is the first-pass label (``good``, ``near-good``, ``short`` or ``bad``) and ``final`` the
    label after the neighbour pass and the main run (``good`` or ``bad``); ``score`` how sure the
    heuristics are that the block is body (:mod:`cleaner.heuristics.confidence`).
    """

    kept: bool
    name: str
    detail: str
    first: FirstLabel
    final: FinalLabel
    score: float = 0.5

    # Written out, as Block's and Item's are: compiled, it builds a label several times faster
    # than the one ``dataclass`` writes, which stays Python (one label a block of every page).
    def __init__(self, kept: bool, name: str, detail: str, first: FirstLabel, final: FinalLabel,
                 score: float = 0.5) -> None:
        self.kept, self.name, self.detail, self.first, self.final, self.score = kept, name, detail, first, final, score


def _score(item: Item, t: Thresholds, repeated: bool = False) -> int:
    if item.block.kind == "link-line" and is_picture(item):  # (the kind first: most blocks, no call)
        return 0
    if item.rule is False and repeated and item.first == "bad":
        # A line the first pass calls bad (a link of a host's share bar) costs what it costs
        # undecided: that repetition found it on other pages adds nothing to what was known.
        return -min(t.rule_drop_cost, max(item.chars, t.bad_block_min_cost))
    if item.rule is False:
        return -t.rule_drop_cost
    if item.label == "good":
        return item.chars
    return -max(item.chars, t.bad_block_min_cost)


def _main_run(items: Sequence[Item], end: int, t: Thresholds, metadata: Sequence[bool] | None = None,
              repeated: Sequence[bool] | None = None, listed: Container[int] = ()) -> tuple[int, int]:
    """The best-scoring contiguous run of blocks in ``items[:end]`` (Kadane), as [start, stop);
    ``repeated`` tells the blocks that repetition across the host's pages dropped; ``listed``
    holds the items of lists of links that the article introduces, which cost nothing."""
    score: int
    best, best_span = 0, (0, 0)
    total, start = 0, 0
    anchor = after_headline(items, end, t, metadata)
    for index in range(end):
        if total <= 0:
            total, start = 0, index
        score = _score(items[index], t, repeated is not None and repeated[index])
        total += (max(0, score) if index in listed else score) + (t.headline_bonus if index == anchor else 0)
        if total > best:
            best, best_span = total, (start, index + 1)
    return best_span


def _heads_furniture(items: Sequence[Item], index: int) -> bool:
    following = next((item for item in items[index + 1:] if item.block.kind != "separator"), None)
    return (items[index].block.kind == "heading"
            and (following is None or following.rule is False or following.first == "bad"))


def _fall_back(items: Sequence[Item]) -> None:
    """No run scored above zero (a page of short paragraphs): keep every block the first pass did
    not call bad, or else the longest block, rather than nothing."""
    candidates = [(index, item) for index, item in enumerate(items) if item.rule is None and item.block.words]
    # A heading followed by nothing the first pass kept ("Related", over a list of links) heads
    # furniture.
    kept = [item for index, item in candidates if item.first != "bad" and not _heads_furniture(items, index)]
    if not kept and candidates:
        kept = [max((item for _, item in candidates), key=lambda item: item.chars)]
    for item in kept:
        item.label, item.name, item.detail = "good", "fallback", f"no main run; {item.first} on its own"


def _prose_like(item: Item) -> bool:
    """A block that the neighbour pass called bad but that reads like body: near-good, or short
    and ending a sentence. Inside the main run it is the article's (a one-line paragraph between
    two pull quotes)."""
    return item.first == "near-good" or (item.first == "short" and item.terminal)


def _clean_page(items: Sequence[Item], undecided: Sequence[bool], kinds: int, t: Thresholds,
                links: bool = True, metadata: Sequence[bool] | None = None) -> list[Label | None]:
    """The labels of a page that is an article already: the blocks that are furniture all the
    same go, and so does a comment thread that opens with a comment marker, unless nothing
    before the marker goes (text, ``links`` true); the rest stays, and so do the lines that a
    metadata rule took (``metadata``: a byline, a date line), whose values are in the metadata
    already."""
    for item in items:
        if item.rule is not None:
            item.label = "good" if item.rule else "bad"
        else:
            item.label = "bad" if furniture_in_clean_page(item, links, t) else "good"
    # On text judged clean, only a comment marker opens the thread (dated headers may be a
    # diary's); the extractor's article (``links`` false) keeps every sign of one.
    thread = thread_start(items, t, markers_only=links)
    detail = f"{kinds} kinds of furniture on the page <= {t.clean_page_kinds}, none in a row"
    kept_from, kept_detail = len(items), detail
    if links and thread < len(items) and not any(
            item.label == "bad" and item.block.kind != "separator" and not (metadata is not None and metadata[index])
            for index, item in enumerate(items[:thread])):
        # Text that loses nothing before the thread but its separators is a body cleaned by
        # someone who kept its comments: what looks like a thread is theirs.
        kept_from, thread = thread, len(items)
        kept_detail = f"{detail}; the comment thread from block {kept_from} kept, nothing before it is furniture"
    labels: list[Label | None] = []
    for index, (item, open_) in enumerate(zip(items, undecided)):
        here = kept_detail if index >= kept_from else detail
        if metadata is not None and metadata[index] and index < thread:
            labels.append(Label(True, CLEAN_PAGE, f"a metadata line; {here}", item.first, "good"))
        elif not open_:
            labels.append(None)
        elif index >= thread:
            labels.append(Label(False, "comment-thread", f"after the comment marker at block {thread}", item.first, "bad"))
        elif item.label == "bad":
            labels.append(Label(False, item.name, item.detail, item.first, "bad"))
        else:
            labels.append(Label(True, CLEAN_PAGE, here, item.first, "good"))
    return labels


def classify(blocks: Sequence[Block], undecided: Sequence[bool],
             decided: Sequence[bool | None] | None = None, sources: Sequence[Hashable] | None = None, *,
             language: str | None | EllipsisType = ..., clean_page: bool | None = None,
             favor: Favor = "balanced", extracted: bool = False, metadata: Sequence[bool] | None = None,
             thresholds: Thresholds = DEFAULT) -> list[Label | None]:
    """Label each undecided block; decided blocks get None, except that the lines a metadata
    rule took (``metadata``: bylines, date lines) are kept on an article already clean, whose
    extractor chose to keep them; ``thresholds`` are the page's (its site file's, or the
    defaults).

    ``decided`` gives, for every block, what the rules made of it (True kept, False dropped,
    None undecided), so that blocks the rules settled still count as context; ``sources`` says
    what decided each block (a rule's reason), so that the blocks one rule dropped count as one
    kind of furniture (each dropped block counts as a kind of its own without it); ``language``
    is the page's (None: no stopword list fits), detected from the blocks when not given
    (``...``); ``clean_page`` says whether the page is an article already clean (see
    ``Thresholds.clean_page_kinds``) when that was settled before (a body judged again is judged as its
    page was), None to judge it here; ``extracted`` says the page is an HTML extractor's article,
    judged as a clean one whose links the extractor already weighed. Each label carries its score; ``favor`` (``balanced``,
    ``precision`` or ``recall``) says at which score a block is kept
    (:data:`~cleaner.heuristics.confidence.KEEP_AT`).

    >>> from cleaner.text.blocks import segment
    >>> page = segment("Home | News | Sport | Weather\\n\\n" + "The council met on Monday and voted on the plan for the new bridge over the river. " * 3)
    >>> [(label.name, label.kept) for label in classify(page, [True, True], clean_page=False)]
    [('menu-line', False), ('stopwords', True)]
    >>> [(label.name, label.kept) for label in classify(page, [True, True])]  # one kind of furniture
    [('menu-line', False), ('clean-page', True)]
    """
    t = thresholds
    items = measure(blocks, language, t)
    labels: list[Label | None]
    run: tuple[int, int] | None
    if extracted:
        labels, run = _clean_page(items, undecided, 0, t, links=False, metadata=metadata), None
    else:
        labels, run = _labels(items, undecided, decided, sources, clean_page, t, metadata)
    return _scored(items, labels, run, t, KEEP_AT[favor])


def _scored(items: Sequence[Item], labels: list[Label | None], run: tuple[int, int] | None, t: Thresholds,
            keep_at: float) -> list[Label | None]:
    """``labels`` (this call's own) scored in place (:func:`~cleaner.heuristics.confidence.scores`),
    each kept from ``keep_at`` on; None where a block has no score. (Loops, not comprehensions:
    compiled, they read the labels typed; classify.pxd.)"""
    kept: list[bool | None] = []
    names: list[str] = []
    for label in labels:
        kept.append(None if label is None else label.kept)
        names.append("" if label is None else label.name)
    measured = scores(items, kept, names, run, t)
    surest = None
    for label, score in zip(labels, measured):
        if label is not None and label.kept and label.name != "title" and score is not None:
            surest = score if surest is None else max(surest, score)
    if surest is not None and surest < keep_at:
        # A favor never drops all the body the labels keep (a headline alone is no body): the
        # surest of those blocks stay.
        keep_at = surest
    scored: list[Label | None] = []
    for label, score in zip(labels, measured):
        if label is not None and score is not None:
            label.score, label.kept = score, score >= keep_at
        scored.append(None if score is None else label)
    return scored


def _labels(items: Sequence[Item], undecided: Sequence[bool], decided: Sequence[bool | None] | None,
            sources: Sequence[Hashable] | None, clean_page: bool | None,
            t: Thresholds, metadata: Sequence[bool] | None = None) -> tuple[list[Label | None], tuple[int, int] | None]:
    """The labels of :func:`classify`, each block's ``kept`` as the balanced favor has it, and
    the main run as [start, stop) (None on a page judged whole: too small, or clean already)."""
    if decided is not None:
        for item, kept in zip(items, decided):
            item.rule = kept
    for item, open_ in zip(items, undecided):
        if not open_ and item.rule is None:
            item.rule = True
    # A loop, not sum() over a generator: compiled, this function reads its items in C
    # (classify.pxd), and Cython makes a generator a closure, which such a function may not hold.
    page_size = 0
    for item, open_ in zip(items, undecided):
        if open_:
            page_size += item.block.words
    if page_size < t.small_page_words:
        # A page too small to judge is kept whole, the lines a metadata rule took included.
        whole = [open_ or (metadata is not None and metadata[index]) for index, open_ in enumerate(undecided)]
        return [Label(True, "small-page", f"{page_size} words < {t.small_page_words}", "good", "good")
                if open_ and item.block.kind != "separator" else
                (Label(False, "separator", "a separator line", "bad", "bad") if open_ else None)
                for item, open_ in zip(items, whole)], None
    kinds = furniture_kinds(items, sources, t, metadata) if clean_page is not False else None
    if clean_page or (clean_page is None and kinds is not None):
        return _clean_page(items, undecided, len(kinds or ()), t, metadata=metadata), None
    revise(items, t)
    thread = thread_start(items, t)
    repeated = None if sources is None else [getattr(source, "kind", None) == "repeated" for source in sources]
    listed = introduced_lists(items[:thread])
    start, stop = _main_run(items, thread, t, metadata, repeated, listed)
    closing = closing_list(items[:thread], start, stop) if stop > start else {}
    if closing:
        # The run takes in the list that closes the article.
        listed, stop = {**listed, **closing}, max(closing) + 1
    bio = author_box(items, start, stop) if stop > start else None
    if bio is not None:
        # The author's bio that closes the run is no part of the story, nor a good neighbour of
        # its last lines: judged again without it, they come out as the cleaned text will be
        # judged when settled. The run ends before it.
        revise(items, t, bio)
        stop = bio
    if stop == start:
        _fall_back(items)
    titles = headlines(items, start, t) if stop > start else ()
    intros = set(listed.values())
    in_thread = f"after the comment marker at block {thread}"
    labels: list[Label | None] = []
    for index, (item, open_) in enumerate(zip(items, undecided)):
        if not open_:
            labels.append(None)
        elif index in titles:
            labels.append(Label(True, "title", "the headline before the main run", item.first, "good"))
        elif index >= thread:
            labels.append(Label(False, "comment-thread", in_thread, item.first, "bad"))
        elif index == bio:
            labels.append(Label(False, "author-box", "an author's bio closing the main run", item.first, "bad"))
        elif item.label == "good" and stop > start and not start <= index < stop:
            labels.append(Label(False, "main-run", f"outside the main run (blocks {start}-{stop - 1})", item.first, "bad"))
        elif start <= index < stop and index in listed and item.label != "good":
            labels.append(Label(True, "in-list", f"an item of the list that block {listed[index]} introduces, "
                                f"inside the main run (blocks {start}-{stop - 1})", item.first, "good"))
        elif start <= index < stop and item.label == "bad" and item.name == "neighbours" and (
                _prose_like(item) or index in intros):
            labels.append(Label(True, "in-run", f"{item.detail}, inside the main run (blocks {start}-{stop - 1})",
                                item.first, "good"))
        else:
            good = item.label == "good"
            labels.append(Label(good, item.name, item.detail, item.first, item.label))
    for index, first in copies(items, [label is not None and label.kept for label in labels], t):
        labels[index] = Label(False, "duplicate", f"the text of block {first} again", items[index].first, "bad")
    return labels, (start, stop)
