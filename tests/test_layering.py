"""The engine's layering, read from the source with `ast`: who may import whom, and what.

Only the adapter imports MkDocs; only the fence module imports pymdown-extensions; an
engine module imports only from lower layers (never sideways, never up); and every import
of an engine name, in the engine, the tests and the benchmarks, takes a name the module
exports in `__all__`.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "hooks"
ENGINE = HOOKS / "explainer"

LAYERS: dict[str, int] = {
    "fields": -1,
    "cache": -1,
    "schema": 0,
    "hints": 0,
    "loading": 1,
    "rules": 2,
    "report": 2,
    "dataset": 3,
    "formatting": 4,
    "urls": 4,
    "wording": 2,
    "policy": 4,
    "csp": 4,
    "markup": 5,
    "citations": 6,
    "provenance": 6,
    "linking": 6,
    "charts": 6,
    "editor": 6,
    "scaffold": 6,
    "diff": 6,
    "linkcheck": 4,
    "pages": 7,
    "fences": 7,
    "posters": 7,
    "site": 8,
    "cli": 8,
    "__main__": 9,
}
"""Each top-level engine module or package and its layer: it may import only from lower layers."""

MKDOCS = ("mkdocs", "material", "mkdocstrings")
PYMDOWNX = ("pymdownx",)


def _module_name(path: Path) -> str:
    parts = path.relative_to(HOOKS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _python_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """Every import in a file as `(line, module, names)`; names is empty for `import x`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


@cache
def _exports(module: str) -> frozenset[str] | None:
    """A module's `__all__`, read from its source; None where it has none."""
    path = HOOKS / Path(*module.split("."))
    file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    if not file.exists():
        return None
    for node in ast.parse(file.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return frozenset(ast.literal_eval(value))
    return None


def _is_module(name: str) -> bool:
    path = HOOKS / Path(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").exists()


def _top(module: str) -> str:
    """`explainer.charts.ranges` → `charts`."""
    return module.split(".")[1] if module.count(".") else ""


ENGINE_FILES = _python_files(ENGINE)


def test_every_engine_module_has_a_layer() -> None:
    tops = {_top(_module_name(p)) for p in ENGINE_FILES} - {""}
    assert sorted(tops - set(LAYERS)) == [], "give each new engine module a layer in LAYERS"
    assert sorted(set(LAYERS) - tops) == [], "LAYERS names a module that no longer exists"


@pytest.mark.parametrize("path", [*ENGINE_FILES, HOOKS / "adapter.py"], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_only_the_adapter_imports_mkdocs_and_only_fences_import_pymdownx(path: Path) -> None:
    module = _module_name(path)
    for line, imported, _ in _imports(path):
        root = imported.split(".")[0]
        if root in MKDOCS:
            assert module == "adapter", f"{path.name}:{line} imports {imported}: only hooks/adapter.py may"
        if root in PYMDOWNX:
            assert _top(module) == "fences", f"{path.name}:{line} imports {imported}: only the fence module may"


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_engine_modules_import_only_from_lower_layers(path: Path) -> None:
    module = _module_name(path)
    here = _top(module)
    for line, imported, _ in _imports(path):
        if not imported.startswith("explainer.") or here == "":
            continue
        there = _top(imported)
        if there == here:
            assert imported != f"explainer.{here}" or module == imported, (
                f"{path.name}:{line}: a module of explainer.{here} imports its own package; import the module"
            )
            continue
        assert LAYERS[there] < LAYERS[here], (
            f"{path.relative_to(ROOT)}:{line} imports {imported}: {here} (layer {LAYERS[here]}) may import only "
            f"from lower layers, and {there} is layer {LAYERS[there]}"
        )


@pytest.mark.parametrize(
    "path",
    [*_python_files(HOOKS, ROOT / "tests", ROOT / "benchmarks")],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_imports_of_engine_names_take_exported_names_only(path: Path) -> None:
    module = _module_name(path) if path.is_relative_to(HOOKS) else ""
    unexported = []
    for line, imported, names in _imports(path):
        if not imported.startswith("explainer") or not names:
            continue
        inside = _top(module) == _top(imported) and (module + ".").startswith(f"explainer.{_top(imported)}.")
        exports = _exports(imported) or frozenset()
        unexported += [
            f"{path.relative_to(ROOT)}:{line}: {name} is not in {imported}.__all__"
            for name in names
            if name not in exports and not _is_module(f"{imported}.{name}") and not inside
        ]
    assert unexported == [], "\n".join(unexported)
