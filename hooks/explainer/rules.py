"""Cross-record rules: what no single file can check on its own.

References resolve, factual records (and each earlier stance of a position) cite an
unflagged source, figures obey the flagged-source rule, an assessed figure has no
disagreeing claim beside it and a disputed one has one, citations in free text name the
record's sources, each actor has one position per topic, and each name links to one record. Every rule reports every problem it finds, located in the file that has it. The
fields a rule looks at are found from the models' type annotations (`Ref`-marked ids,
`Claim` values), never from a list of field names.
"""

from __future__ import annotations

from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Union, cast, get_args, get_origin

from pydantic import BaseModel

from explainer.loading import Problem, RawRecord, format_loc
from explainer.schema import COLLECTIONS, Claim, ClaimStatus, Correction, Position, Prose, Ref, cited_ids

if TYPE_CHECKING:
    from collections.abc import Iterator

    from explainer.schema import Record, Source

__all__ = ["Key", "Loc", "check_records", "iter_claims", "iter_refs"]

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
    for collection, items in records.items():
        for record_id, record in items.items():
            key = (collection, record_id)
            for loc, message in _record_problems(record, sources, all_ids):
                problems.append(Problem(located[key].locate(loc), format_loc(loc), message))
    problems += _unique_positions(records["positions"], located)
    problems += _unique_names(records, located, tuple(n for n, m in COLLECTIONS.items() if m.linked_names))
    return problems


def _record_problems(
    record: Record, sources: dict[str, Source], all_ids: dict[str, set[str]]
) -> Iterator[tuple[Loc, str]]:
    for loc, target, ref in iter_refs(record):
        if ref not in all_ids[target]:
            yield loc, _unknown(target, ref, all_ids[target])
    if isinstance(record, Correction):
        for index, target in enumerate(record.records):
            kind, _, target_id = target.partition("/")
            if target_id not in all_ids[kind]:
                yield ("records", index), f"unknown record '{target}': no file data/{target}.yaml"
    if record.factual and not _has_unflagged(getattr(record, "sources", []), sources):
        yield ("sources",), "needs at least one source without reliability flags"
    if isinstance(record, Position):
        for index, change in enumerate(record.earlier):
            if not _has_unflagged(change.sources, sources):
                message = "an earlier stance needs at least one source without reliability flags"
                yield ("earlier", index, "sources"), message
    yield from _claim_group_problems(record)
    yield from _citation_problems(record, all_ids)
    for loc, claim in iter_claims(record):
        if claim.status is not ClaimStatus.CLAIMED and not _has_unflagged(claim.sources, sources):
            article = "an" if claim.status is ClaimStatus.ASSESSED else "a"
            message = (
                f"{article} {claim.status.value} figure needs a source without flags; a figure that only "
                "flagged sources back is an attributed statement: mark it claimed, with claimed_by or "
                "attributed_to"
            )
            yield (*loc, "status"), message


def _claim_group_problems(record: Record) -> Iterator[tuple[Loc, str]]:
    """Claims on one quantity (one list, one label, one unit): assessed means none disagrees, disputed that one does."""
    groups: dict[tuple[Any, ...], list[tuple[Loc, Claim]]] = {}
    for loc, claim in iter_claims(record):
        groups.setdefault((loc[:-1], claim.label, claim.unit), []).append((loc, claim))
    for group in groups.values():
        for loc, claim in group:
            others = [(other_loc, other) for other_loc, other in group if other_loc != loc]
            disagreeing = [other_loc for other_loc, other in others if _figure(other) != _figure(claim)]
            if claim.status is ClaimStatus.ASSESSED and disagreeing:
                yield (
                    (*loc, "status"),
                    (
                        f"an assessed figure may not sit beside a claim that disagrees with it ({format_loc(disagreeing[0])}): "
                        "mark both disputed, or give them different labels if they measure different things"
                    ),
                )
            if claim.status is ClaimStatus.DISPUTED and not others:
                yield (
                    (*loc, "status"),
                    (
                        "a disputed figure needs at least two claims on the same quantity (same label and unit): "
                        "add the claim it disagrees with, or mark it assessed or claimed"
                    ),
                )


def _figure(claim: Claim) -> tuple[float | None, float | None, str | None]:
    return claim.low, claim.high, claim.text


def _citation_problems(record: Record, all_ids: dict[str, set[str]]) -> Iterator[tuple[Loc, str]]:
    """Every `[@id]` in free text names a known source that the text's own list (or the record's) gives."""
    for loc, value, metadata in _values(record):
        if not isinstance(value, str) or not any(isinstance(meta, Prose) for meta in metadata):
            continue
        listed = set(getattr(_at(record, loc[:-1]), "sources", ())) | set(getattr(record, "sources", ()))
        for source_id in cited_ids(value):
            if source_id not in all_ids["sources"]:
                yield loc, f"cites unknown source '{source_id}': no file data/sources/{source_id}.yaml"
            elif source_id not in listed:
                yield loc, f"cites '{source_id}', which is not in this record's `sources`: add it there"


def _at(record: Record, loc: Loc) -> Any:
    """The value at a field path inside a record."""
    value: Any = record
    for part in loc:
        value = value[part] if isinstance(part, int) else getattr(value, str(part))
    return value


def _unknown(collection: str, ref: str, known: set[str]) -> str:
    """The message for an id that names no record; for a vocabulary, the values it has."""
    message = f"unknown {COLLECTIONS[collection].noun} '{ref}': no file data/{collection}/{ref}.yaml"
    if COLLECTIONS[collection].vocabulary and known:
        message += f" (known: {', '.join(sorted(known))})"
    return message


def _has_unflagged(ids: list[str], sources: dict[str, Source]) -> bool:
    # Unknown ids are reported separately; do not pile a second error on them.
    return any(i not in sources or not sources[i].is_flagged for i in ids)


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
    owners: dict[str, Key] = {}
    problems = []
    for collection in collections:
        for record_id, record in records[collection].items():
            key = (collection, record_id)
            for loc, name in _linked_names(record):
                folded = name.casefold()
                if folded in owners and owners[folded] != key:
                    other = located[owners[folded]].path
                    problems.append(Problem(located[key].locate(loc), format_loc(loc), f"'{name}' also names {other}"))
                else:
                    owners[folded] = key
    return problems


def _linked_names(record: Record) -> Iterator[tuple[Loc, str]]:
    for field_name in record.linked_names:
        value = getattr(record, field_name)
        if isinstance(value, str):
            yield (field_name,), value
        else:
            yield from (((field_name, index), item) for index, item in enumerate(value))
