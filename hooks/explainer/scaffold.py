"""`explainer new`: a commented template for a new record that names every field of its model."""

from __future__ import annotations

import re
import textwrap
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from explainer.hints import ID_WORDS
from explainer.schema import COLLECTIONS

__all__ = ["collection_named", "template"]

_PLACEHOLDER = "TODO"


def collection_named(kind: str) -> str | None:
    """The collection a kind names (`actor`, `actors`, `event`, `term` for the glossary), or None."""
    kind = kind.strip().lower()
    for name in COLLECTIONS:
        if kind in (name, name.removesuffix("s")):
            return name
    return "glossary" if kind in ("term", "terms") else None


def _strip(annotation: Any) -> Any:
    """The type under `Annotated` and `Optional`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _allowed(annotation: Any) -> list[str]:
    """The values a field accepts, for an enumeration or a literal."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    if get_origin(annotation) is Literal:
        return [str(value) for value in get_args(annotation)]
    return []


def _comment(text: str, indent: str) -> list[tuple[bool, str]]:
    return [(False, f"{indent}# {line}") for line in textwrap.wrap(" ".join(text.split()), 88 - len(indent))]


def _fields(model: type[BaseModel], indent: str, *, commented: bool) -> list[tuple[bool, str]]:
    """`(is a field line, line)` for every field of `model`, each after its description."""
    out: list[tuple[bool, str]] = []
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        key = info.alias or name
        off = commented or not info.is_required()
        mark = "# " if off else ""
        annotation = _strip(info.annotation)
        out += _comment(info.description or "", indent)
        allowed = _allowed(annotation)
        if allowed:
            out += _comment(f"One of: {', '.join(allowed)}.", indent)
        if get_origin(annotation) is list:
            out.append((True, f"{indent}{mark}{key}:"))
            out += _items(_strip(get_args(annotation)[0]), indent, mark, commented=off)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out.append((True, f"{indent}{mark}{key}:"))
            out += _fields(annotation, indent + "  ", commented=off)
        else:
            out.append((True, f"{indent}{mark}{key}:" + ("" if off else f" {_PLACEHOLDER}")))
    return out


def _items(item: Any, indent: str, mark: str, *, commented: bool) -> list[tuple[bool, str]]:
    """One item of a list field: a value, or a mapping whose first field follows the `- `."""
    if not (isinstance(item, type) and issubclass(item, BaseModel)):
        return [(True, f"{indent}{mark}  - {_PLACEHOLDER}")]
    inner = _fields(item, indent + "    ", commented=commented)
    first = next(i for i, (is_field, _line) in enumerate(inner) if is_field)
    line = inner[first][1]
    prefix = indent + "    " + mark
    inner[first] = (True, f"{indent}  {mark}- {line[len(prefix) :]}")
    return inner


def template(collection: str, record_id: str) -> str:
    """The text of a new data file: every field of the collection's model, each with its description.

    Required fields are written out with `TODO` to replace; optional ones are commented out.
    """
    model = COLLECTIONS[collection]
    doc = (model.__doc__ or "").strip().split("\n")[0]
    head = [
        f"# data/{collection}/{record_id}.yaml: {doc}",
        "# Replace each TODO. Optional fields are commented out: to use one, remove its '# '.",
        f"# Ids (file names, and the values of fields that name other records) are {ID_WORDS}.",
        "# Then run `make check`; the contributing guide explains each field.",
        "",
    ]
    lines = [line for _is_field, line in _fields(model, "", commented=False)]
    dated = re.match(r"^(\d{4}-\d{2}(?:-\d{2})?)-", record_id)
    if dated and "date" in model.model_fields:
        lines = [f"date: {dated.group(1)}" if line == f"date: {_PLACEHOLDER}" else line for line in lines]
    return "\n".join([*head, *lines]) + "\n"
