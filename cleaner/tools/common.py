"""What the sub-commands share: exit codes, usage errors, reading an input file or stdin, the
``--rules`` and ``--favor`` options, and the version line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["EXIT_OK", "EXIT_RULES", "EXIT_USAGE", "EXIT_IO", "UsageError", "read_input", "add_rules_option",
           "add_jobs_option", "add_favor_option", "version_text", "build_notes"]

EXIT_OK, EXIT_RULES, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3


class UsageError(ValueError):
    """Arguments that cannot work together or a value a command cannot use: exit code 2."""


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


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """The ``--jobs N`` option of ``batch`` and ``eval``: one default for both, every core."""
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: all cores, here %(default)s)")


def build_notes() -> list[str]:
    """How this install runs, shown after the version: which core runs, compiled or pure
    Python (see :mod:`cleaner.compiled`)."""
    from cleaner.compiled import core

    return [f"{core()} core"]


def version_text() -> str:
    """What ``cleaner --version`` prints.

    >>> version_text().startswith("cleaner ")
    True
    """
    # cleaner/__init__.py has run before any of its submodules; importing it here by name would
    # be an upward import (tests/test_layout.py).
    version = str(getattr(sys.modules.get("cleaner"), "__version__", "unknown"))
    notes = build_notes()
    return f"cleaner {version}" + (f" ({', '.join(notes)})" if notes else "")
