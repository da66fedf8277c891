"""A hostile copy of the data: every text field carries HTML and script payloads.

Data files arrive in pull requests, so the site must show whatever they hold as text.
`write_hostile_data` copies the real data and, guided by the JSON Schema of each
collection, rewrites every free-text field it finds (names, titles, summaries, quotes,
claim labels and notes, aliases…) to end with `PAYLOAD`, fills in the optional text
fields a record leaves out where the record stays valid, and points each source at an
address built to break out of an attribute. Every payload that ran would set
`window.__pwned` or open a dialog; every payload shown as text contains `MARKER`.

`HOSTILE_VALUES` is the other half of the corpus: values a pull request could put in a
data file that must be refused, each with the one exact problem it gives (figures that
are not finite, implausible or non-ASCII dates, control, bidi and invisible characters,
line breaks in one-line fields, addresses with user-info, short and look-alike names,
names of other records, deep nesting, long lists, workflow commands in values and keys).
"""

from __future__ import annotations

import shutil
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from explainer.schema import COLLECTIONS, strip_citations

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


def _uncited(value: Any) -> Any:
    """`value` with the citations taken out of its text: payloads cut sentences, so the records cite as a whole."""
    if isinstance(value, str) and "[@" in value:
        return strip_citations(value)
    if isinstance(value, list):
        return [_uncited(item) for item in value]
    if isinstance(value, dict):
        return {key: _uncited(item) for key, item in value.items()}
    return value


def write_hostile_data(source: Path, dest: Path) -> Path:
    """Copy the data folder `source` to `dest` with every record poisoned; return `dest`."""
    shutil.copytree(source, dest)
    for collection in COLLECTIONS:
        for path in sorted((dest / collection).glob("*.yaml")):
            data = _uncited(yaml.safe_load(path.read_text(encoding="utf-8")))
            poisoned = poison_record(collection, path.stem, data)
            if collection == "sources":  # one address each: two sources with one address are one page
                poisoned["url"] = f"{HOSTILE_URL}&source={path.stem}"
            path.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


