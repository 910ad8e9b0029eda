"""The compiled core's switch: which path runs, forcing the pure one, never a stale extension."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cleaner import compiled
from conftest import ROOT


def _run(*argv: str, **env: str) -> str:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, *argv], env=environment, capture_output=True, text=True,
                          check=True).stdout


def test_version_says_the_pure_core_runs_when_forced() -> None:
    assert _run("-m", "cleaner", "--version", CLEANER_PURE="1") == "cleaner 0.1.0 (pure core)\n"


def test_forced_pure_path_loads_every_module_from_its_source() -> None:
    program = "import cleaner.compiled as c, importlib; print([importlib.import_module(m).__file__ for m in c.MODULES])"
    files = _run("-c", program, CLEANER_PURE="1")
    assert files == repr([str(ROOT.joinpath(*m.split(".")).with_suffix(".py")) for m in compiled.MODULES]) + "\n"


def test_a_module_whose_source_changed_since_the_build_runs_from_its_source() -> None:
    chooser = compiled._Chooser(pure=False)
    chooser.record = {name: "0" * 64 for name in compiled.MODULES}  # a build of some other source
    spec = chooser.find_spec("cleaner.text.blocks")
    assert spec is not None and spec.origin == str(ROOT / "cleaner" / "text" / "blocks.py")
    assert chooser.find_spec("cleaner.tools.cli") is None  # not a compiled module: Python's own finders


@pytest.mark.skipif(os.environ.get("CLEANER_EXPECT_CORE") is None, reason="CLEANER_EXPECT_CORE not set (CI sets it)")
def test_the_core_ci_expects_is_the_one_that_runs() -> None:
    assert compiled.core() == os.environ["CLEANER_EXPECT_CORE"]
