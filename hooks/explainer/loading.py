"""Read `data/**/*.yaml` safely, keeping the line and column of every value.

Only plain YAML is accepted: mappings, sequences and the core scalar types. Tags that
construct objects, anchors and aliases, merge keys and duplicate keys are errors, and so
are numbers that are not finite, strings with control or bidirectional-override
characters, nesting deeper than `MAX_DEPTH` and lists longer than `MAX_ITEMS`. Only
regular files are read (never a symbolic link, a device or a pipe), and at most
`MAX_FILE_BYTES` of each. Every problem in every file is collected and raised together as
one `DataError`, whose lines are safe to print in a CI log (`one_line`).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import yaml
from pydantic import BaseModel, ValidationError

from explainer.cache import digest
from explainer.hints import ID_WORDS, did_you_mean, slug, validation_hint, yaml_hint
from explainer.schema import COLLECTIONS, Record

if TYPE_CHECKING:
    from collections.abc import Iterable

    from explainer.cache import Memo

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "DataError",
    "Location",
    "Problem",
    "RawRecord",
    "format_loc",
    "load_records",
    "one_line",
    "page_files",
    "read_records",
    "shape_problem",
    "unsafe_files",
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
MAX_FILE_BYTES = 1_000_000
"""The largest data file read; the loader reads at most one byte more to tell."""
MAX_DEPTH = 32
"""How deeply mappings and lists may nest in a data file (a record is a few levels deep)."""
MAX_ITEMS = 10_000
"""The longest list or mapping a data file may hold."""

_UNSAFE_CHAR = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufdd0-\ufdef\ufeff\ufffe\uffff]"
)
"""Control characters (all but tab and line feed), bidirectional marks, embeddings, overrides and
isolates, invisible separators, line separators and noncharacters: none belongs in a data string."""
_PRINT_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_COMMAND_START = re.compile(r"^(\s*):(?=:)")

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
        return one_line(f"{loc.path}:{loc.line}:{loc.col}: {self.field}: {self.message}")


def one_line(text: str) -> str:
    """`text` safe to print as one line of a CI log: control and bidi characters shown as escapes, no leading `::`.

    The GitHub runner obeys a workflow command (`::error …`, `::add-mask::…`) on any line of a
    step's output; a file name or a value from the data must neither start a line of its own
    nor begin the line it is on with one.
    """
    flat = _PRINT_UNSAFE.sub(lambda m: "\\n" if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)
    return _COMMAND_START.sub(r"\1: ", flat)


class DataError(Exception):
    """The data cannot be built; `problems` lists every problem found, one safe line each."""

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


_Pending = tuple[yaml.Node, Loc, Any, Any]
"""A node still to build: the node, its field path, and the container and slot its value goes in."""


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

    def build(self, root: yaml.Node) -> Any:
        """The value of `root`, built with a stack of work rather than by recursion, however deep the tree."""
        result: list[Any] = [None]
        pending: list[_Pending] = [(root, (), result, 0)]
        while pending:
            node, loc, parent, slot = pending.pop()
            parent[slot] = self._value(node, loc, pending)
        return result[0]

    def _value(self, node: yaml.Node, loc: Loc, pending: list[_Pending]) -> Any:
        """A scalar's value, or an empty container whose items are added to `pending`."""
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
            items: list[Any] = [None] * len(node.value)
            pending.extend(reversed([(item, (*loc, i), items, i) for i, item in enumerate(node.value)]))
            return items
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, pending)
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
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(node, loc, f"'{node.value}' is not a finite number; give a figure")
            return None
        if isinstance(value, str) and (bad := _UNSAFE_CHAR.search(value)):
            where = f"character {bad.start() + 1}"
            message = f"U+{ord(bad.group()):04X} ({where}) is a control, bidirectional-override or invisible character; remove it"
            self.problem(node, loc, message)
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, loc: Loc, pending: list[_Pending]) -> dict[str, Any] | None:
        if node.tag != _MAP_TAG:
            self.problem(node, loc, f"YAML tag '{node.tag}' is not allowed")
            return None
        out: dict[str, Any] = {}
        values: list[_Pending] = []
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
            out[key] = None
            values.append((value_node, child, out, key))
        pending.extend(reversed(values))  # built in the order of the file, so the first use of a node is the original
        return out


