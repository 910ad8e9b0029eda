"""Collection: the doctests of modules that run compiled are left to the pure leg.

pytest collects a module's doctests by importing it from its ``.py`` file; a module that runs
compiled is not that file, and pytest refuses it. ``CLEANER_PURE=1 pytest cleaner`` runs them
(``.ci/run`` does).
"""

from __future__ import annotations

from pathlib import Path

from cleaner.compiled import is_compiled, origins

_COMPILED = {Path(origin).parent / (name.rsplit(".", 1)[1] + ".py")
             for name, origin in origins().items() if is_compiled(origin)}


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    return True if collection_path in _COMPILED else None
