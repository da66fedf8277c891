"""Editor support: a JSON Schema per data collection, and the settings that make editors use them.

The schemas are generated from the pydantic models in `schema` and from the ids in the
data, so an editor with a YAML language server (VS Code with the Red Hat YAML extension,
IntelliJ, Neovim, Helix…) completes field names and the ids a field may name (`actor:`,
`sources:`, `class:`), shows each field's description on hover, and underlines what the
check would refuse, in the check's words. The settings make the editor read YAML as the
check does (YAML 1.1, where `no` is a yes/no value).

The schemas depend on the data, which changes in every pull request, so they are not
committed: `make schemas` writes them into `schemas/` (ignored by git), and `make check`,
`make serve` and `make new` refresh them. Only the editor settings are committed; a test
fails when they are stale.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from explainer.fields import REF_KEYWORD, URL_PATTERN
from explainer.hints import ID_WORDS, pattern_words
from explainer.loading import one_line, read_records
from explainer.schema import COLLECTIONS, FIRST_YEAR, LAST_YEAR, PARTIAL_DATE_PATTERN

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from explainer.schema import Record

__all__ = [
    "COMMITTED_FILES",
    "SCHEMA_DIR",
    "SETTINGS_FILE",
    "YAML_VERSION",
    "Ids",
    "collect_ids",
    "render_files",
    "render_json_schema",
    "stale_files",
    "write_files",
]

SCHEMA_DIR = "schemas"
"""Folder, relative to the project root, that holds `<collection>.schema.json` (ignored by git)."""

SETTINGS_FILE = ".vscode/settings.json"
"""Workspace settings that map each data folder to its schema."""

COMMITTED_FILES = (SETTINGS_FILE,)
"""The generated files that are committed: they depend on the models and the data folder, not on the data."""

YAML_VERSION = "1.1"
"""The YAML the check reads (PyYAML's): `no`, `yes`, `on` and `off` are yes/no values, as in the editor."""

Ids = dict[str, dict[str, str]]
"""The ids of each collection's records, with the name each record shows readers (or "")."""

_DRAFT = "http://json-schema.org/draft-07/schema#"
_LOADER_FIELDS = ("id",)  # set from the file name by the loader, never written in a file
_NAME_MAP_KEYS = ("properties", "definitions", "$defs", "patternProperties")
"""Keywords whose value maps names (of fields, of definitions) to schemas, not keywords to values."""
_DATE_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
"""`PARTIAL_DATE_PATTERN` with the months, days and years the check accepts (but for the calendar's short months)."""
_DATE_WORDS = f"a date is written YYYY-MM-DD, YYYY-MM or YYYY, between {FIRST_YEAR} and {LAST_YEAR}"
_MAX_NAME = 80


def collect_ids(data_dir: Path, root: Path | None = None) -> Ids:
    """The id of every data file under `data_dir` (readable or not), with its record's name where it has one."""
    raw, _problems, found = read_records(data_dir, root)
    names = {
        (item.collection, item.id): item.data.get(COLLECTIONS[item.collection].display_field)
        for item in raw
        if item.collection in COLLECTIONS
    }
    ids: Ids = {name: {} for name in COLLECTIONS}
    for collection, record_id in sorted(found):
        name = names.get((collection, record_id))
        ids[collection][record_id] = _short(name) if isinstance(name, str) else ""
    return ids


def _short(name: str) -> str:
    line = " ".join(one_line(name).split())
    return line if len(line) <= _MAX_NAME else line[: _MAX_NAME - 1] + "…"


def render_json_schema(
    model: type[Record], ids: Mapping[str, Mapping[str, str]] | None = None, data_folder: str = "data"
) -> dict[str, Any]:
    """The JSON Schema (draft-07) of one collection's data files.

    Draft-07 with `definitions` is what every YAML language server reads; a `$ref` that
    carries a description is wrapped in `allOf` so that the description survives in
    draft-07, where siblings of `$ref` are ignored. Pydantic's titles (field names in
    title case, class names) are dropped: the hover shows the description instead.

    Args:
        model: The record model of the collection, for example `Weapon`.
        ids: The ids of each collection (`collect_ids`): a field that names a record lists
            them, for completion and for the check's "unknown" error. Without them, such a
            field only checks the shape of an id.
        data_folder: The data folder, relative to the project, as messages name it.

    Returns:
        The schema as a JSON-ready dictionary.
    """
    raw = model.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    for name in _LOADER_FIELDS:
        raw.get("properties", {}).pop(name, None)
        if name in raw.get("required", []):
            raw["required"].remove(name)
    definitions = raw.pop("$defs", {})
    adapt = _Adapter(ids or {}, data_folder)
    schema: dict[str, Any] = {
        "$schema": _DRAFT,
        "$comment": "Generated by `make schemas` (also run by make check, serve and new) from the models in "
        "hooks/explainer/schema.py and the ids in the data; not committed, do not edit.",
        **adapt.schema(raw),
        "title": f"{model.noun[0].upper()}{model.noun[1:]} file ({data_folder}/{model.collection}/<id>.yaml)",
    }
    if definitions:
        schema["definitions"] = {name: adapt.schema(value) for name, value in sorted(definitions.items())}
    return schema


class _Adapter:
    """Rewrites pydantic's output for YAML editors (see `render_json_schema`)."""

    def __init__(self, ids: Mapping[str, Mapping[str, str]], data_folder: str) -> None:
        self.ids = ids
        self.data_folder = data_folder

    def schema(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.schema(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _NAME_MAP_KEYS and isinstance(value, dict):
                out[key] = {name: self.schema(sub) for name, sub in value.items()}
            elif key != "title":
                out[key] = self.schema(value)
        if "$ref" in out and len(out) > 1:
            out["allOf"] = [{"$ref": out.pop("$ref")}]
        if out.get("pattern") == PARTIAL_DATE_PATTERN and out.get("type") == "string":
            # YAML reads `published: 2024` as a number; the loader accepts it as a year.
            date = {"type": "string", "pattern": _DATE_PATTERN, "patternErrorMessage": _DATE_WORDS}
            del out["type"], out["pattern"]
            out["anyOf"] = [date, {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}]
        if REF_KEYWORD in out:
            self._reference(out, out.pop(REF_KEYWORD))
        if "pattern" in out and (words := _pattern_message(str(out["pattern"]))):
            out["patternErrorMessage"] = words
        if "description" in out:
            out["markdownDescription"] = out["description"]  # VS Code renders `code` in hovers
        return out

    def _reference(self, out: dict[str, Any], collection: str) -> None:
        """List the ids a reference may take (completion shows each with its name), in place of the id pattern."""
        known = self.ids.get(collection)
        if not known:
            return
        out.pop("pattern", None)
        out.pop("maxLength", None)
        out["enum"] = list(known)
        out["enumDescriptions"] = list(known.values())
        noun = COLLECTIONS[collection].noun
        out["errorMessage"] = (
            f"unknown {noun}: use the file name (without .yaml) of a record in {self.data_folder}/{collection}/, or add that record"
        )


def _pattern_message(pattern: str) -> str | None:
    """The check's words for a pattern, for `patternErrorMessage` (editors show the regular expression otherwise)."""
    if pattern == URL_PATTERN:
        return "must be an absolute http:// or https:// address"
    if words := pattern_words(pattern):
        return words
    folders = re.match(r"^\^\(([a-z|-]+)\)/", pattern)  # a record written `collection/id`
    if folders:
        return f"a record is written collection/id ({ID_WORDS}), where collection is one of: " + ", ".join(
            folders.group(1).split("|")
        )
    return None


def _settings(data_folder: str) -> dict[str, Any]:
    schemas = {
        f"./{SCHEMA_DIR}/{name}.schema.json": [f"{data_folder}/{name}/*.yaml", f"{data_folder}/{name}/*.yml"]
        for name in COLLECTIONS
    }
    return {
        "yaml.schemas": schemas,
        "yaml.yamlVersion": YAML_VERSION,
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


def render_files(root: Path, data_folder: str = "data") -> dict[str, str]:
    """Every generated editor file, keyed by its path relative to the project `root`; `data_folder` is the data's."""
    ids = collect_ids(root / data_folder, root)
    files = {
        f"{SCHEMA_DIR}/{name}.schema.json": _dump(render_json_schema(model, ids, data_folder))
        for name, model in COLLECTIONS.items()
    }
    files[SETTINGS_FILE] = _dump(_settings(data_folder))
    return files


def _schema_files(root: Path) -> set[str]:
    folder = root / SCHEMA_DIR
    return {f"{SCHEMA_DIR}/{p.name}" for p in folder.glob("*.schema.json")} if folder.is_dir() else set()


def stale_files(root: Path, data_folder: str = "data") -> list[str]:
    """Generated files under `root` that are missing, out of date, or left from a removed collection."""
    return _stale(root, render_files(root, data_folder))


def _stale(root: Path, expected: dict[str, str]) -> list[str]:
    stale = [
        path
        for path, text in expected.items()
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
    ]
    stale += _schema_files(root) - expected.keys()
    return sorted(stale)


def write_files(root: Path, data_folder: str = "data") -> list[str]:
    """Write every generated file under `root`, remove schemas of removed collections; return what changed."""
    expected = render_files(root, data_folder)
    changed = _stale(root, expected)
    for path in changed:
        target = root / path
        if path in expected:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(expected[path], encoding="utf-8", newline="\n")
        else:
            target.unlink()
    return changed
