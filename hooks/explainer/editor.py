"""Editor support: a JSON Schema per data collection, and the settings that make editors use them.

The schemas are generated from the pydantic models in `schema`, so an editor with a YAML
language server (VS Code with the Red Hat YAML extension, IntelliJ, Neovim, Helix…)
completes field names, shows each field's description on hover and underlines a wrong
value while the contributor types. `make schemas` writes them; a test fails when they are
stale.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from explainer.schema import COLLECTIONS, FIRST_YEAR, LAST_YEAR, PARTIAL_DATE_PATTERN

if TYPE_CHECKING:
    from pathlib import Path

    from explainer.schema import Record

__all__ = [
    "SCHEMA_DIR",
    "SETTINGS_FILE",
    "render_files",
    "render_json_schema",
    "stale_files",
    "write_files",
]

SCHEMA_DIR = "schemas"
"""Folder, relative to the project root, that holds `<collection>.schema.json`."""

SETTINGS_FILE = ".vscode/settings.json"
"""Workspace settings that map each data folder to its schema."""

_DRAFT = "http://json-schema.org/draft-07/schema#"
_LOADER_FIELDS = ("id",)  # set from the file name by the loader, never written in a file


def render_json_schema(model: type[Record]) -> dict[str, Any]:
    """The JSON Schema (draft-07) of one collection's data files.

    Draft-07 with `definitions` is what every YAML language server reads; a `$ref` that
    carries a description is wrapped in `allOf` so that the description survives in
    draft-07, where siblings of `$ref` are ignored.

    Args:
        model: The record model of the collection, for example `Weapon`.

    Returns:
        The schema as a JSON-ready dictionary.
    """
    raw = model.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    for name in _LOADER_FIELDS:
        raw.get("properties", {}).pop(name, None)
        if name in raw.get("required", []):
            raw["required"].remove(name)
    schema: dict[str, Any] = {
        "$schema": _DRAFT,
        "$comment": "Generated from explainer.schema by `make schemas`; do not edit by hand.",
        **_adapt(raw),
    }
    schema["title"] = f"{model.__name__} (data/{model.collection}/*.yaml)"
    if definitions:
        schema["definitions"] = {name: _adapt(value) for name, value in sorted(definitions.items())}
    return schema


def _adapt(node: Any) -> Any:
    """Rewrite pydantic's output for YAML editors (see `render_json_schema`)."""
    if isinstance(node, list):
        return [_adapt(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _adapt(value) for key, value in node.items()}
    if "$ref" in out and len(out) > 1:
        out["allOf"] = [{"$ref": out.pop("$ref")}]
    if out.get("pattern") == PARTIAL_DATE_PATTERN and out.get("type") == "string":
        # YAML reads `published: 2024` as a number; the loader accepts it as a year.
        date = {key: out.pop(key) for key in ("type", "pattern")}
        out["anyOf"] = [date, {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}]
    if "description" in out:
        out["markdownDescription"] = out["description"]  # VS Code renders `code` in hovers
    return out


def _settings(data_folder: str) -> dict[str, Any]:
    schemas = {
        f"./{SCHEMA_DIR}/{name}.schema.json": [f"{data_folder}/{name}/*.yaml", f"{data_folder}/{name}/*.yml"]
        for name in COLLECTIONS
    }
    return {
        "yaml.schemas": schemas,
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "yaml.schemaStore.enable": False,
        "[yaml]": {
            "editor.insertSpaces": True,
            "editor.tabSize": 2,
            "editor.quickSuggestions": {"other": True, "comments": False, "strings": True},
        },
    }


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def render_files(data_folder: str = "data") -> dict[str, str]:
    """Every generated editor file, keyed by its path relative to the project root; `data_folder` is the data's."""
    files = {
        f"{SCHEMA_DIR}/{name}.schema.json": _dump(render_json_schema(model)) for name, model in COLLECTIONS.items()
    }
    files[SETTINGS_FILE] = _dump(_settings(data_folder))
    return files


def _schema_files(root: Path) -> set[str]:
    folder = root / SCHEMA_DIR
    return {f"{SCHEMA_DIR}/{p.name}" for p in folder.glob("*.schema.json")} if folder.is_dir() else set()


def stale_files(root: Path, data_folder: str = "data") -> list[str]:
    """Generated files under `root` that are missing, out of date, or left from a removed collection."""
    expected = render_files(data_folder)
    stale = [
        path
        for path, text in expected.items()
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
    ]
    stale += _schema_files(root) - expected.keys()
    return sorted(stale)


def write_files(root: Path, data_folder: str = "data") -> list[str]:
    """Write every generated file under `root`, remove schemas of removed collections; return what changed."""
    changed = stale_files(root, data_folder)
    expected = render_files(data_folder)
    for path in changed:
        target = root / path
        if path in expected:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(expected[path], encoding="utf-8", newline="\n")
        else:
            target.unlink()
    return changed
