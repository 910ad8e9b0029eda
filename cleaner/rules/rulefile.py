"""One rule file: read it, validate it and compile its rules.

One job: turn one YAML file into a :class:`RuleFile`. Every problem is reported as a
:class:`~cleaner.errors.Problem` naming the file, the line and the rule id, and all of a file's
problems are raised together as one :class:`~cleaner.errors.RuleError`. YAML is read with the
safe loader only. :mod:`cleaner.rules.ruleset` layers files into the rule set in force.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import regex
import yaml

from cleaner.errors import Problem, RuleError, suggest
from cleaner.rules.limits import MAX_PHRASES, pattern_problem, short
from cleaner.rules.model import (
    ACTIONS,
    DEFAULT_WINDOW,
    FIELDS,
    RULE_TIMEOUT,
    SCOPES,
    WHERES,
    Action,
    Example,
    Rule,
    RuleFile,
    Scope,
    Where,
)
from cleaner.rules.thresholds import Thresholds, read_overrides
from cleaner.rules.vocabulary import (
    MATCHES,
    Match,
    Vocabulary,
    expand,
    phrase_pattern,
    shipped_vocabulary,
    unknown_list,
)
from cleaner.rules.yamlfile import parse, read_text
from cleaner.text.blocks import KINDS

__all__ = [
    "ACTIONS",
    "DEFAULT_WINDOW",
    "EXAMPLE_KEYS",
    "FIELDS",
    "FILE_KEYS",
    "HTML_KEYS",
    "NAME",
    "RULE_KEYS",
    "RULE_TIMEOUT",
    "SCOPES",
    "WHERES",
    "Example",
    "Rule",
    "RuleFile",
    "load_rule_file",
    "suggest",
]

FILE_KEYS = ("site", "pack", "name", "description", "hosts", "detect", "extends", "disable", "rules", "html",
             "heuristics")
RULE_KEYS = ("id", "description", "action", "pattern", "phrases", "lists", "match", "where", "window", "max_words",
             "min_words", "scope", "kinds", "field", "examples")
EXAMPLE_KEYS = ("in", "out", "unchanged", "meta")
HTML_KEYS = ("remove", "body", "examples")
_ID = regex.compile(r"^[a-z0-9][a-z0-9-]*$")
# What a site or pack may be called: its rule ids read <name>/<id>, its file is <name>.yaml.
NAME = regex.compile(r"^[a-z0-9][a-z0-9.-]*$")
# Rule files loaded in this process, by path and a hash of their text (each ``Cleaner`` loads the
# same files again), and how many are kept before all are forgotten.
FILE_CACHE_SIZE = 256
_LOADED: dict[tuple[str, str, str], RuleFile] = {}


class _Reader:
    """Validates one parsed file, collecting problems instead of stopping at the first."""

    def __init__(self, path: str, vocabulary: Vocabulary) -> None:
        self.path = path
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []

    def problem(self, line: int, rule: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, rule, message))

    def keys(self, node: yaml.MappingNode, allowed: Sequence[str], rule: str) -> dict[str, int]:
        lines = _Lines(node.start_mark.line + 1)
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in lines:
                self.problem(key_node.start_mark.line + 1, rule, f"key '{key}' given twice")
            lines[key] = key_node.start_mark.line + 1
            if key not in allowed:
                self.problem(lines[key], rule, suggest(key, allowed))
        return lines

    def strings(self, value: Any, line: int, rule: str, what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(line, rule, f"'{what}' must be a list of non-empty strings")
            return ()
        return tuple(value)

    def integer(self, data: dict[str, Any], key: str, lines: dict[str, int], rule: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(lines[key], rule, f"'{key}' must be a whole number >= 0, not {short(value)}")
            return None
        return value

    def choice(self, data: dict[str, Any], key: str, allowed: Sequence[str], default: str | None,
               lines: dict[str, int], rule: str) -> str | None:
        value = data.get(key, default)
        if value is None and default is None and key in data:
            value = ""
        if value is not None and value not in allowed:
            self.problem(lines.get(key, 0), rule, f"'{key}' must be one of {', '.join(allowed)}, not {short(value)}")
            return None
        return value

    def examples(self, node: yaml.Node | None, data: Any, rule: str, line: int) -> tuple[Example, ...]:
        if not isinstance(data, list) or not data or not isinstance(node, yaml.SequenceNode):
            self.problem(line, rule, "needs 'examples': a list of {in, out} or {unchanged} items")
            return ()
        examples = []
        for item_node, item in zip(node.value, data):
            item_line = item_node.start_mark.line + 1
            if not isinstance(item, dict) or not isinstance(item_node, yaml.MappingNode):
                self.problem(item_line, rule, "an example must be a mapping with 'in' and 'out', or 'unchanged'")
                continue
            self.keys(item_node, EXAMPLE_KEYS, rule)
            meta = item.get("meta") or {}
            if (not isinstance(meta, dict) or not set(meta) <= set(FIELDS)
                    or any(isinstance(v, (list, dict)) for v in meta.values())):
                self.problem(item_line, rule, f"example 'meta' must map some of {', '.join(FIELDS)} to single values")
                meta = {}
            if "unchanged" in item and isinstance(item["unchanged"], str) and "in" not in item:
                text = expected = item["unchanged"]
            elif isinstance(item.get("in"), str) and isinstance(item.get("out"), str):
                text, expected = item["in"], item["out"]
            else:
                self.problem(item_line, rule, "an example needs 'in' and 'out' strings, or an 'unchanged' string")
                continue
            pairs = tuple(sorted((str(k), str(v)) for k, v in meta.items()))
            examples.append(Example(text, expected.strip(), pairs, item_line))
        return tuple(examples)

    def selectors(self, value: Any, line: int, what: str) -> tuple[str, ...]:
        selectors = self.strings(value, line, "html", what)
        try:
            from cssselect import GenericTranslator, SelectorError
        except ImportError:  # selectors are then checked when a page is extracted
            return selectors
        for selector in selectors:
            try:
                GenericTranslator().css_to_xpath(selector)
            except SelectorError as error:
                self.problem(line, "html", f"bad CSS selector {selector!r} in '{what}': {error}")
        return selectors

    def html(self, node: yaml.Node | None, data: Any, line: int) -> dict[str, Any]:
        if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
            self.problem(line, "html", "'html' must be a mapping with 'remove', 'body' and 'examples'")
            return {}
        lines = self.keys(node, HTML_KEYS, "html")
        remove = self.selectors(data.get("remove"), lines.get("remove", line), "remove")
        body = data.get("body")
        if body is not None and (not isinstance(body, str) or not body.strip()):
            self.problem(lines["body"], "html", "'body' must be one CSS selector (a non-empty string)")
            body = None
        if body is not None:
            self.selectors(body, lines["body"], "body")
        if not remove and body is None:
            self.problem(line, "html", "needs 'remove' (CSS selectors) or 'body' (a CSS selector), or both")
        examples_node = next((v for k, v in node.value if k.value == "examples"), None)
        examples = self.examples(examples_node, data.get("examples"), "html", lines.get("examples", line))
        return {"remove": remove, "body": body, "examples": examples}

    def heuristics(self, node: yaml.Node | None, data: Any, line: int) -> tuple[Thresholds | None, tuple[Example, ...]]:
        if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
            self.problem(line, "heuristics", "'heuristics' must be a mapping of thresholds, with 'examples'")
            return None, ()
        # Names are checked by read_overrides, which knows the thresholds and suggests one.
        lines = self.keys(node, tuple(str(k.value) for k, _ in node.value), "heuristics")
        values = {k: v for k, v in data.items() if k != "examples"}
        thresholds, problems = read_overrides(values, lines)
        for at, message in problems:
            self.problem(at, "heuristics", message)
        examples_node = next((v for k, v in node.value if k.value == "examples"), None)
        examples = self.examples(examples_node, data.get("examples"), "heuristics", lines.get("examples", line))
        return thresholds, examples

    def rule(self, node: yaml.Node, data: Any, namespace: str, seen: dict[str, int]) -> Rule | None:
        line = node.start_mark.line + 1
        if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
            self.problem(line, "", "a rule must be a mapping with id, description, action, examples")
            return None
        before = len(self.problems)
        rule_id = data.get("id")
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            label = "" if rule_id is None else short(rule_id).strip("'") if isinstance(rule_id, str) else short(rule_id)
            self.problem(line, label, "needs an 'id' of lowercase letters, digits and '-'")
            rule_id = label or f"#{len(seen) + 1}"
        elif rule_id in seen:
            self.problem(line, rule_id, f"duplicate id (first defined on line {seen[rule_id]})")
        seen.setdefault(rule_id, line)
        lines = self.keys(node, RULE_KEYS, rule_id)
        description = data.get("description")
        if not isinstance(description, str) or not description.strip():
            self.problem(line, rule_id, "needs a 'description' saying what it removes and why")
        action = self.choice(data, "action", ACTIONS, None, lines, rule_id)
        if "action" not in data:
            self.problem(line, rule_id, f"needs an 'action', one of {', '.join(ACTIONS)}")
        where = self.choice(data, "where", WHERES, "any", lines, rule_id)
        scope = self.choice(data, "scope", SCOPES, "block", lines, rule_id)
        window = self.integer(data, "window", lines, rule_id)
        max_words = self.integer(data, "max_words", lines, rule_id)
        min_words = self.integer(data, "min_words", lines, rule_id)
        if max_words is not None and min_words is not None and min_words > max_words:
            self.problem(lines["min_words"], rule_id, f"min_words {min_words} > max_words {max_words}")
        kinds = self.strings(data.get("kinds"), lines.get("kinds", line), rule_id, "kinds")
        for kind in kinds:
            if kind not in KINDS:
                self.problem(lines["kinds"], rule_id, f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
        field_name = self.choice(data, "field", FIELDS, None, lines, rule_id)
        if action == "meta" and not field_name:
            self.problem(line, rule_id, f"a meta rule needs 'field', one of {', '.join(FIELDS)}")
        if field_name and action != "meta":
            self.problem(lines["field"], rule_id, "'field' only goes with action: meta")
        matcher, source, literals, match = self.condition(data, lines, rule_id, line)
        examples_node = next((v for k, v in node.value if k.value == "examples"), None)
        examples = self.examples(examples_node, data.get("examples"), rule_id, lines.get("examples", line))
        if len(self.problems) > before or matcher is None:
            return None
        return Rule(
            id=rule_id, namespace=namespace, description=str(description).strip(), action=cast(Action, action),
            matcher=matcher, source=source, literals=literals, match=match, where=cast(Where, where),
            window=DEFAULT_WINDOW if window is None else window, max_words=max_words,
            min_words=min_words, scope=cast(Scope, scope), kinds=frozenset(kinds) or None, field=field_name,
            examples=examples, file=self.path, line=line,
        )

    def condition(self, data: dict[str, Any], lines: dict[str, int], rule_id: str,
                  line: int) -> tuple[regex.Pattern[str] | None, str, tuple[str, ...], Match | None]:
        by_phrases = "phrases" in data or "lists" in data
        if ("pattern" in data) == by_phrases:
            self.problem(line, rule_id,
                         "needs exactly one of 'pattern' (a regex) or 'phrases' (a list, with or without 'lists')")
            return None, "", (), None
        if by_phrases:
            phrases = list(self.strings(data.get("phrases"), lines.get("phrases", line), rule_id, "phrases"))
            for name in self.strings(data.get("lists"), lines.get("lists", line), rule_id, "lists"):
                if name in self.vocabulary.lists:
                    phrases += self.vocabulary.phrases(name)
                else:
                    self.problem(lines["lists"], rule_id, unknown_list(name, self.vocabulary.lists))
            match = self.choice(data, "match", MATCHES, "anywhere", lines, rule_id)
            if not phrases or match is None:
                return None, "", (), None
            phrases = list(dict.fromkeys(phrases))
            if len(phrases) > MAX_PHRASES:
                self.problem(lines.get("phrases", lines.get("lists", line)), rule_id,
                             f"{len(phrases)} phrases (at most {MAX_PHRASES} a rule: split the list over several rules)")
                return None, "", (), None
            source = phrase_pattern(phrases, match)
            return regex.compile(source, regex.IGNORECASE), source, tuple(phrases), cast(Match, match)
        if "match" in data:
            self.problem(lines["match"], rule_id, "'match' only goes with 'phrases' or 'lists'")
        pattern = data["pattern"]
        if not isinstance(pattern, str) or not pattern:
            self.problem(lines["pattern"], rule_id, "'pattern' must be a non-empty string")
            return None, "", (), None
        source, unknown = expand(pattern, self.vocabulary)
        for name in unknown:
            self.problem(lines["pattern"], rule_id, unknown_list(name, self.vocabulary.lists, f" in \\L<{name}>"))
        if unknown:
            return None, "", (), None
        refused = pattern_problem(source)
        if refused:
            self.problem(lines["pattern"], rule_id, f"pattern refused: {refused}")
            return None, "", (), None
        try:
            return regex.compile(source), source, (), None
        except (regex.error, ValueError, OverflowError, RecursionError, MemoryError) as error:
            self.problem(lines["pattern"], rule_id, f"bad pattern {short(pattern)}: {error or type(error).__name__}")
            return None, "", (), None


class _Lines(dict[str, int]):
    """The line of each key of a mapping; a key the mapping's data holds without a key node of
    its own (one merged in with ``<<``) is placed on the mapping's first line."""

    def __init__(self, default: int) -> None:
        super().__init__()
        self.default = default

    def __missing__(self, key: str) -> int:
        return self.default


