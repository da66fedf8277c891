"""The Dataset: validated records with cross-references resolved and derived views built.

`load_dataset` is the one entry point: it parses, validates and cross-checks every data
file, and raises a single `DataError` that lists every problem found.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, Union, cast, get_args, get_origin

from pydantic import BaseModel

from explainer.loading import DataError, Problem, RawRecord, format_loc, read_records, validate_records
from explainer.schema import (
    COLLECTIONS,
    Actor,
    Claim,
    ClaimStatus,
    Correction,
    Event,
    Place,
    Position,
    Record,
    Ref,
    Source,
    Term,
    Topic,
    Weapon,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["Citation", "Dataset", "build_dataset", "load_dataset"]

Loc = tuple[str | int, ...]
Key = tuple[str, str]


@dataclass(frozen=True)
class Citation:
    """A record that cites a source."""

    collection: str
    id: str


def _refs(annotation: Any, metadata: list[Any], value: Any, loc: Loc) -> Iterator[tuple[Loc, str, str]]:
    """Yield `(loc, collection, id)` for every `Ref`-marked string inside `value`."""
    if value is None:
        return
    for meta in metadata:
        if isinstance(meta, Ref):
            yield loc, meta.collection, value
            return
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        yield from _refs(base, meta, value, loc)
    elif origin in (Union, UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                yield from _refs(arg, [], value, loc)
    elif origin is list:
        (item_type,) = get_args(annotation)
        for index, item in enumerate(value):
            yield from _refs(item_type, [], item, (*loc, index))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _refs(info.annotation, list(info.metadata), getattr(value, name), (*loc, info.alias or name))


def iter_refs(record: Record) -> Iterator[tuple[Loc, str, str]]:
    """Every cross-reference in a record as `(field path, collection, id)`."""
    yield from _refs(type(record), [], record, ())


def _claims(record: Record) -> Iterator[tuple[Loc, Claim]]:
    if isinstance(record, Weapon):
        for name in ("range", "speed"):
            for index, claim in enumerate(getattr(record, name)):
                yield (name, index), claim
        for s_index, spec in enumerate(record.specs):
            for index, claim in enumerate(spec.claims):
                yield ("specs", s_index, "claims", index), claim


@dataclass(frozen=True)
class Dataset:
    """All records, by collection and id, with the views pages and charts need."""

    sources: Mapping[str, Source]
    actors: Mapping[str, Actor]
    weapons: Mapping[str, Weapon]
    topics: Mapping[str, Topic]
    positions: Mapping[str, Position]
    events: Mapping[str, Event]
    places: Mapping[str, Place]
    glossary: Mapping[str, Term]
    corrections: Mapping[str, Correction]
    paths: Mapping[Key, str] = field(repr=False)
    """The data file of each record, relative to the project."""
    citations: Mapping[str, tuple[Citation, ...]] = field(repr=False)
    folder: str = "data"
    """The data folder, relative to the project (`extra.explainer.data_dir`)."""

    def collection(self, name: str) -> Mapping[str, Record]:
        """The records of one collection, by id."""
        return getattr(self, name)  # type: ignore[no-any-return]

    def record(self, collection: str, record_id: str) -> Record:
        """One record."""
        return self.collection(collection)[record_id]

    def folder_of(self, collection: str) -> str:
        """A collection's folder, relative to the project, for example `data/actors`."""
        return f"{self.folder}/{collection}"

    def name_of(self, collection: str, record_id: str) -> str:
        """A record's name for readers (its model's `display_name`)."""
        return self.record(collection, record_id).display_name(self.name_of)

    def count(self) -> int:
        """How many records there are in all."""
        return sum(len(self.collection(name)) for name in COLLECTIONS)

    # Derived views -------------------------------------------------------------------

    def positions_of(self, actor_id: str) -> list[Position]:
        """An actor's positions, in topic order."""
        found = [p for p in self.positions.values() if p.actor == actor_id]
        return sorted(found, key=lambda p: (self.topics[p.topic].order, p.topic))

    def positions_on(self, topic_id: str) -> list[Position]:
        """Positions on a topic, by actor name."""
        found = [p for p in self.positions.values() if p.topic == topic_id]
        return sorted(found, key=lambda p: self.actors[p.actor].name)

    def positions_about_weapon(self, weapon_id: str) -> list[Position]:
        """Stances that concern a weapon's use, by actor name."""
        found = [p for p in self.positions.values() if weapon_id in p.weapons]
        return sorted(found, key=lambda p: (self.actors[p.actor].name, p.topic))

    def position(self, actor_id: str, topic_id: str) -> Position | None:
        """One actor's position on one topic, if recorded."""
        return self._position_index.get((actor_id, topic_id))

    @cached_property
    def _position_index(self) -> dict[tuple[str, str], Position]:
        # The positions matrix asks for every actor and topic: a scan each time grew with the cube of the data.
        index: dict[tuple[str, str], Position] = {}
        for position in self.positions.values():
            index.setdefault((position.actor, position.topic), position)
        return index

    def events_of(self, actor_id: str) -> list[Event]:
        """Events an actor took part in, by date."""
        return self.timeline(lambda e: actor_id in e.actors)

    def events_with_weapon(self, weapon_id: str) -> list[Event]:
        """Events a weapon figures in, by date."""
        return self.timeline(lambda e: weapon_id in e.weapons)

    def events_at(self, place_id: str) -> list[Event]:
        """Events at a place, by date."""
        return self.timeline(lambda e: place_id in e.places)

    def timeline(self, keep: Any = None) -> list[Event]:
        """Events by date (then id), optionally filtered."""
        events = [e for e in self.events.values() if keep is None or keep(e)]
        return sorted(events, key=lambda e: (e.date, e.id))

    def weapons_of(self, actor_id: str) -> list[tuple[Weapon, list[str]]]:
        """Weapons an actor supplied or operates, with the roles (`supplied`, `operates`)."""
        out = []
        for weapon in self.weapons.values():
            roles = [
                role
                for role, ids in (("supplied", weapon.suppliers), ("operates", weapon.operators))
                if actor_id in ids
            ]
            if roles:
                out.append((weapon, roles))
        return sorted(out, key=lambda pair: pair[0].name)

    def members_of(self, actor_id: str) -> list[Actor]:
        """Actors affiliated with a state or alliance."""
        return sorted((a for a in self.actors.values() if a.affiliation == actor_id), key=lambda a: a.name)

    def corrections_of(self, *records: str) -> list[Correction]:
        """Corrections that name any of these records (`collection/id`), newest first."""
        wanted = set(records)
        return sorted(
            (c for c in self.corrections.values() if wanted.intersection(c.records)),
            key=lambda c: (c.date, c.id),
            reverse=True,
        )

    def corrections_of_page(self, src_uri: str) -> list[Correction]:
        """Corrections that name a hand-written page (its path under docs/), newest first."""
        return sorted(
            (c for c in self.corrections.values() if src_uri in c.pages), key=lambda c: (c.date, c.id), reverse=True
        )

    def cited_by(self, source_id: str) -> tuple[Citation, ...]:
        """Records that cite a source."""
        return self.citations.get(source_id, ())

    def path_of(self, record: Record) -> str:
        """The data file a record comes from, relative to the project."""
        return self.paths[(record.collection, record.id)]


