"""Apply rules to the blocks of one page.

One job: the rule stage. Rules run in order (site rules first, then generic packs); each looks at
the blocks inside its window that no earlier rule decided. ``keep`` protects a block from every
later rule and from the heuristics; ``drop`` and ``meta`` decide a block (or, with ``scope:
line``, remove its matching lines); ``strip`` removes the matched spans; ``cut-after`` and
``cut-before`` drop every undecided block from (or up to) the first match. A pattern that runs
past its timeout on a block is skipped for that block, named in that block's decision and in a
warning; the page is still cleaned. A rule that times out :data:`MAX_TIMEOUTS` times on one page
is skipped for the rest of it, and so is a rule that has spent :data:`RULE_BUDGET` seconds on the
page's blocks (a pattern that backtracks on every block just short of its timeout would otherwise
cost the timeout once per block): one catastrophic pattern costs a bounded time per page.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from time import perf_counter

import regex

from cleaner.reasons import DEFAULT, Reason
from cleaner.rules.compile import compile_rules
from cleaner.rules.literals import DIGIT
from cleaner.rules.ruleset import RULE_TIMEOUT, Rule
from cleaner.text.blocks import WORD, Block, line_kind, strip_marker
from cleaner.text.dates import to_iso
from cleaner.text.markup import plain

__all__ = ["Verdict", "UNDECIDED", "apply_rules", "MAX_TIMEOUTS", "RULE_BUDGET"]

# Timeouts of one rule on one page after which the rule is skipped for the rest of the page.
MAX_TIMEOUTS = 3
# Seconds one rule may spend on one page (one pass of the rules over its blocks) before it is
# skipped for the rest of it: more than MAX_TIMEOUTS timeouts take, so that those are told as
# they were. No shipped rule spends more than 15 ms on any dev page, nor on their 6 MB
# concatenation; a breadcrumb pattern that backtracked took 80 ms on each of a hostile page's
# lines (10 KB of them: 8 s).
RULE_BUDGET = 2.0
# What a rule's pattern found in a text, by the rule and the text: settling searches the kept
# blocks again, and a site's furniture meets its rules on page after page (about two searches in
# three on the dev pages repeat one made before). A search that timed out is not remembered.
# Forgotten all at once past the bound; texts longer than MEMO_CHARS (a story's paragraphs, which
# few rules search and no site repeats) are not kept, so that the memo stays small.
MEMO_SEARCHES = 20_000
MEMO_CHARS = 2_000
# One memo per rule, by text: keys that are plain strings leave nothing for the collector to walk
# (a (rule, text) key is a tuple holding an object it tracks, 10,000 of them on the dev pages).
_SEARCHED: dict[Rule, dict[str, regex.Match[str] | None]] = {}
_SEARCHES = [0]  # how many are remembered, in all the memos
_UNSEEN = object()


def _search(rule: Rule, text: str, timeout: float) -> regex.Match[str] | None:
    """``rule.search(text, timeout)``, remembered (the same pattern on the same text finds the
    same)."""
    if len(text) > MEMO_CHARS:
        return rule.search(text, timeout)
    memo = _SEARCHED.get(rule)
    if memo is None:
        if not _SEARCHED:  # emptied (here or by a caller): counted afresh
            _SEARCHES[0] = 0
        memo = _SEARCHED[rule] = {}
    found = memo.get(text, _UNSEEN)
    if found is not _UNSEEN:
        return found  # type: ignore[return-value]
    if _SEARCHES[0] >= MEMO_SEARCHES:
        _SEARCHED.clear()
        _SEARCHES[0] = 0
        memo = _SEARCHED[rule] = {}
    searched = memo[text] = rule.search(text, timeout)
    _SEARCHES[0] += 1
    return searched


@dataclass
class Verdict:
    """What the rules made of one block so far; ``kept`` is None while no rule decided.

    Every field holds an immutable value, so that the blocks no rule touched can share
    :data:`UNDECIDED` (most blocks of a page: one object instead of one each).
    """

    kept: bool | None = None
    reason: Reason = DEFAULT
    detail: str = ""
    removed: tuple[tuple[int, int], ...] = ()
    edited_by: tuple[Reason, ...] = ()
    timed_out: tuple[Reason, ...] = ()


# The verdict of every block that no rule touched: shared, never changed.
UNDECIDED = Verdict()


def _window(rule: Rule, count: int) -> range:
    if rule.where == "head":
        return range(min(rule.window, count))
    if rule.where == "tail":
        return range(max(0, count - rule.window), count)
    return range(count)


def _words_ok(rule: Rule, words: int) -> bool:
    return (rule.max_words is None or words <= rule.max_words) and (rule.min_words is None or words >= rule.min_words)


# Each multi-line block's lines as :func:`_lines` reads them, by the block's text: every
# line-scope rule reads the same lines of the same blocks (five shipped rules, on every page).
_LINES: dict[str, tuple[tuple[int, int, str, int], ...]] = {}


def _lines(block: Block) -> tuple[tuple[int, int, str, int], ...]:
    """Each line of the block: its span in ``block.text``, its plain text and its words."""
    found = _LINES.get(block.text)
    if found is not None:
        return found
    spans = []
    start = 0
    for line in block.text.split("\n"):
        end = start + len(line)
        text = plain(strip_marker(line_kind(line), line)[1])
        spans.append((start, min(end + 1, len(block.text)), text, len(WORD.findall(text))))
        start = end + 1
    if len(_LINES) >= MEMO_SEARCHES:
        _LINES.clear()
    found = _LINES[block.text] = tuple(spans)
    return found


def _strip_spans(rule: Rule, block: Block, page: _Page) -> list[tuple[int, int]]:
    """Spans of ``block.text`` holding what ``rule`` matches in the plain text."""
    spans = []
    cursor = 0
    for match in rule.matcher.finditer(block.plain, timeout=page.timeout()):
        found = block.text.find(match.group(0), cursor)
        if found < 0:
            direct = rule.matcher.search(block.text, cursor, timeout=page.timeout())
            if direct is None:
                continue
            found, end = direct.span()
        else:
            end = found + len(match.group(0))
        if end > found:
            spans.append((found, end))
            cursor = end
    return spans


class _Page:
    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks
        self.verdicts = [UNDECIDED] * len(blocks)
        self.metadata: dict[str, str] = {}
        self.warnings: list[str] = []
        self.timeouts: dict[str, int] = {}
        # When the rule being applied has spent its :data:`RULE_BUDGET` on the page, and whether
        # the last search was given what was left of it instead of :data:`RULE_TIMEOUT`.
        self.deadline = 0.0
        self.over_budget = False

    def timeout(self) -> float:
        """The timeout of the next search: :data:`RULE_TIMEOUT`, or what is left of the rule's
        budget; raises ``TimeoutError`` when nothing is."""
        left = self.deadline - perf_counter()
        self.over_budget = left < RULE_TIMEOUT
        if left <= 0:  # (regex takes a negative timeout for none)
            raise TimeoutError
        return min(left, RULE_TIMEOUT)

    def verdict(self, index: int) -> Verdict:
        """The verdict of block ``index``, its own (not :data:`UNDECIDED`) to change."""
        verdict = self.verdicts[index]
        if verdict is UNDECIDED:
            verdict = self.verdicts[index] = Verdict()
        return verdict

    def decide(self, index: int, rule: Rule, kept: bool, detail: str) -> None:
        verdict = self.verdict(index)
        verdict.kept, verdict.reason, verdict.detail = kept, rule.reason, detail

    def capture(self, rule: Rule, text: str, match_value: str | None) -> None:
        value = (match_value if match_value is not None else text).strip()
        if rule.field == "date":
            value = to_iso(value) or ""
        if value and rule.field and rule.field not in self.metadata:
            self.metadata[rule.field] = value

    def apply(self, rule: Rule, only: Collection[int] | None = None, digit: bool = False) -> None:
        """Apply ``rule`` to the blocks of its window (only to those in ``only`` when given:
        the blocks the compiled prefilter says it may match; with ``digit``, every match of the
        rule holds a digit, and a block whose plain text holds none is not searched)."""
        window = _window(rule, len(self.blocks))
        self.deadline, self.over_budget = perf_counter() + RULE_BUDGET, False
        for index in window if only is None else [i for i in sorted(only) if i in window]:
            if self.verdicts[index].kept is not None:
                continue
            block = self.blocks[index]
            if rule.kinds is not None and block.kind not in rule.kinds:
                continue
            try:
                if rule.scope == "line" and "\n" in block.text:
                    hit = self.apply_lines(rule, index)
                else:
                    hit = self.apply_block(rule, index, digit)
            except TimeoutError:
                # (Through a name: Cython 3.3 compiles ``+=`` on a typed call's attribute to a C
                # member of an uncast pointer, which gcc refuses.)
                verdict = self.verdict(index)
                verdict.timed_out += (rule.reason,)
                if self.over_budget:
                    self.warnings.append(f"rule {rule.qid} spent {RULE_BUDGET:g} s on the page, stopped at block "
                                         f"{index} (line {block.line}); skipped for the rest of the page")
                    return
                self.warnings.append(f"rule {rule.qid} timed out on block {index} (line {block.line}); skipped there")
                self.timeouts[rule.qid] = self.timeouts.get(rule.qid, 0) + 1
                if self.timeouts[rule.qid] >= MAX_TIMEOUTS:
                    self.warnings.append(f"rule {rule.qid} timed out {MAX_TIMEOUTS} times; skipped for the rest of the page")
                    return
                continue
            if hit and rule.action in ("cut-after", "cut-before"):
                span = range(index + 1, len(self.blocks)) if rule.action == "cut-after" else range(index)
                for other in span:
                    if self.verdicts[other].kept is None:
                        self.decide(other, rule, False, f"{rule.action} block {index}")
                return

    def apply_block(self, rule: Rule, index: int, digit: bool = False) -> bool:
        block = self.blocks[index]
        if not _words_ok(rule, block.words) or (digit and DIGIT.search(block.plain) is None):
            return False
        match = _search(rule, block.plain, self.timeout())
        if match is None:
            return False
        detail = f"matched {match.group(0).strip()[:50]!r}"
        if rule.action == "strip":
            spans = _strip_spans(rule, block, self)
            verdict = self.verdict(index)
            verdict.removed += tuple(spans)
            verdict.edited_by += (rule.reason,)
            # (A list, not a generator: compiled, this method may hold no closure; match.pxd.)
            if not "".join([block.text[a:b] for a, b in _complement(spans, len(block.text))]).strip():
                self.decide(index, rule, False, detail)
            return True
        if rule.action == "meta":
            self.capture(rule, block.plain, match.groupdict().get("value"))
            detail = f"{rule.field}: {self.metadata.get(str(rule.field), '')!r}"
        self.decide(index, rule, rule.action == "keep", detail)
        return True

    def apply_lines(self, rule: Rule, index: int) -> bool:
        block = self.blocks[index]
        lines = _lines(block)
        hits = []
        for start, end, text, words in lines:
            if _words_ok(rule, words):
                match = _search(rule, text, self.timeout())
                if match is not None:
                    hits.append((start, end, text, match))
        if not hits:
            return False
        if rule.action in ("keep", "cut-after", "cut-before"):
            self.decide(index, rule, rule.action == "keep", f"line matched {hits[0][3].group(0).strip()[:50]!r}")
            return True
        verdict = self.verdict(index)
        removed = list(verdict.removed)
        for start, end, text, match in hits:
            if rule.action == "meta":
                self.capture(rule, text, match.groupdict().get("value"))
            if rule.action == "strip":
                offset = block.text.find(match.group(0), start)
                if offset >= 0:
                    removed.append((offset, offset + len(match.group(0))))
            else:
                removed.append((start, end))
        verdict.removed = tuple(removed)
        verdict.edited_by += (rule.reason,)
        left = _complement(verdict.removed, len(block.text))
        if not "".join(block.text[a:b] for a, b in left).strip():
            self.decide(index, rule, False, f"all {len(lines)} lines matched")
            verdict.removed = ()
        return True


def _complement(spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    kept = []
    end = 0
    for start, stop in sorted(spans):
        if start > end:
            kept.append((end, start))
        end = max(end, stop)
    if end < length:
        kept.append((end, length))
    return kept


def apply_rules(blocks: Sequence[Block], rules: Sequence[Rule], *,
                prefilter: bool = True) -> tuple[list[Verdict], dict[str, str], list[str]]:
    """Run ``rules`` over ``blocks``; return one verdict per block, captured metadata, warnings.

    With ``prefilter`` (the default) one scan of the page picks, for each rule, the blocks it may
    match (:mod:`cleaner.rules.compile`); without it every rule looks at every block of its window.
    Both give the same verdicts, except that a rule which would have timed out on a block it
    could not match never runs there.
    """
    page = _Page(blocks)
    if prefilter and rules:
        compiled = compile_rules(tuple(rules))
        for rule, only, digit in zip(compiled.rules, compiled.candidates(blocks), compiled.needs_digit):
            if only is None or only:
                page.apply(rule, only, digit)
    else:
        for rule in rules:
            page.apply(rule)
    return page.verdicts, page.metadata, page.warnings
