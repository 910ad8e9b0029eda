"""Shared phrase lists: the words of furniture, named once, read by rules, heuristics and pruner.

One job: load vocabulary files (``rules/vocabulary/*.yaml``: ``vocabulary: <name>``, then
``lists:``, each list a name with a description, its ``phrases`` and the other ``lists`` it takes
in) into one :class:`Vocabulary`, and turn phrases into patterns. A rule uses a list by name
(``lists: [share-verbs]``, or ``\\L<share-verbs>`` inside a ``pattern``, the ``regex`` module's
spelling of a named list); the heuristics' first pass (:mod:`cleaner.heuristics.firstpass`) and
the HTML pruner (:mod:`cleaner.html.prune`) read the shipped lists, so that the words of comment
prompts, share bars and related-link headings live in one place.

Why ``\\L<name>`` is expanded into an alternation of the escaped phrases rather than handed to
``regex`` as a named list: the expanded pattern is plain regex text, which the rule prefilter
(:mod:`cleaner.rules.literals`) reads literals off like any other pattern.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import regex
import yaml

from cleaner.errors import Problem, RuleError, suggest
from cleaner.rules.yamlfile import parse

__all__ = ["Match", "Vocabulary", "VocabularyFile", "load_vocabulary_file", "merge", "shipped_vocabulary", "shipped_rules",
           "is_vocabulary_path", "phrase_pattern", "expand", "MATCHES", "VOCABULARY_KEYS", "LIST_KEYS"]

# How phrases match a block: the whole block (save leading and trailing non-word characters),
# its start, or anywhere at word boundaries.
Match = Literal["whole", "start", "anywhere"]
MATCHES: tuple[Match, ...] = get_args(Match)
VOCABULARY_KEYS = ("vocabulary", "description", "lists")
LIST_KEYS = ("description", "phrases", "lists")
_NAME = regex.compile(r"^[a-z0-9][a-z0-9-]*$")
# ``\L<name>`` in a pattern, as the ``regex`` module writes a named list; an escaped backslash
# is matched first, so that ``\\L<name>`` (a backslash, then the text "L<name>") is none.
_REFERENCE = regex.compile(r"\\\\|\\L<([^<>]*)>")
# The directory holding vocabulary files, inside any rule directory.
DIRECTORY = "vocabulary"
# Vocabulary files read in this process, by path and a hash of their text (each ``Cleaner``
# reads the shipped ones again), and how many are kept before all are forgotten.
FILE_CACHE_SIZE = 256
_LOADED: dict[tuple[str, str], "VocabularyFile"] = {}


def shipped_rules() -> Path:
    """The shipped rules: inside the wheel (``cleaner/_rules``), or ``rules/`` of a checkout."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_rules"
    return shipped if shipped.is_dir() else package.parent / "rules"


def is_vocabulary_path(path: Path) -> bool:
    """Whether a file found among rule files is a vocabulary file (it sits in ``vocabulary/``)."""
    return path.parent.name == DIRECTORY


@dataclass(frozen=True, slots=True)
class PhraseList:
    """One list as written: its own phrases and the lists it takes in."""

    name: str
    description: str
    phrases: tuple[str, ...]
    includes: tuple[str, ...]
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class VocabularyFile:
    """One vocabulary file."""

    path: str
    namespace: str
    description: str
    lists: tuple[PhraseList, ...]


class Vocabulary:
    """Named phrase lists, each with the phrases of the lists it takes in, in order.

    >>> vocabulary = merge([load_vocabulary_file("v.yaml", '''
    ... vocabulary: v
    ... lists:
    ...   networks: {description: Networks., phrases: [Facebook, X]}
    ...   share-words: {description: Share bar words., phrases: [share], lists: [networks]}
    ... ''')])
    >>> vocabulary.phrases("share-words"), sorted(vocabulary.words("share-words"))
    (('share', 'Facebook', 'X'), ['facebook', 'share', 'x'])
    """

    def __init__(self, lists: Mapping[str, tuple[str, ...]]) -> None:
        self.lists = dict(lists)
        self.key = hashlib.sha256(repr(sorted(self.lists.items())).encode("utf-8", "surrogatepass")).hexdigest()

    def phrases(self, name: str) -> tuple[str, ...]:
        return self.lists[name]

    def words(self, name: str) -> frozenset[str]:
        """The list's phrases, lower-cased: a set to look single words up in."""
        return frozenset(phrase.lower() for phrase in self.lists[name])

    def expand(self, pattern: str) -> str:
        """``pattern`` with each ``\\L<name>`` replaced by that list's alternation; a name that
        no list has is a :class:`RuleError`."""
        expanded, unknown = expand(pattern, self)
        if unknown:
            raise RuleError([Problem("<pattern>", 0, "", unknown_list(name, self.lists)) for name in unknown])
        return expanded

    def alternation(self, name: str) -> str:
        """The list as a non-capturing group of its escaped phrases, for a pattern."""
        return "(?:" + "|".join(regex.escape(phrase) for phrase in self.lists[name]) + ")"


