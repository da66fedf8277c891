"""The Dataset: validated records with cross-references resolved and derived views built.

`load_dataset` is the one entry point: it parses, validates and cross-checks every data
file, and raises a single `DataError` that lists every problem found.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from explainer.loading import DataError, read_records, validate_records
from explainer.rules import Key, NameRules, check_records, check_warnings, iter_refs
from explainer.schema import COLLECTIONS
from explainer.wording import DEFAULT_TEXTS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from explainer.cache import Memo
    from explainer.loading import Problem, RawRecord
    from explainer.schema import (
        Actor,
        Correction,
        Event,
        Place,
        PlaceKind,
        Position,
        Record,
        Source,
        Term,
        Topic,
        Weapon,
        WeaponClass,
    )

__all__ = ["Citation", "Dataset", "build_dataset", "iter_refs", "load_dataset"]


@dataclass(frozen=True)
class Citation:
    """A record that cites a source."""

    collection: str
    id: str


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
    weapon_classes: Mapping[str, WeaponClass]
    place_kinds: Mapping[str, PlaceKind]
    corrections: Mapping[str, Correction]
    paths: Mapping[Key, str] = field(repr=False)
    """The data file of each record, relative to the project."""
    citations: Mapping[str, tuple[Citation, ...]] = field(repr=False)
    folder: str = "data"
    """The data folder, relative to the project (`extra.explainer.data_dir`)."""
    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(dict(DEFAULT_TEXTS)), repr=False)
    """The site's wording of generated pages and charts (`explainer.wording`)."""

    def text(self, key: str) -> str:
        """The site's wording for `key` (one of `explainer.wording.DEFAULT_TEXTS`)."""
        return self.texts[key]

    warnings: tuple[Problem, ...] = field(default=(), repr=False)
    """What loads but is likely a mistake (a field indented into a text), to show as warnings."""

    def collection(self, name: str) -> Mapping[str, Record]:
        """The records of one collection, by id."""
        return getattr(self, _field(name))  # type: ignore[no-any-return]

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


def load_dataset(
    data_dir: Path,
    root: Path | None = None,
    *,
    pages: frozenset[str] | None = None,
    names: NameRules | None = None,
    memo: Memo | None = None,
) -> Dataset:
    """Load, validate and cross-check `data_dir`; raise `DataError` with every problem.

    Paths (in problems and `Dataset.paths`) are relative to `root`, the project folder
    (by default the folder that holds `data_dir`). `pages` are the hand-written pages a
    correction may name (unchecked without them); `names` the rules for linked names;
    `memo` keeps parsed files between a preview's rebuilds.
    """
    root = Path(root) if root is not None else Path(data_dir).parent
    raw, problems, ids = read_records(data_dir, root, memo)
    folder = Path(os.path.relpath(Path(data_dir).resolve(), root.resolve())).as_posix()
    return build_dataset(raw, problems, ids, folder=folder, pages=pages, names=names)


def build_dataset(
    raw: list[RawRecord],
    problems: list[Problem] | None = None,
    ids: set[tuple[str, str]] | None = None,
    *,
    folder: str = "data",
    pages: frozenset[str] | None = None,
    names: NameRules | None = None,
) -> Dataset:
    """Validate parsed records and resolve their references into a `Dataset`.

    `problems` found while reading are reported together with the validation problems;
    `ids` names every record file found, parsed or not, so that a file with a syntax
    error does not also make every reference to it an error. `folder` is the data folder,
    relative to the project; `pages` and `names` go to the cross-record rules.
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
    problems += check_records(by_collection, located, all_ids, pages=pages, names=names)
    if problems:
        raise DataError(problems)
    citations: dict[str, set[Citation]] = defaultdict(set)
    for collection, record_id in located:
        for _loc, target, ref in iter_refs(by_collection[collection][record_id]):
            if target == "sources":
                citations[ref].add(Citation(collection, record_id))
    frozen = {_field(name): MappingProxyType(dict(sorted(records.items()))) for name, records in by_collection.items()}
    return Dataset(
        **frozen,  # type: ignore[arg-type]
        folder=folder,
        warnings=tuple(sorted(check_warnings(by_collection, located))),
        paths=MappingProxyType({key: item.path for key, item in sorted(located.items())}),
        citations=MappingProxyType(
            {k: tuple(sorted(v, key=lambda c: (c.collection, c.id))) for k, v in sorted(citations.items())}
        ),
    )


def _field(collection: str) -> str:
    """The Dataset field of a collection: its folder name as a Python name (`weapon-classes` → `weapon_classes`)."""
    return collection.replace("-", "_")


def _check_registry() -> None:
    # A collection in the registry without a field here (or the reverse) would load and vanish.
    names = {f.name for f in fields(Dataset)} - {"paths", "citations", "folder", "texts", "warnings"}
    if names != {_field(name) for name in COLLECTIONS}:
        raise TypeError(f"Dataset fields {sorted(names)} do not match the collections {sorted(COLLECTIONS)}")


_check_registry()