def _read(file: Path, path: str) -> tuple[bytes | None, list[Problem]]:
    """At most `MAX_FILE_BYTES` + 1 bytes of a regular file, never following a symbolic link."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(file, flags)
    except OSError as error:
        kind = "a symbolic link" if file.is_symlink() else f"unreadable ({error.strerror})"
        return None, [Problem(Location(path), "(file)", f"{kind}; commit the data file itself")]
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None, [Problem(Location(path), "(file)", "not a regular file (a device, pipe or socket); remove it")]
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(Location(path), "(file)", f"file is larger than {MAX_FILE_BYTES} bytes; split it")]
    return raw, []


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        return None, [Problem(Location(path, line, col), "(file)", message)]


def shape_problem(text: str, path: str) -> Problem | None:
    """Nesting deeper than `MAX_DEPTH` or a collection longer than `MAX_ITEMS`, found from the parser's events.

    Reading the events is iterative, so a hostile file is refused before anything recurses into it.
    """
    counts: list[list[int]] = []  # per open collection: [nodes in it so far, nodes per item]
    for event in yaml.parse(text, Loader=_Loader):
        if counts and isinstance(event, yaml.NodeEvent):
            counts[-1][0] += 1
            if counts[-1][0] > MAX_ITEMS * counts[-1][1]:
                return _event_problem(event, path, f"more than {MAX_ITEMS} items in one list or mapping")
        if isinstance(event, yaml.CollectionStartEvent):
            counts.append([0, 2 if isinstance(event, yaml.MappingStartEvent) else 1])
            if len(counts) > MAX_DEPTH:
                return _event_problem(event, path, f"nested more than {MAX_DEPTH} levels deep; write it flatter")
        elif isinstance(event, yaml.CollectionEndEvent):
            counts.pop()
    return None


def _event_problem(event: yaml.Event, path: str, message: str) -> Problem:
    mark = event.start_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(Location(path, line, col), "(file)", message)


def parse_file(
    file: Path, collection: str, display: str, memo: Memo | None = None
) -> tuple[RawRecord | None, list[Problem]]:
    """Parse one data file into a `RawRecord`, or return the problems that prevent it.

    With a `memo` (a preview session's), a file whose bytes, place and collection are those of
    a file parsed before is not parsed again.
    """
    raw, problems = _read(file, display)
    if raw is None or memo is None:
        return _parse(raw, problems, collection, display, file.stem)
    key = (display, collection, digest(raw))
    parsed: tuple[RawRecord | None, list[Problem]] = memo.get(
        key, lambda: _parse(raw, problems, collection, display, file.stem)
    )
    return parsed


def _parse(
    raw: bytes | None, problems: list[Problem], collection: str, display: str, stem: str
) -> tuple[RawRecord | None, list[Problem]]:
    text, problems = _decode(raw, display) if raw is not None else (None, problems)
    if text is None:
        return None, problems
    try:
        if shape := shape_problem(text, display):
            return None, [shape]
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
    return RawRecord(collection, stem, display, data, builder.marks, builder.key_marks, builder.words), []


def load_records(data_dir: Path) -> list[RawRecord]:
    """Parse every data file under `data_dir`; raise `DataError` listing all problems."""
    records, problems, _ids = read_records(data_dir)
    if problems:
        raise DataError(problems)
    return records


def read_records(
    data_dir: Path, root: Path | None = None, memo: Memo | None = None
) -> tuple[list[RawRecord], list[Problem], set[tuple[str, str]]]:
    """Parse every data file; return the parsed records, the problems, and every `(collection, id)` seen.

    Paths in records and problems are relative to `root` (the project; by default the
    folder that holds `data_dir`). `memo` keeps parsed files between a preview's rebuilds.
    """
    data_dir = Path(data_dir)
    if data_dir.is_symlink():
        return [], [Problem(Location(str(data_dir)), "(folder)", _LINK)], set()
    if not data_dir.is_dir():
        return [], [Problem(Location(str(data_dir)), "(folder)", "data folder not found")], set()
    root = Path(root) if root is not None else data_dir.parent
    records: list[RawRecord] = []
    problems: list[Problem] = unsafe_files(data_dir, root)
    ids: set[tuple[str, str]] = set()
    for entry in sorted(data_dir.iterdir()):
        display = entry.relative_to(root).as_posix()
        if entry.name.startswith(".") or _bad_name(entry.name) or not _regular(entry):
            continue  # hidden, or reported by `unsafe_files`
        if not entry.is_dir():
            problems.append(Problem(Location(display), "(file)", "data files belong in a collection folder"))
            continue
        if entry.name not in COLLECTIONS:
            known = ", ".join(COLLECTIONS)
            problems.append(Problem(Location(display), "(folder)", f"unknown collection; expected one of: {known}"))
            continue
        records_here, problems_here, ids_here = _load_collection(entry, root, memo)
        records += records_here
        problems += problems_here
        ids |= {(entry.name, i) for i in ids_here}
    return records, problems, ids


_LINK = "a symbolic link; links are not followed: commit the file or folder itself"
_SPECIAL = "not a regular file or folder (a device, pipe or socket); remove it"


def _regular(path: Path) -> bool:
    """Whether `path` is a regular file or folder itself, not a link to one nor a special file."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


def unsafe_files(folder: Path, root: Path) -> list[Problem]:
    """Every symbolic link, special file and control character in a file name under `folder`, as problems.

    Nothing here follows a link: a link in a pull request could point at a file outside the
    checkout (which the build would publish), at `/dev/zero`, at nothing, or at itself.
    Paths are shown relative to `root`.
    """
    if Path(folder).is_symlink():
        return [Problem(Location(_display(Path(folder), root)), "(folder)", _LINK)]
    problems: list[Problem] = []
    pending = [Path(folder)]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as error:
            problems.append(Problem(Location(_display(current, root)), "(folder)", f"unreadable ({error.strerror})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            display = _display(path, root)
            if _bad_name(entry.name):
                problems.append(Problem(Location(display), "(file)", "a control character in the file name; rename it"))
            elif entry.is_symlink():
                problems.append(Problem(Location(display), "(file)", _LINK))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif not entry.is_file(follow_symlinks=False):
                problems.append(Problem(Location(display), "(file)", _SPECIAL))
    return problems


def page_files(docs_dir: Path) -> frozenset[str]:
    """The Markdown pages under `docs_dir`, as paths relative to it (`article.md`, `reference/engine.md`)."""
    found = (Path(here, name) for here, _dirs, names in os.walk(docs_dir) for name in names if name.endswith(".md"))
    return frozenset(path.relative_to(docs_dir).as_posix() for path in found)


def _bad_name(name: str) -> bool:
    return _PRINT_UNSAFE.search(name) is not None


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_collection(
    folder: Path, root: Path, memo: Memo | None = None
) -> tuple[list[RawRecord], list[Problem], set[str]]:
    records: list[RawRecord] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    found_files = (Path(here, name) for here, _dirs, names in os.walk(folder) for name in names)
    for file in sorted(found_files):
        display = file.relative_to(root).as_posix()
        if file.name.startswith(".") or _bad_name(file.name) or not stat.S_ISREG(file.lstat().st_mode):
            continue  # hidden, or reported by `unsafe_files`
        if file.parent != folder or file.suffix not in (".yaml", ".yml"):
            problems.append(Problem(Location(display), "(file)", f"expected a .yaml file directly in {folder.name}/"))
            continue
        stem = file.stem
        if stem.lower() in seen:
            problems.append(Problem(Location(display), "id", f"duplicate id '{stem}': also {seen[stem.lower()]}"))
            continue
        seen[stem.lower()] = display
        record, problems_here = parse_file(file, folder.name, display, memo)
        problems += problems_here
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