HOSTILE_VALUES: dict[str, tuple[str, str, str]] = {
    # name: (file in MINIMAL, line to put in place of the line with the same key, the one problem expected)
    "infinite figure": (
        "places/karachev.yaml",
        "latitude: .inf",
        "data/places/karachev.yaml:4:11: latitude: '.inf' is not a finite number; give a figure",
    ),
    "not a number": (
        "places/karachev.yaml",
        "longitude: .NaN",
        "data/places/karachev.yaml:5:12: longitude: '.NaN' is not a finite number; give a figure",
    ),
    "overflowing figure": (
        "places/karachev.yaml",
        "latitude: 1.0e+400",
        "data/places/karachev.yaml:4:11: latitude: '1.0e+400' is not a finite number; give a figure",
    ),
    "overflowing figure as a string": (  # YAML 1.1 reads 1e400 as a string; the model reads it as a float
        "places/karachev.yaml",
        "latitude: 1e400",
        "data/places/karachev.yaml:4:11: latitude: Input should be a finite number",
    ),
    "year 0001": (
        "events/2024-11-19-strike.yaml",
        "date: 0001-01-01",
        "data/events/2024-11-19-strike.yaml:1:7: date: '0001-01-01' is outside the years 1900 to 2100; check the year",
    ),
    "year 9999": (
        "sources/s1.yaml",
        "published: 9999",
        "data/sources/s1.yaml:4:12: published: '9999' is outside the years 1900 to 2100; check the year",
    ),
    "year 0000": (
        "sources/s1.yaml",
        "published: 0000-01-01",
        "data/sources/s1.yaml:4:12: published: '0000-01-01' is not a date of the calendar",
    ),
    "non-ASCII digits in a date": (
        "positions/zelensky-strikes.yaml",
        'as_of: "\u0662\u0660\u0662\u0664-11-17"',
        "data/positions/zelensky-strikes.yaml:4:8: as_of: '\u0662\u0660\u0662\u0664-11-17' is not a date written "
        "YYYY-MM-DD, YYYY-MM or YYYY",
    ),
    "line break in a one-line field": (
        "sources/s1.yaml",
        'title: "Ukraine fires\\n# missiles"',
        "data/sources/s1.yaml:1:8: title: must be one line: remove the line break "
        "(use a multi-line field for longer text)",
    ),
    "escape sequence": (
        "actors/russia.yaml",
        'summary: "A state.\\e[2J"',
        "data/actors/russia.yaml:5:10: summary: U+001B (character 9) is a control, bidirectional-override or invisible "
        "character; remove it",
    ),
    "bidi override": (
        "actors/russia.yaml",
        'name: "Russia\\u202egnp.exe"',
        "data/actors/russia.yaml:1:7: name: U+202E (character 7) is a control, bidirectional-override or invisible "
        "character; remove it",
    ),
    "bidi isolate": (
        "weapons/atacms.yaml",
        'maker: "\\u2066Lockheed\\u2069"',
        "data/weapons/atacms.yaml:4:8: maker: U+2066 (character 1) is a control, bidirectional-override or invisible "
        "character; remove it",
    ),
    "zero-width space": (
        "actors/zelensky.yaml",
        'aliases: ["Zel\\u200bensky"]',
        "data/actors/zelensky.yaml:6:11: aliases[0]: U+200B (character 4) is a control, bidirectional-override or invisible "
        "character; remove it",
    ),
    "noncharacter": (
        "actors/russia.yaml",
        'summary: "A state.\\uffff"',
        "data/actors/russia.yaml:5:10: summary: U+FFFF (character 9) is a control, bidirectional-override or "
        "invisible character; remove it",
    ),
    "lone surrogate": (
        "actors/russia.yaml",
        'summary: "A \\ud800 state."',
        "data/actors/russia.yaml:5:15: (file): YAML syntax: found invalid Unicode character escape code",
    ),
    "full-width look-alike": (
        "actors/russia.yaml",
        "aliases: [\uff21\uff34\uff21\uff23\uff2d\uff33]",
        "data/actors/russia.yaml:7:11: aliases[0]: '\uff21\uff34\uff21\uff23\uff2d\uff33' looks like 'ATACMS' "
        "(data/weapons/atacms.yaml) but is spelled with other letters",
    ),
    "accented look-alike": (
        "actors/russia.yaml",
        "aliases: [Zelenský]",
        "data/actors/zelensky.yaml:6:11: aliases[0]: 'Zelensky' looks like 'Zelenský' (data/actors/russia.yaml) but "
        "is spelled with other letters",
    ),
    "user-info in an address": (
        "sources/s1.yaml",
        "url: https://news.example.org@evil.example/story",
        "data/sources/s1.yaml:3:6: url: must not hold a user name before '@' "
        "(https://known.site@other.site/ goes to other.site)",
    ),
    "backslash in an address": (
        "sources/s1.yaml",
        "url: https://news.example.org\\evil.example/",
        "data/sources/s1.yaml:3:6: url: must not hold a backslash; browsers read it as '/'",
    ),
    "one-letter alias": (
        "actors/zelensky.yaml",
        "aliases: [Z]",
        "data/actors/zelensky.yaml:6:11: aliases[0]: 'Z' is too short to link: a name or alias needs 3 characters "
        "or more (two capitals, like EU, are allowed)",
    ),
    "two lowercase letters": (
        "actors/zelensky.yaml",
        "aliases: [ze]",
        "data/actors/zelensky.yaml:6:11: aliases[0]: 'ze' is too short to link: a name or alias needs 3 characters "
        "or more (two capitals, like EU, are allowed)",
    ),
    "mixed-script look-alike": (
        "actors/russia.yaml",
        "name: Ukr\u0430ine",
        "data/actors/russia.yaml:1:7: name: 'Ukr\u0430ine' mixes Latin letters with Cyrillic look-alikes",
    ),
    "all-Cyrillic look-alike": (
        "actors/russia.yaml",
        "name: \u0410\u0422\u0410\u0421\u041c\u0405",
        "data/actors/russia.yaml:1:7: name: '\u0410\u0422\u0410\u0421\u041c\u0405' looks like 'ATACMS' "
        "(data/weapons/atacms.yaml) but is spelled with other letters",
    ),
    "alias of another record": (
        "actors/russia.yaml",
        "aliases: [Volodymyr Zelensky]",
        "data/actors/zelensky.yaml:1:7: name: 'Volodymyr Zelensky' also names data/actors/russia.yaml",
    ),
    "deep flow nesting": (  # libyaml's own limit (1,000) comes first
        "actors/russia.yaml",
        "aliases: " + "[" * 10_000 + "]" * 10_000,
        "data/actors/russia.yaml:7:1009: (file): YAML syntax: exceeded maximum nesting depth",
    ),
    "deep block nesting": (
        "actors/russia.yaml",
        "aliases:\n" + "".join(" " * depth + "- \n" for depth in range(100)),
        "data/actors/russia.yaml:39:32: (file): nested more than 32 levels deep; write it flatter",
    ),
    "long list": (
        "actors/russia.yaml",
        "aliases: [" + ", ".join(f"R{i:05d}" for i in range(10_001)) + "]",
        "data/actors/russia.yaml:7:80011: (file): more than 10000 items in one list or mapping",
    ),
    "workflow command in a value": (
        "sources/s1.yaml",
        'published: "2024-99\\n::error file=x::pwned\\n::add-mask::secret"',
        "data/sources/s1.yaml:4:12: published: '2024-99\\n::error file=x::pwned\\n::add-mask::secret' is not a date "
        "written YYYY-MM-DD, YYYY-MM or YYYY",
    ),
    "workflow command in a key": (
        "sources/s1.yaml",
        '"\\n::error::pwned": 1',
        "data/sources/s1.yaml:5:1: \\n::error::pwned: unknown field; expected one of: accessed, archived, checked, "
        "flags, language, note, original_publisher, published, publisher, statement_by, title, title_reconstructed, url",
    ),
}
"""One hostile value per entry, put into a valid copy of `MINIMAL`, and the exact problem it must give."""


def with_value(text: str, line: str) -> str:
    """`text` (a YAML record) with the line of `line`'s key replaced by `line`, or `line` added at the end."""
    key = line.split(":", 1)[0] + ":"
    lines = text.splitlines()
    for index, current in enumerate(lines):
        if current.startswith(key):
            lines[index] = line
            return "\n".join(lines) + "\n"
    return text + line + "\n"
