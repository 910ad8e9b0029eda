"""Build the package, with its per-block modules compiled by Cython where a C compiler is at hand.

One job: the optional compiled core. The project's metadata lives in ``pyproject.toml``; this
file adds what a declarative configuration cannot say: the modules of ``cleaner.compiled.MODULES``
are cythonized (typed by the ``.pxd`` beside a module where there is one: Cython's augmenting
declarations, which the pure path never reads) and compiled as optional extensions, and any
failure (no compiler, no Cython, a compiler error, ``CLEANER_PURE=1`` at build time) leaves that
module to run as plain Python, so an install never fails for want of a compiler (nor for a
``.pxd`` that no longer fits its source: that module stays pure). Each extension built is recorded with the SHA-256 of its source
and ``.pxd`` (``cleaner/_compiled.json``); ``cleaner.compiled`` loads an extension only when
both are unchanged. The shipped rules (``rules/``) go into the wheel as ``cleaner/_rules``.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

from setuptools import Extension, find_namespace_packages, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
COMPILED = runpy.run_path(str(ROOT / "cleaner" / "compiled.py"))
# Cython's directives: Python semantics throughout (annotations are not C types), so the
# compiled module decides exactly as its source does.
DIRECTIVES = {"language_level": 3, "annotation_typing": False, "embedsignature": False}
# Cython 3.2 and 3.3 miscompile an ``and`` chain of a Python value, a C truth value and a ``not``
# inside a comprehension (``[x == 2 and x in S and not y for x in xs]``): the C truth value is
# cast to an object pointer, which gcc and clang warn of; the list gets NULL items and the
# process crashes. As an error, that warning fails the module's compiling, and it stays pure.
UNSOUND = "-Werror=int-to-pointer-cast"


def _source(name: str) -> str:
    return "/".join(name.split(".")) + (".pyx" if name == COMPILED["KERNEL"] else ".py")


def _extensions() -> list[Extension]:
    if os.environ.get(COMPILED["PURE_ENV"], "") not in ("", "0"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("cleaner: Cython is not installed; the pure-Python core will run", file=sys.stderr)
        return []
    extensions = []
    # The kernel, where its source is here (the package's tests build copies without it).
    kernel = [COMPILED["KERNEL"]] if (ROOT / _source(COMPILED["KERNEL"])).is_file() else []
    for name in (*COMPILED["MODULES"], *kernel):
        # Each source and .pxd pair is translated in a folder of its own digest: Cython reuses a
        # C file newer than its source, and would reuse one typed by a .pxd since deleted.
        digest = COMPILED["source_digest"](ROOT / _source(name))[:16]
        try:
            extensions += cythonize([Extension(name, [_source(name)], optional=True)], build_dir=f"build/cython/{digest}",
                                    compiler_directives=DIRECTIVES, quiet=True)
        except Exception as error:  # a Cython error leaves that one module pure
            print(f"cleaner: {name} stays pure Python: {error}", file=sys.stderr)
    return extensions


class OptionalBuildExt(build_ext):
    """Builds what it can, records what it built, and never fails the install."""

    def run(self) -> None:
        self.built: list[str] = []
        # In place (and editable), the extensions land beside their sources; else in build_lib.
        in_place = self.inplace or getattr(self, "editable_mode", False)
        target = ROOT / "cleaner" if in_place else Path(self.build_lib) / "cleaner"
        try:
            self.previous = json.loads((target / COMPILED["RECORD"]).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        try:
            super().run()
        except Exception as error:  # e.g. no compiler at all: the pure path runs
            print(f"cleaner: compiled core not built ({error}); the pure-Python core will run", file=sys.stderr)
        record = json.dumps({name: COMPILED["source_digest"](ROOT / _source(name)) for name in sorted(self.built)},
                            indent=1)
        target.mkdir(parents=True, exist_ok=True)
        (target / COMPILED["RECORD"]).write_text(record + "\n", encoding="utf-8")

    def build_extension(self, ext: Extension) -> None:
        # An extension left from a build of another source or .pxd may be newer than the C file
        # translated now (one translated before, for a source edited back): it goes, so that
        # it is compiled anew (removed, not forced: extensions may build in parallel threads).
        if self.previous.get(ext.name) != COMPILED["source_digest"](ROOT / _source(ext.name)):
            Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
        if self.compiler.compiler_type == "unix" and UNSOUND not in ext.extra_compile_args:
            ext.extra_compile_args.append(UNSOUND)
        try:
            super().build_extension(ext)
        except Exception as error:
            print(f"cleaner: {ext.name} stays pure Python: {error}", file=sys.stderr)
            return
        if Path(self.get_ext_fullpath(ext.name)).is_file():
            self.built.append(ext.name)

    def copy_extensions_to_source(self) -> None:
        # In place, only what was built is copied beside its source: one missing would stop
        # the copying of those after it.
        extensions = self.extensions
        self.extensions = [ext for ext in extensions if ext.name in self.built]
        try:
            super().copy_extensions_to_source()
        finally:
            self.extensions = extensions


def _rules_packages() -> dict[str, str]:
    """``cleaner._rules`` and its sub-packages, mapped onto ``rules/`` and its folders."""
    rules = ROOT / "rules"
    return {".".join(["cleaner", "_rules", *d.relative_to(rules).parts]): d.relative_to(ROOT).as_posix()
            for d in [rules, *sorted(p for p in rules.rglob("*") if p.is_dir())]}


def _data(directory: Path) -> list[str]:
    """Every file under ``directory`` that is not code or a build product."""
    skip = (".py", ".pyc", ".c", ".so", ".pyd")
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*")
                  if p.is_file() and not p.name.endswith(skip) and "__pycache__" not in p.parts
                  and p.name != COMPILED["RECORD"])


RULES = _rules_packages()
EXTENSIONS = _extensions()

setup(
    packages=find_namespace_packages(include=["cleaner", "cleaner.*"], exclude=["*.__pycache__"]) + sorted(RULES),
    package_dir={**RULES},
    package_data={"cleaner": _data(ROOT / "cleaner") + ([COMPILED["RECORD"]] if EXTENSIONS else []),
                  **{name: ["*"] for name in RULES}},
    ext_modules=EXTENSIONS,
    cmdclass={"build_ext": OptionalBuildExt},
    zip_safe=False,
)
