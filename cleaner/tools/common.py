"""What the sub-commands share: exit codes, reading an input file or stdin, the ``--rules`` and
``--favor`` options."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["EXIT_OK", "EXIT_RULES", "EXIT_USAGE", "EXIT_IO", "read_input", "add_rules_option", "add_favor_option"]

EXIT_OK, EXIT_RULES, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3


def read_input(name: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``."""
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).read_bytes()


def add_favor_option(parser: argparse.ArgumentParser) -> None:
    """The ``--favor`` option: what the heuristics lean to where they are unsure."""
    from cleaner.heuristics.confidence import FAVORS

    parser.add_argument("--favor", choices=FAVORS, default="balanced",
                        help="precision: also drop blocks the heuristics are unsure are body; recall: also keep "
                             "blocks they are unsure are furniture (default: balanced)")


def add_rules_option(parser: argparse.ArgumentParser) -> None:
    """The ``--rules DIR`` option, repeatable, layering over the shipped rules."""
    parser.add_argument("--rules", action="append", default=[], metavar="DIR",
                        help="rule directory or file layered over the shipped rules (repeatable)")
