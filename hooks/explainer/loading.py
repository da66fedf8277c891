"""Read `data/**/*.yaml` safely, keeping the line and column of every value.

Only plain YAML is accepted: mappings, sequences and the core scalar types. Tags that
construct objects, anchors and aliases, merge keys and duplicate keys are errors. Every
problem in every file is collected and raised together as one `DataError`.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import yaml
from pydantic import BaseModel, ValidationError

from explainer.hints import ID_WORDS, did_you_mean, slug, validation_hint, yaml_hint
from explainer.schema import COLLECTIONS, Record

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "DataError",
    "Location",
    "Problem",
    "RawRecord",
    "format_loc",
    "load_records",
    "read_records",
    "validate_records",
]

Loc = tuple[str | int, ...]

_SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAX_FILE_BYTES = 1_000_000

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True, order=True)
class Location:
    """A place in a data file; line and column count from 1."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, printed as `path:line:col: field: message`."""

    location: Location
    field: str
    message: str
    help: str = dataclasses.field(default="", compare=False)
    """How to fix it, for the human report (`help:` under the quoted line)."""

    def __str__(self) -> str:
        loc = self.location
        return f"{loc.path}:{loc.line}:{loc.col}: {self.field}: {self.message}"


class DataError(Exception):
    """The data cannot be built; `problems` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class RawRecord:
    """A parsed data file before validation, with the position of each value."""

    collection: str
    id: str
    path: str
    data: dict[str, Any]
    marks: dict[Loc, tuple[int, int]] = field(repr=False)
    key_marks: dict[Loc, tuple[int, int]] = field(repr=False)
    words: dict[Loc, str] = field(default_factory=dict, repr=False)
    """The text as written of each value YAML read as yes/no (`no`, `on`), for the message."""

    def locate(self, loc: Loc, *, key: bool = False) -> Location:
        """The position of the value (or, with `key`, of the key) at `loc`, or of its nearest parent."""
        if key and loc in self.key_marks:
            return Location(self.path, *self.key_marks[loc])
        while loc not in self.marks and loc:
            loc = loc[:-1]
        line, col = self.marks.get(loc, (1, 1))
        return Location(self.path, line, col)


def format_loc(loc: Loc) -> str:
    """Render a field path as `range[0].value`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


class _Builder:
    """Turns a composed YAML node tree into plain Python values, recording positions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.key_marks: dict[Loc, tuple[int, int]] = {}
        self.words: dict[Loc, str] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._constructor = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, loc: Loc, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(Location(self.path, mark.line + 1, mark.column + 1), format_loc(loc), message))

    def build(self, node: yaml.Node, loc: Loc = ()) -> Any:
        self.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc)
        if id(node) in self._seen:
            self.problem(node, loc, "YAML anchors and aliases are not allowed; write the value out")
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self.problem(node, loc, f"YAML tag '{node.tag}' is not allowed")
                return None
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        self.problem(node, loc, "unsupported YAML node")  # pragma: no cover - composer yields only these
        return None

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        if node.tag not in _SAFE_SCALAR_TAGS:
            self.problem(node, loc, f"YAML tag '{node.tag}' is not allowed; only plain values are")
            return None
        try:
            value = self._constructor.construct_object(node)
        except (ValueError, yaml.YAMLError):
            if node.tag.endswith(":timestamp"):
                self.problem(node, loc, f"'{node.value}' is not a date of the calendar")
            else:
                self.problem(node, loc, f"'{node.value}' cannot be read as {node.tag.rsplit(':', 1)[-1]}")
            return None
        if isinstance(value, bool):
            self.words[loc] = node.value
        if isinstance(value, datetime):
            self.problem(node, loc, f"'{node.value}' has a time of day; give the date only (YYYY-MM-DD)")
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any] | None:
        if node.tag != _MAP_TAG:
            self.problem(node, loc, f"YAML tag '{node.tag}' is not allowed")
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, loc, "merge keys (<<) are not allowed; write the fields out")
                else:
                    self.problem(key_node, loc, "keys must be plain words")
                continue
            key = key_node.value
            child = (*loc, key)
            if key in out:
                self.problem(key_node, child, "duplicate key: this field is given twice")
                continue
            self.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child)
        return out


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if len(raw) > _MAX_FILE_BYTES:
        return None, [Problem(Location(path), "(file)", f"file is larger than {_MAX_FILE_BYTES} bytes")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        return None, [Problem(Location(path, line, col), "(file)", message)]


def parse_file(file: Path, collection: str, display: str) -> tuple[RawRecord | None, list[Problem]]:
    """Parse one data file into a `RawRecord`, or return the problems that prevent it."""
    text, problems = _decode(file.read_bytes(), display)
    if text is None:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        line, col, message, fix = yaml_hint(text, error)
        return None, [Problem(Location(display, line, col), "(file)", message, fix)]
    except yaml.YAMLError as error:
        return None, [Problem(Location(display), "(file)", f"YAML syntax: {error}")]
    if node is None:
        return None, [Problem(Location(display), "(file)", "file is empty; a record is a mapping of fields")]
    builder = _Builder(display)
    data = builder.build(node)
    if builder.problems:
        return None, builder.problems
    if not isinstance(data, dict):
        return None, [
            Problem(Location(display), "(file)", "a record must be a mapping of fields, not a list or a value")
        ]
    if "id" in data:
        builder.problem(node, ("id",), "the id is the file name; remove this field")
        return None, builder.problems
    return RawRecord(collection, file.stem, display, data, builder.marks, builder.key_marks, builder.words), []


def load_records(data_dir: Path) -> list[RawRecord]:
    """Parse every data file under `data_dir`; raise `DataError` listing all problems."""
    records, problems, _ids = read_records(data_dir)
    if problems:
        raise DataError(problems)
    return records


def read_records(
    data_dir: Path, root: Path | None = None
) -> tuple[list[RawRecord], list[Problem], set[tuple[str, str]]]:
    """Parse every data file; return the parsed records, the problems, and every `(collection, id)` seen.

    Paths in records and problems are relative to `root` (the project; by default the
    folder that holds `data_dir`).
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return [], [Problem(Location(str(data_dir)), "(folder)", "data folder not found")], set()
    root = Path(root) if root is not None else data_dir.parent
    records: list[RawRecord] = []
    problems: list[Problem] = []
    ids: set[tuple[str, str]] = set()
    for entry in sorted(data_dir.iterdir()):
        display = entry.relative_to(root).as_posix()
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            problems.append(Problem(Location(display), "(file)", "data files belong in a collection folder"))
            continue
        if entry.name not in COLLECTIONS:
            known = ", ".join(COLLECTIONS)
            problems.append(Problem(Location(display), "(folder)", f"unknown collection; expected one of: {known}"))
            continue
        records_here, problems_here, ids_here = _load_collection(entry, root)
        records += records_here
        problems += problems_here
        ids |= {(entry.name, i) for i in ids_here}
    return records, problems, ids