def load_dataset(data_dir: Path, root: Path | None = None) -> Dataset:
    """Load, validate and cross-check `data_dir`; raise `DataError` with every problem.

    Paths (in problems and `Dataset.paths`) are relative to `root`, the project folder
    (by default the folder that holds `data_dir`).
    """
    root = Path(root) if root is not None else Path(data_dir).parent
    raw, problems, ids = read_records(data_dir, root)
    folder = Path(os.path.relpath(Path(data_dir).resolve(), root.resolve())).as_posix()
    return build_dataset(raw, problems, ids, folder=folder)


def build_dataset(
    raw: list[RawRecord],
    problems: list[Problem] | None = None,
    ids: set[tuple[str, str]] | None = None,
    *,
    folder: str = "data",
) -> Dataset:
    """Validate parsed records and resolve their references into a `Dataset`.

    `problems` found while reading are reported together with the validation problems;
    `ids` names every record file found, parsed or not, so that a file with a syntax
    error does not also make every reference to it an error. `folder` is the data folder,
    relative to the project.
    """
    good, found = validate_records(raw)
    problems = [*(problems or []), *found]
    by_collection: dict[str, dict[str, Record]] = {name: {} for name in COLLECTIONS}
    located: dict[Key, RawRecord] = {}
    for item, record in good:
        by_collection[item.collection][record.id] = record
        located[(item.collection, record.id)] = item
    seen = ids if ids is not None else {(item.collection, item.id) for item in raw}
    all_ids = {name: {i for c, i in seen if c == name} for name in COLLECTIONS}
    problems += _check(by_collection, located, all_ids)
    if problems:
        raise DataError(problems)
    citations: dict[str, set[Citation]] = defaultdict(set)
    for collection, record_id in located:
        for _loc, target, ref in iter_refs(by_collection[collection][record_id]):
            if target == "sources":
                citations[ref].add(Citation(collection, record_id))
    frozen = {name: MappingProxyType(dict(sorted(records.items()))) for name, records in by_collection.items()}
    return Dataset(
        **frozen,  # type: ignore[arg-type]
        folder=folder,
        paths=MappingProxyType({key: item.path for key, item in sorted(located.items())}),
        citations=MappingProxyType(
            {k: tuple(sorted(v, key=lambda c: (c.collection, c.id))) for k, v in sorted(citations.items())}
        ),
    )


