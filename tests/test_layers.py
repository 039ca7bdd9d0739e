"""The package's layers: no import runs up a layer, and no module imports itself back.

Each module of src/casegraph belongs to a layer (lowest first, see
docs/architecture.md); it may import modules of its own layer or of lower ones. Imports
under ``if TYPE_CHECKING:`` name types only and never run, so they may name any layer;
every other import counts, at module level or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "casegraph"

# Module-name prefix -> layer; the longest matching prefix wins.
LAYERS = {
    "casegraph.errors": 0,
    "casegraph.vocab": 0,
    "casegraph.cells": 0,
    "casegraph.text": 0,  # cutting text to a width  # text that is safe in a CSV or Markdown cell
    "casegraph.gcpause": 0,  # building large answers without the collector's full passes
    # the case-file format as one table: data only, no imports, read by every layer
    "casegraph.read.casefile.spec": 0,
    "casegraph.time": 1,
    "casegraph.gaps": 2,
    "casegraph.read": 3,
    "casegraph.store": 4,
    "casegraph.graph": 5,
    # the gaps' declarations sit low (reading a case file needs the ids); running the
    # queries and shaping the report sit with the graph layer, above the store
    "casegraph.gaps.catalogue": 5,
    "casegraph.gaps.userquery": 5,
    "casegraph.gaps.recurrence": 5,
    "casegraph.gaps.render": 5,
    "casegraph.dataset": 6,
    "casegraph.views": 7,
    "casegraph.compare": 7,
    "casegraph.stats": 7,
    "casegraph.export": 7,
    "casegraph.validate": 7,
    "casegraph.synth": 7,
    "casegraph.report": 7,
    "casegraph.draft": 7,
    "casegraph.output": 4,  # the one atomic writer: the store writes with it too
    "casegraph.cli": 8,
    "casegraph.__main__": 8,
    "casegraph": 9,  # the package's lazy public API (__init__) names every layer
}


def layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports(path: Path) -> list[tuple[str, int]]:
    """The casegraph modules ``path`` imports when it runs, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_lines(tree)
    found = []
    for node in ast.walk(tree):
        if node.lineno in typing_only if hasattr(node, "lineno") else False:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("casegraph"):
                # "from casegraph.x import y" may import the module casegraph.x.y
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    target = (
                        sub
                        if (SRC.parent / (sub.replace(".", "/"))).exists()
                        or (SRC.parent / (sub.replace(".", "/") + ".py")).exists()
                        else node.module
                    )
                    found.append((target, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend(
                (alias.name, node.lineno)
                for alias in node.names
                if alias.name.startswith("casegraph")
            )
    return found


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def test_every_module_has_a_layer() -> None:
    assert len(MODULES) > 60
    for name in MODULES:
        layer(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_runs_up_a_layer(name: str) -> None:
    upward = [
        f"line {line}: {target} (layer {layer(target)})"
        for target, line in imports(MODULES[name])
        if layer(target) > layer(name)
    ]
    assert not upward, f"{name} (layer {layer(name)}) imports upward: {upward}"


def _inside_functions(path: Path) -> list[tuple[int, str, str]]:
    """(line, text, line above its block of imports) of casegraph imports inside functions."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for fn in ast.walk(ast.parse(text)):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("casegraph"):
                    above = node.lineno - 2  # the line above this import and the ones it follows
                    while lines[above].lstrip().startswith(("from ", "import ")):
                        above -= 1
                    found.append((node.lineno, lines[node.lineno - 1], lines[above]))
    return found


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith("casegraph.cli")))
def test_imports_inside_functions_say_why(name: str) -> None:
    """The library imports at module level; an import inside a function says why.

    (The command modules import the library inside their commands, so that
    ``casegraph --help`` loads none of it: casegraph.cli says so once.)
    """
    silent = [
        f"line {line}: {text.strip()}"
        for line, text, above in _inside_functions(MODULES[name])
        if "#" not in text and not above.strip().startswith("#")
    ]
    assert not silent, f"{name}: imports inside functions with no reason: {silent}"


def test_no_import_loop() -> None:
    graph = {
        name: {t for t, _ in imports(path) if t in MODULES and t != name}
        for name, path in MODULES.items()
    }
    # Tarjan's strongly connected components: any component of two or more is a loop.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert not loops, f"import loops: {loops}"
