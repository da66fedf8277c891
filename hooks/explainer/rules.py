"""Cross-record rules: what no single file can check on its own.

References resolve, factual records cite an unflagged source, figures obey the
flagged-source rule, each actor has one position per topic, and each name links to one
record. Every rule reports every problem it finds, located in the file that has it. The
fields a rule looks at are found from the models' type annotations (`Ref`-marked ids,
`Claim` values), never from a list of field names.
"""

from __future__ import annotations

import difflib
import re
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Union, cast, get_args, get_origin

from pydantic import BaseModel

from explainer.hints import did_you_mean, slug
from explainer.loading import Problem, RawRecord, format_loc
from explainer.schema import COLLECTIONS, Claim, ClaimStatus, Correction, Position, Ref

if TYPE_CHECKING:
    from collections.abc import Iterator

    from explainer.schema import Record, Source

__all__ = ["Key", "Loc", "check_records", "check_warnings", "iter_claims", "iter_refs"]

Loc = tuple[str | int, ...]
"""A field path inside a record, for example `("range", 0, "sources", 1)`."""
Key = tuple[str, str]
"""A record's `(collection, id)`."""


def _walk(annotation: Any, metadata: list[Any], value: Any, loc: Loc) -> Iterator[tuple[Loc, Any, list[Any]]]:
    """Yield `(loc, value, metadata)` for `value` and every value inside it, following its declared type."""
    if value is None:
        return
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        yield from _walk(base, [*metadata, *meta], value, loc)
        return
    if origin in (Union, UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                yield from _walk(arg, metadata, value, loc)
        return
    yield loc, value, metadata
    if origin is list:
        (item_type,) = get_args(annotation)
        for index, item in enumerate(value):
            yield from _walk(item_type, [], item, (*loc, index))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _walk(info.annotation, list(info.metadata), getattr(value, name), (*loc, info.alias or name))


def _values(record: Record) -> Iterator[tuple[Loc, Any, list[Any]]]:
    yield from _walk(type(record), [], record, ())


def iter_refs(record: Record) -> Iterator[tuple[Loc, str, str]]:
    """Every cross-reference in a record as `(field path, collection, id)`."""
    seen: set[Loc] = set()
    for loc, value, metadata in _values(record):
        for meta in metadata:
            if isinstance(meta, Ref) and loc not in seen:
                seen.add(loc)
                yield loc, meta.collection, value


def iter_claims(record: Record) -> Iterator[tuple[Loc, Claim]]:
    """Every figure in a record, wherever its model declares a `Claim`."""
    for loc, value, _metadata in _values(record):
        if isinstance(value, Claim):
            yield loc, value


def check_records(
    records: dict[str, dict[str, Record]], located: dict[Key, RawRecord], all_ids: dict[str, set[str]]
) -> list[Problem]:
    """Apply every cross-record rule; `all_ids` names every record file found, parsed or not."""
    sources = cast("dict[str, Source]", records["sources"])
    problems: list[Problem] = []
    aliases = _aliases(records)
    for collection, items in records.items():
        for record_id, record in items.items():
            key = (collection, record_id)
            for loc, message, fix in _unknown_refs(record, all_ids, aliases):
                problems.append(Problem(located[key].locate(loc), format_loc(loc), message, fix))
            for loc, message in _record_problems(record, sources, all_ids):
                problems.append(Problem(located[key].locate(loc), format_loc(loc), message))
    problems += _unique_positions(records["positions"], located)
    problems += _event_dates(records["events"], located)
    problems += _unique_names(records, located, tuple(n for n, m in COLLECTIONS.items() if m.linked_names))
    return problems


def _aliases(records: dict[str, dict[str, Record]]) -> dict[str, dict[str, str]]:
    """By collection, each name and alias written as an id, and the id of the record it names."""
    out: dict[str, dict[str, str]] = {}
    for collection, items in records.items():
        for record_id, record in items.items():
            for _loc, name in _linked_names(record):
                out.setdefault(collection, {}).setdefault(slug(name), record_id)
    return out


def _suggest(ref: str, ids: set[str], aliases: dict[str, str]) -> str:
    """`; did you mean 'x'?` from a collection's ids, or from the names and aliases of its records."""
    owner = aliases.get(slug(ref))
    if owner is not None and owner != ref:
        return f"; did you mean '{owner}'? ('{ref}' is one of its names, not its id)"
    close = did_you_mean(ref, sorted(ids))
    if close:
        return close
    named = difflib.get_close_matches(ref, sorted(aliases), n=1, cutoff=0.75)
    return f"; did you mean '{aliases[named[0]]}'?" if named else ""


def _unknown_refs(
    record: Record, all_ids: dict[str, set[str]], aliases: dict[str, dict[str, str]]
) -> Iterator[tuple[Loc, str, str]]:
    """References to records that have no file, each with the closest id."""
    for loc, target, ref in iter_refs(record):
        if ref not in all_ids[target]:
            hint = _suggest(ref, all_ids[target], aliases.get(target, {}))
            fix = f"use the file name (without .yaml) of a record in data/{target}/, or add that record"
            yield loc, f"unknown {target[:-1]} '{ref}': no file data/{target}/{ref}.yaml{hint}", fix
    if isinstance(record, Correction):
        for index, target in enumerate(record.records):
            kind, _, target_id = target.partition("/")
            if target_id not in all_ids[kind]:
                hint = _suggest(target_id, all_ids[kind], aliases.get(kind, {}))
                fix = "write the collection and the file name without .yaml, for example actors/biden"
                yield ("records", index), f"unknown record '{target}': no file data/{target}.yaml{hint}", fix


def _record_problems(
    record: Record, sources: dict[str, Source], all_ids: dict[str, set[str]]
) -> Iterator[tuple[Loc, str]]:
    if record.factual and not _has_unflagged(getattr(record, "sources", []), sources):
        yield ("sources",), "needs at least one source without reliability flags"
    for loc, claim in iter_claims(record):
        if claim.status is not ClaimStatus.CLAIMED and not _has_unflagged(claim.sources, sources):
            article = "an" if claim.status is ClaimStatus.ASSESSED else "a"
            message = (
                f"{article} {claim.status.value} figure needs a source without flags; a figure that only "
                "flagged sources back is an attributed statement: mark it claimed, with claimed_by or "
                "attributed_to"
            )
            yield (*loc, "status"), message


def _has_unflagged(ids: list[str], sources: dict[str, Source]) -> bool:
    # Unknown ids are reported separately; do not pile a second error on them.
    return any(i not in sources or not sources[i].is_flagged for i in ids)


_DATE_PREFIX = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)-(?!\d)")