def _check(
    records: dict[str, dict[str, Record]], located: dict[Key, RawRecord], all_ids: dict[str, set[str]]
) -> list[Problem]:
    """Cross-record rules: references resolve, flagged sources, unique pairs and aliases."""
    problems: list[Problem] = []
    sources = cast("dict[str, Source]", records["sources"])

    def report(key: Key, loc: Loc, message: str) -> None:
        problems.append(Problem(located[key].locate(loc), format_loc(loc), message))

    for collection, items in records.items():
        for record_id, record in items.items():
            key = (collection, record_id)
            for loc, target, ref in iter_refs(record):
                if ref not in all_ids[target]:
                    report(key, loc, f"unknown {target[:-1]} '{ref}': no file data/{target}/{ref}.yaml")
            if isinstance(record, Correction):
                for index, target in enumerate(record.records):
                    kind, _, target_id = target.partition("/")
                    if target_id not in all_ids[kind]:
                        report(key, ("records", index), f"unknown record '{target}': no file data/{target}.yaml")
            facts = collection in ("actors", "weapons", "topics", "events", "places", "glossary")
            if facts and not _has_unflagged(getattr(record, "sources", []), sources):
                report(key, ("sources",), "needs at least one source without reliability flags")
            for loc, claim in _claims(record):
                if claim.status is not ClaimStatus.CLAIMED and not _has_unflagged(claim.sources, sources):
                    article = "an" if claim.status is ClaimStatus.ASSESSED else "a"
                    message = (
                        f"{article} {claim.status.value} figure needs a source without flags; a figure that only "
                        "flagged sources back is an attributed statement: mark it claimed, with claimed_by or "
                        "attributed_to"
                    )
                    report(key, (*loc, "status"), message)
    problems += _unique_positions(records["positions"], located)
    problems += _unique_aliases(records, located, ("actors", "weapons"), ("name", "aliases"))
    problems += _unique_aliases(records, located, ("glossary",), ("term", "aliases"))
    return problems


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


def _unique_aliases(
    records: dict[str, dict[str, Record]],
    located: dict[Key, RawRecord],
    collections: tuple[str, ...],
    fields: tuple[str, str],
) -> list[Problem]:
    """Names and aliases become links, so each must point at one record."""
    owners: dict[str, tuple[Key, str]] = {}
    problems = []
    name_field, alias_field = fields
    for collection in collections:
        for record_id, record in records[collection].items():
            key = (collection, record_id)
            names: list[tuple[Loc, str]] = [((name_field,), getattr(record, name_field))]
            names += [((alias_field, i), alias) for i, alias in enumerate(getattr(record, alias_field))]
            for loc, name in names:
                folded = name.casefold()
                if folded in owners and owners[folded][0] != key:
                    other = located[owners[folded][0]].path
                    problems.append(Problem(located[key].locate(loc), format_loc(loc), f"'{name}' also names {other}"))
                else:
                    owners[folded] = (key, name)
    return problems
