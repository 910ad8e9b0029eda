"""The compiled one-scan rule stage decides exactly as rule-by-rule application does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from conftest import CORPUS, corpus_entries
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.rules import compile as compile_module
from cleaner.rules import literals as literals_module
from cleaner.rules.compile import compile_rules
from cleaner.rules.literals import AT_FIRST_WORD, anchored_literals, required_literals, requires_digit
from cleaner.rules import match as match_module
from cleaner.rules.match import apply_rules
from cleaner.rules.model import Rule
from cleaner.text.blocks import segment
from cleaner.text.normalize import normalize


def _outcome(blocks, rules, prefilter):  # type: ignore[no-untyped-def]
    verdicts, metadata, _ = apply_rules(blocks, rules, prefilter=prefilter)
    return [(v.kept, v.reason, v.detail, v.removed, v.edited_by) for v in verdicts], metadata


def _same(rules, text: str) -> None:  # type: ignore[no-untyped-def]
    blocks = segment(normalize(text))
    assert _outcome(blocks, rules, True) == _outcome(blocks, rules, False)


@pytest.fixture(params=["kernel", "automaton", "trie"])
def scanner(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with the compiled kernel's automata (where built), then with the Aho-Corasick
    automaton of ``pyahocorasick`` alone, then with the ``re`` trie that stands in for it when
    that package is not installed."""
    if request.param == "kernel" and compile_module._KERNEL is None:
        pytest.skip("the compiled kernel is not built here")
    if request.param != "kernel":
        monkeypatch.setattr(compile_module, "_KERNEL", None)
    if request.param == "trie":
        monkeypatch.setattr(compile_module, "ahocorasick", None)
    else:
        assert compile_module.ahocorasick is not None, "the test extras install pyahocorasick"
    compile_module.compile_rules.cache_clear()
    compile_module._prefilter.cache_clear()
    yield request.param
    compile_module.compile_rules.cache_clear()
    compile_module._prefilter.cache_clear()


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["path"]) for e in corpus_entries()])
def test_compiled_equals_rule_by_rule_on_corpus(cleaner: Cleaner, entry: dict[str, str], scanner: str) -> None:
    text = (CORPUS / entry["path"]).read_text(encoding="utf-8")
    _same(cleaner.ruleset.rules_for(cleaner.site_file(normalize(text), url=entry.get("url"), site=None)), text)


def _rule_lines() -> list[str]:
    """Lines that rules are written to catch (their examples), to mix into generated pages."""
    rules = Cleaner().ruleset.rules_for(None)
    return sorted({line for r in rules for e in r.examples for line in e.text.split("\n") if line.strip()})


_LINES = _rule_lines()
_LINE = st.one_of(st.sampled_from(_LINES), st.text(max_size=60),
                  st.sampled_from(_LINES).map(str.upper),
                  st.sampled_from(_LINES).map(lambda s: s.replace("s", "ſ").replace("в", "ᲀ")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=12), st.sampled_from(["\n", "\n\n"]))
def test_compiled_equals_rule_by_rule_on_generated_pages(lines: list[str], gap: str) -> None:
    _same(Cleaner().ruleset.rules_for(None), gap.join(lines))


# Characters where lowering one at a time, or case folding, or the kernel's tables could go
# astray: the long s and the Kelvin sign (folded onto ASCII letters), the micro sign and mu, the
# final and capital sigma, the dotted capital I (two characters lower-cased), NUL, a titlecase
# digraph, combining marks, and characters past the kernel's tables.
_ODD = "ſKµμςσΣİıǅ\x00\u0301ﬁẞß中文日本語ΐ\u212b@©–—·•|"
_ODD_LINE = st.text(alphabet=st.sampled_from(_ODD + "sharetiklnbcom .-/"), max_size=40)


