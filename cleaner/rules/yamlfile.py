"""Reading the YAML of a rule or vocabulary file.

One job: turn a file's path (or its text) into the YAML node tree and the data it holds,
with the safe loader only, inside the limits of :mod:`cleaner.rules.limits`. Every way a file
can fail to read (missing, not UTF-8, malformed, too large, too deep, aliases that expand too
far) is raised as a :class:`~cleaner.errors.RuleError` naming the file and, where YAML knows it,
the line. What the data means is :mod:`cleaner.rules.rulefile`'s business.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cleaner.errors import Problem, RuleError
from cleaner.rules.limits import MAX_FILE_CHARS, MAX_NODES, expanded_nodes

__all__ = ["parse", "read_text"]

# libyaml's parser when PyYAML was built with it: ten times faster on a large file.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: str) -> str:
    """The file's text, or a :class:`RuleError` that says why it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = error.object[:error.start].count(b"\n") + 1
        raise RuleError([Problem(path, line, "", f"not UTF-8: byte {error.object[error.start]:#04x} "
                                 f"at offset {error.start} (save the file as UTF-8)")]) from None
    except OSError as error:
        raise RuleError([Problem(path, 0, "", f"cannot read rule file: {error}")]) from None


def parse(path: str, text: str, what: str = "rule file") -> tuple[yaml.Node | None, Any]:
    """The YAML node tree of ``text`` (for the lines of keys and values) and the data it holds;
    ``what`` names the kind of file in an error that is not about its YAML.

    >>> node, data = parse("x.yaml", "pack: demo\\nrules: []\\n")
    >>> data, node.value[1][0].start_mark.line + 1
    ({'pack': 'demo', 'rules': []}, 2)
    """
    try:
        return _parse(path, text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise RuleError([Problem(path, line, "", f"malformed YAML: {error.problem or error}")]) from None
    except RecursionError:
        raise RuleError([Problem(path, 0, "", "malformed YAML: nested too deeply")]) from None
    except ValueError as error:  # a value YAML reads but Python refuses: an integer of 5,000 digits
        raise RuleError([Problem(path, 0, "", f"malformed YAML: {error}")]) from None
    except yaml.YAMLError as error:
        raise RuleError([Problem(path, 0, "", f"cannot read {what}: {error}")]) from None


def _parse(path: str, text: str) -> tuple[yaml.Node | None, Any]:
    if len(text) > MAX_FILE_CHARS:
        raise RuleError([Problem(path, 0, "", f"{len(text)} characters long (at most {MAX_FILE_CHARS})")])
    loader = _LOADER(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            if _LOADER is yaml.SafeLoader:
                raise
            # The pure-Python parser says more (it names the character at fault): ask it why.
            yaml.SafeLoader(text).get_single_node()
            raise
        if node is not None and expanded_nodes(node) > MAX_NODES:
            raise RuleError([Problem(path, 0, "", f"more than {MAX_NODES} values once its YAML aliases are "
                                                   "expanded (write the values out, or use fewer aliases)")])
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
