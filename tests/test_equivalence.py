"""The compiled core decides exactly as the pure-Python path: same text, same decisions.

The pure path's decisions come from a process run with ``CLEANER_PURE=1``; this process runs the
compiled core. Corpus and generated pages always; the dev pages (``.txt`` and ``.md``) when
``../shared/dev`` is present. Skipped where the compiled core is not built.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import equivalence_pages
from cleaner.compiled import PURE_ENV, core
from conftest import ROOT

pytestmark = pytest.mark.skipif(core() != "compiled", reason=f"the compiled core is not built here ({core()})")


def _assert_same(which: str) -> None:
    environment = {**os.environ, PURE_ENV: "1", "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "equivalence_pages.py"), which],
                          env=environment, capture_output=True, text=True, check=True)
    pure = json.loads(done.stdout)
    compiled = equivalence_pages.decisions(equivalence_pages.pages(which))
    assert sorted(compiled) == sorted(pure)
    differing = [name for name in compiled if compiled[name] != pure[name]]
    assert differing == [], f"{len(differing)} pages decided differently, first {differing[:5]}"


def test_corpus_and_generated_pages_decide_alike() -> None:
    _assert_same("corpus")


@pytest.mark.skipif(not equivalence_pages.DEV.is_dir(), reason=f"no dev pages at {equivalence_pages.DEV}")
def test_dev_txt_and_md_pages_decide_alike() -> None:
    _assert_same("dev")
