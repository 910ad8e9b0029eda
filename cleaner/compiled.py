"""Which modules run compiled, and the switch that forces the pure-Python path.

One job: choose, per module, between its compiled build and its source. The per-block modules
listed in :data:`MODULES` are plain Python files that the build (``setup.py``) also compiles
with Cython where a C compiler is at hand; the same source runs either way, so there is one set
of rules of the heuristics (``docs/performance.md`` says why). A compiled module is used only
when the build recorded the SHA-256 of the very source it was compiled from, with the ``.pxd``
beside it that types it (in :data:`RECORD`), and neither has changed since: a checkout edited
after an in-place build runs the edited Python, never a stale extension. ``CLEANER_PURE=1`` in the environment (read
when ``cleaner`` is first imported) forces the pure path, and at build time skips compiling.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import re
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

__all__ = ["MODULES", "KERNEL", "RECORD", "PURE_ENV", "cimports", "core", "install", "is_compiled", "kernel", "origins",
           "source_digest"]

# The modules compiled by the build: those that do per-block work on every page.
MODULES = (
    "cleaner.text.markup",
    "cleaner.text.blocks",
    "cleaner.text.normalize",
    "cleaner.text.scripts",
    "cleaner.text.render",
    "cleaner.rules.compile",
    "cleaner.rules.match",
    "cleaner.rules.model",
    "cleaner.heuristics.language",
    "cleaner.heuristics.firstpass",
    "cleaner.heuristics.cleanpage",
    "cleaner.heuristics.classify",
    "cleaner.heuristics.neighbours",
    "cleaner.heuristics.thread",
    "cleaner.heuristics.linklists",
    "cleaner.heuristics.duplicate",
    "cleaner.heuristics.headline",
    "cleaner.heuristics.authorbox",
    "cleaner.heuristics.confidence",
    "cleaner.decide",
    "cleaner.result",
    "cleaner.engine",
)
# The per-page kernel: Cython source (``.pyx``) with no Python twin of its own; its twin is the
# Python path of the modules it does the work of (see its docstring). Without a current build
# it is not importable, and those modules run as they are.
KERNEL = "cleaner.heuristics.kernel"
# Beside this module: each compiled module's name and the SHA-256 of the source it came from.
RECORD = "_compiled.json"
PURE_ENV = "CLEANER_PURE"

_PACKAGE = Path(__file__).resolve().parent


def source_digest(path: Path) -> str:
    """The SHA-256 of a source file and of the ``.pxd`` beside it, if any, as the build records
    it: a ``.pxd`` changes what Cython compiles (its types and ``cpdef`` functions) as much as the
    source does, so an extension built before either changed is stale. So do the ``.pxd`` files
    of the modules whose extension types it reads (:func:`cimports`): it is compiled against
    their layout."""
    digest = hashlib.sha256(path.read_bytes())
    for declarations in _declarations(path):
        digest.update(b"\0" + declarations.read_bytes())
    return digest.hexdigest()


def _declarations(path: Path) -> list[Path]:
    """The ``.pxd`` beside ``path``, and those of the modules it cimports from, theirs too."""
    found: list[Path] = []
    waiting = [path.with_suffix(".pxd")]
    while waiting:
        declarations = waiting.pop(0)
        if declarations in found or not declarations.is_file():
            continue
        found.append(declarations)
        waiting += [_source(name).with_suffix(".pxd") for name in cimports(declarations)]
    return found


def _source(name: str) -> Path:
    return _PACKAGE.joinpath(*name.split(".")[1:]).with_suffix(".pyx" if name == KERNEL else ".py")


def _extension(name: str) -> Path | None:
    source = _source(name)
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


class _Chooser(importlib.abc.MetaPathFinder):
    """Finds each module of :data:`MODULES`: its extension when allowed and current, else its source."""

    def __init__(self, pure: bool) -> None:
        self.pure = pure
        self.record: dict[str, str] = {}
        # Each module's verdict of _current, once found: a module that others cimport from is
        # asked about once for each of them (its digest reads its source and .pxd files).
        self.checked: dict[str, Path | None] = {}
        if not pure:
            try:
                self.record = json.loads((_PACKAGE / RECORD).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.record = {}

    def find_spec(self, name: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if name not in MODULES and name != KERNEL:
            return None
        extension = self._current(name)
        if extension is not None:
            return importlib.util.spec_from_file_location(name, extension)
        if name == KERNEL:
            raise ModuleNotFoundError(f"{name} is not built here, or not for this source", name=name)
        return importlib.util.spec_from_file_location(name, _source(name))

    def _current(self, name: str) -> Path | None:
        """The extension of module ``name`` if it may run: built from its source and ``.pxd`` as
        they are, and so are the extensions whose types it reads in C (its ``.pxd``'s
        ``cimport``: a compiled module checks, when imported, that those types are the ones it
        was compiled against, and a module they come from that runs as Python has none)."""
        if name not in self.checked:
            extension = None if self.pure else _extension(name)
            if extension is not None and (self.record.get(name) != source_digest(_source(name))
                                          or any(self._current(other) is None for other in cimports(_source(name)))):
                extension = None
            self.checked[name] = extension
        return self.checked[name]


def cimports(source: Path) -> list[str]:
    """The modules of the package whose extension types the ``.pxd`` beside ``source`` reads.

    >>> cimports(_source("cleaner.heuristics.neighbours"))
    ['cleaner.heuristics.firstpass']
    """
    declarations = source.with_suffix(".pxd")
    if not declarations.is_file():
        return []
    return re.findall(r"(?m)^from (cleaner(?:\.\w+)+) cimport ", declarations.read_text(encoding="utf-8"))


def _chooser() -> _Chooser:
    for finder in sys.meta_path:
        if isinstance(finder, _Chooser):
            return finder
    return _Chooser(os.environ.get(PURE_ENV, "") not in ("", "0"))


def install() -> None:
    """Put the chooser in front of Python's own finders (once)."""
    if not any(isinstance(finder, _Chooser) for finder in sys.meta_path):
        sys.meta_path.insert(0, _chooser())


