"""The compiled core's switch: which path runs, forcing the pure one, never a stale extension."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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


def test_forced_pure_path_has_no_kernel() -> None:
    program = "import cleaner.compiled as c, cleaner.heuristics.firstpass as f; print(c.kernel(), f._KERNEL)"
    assert _run("-c", program, CLEANER_PURE="1") == "None None\n"


def test_a_kernel_built_from_another_source_is_not_loaded() -> None:
    chooser = compiled._Chooser(pure=False)
    chooser.record = {compiled.KERNEL: "0" * 64}
    with pytest.raises(ModuleNotFoundError, match="cleaner.heuristics.kernel is not built here, or not for this source"):
        chooser.find_spec(compiled.KERNEL)


def test_a_module_whose_source_changed_since_the_build_runs_from_its_source() -> None:
    chooser = compiled._Chooser(pure=False)
    chooser.record = {name: "0" * 64 for name in compiled.MODULES}  # a build of some other source
    spec = chooser.find_spec("cleaner.text.blocks")
    assert spec is not None and spec.origin == str(ROOT / "cleaner" / "text" / "blocks.py")
    assert chooser.find_spec("cleaner.tools.cli") is None  # not a compiled module: Python's own finders


def test_the_digest_of_a_source_covers_the_pxd_beside_it(tmp_path: Path) -> None:
    source = tmp_path / "blocks.py"
    source.write_bytes(b"def f(x):\n    return x\n")
    alone = compiled.source_digest(source)
    assert alone == hashlib.sha256(source.read_bytes()).hexdigest()  # no .pxd: the source's own
    source.with_suffix(".pxd").write_text("cpdef f(x)\n", encoding="utf-8")
    typed = compiled.source_digest(source)
    source.with_suffix(".pxd").write_text("cpdef object f(x)\n", encoding="utf-8")
    assert len({alone, typed, compiled.source_digest(source)}) == 3  # each .pxd is another build


def test_the_digest_covers_the_pxd_of_each_module_whose_types_it_reads(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "_PACKAGE", tmp_path)
    (tmp_path / "heuristics").mkdir()
    source = tmp_path / "heuristics" / "a.py"
    source.write_text("def f(item):\n    return item.x\n", encoding="utf-8")
    source.with_suffix(".pxd").write_text("from cleaner.heuristics.b cimport T\n\ncpdef f(T item)\n", encoding="utf-8")
    read = tmp_path / "heuristics" / "b.pxd"
    read.write_text("cdef class T:\n    cdef public object x\n", encoding="utf-8")
    assert compiled.cimports(source) == ["cleaner.heuristics.b"]
    before = compiled.source_digest(source)
    read.write_text("cdef class T:\n    cdef public object x, y\n", encoding="utf-8")
    assert compiled.source_digest(source) != before  # compiled against T's old layout: stale


@pytest.mark.skipif(compiled._extension("cleaner.heuristics.neighbours") is None, reason="the compiled core is not built here")
def test_a_module_runs_from_its_source_where_one_whose_types_it_reads_does() -> None:
    # neighbours reads firstpass's Item in C: compiled, it checks on import that Item is the
    # extension type it was compiled against, which a firstpass running from its source lacks.
    current = {name: compiled.source_digest(compiled._source(name)) for name in compiled.MODULES}
    chooser = compiled._Chooser(pure=False)
    chooser.record = current
    spec = chooser.find_spec("cleaner.heuristics.neighbours")
    assert spec is not None and spec.origin == str(compiled._extension("cleaner.heuristics.neighbours"))
    chooser = compiled._Chooser(pure=False)  # (a chooser remembers what it found)
    chooser.record = {**current, "cleaner.heuristics.firstpass": "0" * 64}  # firstpass built from another source
    spec = chooser.find_spec("cleaner.heuristics.neighbours")
    assert spec is not None and spec.origin == str(ROOT / "cleaner" / "heuristics" / "neighbours.py")
    spec = chooser.find_spec("cleaner.text.markup")  # reads no other module's types
    assert spec is not None and spec.origin == str(compiled._extension("cleaner.text.markup"))


@pytest.mark.skipif(compiled._extension(compiled.KERNEL) is None, reason="the kernel is not built here")
def test_the_kernel_runs_only_where_the_types_it_builds_are_compiled() -> None:
    # The kernel builds blocks and items in C, as blocks.pxd and firstpass.pxd lay them out.
    assert compiled.cimports(compiled._source(compiled.KERNEL)) == ["cleaner.heuristics.firstpass", "cleaner.text.blocks"]
    current = {name: compiled.source_digest(compiled._source(name)) for name in (*compiled.MODULES, compiled.KERNEL)}
    chooser = compiled._Chooser(pure=False)
    chooser.record = current
    spec = chooser.find_spec(compiled.KERNEL)
    assert spec is not None and spec.origin == str(compiled._extension(compiled.KERNEL))
    chooser = compiled._Chooser(pure=False)
    chooser.record = {**current, "cleaner.text.blocks": "0" * 64}  # blocks built from another source
    with pytest.raises(ModuleNotFoundError, match="cleaner.heuristics.kernel is not built here, or not for this source"):
        chooser.find_spec(compiled.KERNEL)


def test_every_pxd_types_a_compiled_module() -> None:
    typed = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in (ROOT / "cleaner").rglob("*.pxd"))
    assert typed and set(typed) <= {*compiled.MODULES, compiled.KERNEL}


_BUILDS = pytest.mark.skipif(importlib.util.find_spec("Cython") is None or shutil.which("cc") is None,
                             reason="no Cython or no C compiler here")


def _package_compiling(tmp_path: Path, *modules: str) -> Path:
    """A copy of the package whose build compiles only ``modules`` (the kernel among them only
    if named: without its source, the build leaves it out)."""
    skipped = ["*.so", "*.c", "_compiled.json", "__pycache__"] + ([] if compiled.KERNEL in modules else ["kernel.pyx", "kernel.pxd"])
    shutil.copytree(ROOT / "cleaner", tmp_path / "cleaner", ignore=shutil.ignore_patterns(*skipped))
    modules = tuple(m for m in modules if m != compiled.KERNEL)
    shutil.copy(ROOT / "setup.py", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    chooser = tmp_path / "cleaner" / "compiled.py"
    text = chooser.read_text(encoding="utf-8")
    start, end = text.index("MODULES = ("), text.index(")\n", text.index("MODULES = ("))
    chooser.write_text(text[:start] + f"MODULES = {modules!r}"[:-1] + text[end:], encoding="utf-8")
    return tmp_path


def _build(tree: Path) -> str:
    done = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=tree, capture_output=True,
                          text=True, env={k: v for k, v in os.environ.items() if k != "CLEANER_PURE"})
    assert done.returncode == 0, done.stderr
    return done.stderr


def _in(tree: Path, program: str) -> str:
    return subprocess.run([sys.executable, "-c", program], cwd=tree, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(tree), "CLEANER_PURE": "0"}).stdout


@_BUILDS
def test_a_module_that_does_not_compile_soundly_stays_pure_and_the_build_succeeds(tmp_path: Path) -> None:
    # Three modules compiled: one typed by a .pxd declaring a function its source lacks (as after
    # the source's function was renamed), one holding what Cython 3.2 and 3.3 miscompile (setup.py's
    # UNSOUND), and one sound (that reads no other module's extension types).
    tree = _package_compiling(tmp_path, "cleaner.heuristics.neighbours", "cleaner.heuristics.duplicate",
                              "cleaner.heuristics.authorbox")
    with open(tree / "cleaner" / "heuristics" / "neighbours.pxd", "a", encoding="utf-8") as pxd:
        pxd.write("\ncpdef no_such_function(x)\n")
    with open(tree / "cleaner" / "heuristics" / "duplicate.py", "a", encoding="utf-8") as source:
        source.write("\n\ndef _twos(xs):\n    return [x == 2 and x in {2} and not x for x in xs]\n")
    log = _build(tree)
    assert "cleaner: cleaner.heuristics.neighbours stays pure Python" in log
    assert "cleaner: cleaner.heuristics.duplicate stays pure Python" in log
    record = json.loads((tree / "cleaner" / "_compiled.json").read_text(encoding="utf-8"))
    assert list(record) == ["cleaner.heuristics.authorbox"]
    program = "import cleaner.compiled as c, importlib; print([m for m in c.MODULES if c.is_compiled(importlib.import_module(m).__file__)])"
    assert _in(tree, program) == "['cleaner.heuristics.authorbox']\n"


@_BUILDS
def test_the_kernel_builds_and_loads_from_its_record(tmp_path: Path) -> None:
    # With the two modules whose types it builds, and no other.
    tree = _package_compiling(tmp_path, compiled.KERNEL, "cleaner.text.blocks", "cleaner.heuristics.firstpass")
    _build(tree)
    record = json.loads((tree / "cleaner" / "_compiled.json").read_text(encoding="utf-8"))
    assert list(record) == ["cleaner.heuristics.firstpass", compiled.KERNEL, "cleaner.text.blocks"]
    program = ("import cleaner.compiled as c, cleaner.heuristics.firstpass as f; "
               "print(c.is_compiled(c.kernel().__file__), f._KERNEL is c.kernel(), c.core())")
    assert _in(tree, program) == "True True compiled\n"  # (this copy's MODULES are those two)


@_BUILDS
def test_an_extension_is_rebuilt_when_its_pxd_goes(tmp_path: Path) -> None:
    # Built untyped, typed, then untyped again (the .pxd deleted): the third build's C file is the
    # first one's, older than the typed extension the second built, which setuptools alone would
    # keep. The .pxd makes _settle_prose_runs a C function, which the module then does not expose
    # (and reads no other module's extension types, which this copy does not compile).
    tree = _package_compiling(tmp_path, "cleaner.heuristics.neighbours")
    pxd = tree / "cleaner" / "heuristics" / "neighbours.pxd"
    typed = "cdef _settle_prose_runs(items, t)\n"
    program = "import cleaner.heuristics.neighbours as n; print(n.__file__.endswith('.so'), hasattr(n, '_settle_prose_runs'))"
    exposed = []
    for declarations in (None, typed, None):
        if declarations is None:
            pxd.unlink()
        else:
            pxd.write_text(declarations, encoding="utf-8")
        _build(tree)
        exposed.append(_in(tree, program))
    assert exposed == ["True True\n", "True False\n", "True True\n"]


@pytest.mark.skipif(os.environ.get("CLEANER_EXPECT_CORE") is None, reason="CLEANER_EXPECT_CORE not set (CI sets it)")
def test_the_core_ci_expects_is_the_one_that_runs() -> None:
    assert compiled.core() == os.environ["CLEANER_EXPECT_CORE"]
