"""Shared phrase lists: phrases that match whole, at the start or anywhere; lists used by rules
(``lists:``, ``\\L<name>``), by the first pass and by the HTML pruner; vocabulary files layered
and checked, every problem named by file, line and list or rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from cleaner import Cleaner, Settings
from cleaner.errors import RuleError
from cleaner.heuristics.firstpass import measure
from cleaner.html.prune import prune_furniture
from cleaner.rules.compile import compile_rules
from cleaner.rules.match import apply_rules
from cleaner.rules.ruleset import load_rule_file, load_rules
from cleaner.rules.vocabulary import load_vocabulary_file, shipped_vocabulary
from cleaner.text.blocks import segment
from conftest import RULES

RULE = "pack: p\nrules:\n  - id: x\n    description: X.\n    action: drop\n"
EXAMPLES = "    examples:\n      - unchanged: The vote was close.\n"
PAGE = ["Share", "» Share this", "Share prices fell sharply.", "Please share: it helps.", "Reshare it"]


def _dropped(rule_text: str, blocks: list[str]) -> list[str]:
    rules = load_rule_file("p.yaml", RULE + rule_text + EXAMPLES).rules
    page = segment("\n\n".join(blocks))
    verdicts, _, _ = apply_rules(page, rules)
    assert verdicts == apply_rules(page, rules, prefilter=False)[0]
    return [block.text for block, verdict in zip(page, verdicts) if verdict.kept is False]


@pytest.mark.parametrize("match, dropped", [
    ("whole", ["Share", "» Share this"]),
    ("start", ["Share", "» Share this", "Share prices fell sharply."]),
    ("anywhere", ["Share", "» Share this", "Share prices fell sharply.", "Please share: it helps."]),
])
def test_phrases_match_whole_at_the_start_or_anywhere(match: str, dropped: list[str]) -> None:
    assert _dropped(f"    phrases: [share, share this]\n    match: {match}\n", PAGE) == dropped


def test_whole_and_start_phrases_are_anchored_literals_for_the_prefilter() -> None:
    rules = load_rule_file("p.yaml", RULE + "    phrases: [share this]\n    match: start\n" + EXAMPLES).rules
    page = segment("Share this story\n\nPlease share this\n\n— Share this!")
    assert compile_rules(rules).candidates(page) == [{0, 2}]


def test_a_rule_takes_phrases_from_lists() -> None:
    text = "    lists: [share-networks]\n    phrases: [mastodon]\n    match: whole\n"
    assert _dropped(text, ["Facebook", "Mastodon", "Facebook said no."]) == ["Facebook", "Mastodon"]
    pattern = "    pattern: '(?i)^follow us on \\L<social-networks>$'\n"
    assert _dropped(pattern, ["Follow us on TikTok", "Follow us on foot"]) == ["Follow us on TikTok"]


def test_a_list_takes_in_other_lists() -> None:
    vocabulary = shipped_vocabulary()
    assert set(vocabulary.phrases("share-networks")) < set(vocabulary.phrases("social-networks"))
    assert set(vocabulary.phrases("comment-thread-prompts")) < set(vocabulary.phrases("comment-prompts"))


def test_the_first_pass_the_pruner_and_the_comments_pack_read_one_list() -> None:
    """'Kommentare' is in the shipped comment labels: all three know it as a comment label."""
    assert "kommentare" in shipped_vocabulary().phrases("comment-labels")
    item = measure(segment("Kommentare"))[0]
    assert (item.name, item.comment_marker) == ("comment-marker", True)
    page = lxml_html.fromstring("<div><div><p>The vote was close.</p><h2>Kommentare</h2><p>Toll!</p></div></div>")
    assert prune_furniture(page) == ["comment thread from heading 'Kommentare'"]
    result = Cleaner(settings=Settings(heuristics=False)).clean("The vote was close.\n\nKommentare")
    assert [(d.reason, d.kept) for d in result.decisions][1] == ("rule:comments/comment-prompt", False)


PROBLEMS = {
    "unknown-list": ("    lists: [share-verb]\n",
                     ["F:6: rule 'x': unknown phrase list 'share-verb', did you mean 'share-verbs'?"]),
    "unknown-list-in-pattern": ("    pattern: '^\\L<nav-label>$'\n",
                                ["F:6: rule 'x': unknown phrase list 'nav-label' in \\L<nav-label>, did you mean 'nav-labels'?"]),
    "match-with-a-pattern": ("    pattern: '^Share$'\n    match: whole\n",
                             ["F:7: rule 'x': 'match' only goes with 'phrases' or 'lists'"]),
    "match-unknown": ("    phrases: [share]\n    match: all\n",
                      ["F:7: rule 'x': 'match' must be one of whole, start, anywhere, not 'all'"]),
    "lists-not-strings": ("    lists: {a: b}\n", ["F:6: rule 'x': 'lists' must be a list of non-empty strings"]),
}


@pytest.mark.parametrize("body, expected", list(PROBLEMS.values()), ids=list(PROBLEMS))
def test_a_rule_with_a_bad_list_or_match(tmp_path: Path, body: str, expected: list[str]) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(RULE + body + EXAMPLES, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert [str(p).replace(str(path), "F") for p in caught.value.problems] == expected


LIST = "vocabulary: v\nlists:\n  words:\n    description: Words.\n"
FILE_PROBLEMS = {
    "unknown-key": ("vocabulary: v\nlist:\n  words: {description: W., phrases: [a]}\n",
                    ["F:2: unknown key 'list', did you mean 'lists'? (allowed: vocabulary, description, lists)",
                     "F:1: 'lists' must map list names to {description, phrases}"]),
    "no-name": ("lists:\n  words: {description: W., phrases: [a]}\n",
                ["F:1: needs 'vocabulary: <name>' (lowercase letters, digits and '-')"]),
    "list-key": (LIST + "    phrase: [a]\n",
                 ["F:5: rule 'words': unknown key 'phrase', did you mean 'phrases'? (allowed: description, phrases, lists)",
                  "F:3: rule 'words': needs 'phrases', or 'lists' to take in"]),
    "no-description": ("vocabulary: v\nlists:\n  words: {phrases: [a]}\n",
                       ["F:3: rule 'words': needs a 'description' saying what the phrases are"]),
    "bad-name": ("vocabulary: v\nlists:\n  Words: {description: W., phrases: [a]}\n",
                 ["F:3: rule 'Words': a list name is lowercase letters, digits and '-'"]),
    "phrases-not-strings": (LIST + "    phrases: [1, '']\n",
                            ["F:3: rule 'words': 'phrases' must be a list of non-empty strings"]),
    "not-a-mapping": ("- a\n", ["F:1: a vocabulary file must be a mapping with 'vocabulary' and 'lists'"]),
}


@pytest.mark.parametrize("body, expected", list(FILE_PROBLEMS.values()), ids=list(FILE_PROBLEMS))
def test_a_broken_vocabulary_file(tmp_path: Path, body: str, expected: list[str]) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_vocabulary_file(path)
    assert [str(p).replace(str(path), "F") for p in caught.value.problems] == expected


def _vocabulary_layer(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "layer" / "vocabulary"
    folder.mkdir(parents=True)
    for name, body in files.items():
        (folder / f"{name}.yaml").write_text(body, encoding="utf-8")
    return folder.parent


def test_lists_that_clash_or_take_in_what_is_not_there(tmp_path: Path) -> None:
    layer = _vocabulary_layer(
        tmp_path,
        a="vocabulary: a\nlists:\n  nav-labels: {description: N., phrases: [home]}\n"
          "  loop-one: {description: L., lists: [loop-two]}\n  loop-two: {description: L., lists: [loop-one]}\n",
        b="vocabulary: b\nlists:\n  mine: {description: M., lists: [share-verb]}\n")
    with pytest.raises(RuleError) as caught:
        load_rules([RULES, layer])
    problems = [str(p).replace(str(layer / "vocabulary") + "/", "").replace(f"{RULES}/", "rules/")
                for p in caught.value.problems]
    assert problems == [
        "a.yaml:3: rule 'nav-labels': list already defined in rules/vocabulary/navigation.yaml:7",
        "a.yaml:5: rule 'loop-two': lists take each other in: loop-one -> loop-two -> loop-one",
        "b.yaml:3: rule 'mine': unknown phrase list 'share-verb', did you mean 'share-verbs'?",
    ]


def test_a_vocabulary_file_layered_over_the_shipped_one_replaces_it(tmp_path: Path) -> None:
    shipped = (RULES / "vocabulary" / "share.yaml").read_text(encoding="utf-8")
    layer = _vocabulary_layer(tmp_path, share=shipped.replace("phrases: [share, teilen,", "phrases: [share, condividi, teilen,"))
    page = "Il voto è stato combattuto.\n\nCondividi"
    assert Cleaner(settings=Settings(heuristics=False)).clean(page).text == page
    assert Cleaner(rules=[layer], settings=Settings(heuristics=False)).clean(page).text == "Il voto è stato combattuto."