def phrase_pattern(phrases: Sequence[str], match: str) -> str:
    """The pattern that finds ``phrases`` (escaped, matched ignoring case) as ``match`` says.

    >>> phrase_pattern(["share", "tweet it"], "whole")
    '^\\\\W*(?:share|tweet\\\\ it)\\\\W*$'
    >>> phrase_pattern(["read more"], "start"), phrase_pattern(["read more"], "anywhere")
    ('^\\\\W*(?:read\\\\ more)(?!\\\\w)', '(?<!\\\\w)(?:read\\\\ more)(?!\\\\w)')
    """
    body = "(?:" + "|".join(regex.escape(p.strip()) for p in phrases) + ")"
    if match == "whole":
        return r"^\W*" + body + r"\W*$"
    if match == "start":
        return r"^\W*" + body + r"(?!\w)"
    return r"(?<!\w)" + body + r"(?!\w)"


def expand(pattern: str, vocabulary: Vocabulary) -> tuple[str, list[str]]:
    """``pattern`` with each ``\\L<name>`` replaced by the list's alternation, and the names
    that no list has.

    >>> expand(r"^\\L<v>\\d", Vocabulary({"v": ("a", "b.")}))
    ('^(?:a|b\\\\.)\\\\d', [])
    >>> expand(r"\\L<w>", Vocabulary({}))[1]
    ['w']
    >>> expand(r"\\\\L<w>", Vocabulary({}))
    ('\\\\\\\\L<w>', [])
    """
    unknown: list[str] = []

    def replace(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name is None:  # an escaped backslash
            return match.group(0)
        if name not in vocabulary.lists:
            unknown.append(name)
            return ""
        return vocabulary.alternation(name)

    return _REFERENCE.sub(replace, pattern), unknown


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return tuple(value)


def load_vocabulary_file(path: str | Path, text: str | None = None) -> VocabularyFile:
    """Load one vocabulary file; raise :class:`RuleError` listing all its problems. A file read
    before with the same path and text is not parsed again."""
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8") if text is None else text
        key = (path, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
        if key in _LOADED:
            return _LOADED[key]
        node, data = parse(path, text, "vocabulary file")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError([Problem(path, 0, "", f"cannot read vocabulary file: {error}")]) from None
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise RuleError([Problem(path, 1, "", "a vocabulary file must be a mapping with 'vocabulary' and 'lists'")])
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    problems += [Problem(path, lines[key], "", suggest(key, VOCABULARY_KEYS)) for key in data if key not in VOCABULARY_KEYS]
    namespace = data.get("vocabulary")
    if not isinstance(namespace, str) or not _NAME.match(namespace):
        problems.append(Problem(path, 1, "", "needs 'vocabulary: <name>' (lowercase letters, digits and '-')"))
        namespace = Path(path).stem
    lists_node = next((v for k, v in node.value if k.value == "lists"), None)
    found: list[PhraseList] = []
    if not isinstance(data.get("lists"), dict) or not isinstance(lists_node, yaml.MappingNode) or not data["lists"]:
        problems.append(Problem(path, lines.get("lists", 1), "", "'lists' must map list names to {description, phrases}"))
    else:
        for key_node, value_node in lists_node.value:
            name, line, item = str(key_node.value), key_node.start_mark.line + 1, data["lists"].get(key_node.value)
            problems += _check_list(path, name, line, item, value_node)
            if not problems:
                found.append(PhraseList(name, str(item["description"]).strip(), _strings(item.get("phrases")) or (),
                                        _strings(item.get("lists")) or (), path, line))
    if problems:
        raise RuleError(problems)
    if len(_LOADED) >= FILE_CACHE_SIZE:
        _LOADED.clear()
    _LOADED[key] = VocabularyFile(path, namespace, str(data.get("description") or ""), tuple(found))
    return _LOADED[key]


def _check_list(path: str, name: str, line: int, item: Any, node: yaml.Node) -> list[Problem]:
    problems = []
    if not _NAME.match(name):
        problems.append(Problem(path, line, name, "a list name is lowercase letters, digits and '-'"))
    if not isinstance(item, dict) or not isinstance(node, yaml.MappingNode):
        return problems + [Problem(path, line, name, "a list must be a mapping with 'description' and 'phrases'")]
    for key_node, _ in node.value:
        if key_node.value not in LIST_KEYS:
            problems.append(Problem(path, key_node.start_mark.line + 1, name, suggest(str(key_node.value), LIST_KEYS)))
    if not isinstance(item.get("description"), str) or not item["description"].strip():
        problems.append(Problem(path, line, name, "needs a 'description' saying what the phrases are"))
    for key in ("phrases", "lists"):
        if key in item and _strings(item[key]) is None:
            problems.append(Problem(path, line, name, f"'{key}' must be a list of non-empty strings"))
    if not item.get("phrases") and not item.get("lists"):
        problems.append(Problem(path, line, name, "needs 'phrases', or 'lists' to take in"))
    return problems


def merge(files: Iterable[VocabularyFile]) -> Vocabulary:
    """One vocabulary from ``files``: every list with the phrases of the lists it takes in
    (recursively, each phrase once). Raises :class:`RuleError` for a list defined twice, a list
    taken in that does not exist, or lists that take each other in."""
    defined: dict[str, PhraseList] = {}
    problems: list[Problem] = []
    for file in files:
        for phrase_list in file.lists:
            if phrase_list.name in defined:
                first = defined[phrase_list.name]
                problems.append(Problem(file.path, phrase_list.line, phrase_list.name,
                                        f"list already defined in {first.file}:{first.line}"))
            defined.setdefault(phrase_list.name, phrase_list)
    resolved: dict[str, tuple[str, ...]] = {}

    def resolve(name: str, path: tuple[str, ...]) -> tuple[str, ...]:
        if name in resolved:
            return resolved[name]
        phrase_list = defined[name]
        phrases = list(phrase_list.phrases)
        for include in phrase_list.includes:
            if include in path or include == name:
                problems.append(Problem(phrase_list.file, phrase_list.line, name, f"lists take each other in: {' -> '.join(path + (name, include))}"))
            elif include not in defined:
                problems.append(Problem(phrase_list.file, phrase_list.line, name, unknown_list(include, defined)))
            else:
                phrases += resolve(include, path + (name,))
        resolved[name] = tuple(dict.fromkeys(phrases))
        return resolved[name]

    for name in defined:
        resolve(name, ())
    if problems:
        raise RuleError(problems)
    return Vocabulary(resolved)


def unknown_list(name: str, known: Iterable[str], where: str = "") -> str:
    """The message for a reference to a list that no vocabulary file defines.

    >>> print(unknown_list("share-verb", ["share-verbs"], " in a lists: entry"))
    unknown phrase list 'share-verb' in a lists: entry, did you mean 'share-verbs'?
    """
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f", did you mean '{close[0]}'?" if close else " (lists are defined in rules/vocabulary/*.yaml)"
    return f"unknown phrase list '{name}'{where}{hint}"


def vocabulary_files(directory: Path) -> list[Path]:
    """The vocabulary files of a rule directory."""
    folder = directory / DIRECTORY
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.is_file()) if folder.is_dir() else []


@lru_cache(maxsize=1)
def shipped_vocabulary() -> Vocabulary:
    """The shipped lists (``rules/vocabulary/``): what the heuristics and the pruner read, and
    what every rule file may use.

    >>> "share" in shipped_vocabulary().words("furniture-words")
    True
    """
    return merge(load_vocabulary_file(path) for path in vocabulary_files(shipped_rules()))
