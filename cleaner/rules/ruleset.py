"""The rule set in force: rule files layered, and the ones that apply to a page picked.

One job: turn directories of YAML rule files into a :class:`RuleSet` (each file is read by
:mod:`cleaner.rules.rulefile`). Directories given later layer over earlier ones: a file for the same
site or pack replaces the earlier file whole. A page's rules are its site file's (picked by name,
by host, or by detection signatures), those of the sites it extends, then the generic packs less
what the site disables.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from cleaner.errors import Problem, RuleError, UnknownSiteError
from cleaner.rules.thresholds import DEFAULT, Thresholds
from cleaner.rules.vocabulary import (Vocabulary, VocabularyFile, is_vocabulary_path, load_vocabulary_file, merge,
                                      shipped_rules, vocabulary_files)
from cleaner.rules.rulefile import (
    ACTIONS,
    EXAMPLE_KEYS,
    FIELDS,
    FILE_KEYS,
    RULE_KEYS,
    RULE_TIMEOUT,
    SCOPES,
    WHERES,
    Example,
    Rule,
    RuleFile,
    load_rule_file,
)

__all__ = [
    "RuleSet", "load_rules", "load_vocabulary", "default_rule_paths", "rule_file_layers", "host_of",
    # what callers read rule files with, from cleaner.rules.rulefile
    "Rule", "Example", "RuleFile", "load_rule_file", "ACTIONS", "WHERES", "SCOPES", "FIELDS", "RULE_TIMEOUT",
    "FILE_KEYS", "RULE_KEYS", "EXAMPLE_KEYS",
]


def default_rule_paths() -> list[Path]:
    """The shipped rules (inside the wheel, or ``rules/`` of a source checkout), then the
    directories named in ``CLEANER_RULES`` (separated by ``os.pathsep``)."""
    return [shipped_rules(), *(Path(p) for p in os.environ.get("CLEANER_RULES", "").split(os.pathsep) if p)]


def rule_file_layers(paths: Iterable[str | Path]) -> list[list[Path]]:
    """The rule files under each of ``paths``, one sorted list per path (a layer); vocabulary
    files (:func:`~cleaner.rules.vocabulary.is_vocabulary_path`) among them."""
    layers = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            layers.append(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            layers.append([path])
        else:
            raise RuleError([Problem(str(path), 0, "", "no such rule file or directory")])
    return layers


def host_of(url: str) -> str:
    """The lowercase host of ``url`` without port and ``www.``; empty when ``url`` does not parse
    (a page with a broken URL is cleaned without site rules, not refused).

    >>> host_of("https://WWW.GlobalResearch.ca:443/a?b=1"), host_of("http://[oops/x")
    ('globalresearch.ca', '')
    """
    if "//" not in url:
        url = "//" + url
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:  # an unclosed IPv6 bracket, a bad port: no host to pick rules by
        return ""
    return host[4:] if host.startswith("www.") else host


class RuleSet:
    """The rule files in force, layered, with lookup by host, name and detection signature."""

    def __init__(self, files: Sequence[RuleFile]) -> None:
        self.packs = {f.namespace: f for f in files if not f.is_site}
        self.sites = {f.namespace: f for f in files if f.is_site}
        problems: list[Problem] = []
        self._hosts: dict[str, str] = {}
        for site in self.sites.values():
            for host in site.hosts:
                key = host_of(host[2:] if host.startswith("*.") else host)
                key = "*." + key if host.startswith("*.") else key
                if key in self._hosts and self._hosts[key] != site.namespace:
                    other = self.sites[self._hosts[key]].path
                    problems.append(Problem(site.path, 1, "", f"host '{host}' is already claimed by {other}"))
                self._hosts[key] = site.namespace
        known = {r.qid for f in files for r in f.rules}
        for site in self.sites.values():
            for name in site.extends:
                if name not in self.sites and name != "generic":
                    problems.append(Problem(site.path, 1, "", f"extends unknown site '{name}'"))
            for qid in site.disable:
                pack = qid[:-2] if qid.endswith("/*") else None
                if (pack is None and qid not in known) or (pack is not None and pack not in self.packs):
                    close = difflib.get_close_matches(qid, sorted(known), n=1)
                    hint = f", did you mean '{close[0]}'?" if close else ""
                    problems.append(Problem(site.path, 1, "", f"disables unknown rule '{qid}'{hint}"))
        if problems:
            raise RuleError(problems)
        self._cache: dict[str | None, tuple[Rule, ...]] = {}

    @cached_property
    def generic(self) -> tuple[Rule, ...]:
        """The rules of every generic pack, packs in name order."""
        return tuple(r for name in sorted(self.packs) for r in self.packs[name].rules)

    def site_for(self, *, url: str | None = None, site: str | None = None,
                 text: str | None = None) -> RuleFile | None:
        """Pick the site file: by name or host given as ``site``, else by the host of ``url``,
        else (no URL) by the most ``detect`` signatures found in ``text``."""
        if site:
            found = self.sites.get(site) or self._by_host(host_of(site))
            if found is None:
                raise UnknownSiteError([Problem("--site", 0, "", f"no rule file for site '{site}' "
                                         f"(known: {', '.join(sorted(self.sites)) or 'none'})")])
            return found
        if url:
            return self._by_host(host_of(url))
        if text:
            hits = [(sum(s in text for s in f.detect), name) for name, f in self.sites.items() if f.detect]
            best = max(hits, default=(0, ""))
            if best[0]:
                return self.sites[best[1]]
        return None

    def _by_host(self, host: str) -> RuleFile | None:
        if host in self._hosts:
            return self.sites[self._hosts[host]]
        parts = host.split(".")
        for i in range(len(parts) - 1):
            name = self._hosts.get("*." + ".".join(parts[i:]))
            if name:
                return self.sites[name]
        return None

    def rules_for(self, site: RuleFile | None) -> tuple[Rule, ...]:
        """Rules in the order they apply: the site's own, those of the sites it extends,
        then the generic packs less what the site disables."""
        key = site.namespace if site else None
        if key not in self._cache:
            chain = self._chain(site)
            disabled = {d for f in chain for d in f.disable}
            generic = tuple(r for r in self.generic
                            if r.qid not in disabled and f"{r.namespace}/*" not in disabled)
            self._cache[key] = tuple(r for f in chain for r in f.rules) + generic
        return self._cache[key]

    def thresholds_for(self, site: RuleFile | None) -> Thresholds:
        """The heuristics' thresholds on a site's pages: those of its own ``heuristics:`` section,
        else of the first site it extends that has one, else the defaults."""
        return next((f.thresholds for f in self._chain(site) if f.thresholds is not None), DEFAULT)

    def _chain(self, site: RuleFile | None) -> list[RuleFile]:
        """``site`` and the sites it extends, nearest first."""
        chain: list[RuleFile] = []
        todo = [site] if site else []
        while todo:
            current = todo.pop(0)
            if current not in chain:
                chain.append(current)
                todo += [self.sites[n] for n in current.extends if n in self.sites]
        return chain


def load_rules(paths: Iterable[str | Path] | None = None) -> RuleSet:
    """Load rule files from ``paths`` (directories or files; default: :func:`default_rule_paths`),
    later ones layering over earlier ones. Raises :class:`RuleError` with every problem found.

    Vocabulary files layer the same way over the shipped ones (a later file of the same
    ``vocabulary`` name replaces the earlier one), and every rule file may use their lists."""
    layers = rule_file_layers(default_rule_paths() if paths is None else paths)
    vocabulary = load_vocabulary([vocabulary_files(shipped_rules()),
                                  *([p for p in layer if is_vocabulary_path(p)] for layer in layers)])
    chosen: dict[tuple[bool, str], RuleFile] = {}
    problems: list[Problem] = []
    for layer in layers:
        in_layer: dict[tuple[bool, str], str] = {}
        for path in layer:
            if is_vocabulary_path(path):
                continue
            try:
                rule_file = load_rule_file(path, vocabulary=vocabulary)
            except RuleError as error:
                problems += error.problems
                continue
            key = (rule_file.is_site, rule_file.namespace)
            if key in in_layer:
                problems.append(Problem(str(path), 1, "", f"'{rule_file.namespace}' is also defined in {in_layer[key]}"))
            in_layer[key] = str(path)
            chosen[key] = rule_file
    if problems:
        raise RuleError(problems)
    return RuleSet(list(chosen.values()))


def load_vocabulary(layers: Iterable[Sequence[Path]]) -> Vocabulary:
    """The phrase lists of the vocabulary files of ``layers``, a later file of the same name
    replacing an earlier one. Raises :class:`RuleError` with every problem found."""
    chosen: dict[str, VocabularyFile] = {}
    problems: list[Problem] = []
    for layer in layers:
        for path in layer:
            try:
                found = load_vocabulary_file(path)
            except RuleError as error:
                problems += error.problems
                continue
            chosen[found.namespace] = found
    if problems:
        raise RuleError(problems)
    return merge(chosen.values())