def _event_dates(events: dict[str, Record], located: dict[Key, RawRecord]) -> list[Problem]:
    """An event's file name starts with its date: the two must agree (one may be more precise than the other)."""
    problems = []
    for record_id, event in events.items():
        match = _DATE_PREFIX.match(record_id)
        when = str(getattr(event, "date", ""))
        named = match.group(1) if match else when
        if not (named.startswith(when) or when.startswith(named)):
            rest = record_id[len(named) + 1 :]
            message = f"the file name says {named} but the date is {when}"
            fix = f"rename the file {when}-{rest}.yaml, or correct `date:`"
            problems.append(Problem(located[("events", record_id)].locate(("date",)), "date", message, fix))
    return problems


_FIELD_IN_TEXT = re.compile(r"(?:^|\s)([a-z][a-z_]*): ")


def check_warnings(records: dict[str, dict[str, Record]], located: dict[Key, RawRecord]) -> list[Problem]:
    """Mistakes that load but are likely not meant: a field indented into a text block above it."""
    warnings = []
    for collection, items in records.items():
        names = {info.alias or name for name, info in COLLECTIONS[collection].model_fields.items()}
        for record_id, _record in items.items():
            raw = located[(collection, record_id)]
            for key, value in raw.data.items():
                if not isinstance(value, str):
                    continue
                if value.strip() == "TODO":
                    warnings.append(Problem(raw.locate((key,)), key, "still TODO", "replace TODO with the text"))
                for found in _FIELD_IN_TEXT.findall(value):
                    if found in names and found not in raw.data:
                        message = f"the text has '{found}: ' in it: is `{found}:` a field indented into this text?"
                        fix = f"start `{found}:` at the beginning of its line, where the other fields start"
                        warnings.append(Problem(raw.locate((key,)), key, message, fix))
    return warnings


def _unique_positions(positions: dict[str, Record], located: dict[Key, RawRecord]) -> list[Problem]:
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for record_id, position in positions.items():
        position = cast("Position", position)
        pair = (position.actor, position.topic)
        if pair in seen:
            location = located[("positions", record_id)].locate(("topic",))
            message = f"'{position.actor}' already has a position on '{position.topic}' in {seen[pair]}"
            problems.append(Problem(location, "topic", message))
        else:
            seen[pair] = located[("positions", record_id)].path
    return problems


def _unique_names(
    records: dict[str, dict[str, Record]], located: dict[Key, RawRecord], collections: tuple[str, ...]
) -> list[Problem]:
    """Names and aliases become links, so each must point at one record."""
    owners: dict[str, tuple[Key, Loc]] = {}
    problems = []
    for collection in collections:
        for record_id, record in records[collection].items():
            key = (collection, record_id)
            for loc, name in _linked_names(record):
                folded = name.casefold()
                if folded in owners and owners[folded][0] != key:
                    # Reported on both files: the one a pull request adds gets the annotation in its diff.
                    (other, other_loc) = owners[folded]
                    fix = "keep the name on one record: remove it or make it more specific on the other"
                    for here, at, there in ((key, loc, other), (other, other_loc, key)):
                        message = f"'{name}' also names {located[there].path}"
                        problems.append(Problem(located[here].locate(at), format_loc(at), message, fix))
                else:
                    owners.setdefault(folded, (key, loc))
    return problems


def _linked_names(record: Record) -> Iterator[tuple[Loc, str]]:
    for field_name in record.linked_names:
        value = getattr(record, field_name)
        if isinstance(value, str):
            yield (field_name,), value
        else:
            yield from (((field_name, index), item) for index, item in enumerate(value))