def _load_collection(folder: Path, root: Path) -> tuple[list[RawRecord], list[Problem], set[str]]:
    records: list[RawRecord] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for file in sorted(folder.rglob("*")):
        display = file.relative_to(root).as_posix()
        if file.is_dir() or file.name.startswith("."):
            continue
        if file.parent != folder or file.suffix not in (".yaml", ".yml"):
            problems.append(Problem(Location(display), "(file)", f"expected a .yaml file directly in {folder.name}/"))
            continue
        stem = file.stem
        if stem.lower() in seen:
            problems.append(Problem(Location(display), "id", f"duplicate id '{stem}': also {seen[stem.lower()]}"))
            continue
        seen[stem.lower()] = display
        record, found = parse_file(file, folder.name, display)
        problems += found
        if record is not None:
            records.append(record)
    return records, problems, set(seen)


def _message(error: dict[str, Any], model: type[Record], word: str | None = None) -> tuple[str, str]:
    """The message and the fix for one validation error."""
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        allowed = _field_names(model, error["loc"][:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = did_you_mean(name, allowed) if close else f"; expected one of: {', '.join(allowed)}"
        return f"unknown field{hint}", "fields are spelled as in the guide; check the spelling and the indentation"
    if kind == "missing":
        return "required field is missing", f"add `{error['loc'][-1]}:` to this record (the guide lists every field)"
    return validation_hint(error, word) or (message, "")


def _field_names(model: type[Any], loc: Loc) -> list[str]:
    """Names allowed at `loc` inside `model` (used for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted((f.alias or n) for n, f in current.model_fields.items() if n != "id")
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def validate_records(raw: Iterable[RawRecord]) -> tuple[list[tuple[RawRecord, Record]], list[Problem]]:
    """Validate parsed files against their models; return the good ones and every problem."""
    good: list[tuple[RawRecord, Record]] = []
    problems: list[Problem] = []
    for item in raw:
        model = COLLECTIONS[item.collection]
        if not _id_ok(item.id):
            message = f"file name must be {ID_WORDS}, then .yaml"
            fix = f"rename the file {slug(item.id) or 'record'}.yaml"
            problems.append(Problem(Location(item.path), "id", message, fix))
            continue
        try:
            good.append((item, model.model_validate({**item.data, "id": item.id})))
        except ValidationError as error:
            for detail in error.errors():
                loc = tuple(detail["loc"])
                location = item.locate(loc, key=detail["type"] == "extra_forbidden")
                message, fix = _message(dict(detail), model, item.words.get(loc))
                problems.append(Problem(location, format_loc(loc), message, fix))
    return good, problems


def _id_ok(value: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) is not None and len(value) <= 80