def kernel() -> ModuleType | None:
    """The compiled kernel (:data:`KERNEL`), or None where it is not built, not current, or the
    pure path is forced."""
    install()
    try:
        # The modules whose types the kernel reads are imported first: a compiled module imports
        # those when it is imported, and a first import of the kernel from elsewhere would
        # otherwise import firstpass, which configures the kernel, before the kernel is whole.
        for name in cimports(_source(KERNEL)):
            importlib.import_module(name)
        return importlib.import_module(KERNEL)
    except ImportError:
        return None


def origins() -> dict[str, str]:
    """Each module of :data:`MODULES`, and the kernel, and the file it runs from (or would, when
    imported: it is not imported here; "" for a kernel that is not built)."""
    chooser = _chooser()
    found = {}
    for name in (*MODULES, KERNEL):
        module = sys.modules.get(name)
        try:
            origin = getattr(module, "__file__", None) if module is not None else getattr(chooser.find_spec(name), "origin", None)
        except ImportError:
            origin = None
        found[name] = str(origin or "")
    return found


def is_compiled(path: str) -> bool:
    """Whether ``path`` is an extension module's file."""
    return path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def core() -> str:
    """``compiled`` when every module of :data:`MODULES` runs compiled, ``pure`` when none
    does, else ``partial`` with the pure ones named.

    >>> core() in ("compiled", "pure") or core().startswith("partial")
    True
    """
    pure = [name for name, origin in origins().items() if not is_compiled(origin)]
    if not pure:
        return "compiled"
    if len(pure) == len(MODULES) + 1:
        return "pure"
    return "partial (pure: " + ", ".join(pure) + ")"