def load_rule_file(path: str | Path, text: str | None = None, vocabulary: Vocabulary | None = None) -> RuleFile:
    """Load and validate one rule file; raise :class:`RuleError` listing all its problems.
    Its rules may use the phrase lists of ``vocabulary`` (default: the shipped lists).

    A file loaded before with the same path, text and vocabulary is not parsed again: the same
    :class:`RuleFile` comes back.

    >>> load_rule_file("rules/generic/share.yaml") is load_rule_file("rules/generic/share.yaml")
    True
    """
    path = str(path)
    vocabulary = shipped_vocabulary() if vocabulary is None else vocabulary
    reader = _Reader(path, vocabulary)
    if text is None:
        text = read_text(path)
    cache_key = (path, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), vocabulary.key)
    if cache_key in _LOADED:
        return _LOADED[cache_key]
    node, data = parse(path, text)
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise RuleError([Problem(path, 1, "", "a rule file must be a mapping with 'site' or 'pack' and 'rules'")])
    lines = reader.keys(node, FILE_KEYS, "")
    is_site = "site" in data
    namespace = data.get("site") if is_site else data.get("pack")
    if ("site" in data) == ("pack" in data) or not isinstance(namespace, str) or not NAME.match(namespace):
        reader.problem(1, "", "needs exactly one of 'site: <domain>' or 'pack: <name>' (lowercase)")
        namespace = str(namespace or Path(path).stem)
    if not is_site:
        for key in ("hosts", "detect", "extends", "html", "heuristics"):
            if key in data:
                reader.problem(lines[key], "", f"'{key}' only goes in a site file (one with 'site:')")
    hosts = tuple(h.lower() for h in reader.strings(data.get("hosts"), lines.get("hosts", 1), "", "hosts"))
    html: dict[str, Any] = {}
    if "html" in data and is_site:
        html_node = next((v for k, v in node.value if k.value == "html"), None)
        html = reader.html(html_node, data["html"], lines["html"])
    thresholds: Thresholds | None = None
    heuristics_examples: tuple[Example, ...] = ()
    if "heuristics" in data and is_site:
        heuristics_node = next((v for k, v in node.value if k.value == "heuristics"), None)
        thresholds, heuristics_examples = reader.heuristics(heuristics_node, data["heuristics"], lines["heuristics"])
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    rules_node = next((v for k, v in node.value if k.value == "rules"), None)
    rule_data = data.get("rules")
    if not isinstance(rule_data, list) or not isinstance(rules_node, yaml.SequenceNode):
        if rule_data is not None or not (html or "heuristics" in data):
            reader.problem(lines.get("rules", 1), "", "'rules' must be a list of rules")
    else:
        for rule_node, item in zip(rules_node.value, rule_data):
            rule = reader.rule(rule_node, item, namespace, seen)
            if rule is not None:
                rules.append(rule)
    detect, extends, disable = (reader.strings(data.get(key), lines.get(key, 1), "", key)
                                for key in ("detect", "extends", "disable"))
    if reader.problems:
        raise RuleError(reader.problems)
    if len(_LOADED) >= FILE_CACHE_SIZE:
        _LOADED.clear()
    _LOADED[cache_key] = RuleFile(
        path=path, namespace=namespace, is_site=is_site, name=str(data.get("name") or namespace),
        description=str(data.get("description") or ""), hosts=hosts,
        detect=detect, extends=extends, disable=disable, rules=tuple(rules), html=html,
        thresholds=thresholds, heuristics_examples=heuristics_examples,
    )
    return _LOADED[cache_key]
