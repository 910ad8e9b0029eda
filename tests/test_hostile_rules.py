"""Hostile rule files: each is refused with a RuleError naming the file (and the line where
there is one), quickly and in little memory, never with a traceback or minutes of work."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, RuleError
from cleaner.rules.limits import MAX_NODES, MAX_PHRASES
from cleaner.tools.cli import main
from conftest import within

BOUND = 20.0
HEAD = "pack: p\nrules:\n  - id: a\n    description: d\n    action: drop\n"
TAIL = "    examples:\n      - unchanged: x\n"


def _aliases(levels: int, last: str) -> str:
    """A YAML alias bomb: nine aliases of the level below at each level, 9**levels values."""
    lines = ['l0: &l0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n" + last.replace("BOMB", f"*l{levels - 1}") + "\n"


ALIAS_MESSAGE = (f"F: more than {MAX_NODES} values once its YAML aliases are expanded "
                 "(write the values out, or use fewer aliases)")


@pytest.mark.parametrize("where", [
    "pack: BOMB\nrules: []",
    "pack: p\nrules:\n  - id: BOMB",
    "pack: p\nrules:\n  - id: a\n    window: BOMB",
    "pack: p\nrules:\n  - id: a\n    action: BOMB",
    "site: a.com\nhosts: BOMB\nrules: []",
], ids=["pack", "id", "window", "action", "hosts"])
def test_alias_bomb_is_refused(tmp_path: Path, where: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_aliases(9, where), encoding="utf-8")
    assert len(path.read_bytes()) < 600
    with pytest.raises(RuleError) as error:
        within(BOUND, lambda: Cleaner(rules=[path], defaults=False))
    assert [str(p).replace(str(path), "F") for p in error.value.problems] == [ALIAS_MESSAGE]


def test_a_few_aliases_still_load(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text("pack: p\nrules:\n  - &box\n    id: box\n    description: A box.\n    action: drop\n"
                    "    pattern: '^Box$'\n    examples:\n      - in: \"Box\\n\\nText.\"\n        out: \"Text.\"\n",
                    encoding="utf-8")
    assert Cleaner(rules=[path], defaults=False).clean("Box\n\nText.").text == "Text."


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as error:
        within(BOUND, lambda: Cleaner(rules=[path], defaults=False))
    return [str(p).replace(str(path), "F") for p in error.value.problems]


@pytest.mark.parametrize("pattern, message", [
    ("(?:a{10000}){10000}", "counted repeats multiply to 100000000 (at most 100000)"),
    ("a{1000}(?:b{1000})", "counted repeats multiply to 1000 (at most 100000)"),
    ("(?:(?:(?:a{100}){100}){100})", "counted repeats multiply to 1000000 (at most 100000)"),
    ("[a-z]{5,}(?:x{2,99999999})", "counted repeats multiply to 99999999 (at most 100000)"),
    ("(" * 500 + "a" + ")" * 500, "groups nested 500 deep (at most 100)"),
    ("(?:" * 101 + "a" + ")" * 101, "groups nested 101 deep (at most 100)"),
], ids=["nested-repeats", "repeats-side-by-side", "three-levels", "open-upper-bound", "500-groups", "101-groups"])
def test_pattern_bombs_are_refused_by_rule_and_line(tmp_path: Path, pattern: str, message: str) -> None:
    text = f"{HEAD}    pattern: '{pattern}'\n{TAIL}"
    if message.startswith("counted repeats multiply to 1000 "):  # side by side, they add: it loads
        within(BOUND, lambda: Cleaner(rules=[_write(tmp_path, text)], defaults=False))
        return
    assert _problems(tmp_path, text) == [f"F:6: rule 'a': pattern refused: {message}"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_too_many_phrases_are_refused(tmp_path: Path) -> None:
    phrases = "".join(f"      - phrase number {n}\n" for n in range(MAX_PHRASES + 1))
    assert _problems(tmp_path, f"{HEAD}    phrases:\n{phrases}{TAIL}") == [
        f"F:6: rule 'a': {MAX_PHRASES + 1} phrases (at most {MAX_PHRASES} a rule: split the list over several rules)"]


def test_deeply_nested_yaml_is_refused(tmp_path: Path) -> None:
    assert _problems(tmp_path, "pack: p\nrules: " + "[" * 20_000 + "]" * 20_000 + "\n") == [
        "F: malformed YAML: nested too deeply"]


def test_huge_values_are_shown_short(tmp_path: Path) -> None:
    problems = _problems(tmp_path, f"pack: p\nrules:\n  - id: {'X' * 5000}\n    window: {'x' * 10_000}\n")
    assert all(len(problem) < 300 for problem in problems) and len(problems) == 6
    assert _problems(tmp_path, f"pack: p\nrules:\n  - id: {'9' * 5000}\n") == [
        "F: malformed YAML: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; "
        "use sys.set_int_max_str_digits() to increase the limit"]


@pytest.mark.parametrize("text", [
    "pack: p\nrules: " + "[" * 20_000 + "]" * 20_000 + "\n",
    f"{HEAD}    pattern: '{'(' * 500}a{')' * 500}'\n{TAIL}",
], ids=["deep-yaml", "deep-pattern"])
def test_rules_check_reports_instead_of_a_traceback(tmp_path: Path, text: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, text)
    assert within(BOUND, lambda: main(["rules", "check", str(path)])) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith(str(path).replace(str(Path.cwd()) + "/", ""))