@pytest.mark.skipif(compile_module._KERNEL is None, reason="the compiled kernel is not built here")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_LINE, _ODD_LINE, st.tuples(_ODD_LINE, st.sampled_from(_LINES)).map("".join)), max_size=10))
def test_the_kernels_automata_find_what_the_python_scanners_find(lines: list[str]) -> None:
    """Every block's candidate rules, with the kernel reading the literals and without it."""
    compiled = compile_rules(tuple(Cleaner().ruleset.rules_for(None)))
    prefilter = compiled.prefilter
    blocks = segment(normalize("\n\n".join(lines)))
    indexes = (prefilter.at_start, prefilter.at_first_word, prefilter.anywhere)
    automata = [index.literals for index in indexes]
    assert all(automata)
    prefilter.anywhere.memo.clear()
    with_kernel = compiled.candidates(blocks)
    try:
        for index in indexes:
            index.literals = None
        prefilter.anywhere.memo.clear()
        assert compiled.candidates(blocks) == with_kernel
    finally:
        for index, automaton in zip(indexes, automata):
            index.literals = automaton
        prefilter.anywhere.memo.clear()


def test_odd_case_folding_still_reaches_the_rule(scanner: str) -> None:
    rules = Cleaner().ruleset.rules_for(None)
    text = "The vote was close.\n\nſhare this article"
    assert compile_rules(tuple(rules)).scan(text) >= {"share"}
    _same(rules, text)


def _compiled_with_and_without(scanner: str, monkeypatch: pytest.MonkeyPatch) -> tuple[
        compile_module.CompiledRules, compile_module.CompiledRules]:
    """The generic rules compiled afresh as this build has them, and again with the module's
    ``scanner`` (``ahocorasick``, ``_KERNEL``) absent; no prefilter is left cached."""
    rules = tuple(Cleaner().ruleset.rules_for(None))
    compile_module._prefilter.cache_clear()
    with_it = compile_module.CompiledRules(rules)
    monkeypatch.setattr(compile_module, scanner, None)
    compile_module._prefilter.cache_clear()
    without = compile_module.CompiledRules(rules)
    compile_module._prefilter.cache_clear()
    return with_it, without


def test_both_scanners_see_the_same_literals(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (CORPUS / corpus_entries()[0]["path"]).read_text(encoding="utf-8")
    automaton, trie = _compiled_with_and_without("ahocorasick", monkeypatch)
    blocks = segment(normalize(text))
    assert automaton.prefilter.anywhere.automaton is not None and trie.prefilter.anywhere.automaton is None
    assert automaton.candidates(blocks) == trie.candidates(blocks)
    found = automaton.scan(text)
    assert found == trie.scan(text)
    assert {"share", "facebook"} <= found


@pytest.mark.skipif(compile_module._KERNEL is None, reason="the compiled kernel is not built here")
def test_the_python_scanners_are_compiled_only_for_a_block_the_kernel_hands_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compiled, python_only = _compiled_with_and_without("_KERNEL", monkeypatch)
    index = compiled.prefilter.at_first_word
    share, odd = segment("Share this article"), segment("\u4e2d Share this article")
    assert compiled.candidates(share) == python_only.candidates(share) != python_only.candidates(segment("The vote"))
    assert "scanner" not in vars(index)
    # A character outside the kernel's tables before the first word: Python reads the block.
    assert compiled.candidates(odd) == python_only.candidates(odd)
    assert vars(index)["scanner"] is not None


def test_compiling_a_rule_list_keeps_none_of_its_parse_trees() -> None:
    for analysis in (anchored_literals, required_literals, requires_digit, compile_module._prefilter):
        analysis.cache_clear()  # so that the rules' patterns are parsed again
    compile_module.CompiledRules(tuple(Cleaner().ruleset.rules_for(None)))
    assert literals_module._parse.cache_info().currsize == 0 and literals_module._NODES == {}


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?i)^\W*(like this|like|liked by \d+ people)\W*$", {"like"}),  # through re's prefix factoring
    (r"(?i)^(foo|bar)?baz", {"baz"}),
    (r"a{0,3}b", {"b"}),
    (r"(?i)[[:alpha:]]+ rights", None),
    (r"(?:abc){e<=1}", None),
    (r"\\p{Lu}", None),  # an escaped backslash, then braces regex may read as fuzzy matching
    (r"x|", None),
])
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    assert required_literals(pattern) == (frozenset(expected) if expected is not None else None)


