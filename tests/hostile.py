"""A hostile copy of the data: every text field carries HTML and script payloads.

Data files arrive in pull requests, so the site must show whatever they hold as text.
`write_hostile_data` copies the real data and, guided by the JSON Schema of each
collection, rewrites every free-text field it finds (names, titles, summaries, quotes,
claim labels and notes, aliases…) to end with `PAYLOAD`, fills in the optional text
fields a record leaves out where the record stays valid, and points each source at an
address built to break out of an attribute. Every payload that ran would set
`window.__pwned` or open a dialog; every payload shown as text contains `MARKER`.
"""

from __future__ import annotations

import shutil
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from explainer.schema import COLLECTIONS

if TYPE_CHECKING:
    from pathlib import Path

MARKER = "<script>window.__pwned=1</script>"
"""The part of every payload that the tests look for, shown literally, on each page."""

PAYLOAD = (
    MARKER + '<img src=x onerror="window.__pwned=2;alert(2)"><svg onload=window.__pwned=3></svg>'
    '"\'><a href="javascript:window.__pwned=4">j</a> [md](javascript:window.__pwned=5) '
    "</script></template></title><!-- &amp; {{ 6 }} *not emphasis*"
)
"""Script and event-handler tags, attribute-breaking quotes, `javascript:` links in HTML and
Markdown, tags that end a `<script>` or `<template>` holding JSON, a comment and an entity."""

HOSTILE_URL = "https://evil.example/x?q=%22%3E&a=\"><script>window.__pwned=7</script>&b='onmouseover='window.__pwned=8"
"""A valid http(s) address (no spaces) whose quotes and tags would break an unescaped `href`."""


def hostile_text(original: str, max_length: int) -> str:
    """`original` followed by `PAYLOAD`, shortened to fit `max_length`; at least `MARKER`."""
    for payload in (PAYLOAD, MARKER):
        room = max_length - len(payload) - 1
        if room >= 1:
            return f"{original[:room].rstrip()} {payload}"
    return MARKER[:max_length]


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _resolve(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return _resolve(options[0], defs) if len(options) == 1 else schema


def _is_text(schema: dict[str, Any]) -> bool:
    """Free text: a string with a minimum length and no pattern or fixed set of values."""
    return schema.get("type") == "string" and "minLength" in schema and not {"pattern", "enum", "format"} & set(schema)


def _poison(value: Any, schema: dict[str, Any], defs: dict[str, Any], name: str = "") -> Any:
    schema = _resolve(schema, defs)
    if isinstance(value, str) and name == "url":
        return HOSTILE_URL
    if isinstance(value, str) and _is_text(schema):
        return hostile_text(value, int(schema.get("maxLength", 4000)))
    if isinstance(value, list) and "items" in schema:
        return [_poison(item, schema["items"], defs) for item in value]
    if isinstance(value, dict) and "properties" in schema:
        return {key: _poison(item, schema["properties"].get(key, {}), defs, key) for key, item in value.items()}
    return value


def _absent_text_fields(value: Any, schema: dict[str, Any], defs: dict[str, Any], path: tuple[Any, ...] = ()):  # type: ignore[no-untyped-def]
    """Paths of the optional text fields a record leaves out, with the maximum length of each."""
    schema = _resolve(schema, defs)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from _absent_text_fields(item, schema["items"], defs, (*path, index))
    elif isinstance(value, dict) and "properties" in schema:
        for key, sub in schema["properties"].items():
            resolved = _resolve(sub, defs)
            if key in value:
                yield from _absent_text_fields(value[key], sub, defs, (*path, key))
            elif _is_text(resolved) and key not in schema.get("required", []):
                yield (*path, key), int(resolved.get("maxLength", 4000))


def _set(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = record
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _remove(record: dict[str, Any], path: tuple[Any, ...]) -> None:
    target: Any = record
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]


@cache
def _schema(collection: str) -> dict[str, Any]:
    schema: dict[str, Any] = COLLECTIONS[collection].model_json_schema(by_alias=True)
    return schema


def poison_record(collection: str, record_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """The hostile version of one record: its text poisoned, its missing optional text added where valid.

    A record with aliases keeps its original name and aliases among them, so that the names
    in hand-written pages still become links, whose tooltips then carry the payloads.
    """
    model = COLLECTIONS[collection]
    schema = _schema(collection)
    defs = schema.get("$defs", {})
    poisoned: dict[str, Any] = _poison(data, schema, defs)
    if "aliases" in poisoned:
        names = [data[key] for key in ("name", "term") if isinstance(data.get(key), str)]
        originals = [name for name in [*names, *data.get("aliases", [])] if isinstance(name, str)]
        poisoned["aliases"] = list(dict.fromkeys([*originals, *poisoned["aliases"]]))
    for path, max_length in list(_absent_text_fields(poisoned, schema, defs)):
        _set(poisoned, path, hostile_text(f"Added {path[-1]}", max_length))
        try:
            model.model_validate({**poisoned, "id": record_id})
        except ValidationError:
            _remove(poisoned, path)  # a field that only some shapes allow (a claim's `text`)
    return poisoned


def write_hostile_data(source: Path, dest: Path) -> Path:
    """Copy the data folder `source` to `dest` with every record poisoned; return `dest`."""
    shutil.copytree(source, dest)
    for collection in COLLECTIONS:
        for path in sorted((dest / collection).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            poisoned = poison_record(collection, path.stem, data)
            path.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest
