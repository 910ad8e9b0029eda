"""The wheel ships what the package needs at run time: the default rules, the schema, stopwords.

The wheels here are built with ``CLEANER_PURE=1`` (no compiling: seconds instead of a minute);
``.ci/run`` builds the compiled core and installs without a compiler.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, RULES


def _wheel(directory: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(directory)], check=True, env={**os.environ, "CLEANER_PURE": "1"})
    return next(directory.glob("cleaner-*.whl"))


def test_wheel_carries_rules_schema_and_stopwords(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_rules = {f"cleaner/_rules/{p.relative_to(RULES).as_posix()}" for p in RULES.rglob("*.yaml")}
    assert shipped_rules and shipped_rules <= names
    stopwords = {f"cleaner/heuristics/stopwords/{p.name}" for p in (ROOT / "cleaner" / "heuristics" / "stopwords").glob("*.txt")}
    assert len(stopwords) >= 8 and stopwords <= names
    assert {"cleaner/schema/rules.schema.json", "cleaner/py.typed"} <= names
    assert not any(name.startswith(("tests/", "corpus/")) for name in names)
    # Built pure: no extension, and no record of compiled modules.
    assert not any(name.endswith((".so", ".pyd", ".c")) or name == "cleaner/_compiled.json" for name in names)


def test_installed_wheel_finds_its_rules_from_any_directory(tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(_wheel(tmp_path)).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The wheel's copy goes first on the path, ahead of any editable install of this checkout.
    program = ("import sys; sys.path.insert(0, sys.argv[2]); from cleaner.tools.cli import main; "
               "from cleaner.rules.ruleset import default_rule_paths; "
               "print(default_rule_paths()[0]); sys.exit(main(['clean', sys.argv[1]]))")
    seed = ROOT / "corpus" / "globalresearch" / "seed-airstrike-diplomacy.md"
    done = subprocess.run([sys.executable, "-c", program, str(seed), str(site)], cwd=elsewhere,
                          capture_output=True, text=True, check=True)
    rules_dir, body = done.stdout.split("\n", 1)
    assert Path(rules_dir) == site / "cleaner" / "_rules"
    assert body == seed.with_name("seed-airstrike-diplomacy.expected.txt").read_text(encoding="utf-8")


def test_sdist_carries_sources_rules_tests_corpus_and_docs_but_no_build_products(tmp_path: Path) -> None:
    program = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-c", program, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          check=True, env={**os.environ, "CLEANER_PURE": "1"})
    with tarfile.open(tmp_path / done.stdout.split()[-1]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    tops = {name.split("/", 1)[0] for name in names}
    assert {"cleaner", "rules", "tests", "corpus", "docs", "README.md", "setup.py", "pyproject.toml"} <= tops
    assert {"cleaner/compiled.py", "rules/generic/share.yaml", "cleaner/heuristics/stopwords/en.txt"} <= names
    assert not any(name.endswith((".so", ".c", ".pyc")) or name.endswith("_compiled.json") for name in names)
