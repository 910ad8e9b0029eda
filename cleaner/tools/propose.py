"""Propose a site's rules from sample pages: the one proposer behind ``cleaner rules new`` and
``cleaner learn`` (:mod:`cleaner.tools.writer` writes the file).

One job: turn what recurs across a site's pages into a few rules a person can read, each
justified by several pages and checked on pages it was not learned from. A line (a one-line
block of at most :data:`MAX_LINE_WORDS` words, numbers generalized) found on at least half of the
pages, and on two or more, is the site's furniture. Of those lines:

- the earliest one that stands after the article body, once, on every page that has it becomes
  a ``cut-after`` footer rule;
- the others, where no cut already removes them, become ``drop`` rules, one per place (before,
  inside or after the body), each a single anchored pattern listing its lines.

The body of a page is its blocks of :data:`BODY_MIN_WORDS` or more words that the generic rules
and heuristics keep and that no other sample page has. Lines the generic rules already decide are
left to them (a copy in a site file would only shadow later fixes) and named in a comment. Two
kinds of line are never proposed, having cost recall on dev sites' other pages: a line inside
the body that the cleaning keeps on every page (comment guidelines, an editor's note), and a
headline after the body (in a list of other stories, it is another page's own title).

Every candidate is checked by holding out: for each sample page, the candidates learned from the
*other* pages run (through the rule engine) on the held-out page. A candidate is written only if
it removed something on a page it did not learn from and never removed a block that page alone
has and the generic cleaning kept (its headline, its body). So at least :data:`MIN_PAGES` pages
are needed to propose rules; with fewer, the file gets its hosts and detection signature only.
Every rule carries short examples from the pages, and :func:`cleaner.tools.writer.write_rule_file`
checks them before the file is written.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from cleaner.engine import Cleaner, Settings
from cleaner.errors import Problem, RuleError
from cleaner.reasons import Reason
from cleaner.rules.match import apply_rules
from cleaner.rules.rulefile import NAME
from cleaner.rules.ruleset import load_rule_file
from cleaner.text.blocks import WORD, Block, segment
from cleaner.text.normalize import normalize
from cleaner.text.read import decode, detect_format
from cleaner.tools.writer import format_rule_file

__all__ = ["MIN_PAGES", "Proposal", "propose"]

# Fewer pages than this leave none to hold out once two pages have agreed on a line.
MIN_PAGES = 3
# A line on at least this share of the pages (and on two or more) is the site's furniture.
REPEAT_SHARE = 0.5
# Longer blocks are article text far more often than furniture: never a rule for them.
MAX_LINE_WORDS = 40
# A block of this many words that only one page has (and the cleaning keeps) is that page's body.
BODY_MIN_WORDS = 12
# A held-out page's own block of this many words must never be removed by a proposed rule.
PROTECTED_MIN_WORDS = 3
# A heading of this many words is a headline, not a section label such as "Comments".
TITLE_MIN_WORDS = 4
# Shortest body paragraph used as an example.
EXAMPLE_MIN_WORDS = 8
# Blocks of slack added to the farthest place a cut's anchor was seen from the page's edge.
WINDOW_SLACK = 5
# Held-out pages checked at most (each costs one proposal over the other pages).
MAX_FOLDS = 10
# A signature naming the site needs this many words, and a long line is cut into sentences.
MIN_SIGNATURE_WORDS, MAX_SIGNATURE_WORDS = 3, 20
_DIGITS = regex.compile(r"\d+")
_SENTENCE = regex.compile(r"(?<=[.!?|:])\s+")
PLACES = ("before", "inside", "after")


@dataclass(slots=True)
class _Sample:
    """One sample page: its blocks, each block's line key (None: not a candidate line), and
    what the generic cleaning made of each block."""

    name: str
    text: str
    blocks: list[Block]
    keys: list[str | None]
    kept: list[bool]
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: str      # drop or cut-after
    key: str
    place: str     # before, inside, after the body
    pages: int     # sample pages that have the line
    window: int = 0


@dataclass(slots=True)
class Proposal:
    """A proposed site file (``data``, ready for :func:`format_rule_file`), the comments that go
    with it, and for each rule what the held-out check found."""

    site: str
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)

    @property
    def rules(self) -> list[dict[str, Any]]:
        return list(self.data.get("rules") or [])


def _key(block: Block) -> str | None:
    """The block as a furniture line: its plain text with numbers generalized, or None."""
    plain = block.plain.strip()
    words = len(WORD.findall(plain))
    if block.kind == "separator" or "\n" in plain or not 0 < words <= MAX_LINE_WORDS:
        return None
    return _DIGITS.sub("0", plain)


def _pattern(plain: str) -> str:
    """The anchored pattern of one line, numbers generalized (dates and counts change per page).

    >>> _pattern("Posted 3 May 2024 (12 comments)")
    '^Posted \\\\d+ May \\\\d+ \\\\(\\\\d+ comments\\\\)$'
    """
    return "^" + _alternative(plain) + "$"


def _alternative(plain: str) -> str:
    return r"\d+".join(regex.escape(p, literal_spaces=True) for p in _DIGITS.split(plain.strip()))


def _sample(name: str, raw: bytes | str, cleaner: Cleaner) -> _Sample:
    text = raw if isinstance(raw, str) else decode(raw)
    if detect_format(text) == "html":
        from cleaner.html.extract import extract

        text = extract(text).text  # rules run on the markdown of the page's article
    text = normalize(text)
    blocks = segment(text)
    result = cleaner.clean(text, input="markdown")
    return _Sample(name, text, blocks, [_key(b) for b in blocks], [d.kept for d in result.decisions],
                   [d.reason for d in result.decisions])


def _own(sample: _Sample, others: Sequence[_Sample]) -> set[int]:
    """The blocks of ``sample`` that no other sample page has."""
    seen = {b.plain.strip() for other in others for b in other.blocks}
    return {i for i, b in enumerate(sample.blocks) if b.plain.strip() not in seen}


def _protected(sample: _Sample, others: Sequence[_Sample]) -> set[int]:
    """Blocks of ``sample`` no proposed rule may remove: kept, its own, and not a word or two."""
    return {i for i in _own(sample, others) if sample.kept[i] and sample.blocks[i].words >= PROTECTED_MIN_WORDS}


def _body(sample: _Sample, others: Sequence[_Sample]) -> tuple[int, int] | None:
    body = sorted(i for i in _own(sample, others) if sample.kept[i] and sample.blocks[i].words >= BODY_MIN_WORDS)
    return (body[0], body[-1]) if body else None


def _candidates(samples: Sequence[_Sample]) -> list[_Candidate]:
    """The furniture lines of ``samples``, and the footer cut among them."""
    support: Counter[str] = Counter()
    for sample in samples:
        support.update({k for k in sample.keys if k is not None})
    needed = max(2, math.ceil(REPEAT_SHARE * len(samples)))
    repeated = {k for k, n in support.items() if n >= needed}
    # Lines the generic rules decide wherever they stand are theirs.
    ruled = {k for k in repeated if all(r.kind == "rule" for s in samples
                                        for k2, r in zip(s.keys, s.reasons) if k2 == k)}
    places: dict[str, set[str]] = {}
    spots: dict[str, list[tuple[int, int, int]]] = {}  # key -> (index, blocks, count) per page
    for sample in samples:
        span = _body(sample, [s for s in samples if s is not sample])
        for key in repeated - ruled:
            where = [i for i, k in enumerate(sample.keys) if k == key]
            if not where:
                continue
            spots.setdefault(key, []).append((where[0], len(sample.blocks), len(where)))
            for i in where:
                place = ("inside" if span is None or span[0] <= i <= span[1]
                         else "before" if i < span[0] else "after")
                places.setdefault(key, set()).add(place)
    titles = {k for s in samples for b, k in zip(s.blocks, s.keys)
              if k in repeated and b.kind == "heading" and b.words >= TITLE_MIN_WORDS}
    kept_everywhere = {k for k in repeated
                       if all(kept for s in samples for k2, kept in zip(s.keys, s.kept) if k2 == k)}
    found = []
    for key in sorted(repeated - ruled):
        place = next(iter(places[key])) if len(places[key]) == 1 else "inside"
        # Inside the body, a line the cleaning keeps on every page is the site's standing text
        # (an editor's note, comment guidelines) more often than furniture. After the body, a
        # headline is another page's, in a list of stories, and that page's own title there.
        if (place == "inside" and key in kept_everywhere) or (place == "after" and key in titles):
            continue
        found.append(_Candidate("drop", key, place, support[key]))
    # The footer's anchor stands once on every page that has it, always after the body; the
    # earliest such line. (A header cut was tried and left out: on a site's other pages the
    # headline now and then stands above the line that was below it on every sample page.)
    anchors = [c for c in found if c.place == "after" and all(n == 1 for _, _, n in spots[c.key])]
    if anchors:
        best = min(anchors, key=lambda c: (sum(i / total for i, total, _ in spots[c.key]) / len(spots[c.key]),
                                           -c.pages, c.key))
        window = max(total - i for i, total, _ in spots[best.key])
        found.append(_Candidate("cut-after", best.key, "after", best.pages, window + WINDOW_SLACK))
    return found


def _rule(candidate: _Candidate, text: str, rule_id: str) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": rule_id, "description": "candidate", "action": candidate.kind,
                            "pattern": _pattern(text)}
    if candidate.kind == "cut-after":
        rule.update(where="tail", window=candidate.window)
    rule["examples"] = [{"in": text, "out": ""}]  # replaced by examples from the pages when written
    return rule


def _text_of(samples: Sequence[_Sample], key: str) -> str:
    return next(b.plain.strip() for s in samples for b, k in zip(s.blocks, s.keys) if k == key)


def _check(samples: Sequence[_Sample], site: str) -> dict[tuple[str, str], tuple[int, int]]:
    """For each candidate (kind, key): on how many held-out pages it removed something, and on how
    many it removed a block that no rule may remove."""
    found: dict[tuple[str, str], list[int]] = {}
    for held in range(min(len(samples), MAX_FOLDS)):
        page, others = samples[held], [s for i, s in enumerate(samples) if i != held]
        candidates = _candidates(others)
        protected = _protected(page, others)
        # Drops run together (their lines differ); the cut alone, so it is judged on its own.
        groups = [[c for c in candidates if c.kind == "drop"]] + [[c] for c in candidates if c.kind != "drop"]
        for group in groups:
            if not group:
                continue
            rules = [_rule(c, _text_of(others, c.key), f"c{n}") for n, c in enumerate(group)]
            loaded = load_rule_file(f"<{site}>", format_rule_file({"site": site, "rules": rules}))
            verdicts, _, _ = apply_rules(page.blocks, loaded.rules)
            for n, candidate in enumerate(group):
                removed = {i for i, v in enumerate(verdicts) if v.kept is False and v.reason == Reason.of("rule", f"{site}/c{n}")}
                tally = found.setdefault((candidate.kind, candidate.key), [0, 0])
                tally[0] += bool(removed)
                tally[1] += bool(removed & protected)
    return {k: (v[0], v[1]) for k, v in found.items()}


def _examples(samples: Sequence[_Sample], repeated: set[str]) -> list[str]:
    """Short body paragraphs (kept, one page's own, one line), shortest first."""
    bodies = {b.text for s in samples for i, b in enumerate(s.blocks)
              if s.kept[i] and b.kind == "paragraph" and b.words >= EXAMPLE_MIN_WORDS and "\n" not in b.text
              and s.keys[i] not in repeated and sum(b.text in o.text for o in samples) == 1}
    return sorted(bodies, key=lambda t: (len(t), t))


def _block_text(samples: Sequence[_Sample], key: str) -> str:
    return next(b.text for s in samples for b, k in zip(s.blocks, s.keys) if k == key)


def _signature(site: str, samples: Sequence[_Sample]) -> list[str]:
    """A line naming the site that every page contains literally (as ``detect`` compares)."""
    label = site.split(".")[0].replace("-", "")
    for block in samples[0].blocks if samples else []:
        whole = block.plain.strip()
        pieces = [whole] if len(WORD.findall(whole)) <= MAX_SIGNATURE_WORDS else []
        for piece in pieces + _SENTENCE.split(whole):
            squashed = regex.sub(r"[^\p{L}\p{N}]", "", piece).lower()
            # numbers (years above all) change from page to page and year to year
            if (label in squashed and len(WORD.findall(piece)) >= MIN_SIGNATURE_WORDS and not _DIGITS.search(piece)
                    and all(piece in s.text for s in samples)):
                return [piece]
    return []


def propose(site: str, pages: Sequence[tuple[str, bytes | str]], rule_paths: Sequence[str | Path] = ()) -> Proposal:
    """The site file proposed for ``site`` from sample ``pages`` (name, bytes or text), cleaned
    with the shipped rules and ``rule_paths`` layered over them.

    >>> page = "Quiet Hours Daily: the town paper\\n\\nBakers start at four, said Ann, and she means it."
    >>> proposal = propose("quiethours.example", [("a.md", page)])
    >>> proposal.data["detect"], proposal.rules, proposal.notes[-1]
    (['Quiet Hours Daily: the town paper'], [], 'No rules proposed: 3 or more pages are needed, 1 given.')
    """
    if not NAME.match(site):
        raise RuleError([Problem(site, 0, "", "not a host name (expected something like example.com)")])
    cleaner = Cleaner(rules=list(rule_paths), settings=Settings(site_rules=False))
    samples = [_sample(name, raw, cleaner) for name, raw in pages]
    names = ", ".join(s.name for s in samples)
    notes = [f"Proposed by cleaner from {len(samples)} page(s): {names}.",
             "Review every rule before use: keep what is furniture on every page of the site."]
    generic = Counter(r.name for s in samples for r, k in zip(s.reasons, s.kept) if not k and r.kind == "rule")
    if generic:
        notes.append("Already dropped by generic rules: " + ", ".join(f"{q} ({n})" for q, n in sorted(generic.items())) + ".")
    data: dict[str, Any] = {"site": site, "name": site, "hosts": [site, f"*.{site}"],
                            "detect": _signature(site, samples), "rules": []}
    proposal = Proposal(site, data, notes)
    if len(samples) < MIN_PAGES:
        notes.append(f"No rules proposed: {MIN_PAGES} or more pages are needed, {len(samples)} given.")
        return proposal
    candidates = _candidates(samples)
    checks = _check(samples, site)
    accepted = [c for c in candidates if checks.get((c.kind, c.key), (0, 0))[0] > 0
                and checks[(c.kind, c.key)][1] == 0]
    rejected = len(candidates) - len(accepted)
    repeated = {c.key for c in candidates}
    bodies = _examples(samples, repeated)
    if not bodies:
        notes.append("No rules proposed: no body paragraph to write examples with.")
        return proposal
    footer = next((c for c in accepted if c.kind == "cut-after"), None)
    if footer is not None:
        data["rules"].append(_footer_rule(samples, footer, checks, bodies))
    for place in PLACES:
        lines = [c for c in accepted if c.kind == "drop" and c.place == place and not _cut_away(samples, c, footer)]
        if lines:
            data["rules"].append(_drop_rule(samples, place, lines, checks, bodies))
    held = min(len(samples), MAX_FOLDS)
    notes.append(f"Checked by holding out each of {held} pages: {len(accepted)} of {len(candidates)} candidates "
                 f"removed furniture on a page they were not learned from and nothing of its own"
                 + (f"; {rejected} left out." if rejected else "."))
    for rule in data["rules"]:
        proposal.checks[rule["id"]] = rule["description"]
    return proposal


def _cut_away(samples: Sequence[_Sample], line: _Candidate, footer: _Candidate | None) -> bool:
    """Whether the footer cut already removes every occurrence of ``line`` on the samples."""
    if footer is None:
        return False
    for sample in samples:
        last = sample.keys.index(footer.key) if footer.key in sample.keys else len(sample.keys)
        if any(i < last for i, k in enumerate(sample.keys) if k == line.key):
            return False
    return True


def _footer_rule(samples: Sequence[_Sample], cut: _Candidate, checks: dict[tuple[str, str], tuple[int, int]],
                 bodies: list[str]) -> dict[str, Any]:
    rule = _rule(cut, _text_of(samples, cut.key), "footer")
    rule["description"] = (f"Everything from this line, on {cut.pages} of {len(samples)} pages, is the site's "
                           f"footer; checked on {checks[(cut.kind, cut.key)][0]} held-out pages.")
    rule["examples"] = [{"in": f"{bodies[0]}\n\n{_block_text(samples, cut.key)}", "out": bodies[0]},
                        {"unchanged": bodies[min(1, len(bodies) - 1)]}]
    return rule


def _drop_rule(samples: Sequence[_Sample], place: str, lines: list[_Candidate],
               checks: dict[tuple[str, str], tuple[int, int]], bodies: list[str]) -> dict[str, Any]:
    texts = [_text_of(samples, c.key) for c in lines]
    confirmed = min(checks[("drop", c.key)][0] for c in lines)
    fewest = min(c.pages for c in lines)
    shortest = min(range(len(lines)), key=lambda i: (len(texts[i]), texts[i]))
    return {
        "id": f"lines-{place}-body",
        "description": (f"Lines {place} the article body on {fewest} or more of {len(samples)} pages; each "
                        f"checked on {confirmed} or more held-out pages."),
        "action": "drop",
        "pattern": "^(?:" + "|".join(_alternative(t) for t in texts) + ")$",
        "max_words": max(len(WORD.findall(t)) for t in texts),
        "examples": [{"in": f"{_block_text(samples, lines[shortest].key)}\n\n{bodies[0]}", "out": bodies[0]},
                     {"unchanged": bodies[min(1, len(bodies) - 1)]}],
    }