def test_import_leaves_heavy_modules_alone() -> None:
    code = ("import sys, cleaner; print(' '.join(m for m in ('trafilatura', 'pyarrow', 'pyspark', 'ftfy', 'lxml')"
            " if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


def test_an_optional_opening_word_is_read_on_into_what_follows() -> None:
    assert anchored_literals(r"(?i)^\W*(the )?original source\b") == (
        AT_FIRST_WORD, frozenset({"original source", "the original source"}))


def test_a_longer_anchored_literal_is_not_shadowed_by_a_shorter_one() -> None:
    index = compile_module._Index([frozenset({"the "}), frozenset({"the original source"})], AT_FIRST_WORD)
    assert index.scanner is not None
    # The scanner matches a head with the separator before it that joins the heads of a page.
    found = [index.prefixes[hit.group(1)] if (hit := index.scanner.match("\x00" + text)) else ()
             for text in ("the original source of", "the cat", "then")]
    assert found == [("the ", "the original source"), ("the ",), ()]


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?i)^published (?:\d{1,2} \w+|\w+ \d{1,2}), \d{4}$", True),
    (r"(?=.*[0-9])^\w+ votes$", True),  # a lookahead that must match reads the same text
    (r"٣ comments", True),  # an Arabic-Indic digit is a digit to regex's \d
    (r"² comments", False),  # a superscript is not
    (r"\d* comments", False), (r"(?:\d+|no) comments", False), (r"[\d.]+", False), (r"[^\D]", False),
    (r"(?!\d)\w+", False), (r"\p{Nd}", False),  # unsure: no requirement
])
def test_requires_digit(pattern: str, expected: bool) -> None:
    assert requires_digit(pattern) is expected


def test_a_rule_that_needs_a_digit_searches_only_blocks_with_one(scanner: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tuple(Cleaner().ruleset.rules_for(None))
    compiled = compile_rules(rules)
    assert [rule.qid for rule, digit in zip(rules, compiled.needs_digit) if digit] == [
        "ads/price-line", "ads/price-offer-line", "byline/date-line", "translation/translate-website-menu"]
    text = ("Published 2 September 2024\n\nFiled under: News - Politics / Local\n\n"
            "Updated 3.4.2024 — Comments: ٣\n\nThe vote was close. 12-3, as expected.")
    _same(rules, text)
    _same(rules, "Published ٢ September ٢٠٢٤\n\nThe vote was close.")
    searched = []
    search = Rule.search

    def counted(rule: Rule, text: str, timeout: float) -> object:
        if rule.qid == "byline/date-line":
            searched.append(text)
        return search(rule, text, timeout)

    monkeypatch.setattr(Rule, "search", counted)
    monkeypatch.setattr(match_module, "_SEARCHED", {})  # searches made before are remembered
    verdicts, metadata, _ = apply_rules(segment(normalize(text)), rules)
    # The second block holds the rule's literals ("-", "/") but no digit: not searched.
    assert searched == ["Published 2 September 2024", "Updated 3.4.2024 — Comments: ٣",
                        "The vote was close. 12-3, as expected."]
    assert metadata == {"date": "2024-09-02"}


def test_rule_searches_are_remembered_up_to_the_bound_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    by_id = {rule.qid: rule for rule in Cleaner().ruleset.rules_for(None)}
    share, date = by_id["share/share-prompt"], by_id["byline/date-line"]
    searched = []
    search = Rule.search

    def counted(rule: Rule, text: str, timeout: float) -> object:
        searched.append((rule.qid, text))
        return search(rule, text, timeout)

    monkeypatch.setattr(Rule, "search", counted)
    monkeypatch.setattr(match_module, "MEMO_SEARCHES", 3)
    match_module._SEARCHED.clear()  # emptied by a caller: counted afresh
    calls = [(share, "Share this"), (share, "Share this"), (date, "May 3, 2024"), (date, "May 3, 2024"),
             (date, "Share this"), (share, "The vote."), (share, "Share this")]
    found = [match_module._search(rule, text, 1.0) is not None for rule, text in calls]
    assert found == [True, True, True, True, False, False, True]
    # Three searches are remembered in all, across the rules' memos: the fourth forgets them.
    assert searched == [("share/share-prompt", "Share this"), ("byline/date-line", "May 3, 2024"),
                        ("byline/date-line", "Share this"), ("share/share-prompt", "The vote."),
                        ("share/share-prompt", "Share this")]
    assert sum(map(len, match_module._SEARCHED.values())) == 2
