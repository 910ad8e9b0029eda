"""Bounds on what a rule file may ask of the loader: its size, its YAML once aliases are
expanded, and the counted repeats and nesting of its patterns.

One job: refuse, with a message, a rule file that would take minutes or gigabytes to load,
before the work starts. A YAML alias is cheap to write and costly to expand (nine levels of nine
aliases are 387 million values in 486 bytes); a counted repeat is compiled into that many copies
(``(?:a{10000}){10000}`` is a hundred million); a pattern nested hundreds of groups deep
overflows the compiler's recursion. Each limit is far above what a real rule file needs.
"""

from __future__ import annotations

import reprlib
from typing import Any

import regex
import yaml

__all__ = ["MAX_FILE_CHARS", "MAX_NODES", "MAX_REPEAT", "MAX_DEPTH", "MAX_PHRASES", "expanded_nodes", "pattern_problem", "short"]

MAX_FILE_CHARS = 32_000_000
# Values in the file with every alias expanded: 200,000 phrases are about as many.
MAX_NODES = 2_000_000
# The product of the counted repeats (``{n}``, ``{m,n}``) that enclose any part of a pattern.
MAX_REPEAT = 100_000
# Groups inside groups, the characters of one pattern, the phrases of one rule (a rule's phrases
# compile into one pattern, at about 0.15 ms a phrase: a list of 200,000 took half a minute).
MAX_DEPTH = 100
MAX_PATTERN_CHARS = 100_000
MAX_PHRASES = 10_000

_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_COUNTED = regex.compile(r"\{(\d*)(?:,(\d*))?\}")


def short(value: Any) -> str:
    """A bounded ``repr`` for messages: a value built from aliases can be enormous.

    >>> short("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxx'"
    >>> len(short([[1] * 50] * 50)), short(10 ** 5000)
    (155, '<int>')
    """
    try:
        return _SHORT.repr(value)
    except ValueError:  # an integer of more digits than Python converts to text
        return f"<{type(value).__name__}>"


def expanded_nodes(root: yaml.Node, limit: int = MAX_NODES) -> int:
    """How many nodes the document under ``root`` has once every alias is expanded, counting
    no further than ``limit`` (an alias is a node reached a second time).

    >>> expanded_nodes(yaml.compose("a: &x [1, 2]\\nb: [*x, *x, *x]"))
    16
    """
    sizes: dict[int, int] = {}
    # Post-order over the node graph without recursion (a deep file would overflow it); a
    # node's size is known once its children's are. Scalars, most nodes, count 1 in place.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in children
                         if not isinstance(child, yaml.ScalarNode) and id(child) not in sizes)
            continue
        total = 1 + sum(1 if isinstance(child, yaml.ScalarNode) else sizes[id(child)] for child in children)
        sizes[id(node)] = min(limit + 1, total)
    return sizes.get(id(root), 1)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def pattern_problem(pattern: str) -> str:
    """Why ``pattern`` is refused before it is compiled, or ``""``.

    >>> pattern_problem("(?:a{10000}){10000}")
    'counted repeats multiply to 100000000 (at most 100000)'
    >>> pattern_problem("(" * 500 + "a" + ")" * 500)
    'groups nested 500 deep (at most 100)'
    >>> pattern_problem(r"^(?:\\{\\d{1,3}\\}[a-z]{2,})+$")
    ''
    """
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"{len(pattern)} characters long (at most {MAX_PATTERN_CHARS})"
    # One frame per open group: the largest repeat product seen inside it so far.
    frames = [1]
    last = 1  # the weight of the atom just read, which a quantifier multiplies
    deepest = position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            last, position = 1, position + 2
        elif char == "[":
            last, position = 1, _class_end(pattern, position)
        elif char == "(":
            frames.append(1)
            deepest = max(deepest, len(frames) - 1)
            last, position = 1, position + 1
        elif char == ")" and len(frames) > 1:
            last, position = frames.pop(), position + 1
        elif char == "{" and (counted := _COUNTED.match(pattern, position)):
            low, high = counted.group(1), counted.group(2)
            count = max(int(low or 0), int(high or 0) if high else 0)
            last *= max(count, 1)
            position = counted.end()
        else:
            last, position = 1, position + 1
        frames[-1] = max(frames[-1], last)
    if deepest > MAX_DEPTH:
        return f"groups nested {deepest} deep (at most {MAX_DEPTH})"
    product = max(frames)
    if product > MAX_REPEAT:
        return f"counted repeats multiply to {product} (at most {MAX_REPEAT})"
    return ""


def _class_end(pattern: str, start: int) -> int:
    """The position just after the character class that opens at ``start``."""
    position = start + 1
    if position < len(pattern) and pattern[position] == "^":
        position += 1
    if position < len(pattern) and pattern[position] == "]":
        position += 1
    depth = 1
    while position < len(pattern) and depth:
        char = pattern[position]
        if char == "\\":
            position += 1
        elif char == "[":  # regex's nested sets (V1) and POSIX classes such as [[:alpha:]]
            depth += 1
        elif char == "]":
            depth -= 1
        position += 1
    return position
