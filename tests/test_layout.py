"""The package layout: no import cycles inside ``cleaner/``, and no subpackage importing upward.

Every import counts, those inside functions and under ``TYPE_CHECKING`` too: a deferred import
still ties two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"

# Each layer may import its own modules and the layers listed before it, never those after.
LAYERS = (
    ("cleaner.errors", "cleaner.reasons", "cleaner.compiled"),
    ("cleaner.text",),
    ("cleaner.rules",),
    ("cleaner.heuristics",),
    ("cleaner.html",),
    ("cleaner.decide",),
    ("cleaner.result",),
    ("cleaner.engine",),
    ("cleaner.batch",),
    ("cleaner.tools",),
    ("cleaner", "cleaner.__main__"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The ``cleaner`` modules that ``path`` imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "cleaner" or name.startswith("cleaner.")}


GRAPH = {module_name(path): imports(path) for path in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> int:
    for number, prefixes in enumerate(LAYERS):
        if any(module == p or (p != "cleaner" and module.startswith(p + ".")) for p in prefixes):
            return number
    raise AssertionError(f"{module} belongs to no layer of tests/test_layout.py")


def test_every_module_has_a_layer() -> None:
    for module in GRAPH:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_downward(module: str) -> None:
    upward = sorted(target for target in GRAPH[module] if layer_of(target) > layer_of(module))
    assert upward == [], f"{module} imports a later layer"


def test_no_import_cycle() -> None:
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            cycle = path[path.index(module):] + (module,)
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(GRAPH.get(module, ())):
            visit(target, path + (module,))
        done.add(module)

    for module in sorted(GRAPH):
        visit(module, ())


def test_a_cycle_is_found() -> None:
    GRAPH["cleaner.text.fake_a"] = {"cleaner.text.fake_b"}
    GRAPH["cleaner.text.fake_b"] = {"cleaner.text.fake_a"}
    try:
        with pytest.raises(AssertionError, match="import cycle: cleaner.text.fake_a -> cleaner.text.fake_b -> cleaner.text.fake_a"):
            test_no_import_cycle()
    finally:
        del GRAPH["cleaner.text.fake_a"], GRAPH["cleaner.text.fake_b"]


def _readme_rows() -> dict[str, str]:
    """The README's package table: each subpackage's row, by its folder."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in readme.splitlines():
        cells = line.split(" | ")
        if line.startswith("| `cleaner/") and cells[0].endswith("/`"):
            rows[cells[0].strip("| `")] = cells[1]
    return rows


@pytest.mark.parametrize("package", sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()))
def test_readme_names_every_module(package: str) -> None:
    """The README's table of the package draws the layout as it is: each module of a
    subpackage is named in that subpackage's row."""
    row = _readme_rows()[f"cleaner/{package}/"]
    modules = sorted(p.stem for p in (PACKAGE / package).glob("*.py") if p.stem != "__init__")
    assert [m for m in modules if f"`{m}`" not in row] == []
