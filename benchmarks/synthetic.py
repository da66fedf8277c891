"""A synthetic dataset of any size, in the proportions and text lengths of the real one.

Every record passes the real validation: the same schema, references that resolve, an
unflagged source wherever a fact needs one, unique names and aliases, one position per
actor and topic. The same size and seed always give the same files.
"""

from __future__ import annotations

import json
import random
import re
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import yaml

from explainer.citations import CITATION

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path

__all__ = ["PROPORTIONS", "plan_counts", "referenced_ids", "write_dataset"]

PROPORTIONS: dict[str, float] = {
    "sources": 0.55,
    "events": 0.15,
    "positions": 0.075,
    "actors": 0.075,
    "places": 0.06,
    "weapons": 0.035,
    "glossary": 0.03,
    "topics": 0.015,
    "corrections": 0.01,
}
"""Share of each collection in the records: the real data's 327 files (184 sources, 48 events, 25 actors…)."""


def _wordlist(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_MINIMUM = {"sources": 4, "actors": 4, "weapons": 1, "topics": 2, "places": 1}

_WORDS = _wordlist(
    "the missile strike decision administration officials said ministry defence range launch ally alliance "
    "sanctions talks ceasefire border region oblast forces air army statement spokesman reported according "
    "agency interview security council doctrine nuclear deterrence escalation supply deliveries weapons "
    "systems package aid parliament government election transition envoy summit capital port depot airbase "
    "radar interceptor warhead payload test launcher battery brigade front offensive counteroffensive "
    "restrictions permission targets inside territory long-range short-range cruise ballistic hypersonic "
    "analysts estimate figure claimed disputed assessed confirmed denied briefing reporters week month "
    "after before during while although because however meanwhile later earlier first second new former "
    "president chancellor minister secretary general commander prime foreign national regional western "
    "eastern northern southern european american russian ukrainian allied partner neighbouring"
)
_SYLLABLES = _wordlist(
    "ka ve lo ri ma ton ser vik an dor el ur sa bel mir nov gra den tal os har lin kor pet zan dra mel "
    "rus ven tor ka li mo ba ne qu ist ren fal gor hel"
)
_FLAGS = ("state-media", "state-aligned", "mirror", "partisan")
_STANCES = ("supports", "opposes", "ambivalent", "shifted", "unknown")
_WEAPON_CLASSES = (
    "tactical-ballistic-missile",
    "intermediate-range-ballistic-missile",
    "aeroballistic-missile",
    "cruise-missile",
    "rocket-artillery",
    "missile-defence-system",
    "interceptor-missile",
)
_PLACE_KINDS = ("capital", "city", "base", "launch-site", "test-range")
_SPEED_UNITS = ("mach", "km/s", "km/h")
_QUALIFIERS = ("about", "up-to", "at-least", "more-than", "exactly")
_START = date(2022, 2, 24)


@dataclass(frozen=True)
class _Actor:
    id: str
    kind: str


class _Text:
    """Deterministic pseudo-English of chosen lengths."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(count))

    def sentence(self, low: int = 8, high: int = 22) -> str:
        text = self.words(self.rng.randint(low, high))
        return text[0].upper() + text[1:] + "."

    def chars(self, low: int, high: int) -> str:
        """Sentences up to a length drawn between `low` and `high` characters."""
        target = self.rng.randint(low, high)
        out = self.sentence()
        while len(out) < target:
            out += " " + self.sentence()
        return out[:target].rstrip(" ,") + ("" if out[:target].endswith(".") else ".")

    def title(self, low: int = 45, high: int = 95) -> str:
        text = self.chars(low, high).rstrip(".")
        return text[0].upper() + text[1:]

    def name(self, parts: int = 2) -> str:
        words = ["".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3))) for _ in range(parts)]
        return " ".join(w.capitalize() for w in words)


class _Names:
    """Names, aliases and glossary terms unique across records (folded for case), as the model requires.

    No record's name may hold another record's as whole words either ("Denba Veser" and
    "Veser"): mentions of the shorter would link to the longer. A record's own aliases may.
    """

    def __init__(self, text: _Text) -> None:
        self.text = text
        self.owners: dict[str, str] = {}

    def claim(self, candidate: str, owner: str | None = None) -> bool:
        """Take `candidate` for the record named `owner` (itself by default), unless another record's name clashes."""
        folded, whose = candidate.casefold(), (owner or candidate).casefold()
        if folded in self.owners:
            return False
        for taken, other in self.owners.items():
            if other != whose and (_holds(taken, folded) or _holds(folded, taken)):
                return False
        self.owners[folded] = whose
        return True

    def fresh(self, make: Callable[[], str]) -> str:
        while True:
            candidate = make()
            if self.claim(candidate):
                return candidate


def _holds(text: str, words: str) -> bool:
    """Whether `words` occurs in `text` as whole words."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def plan_counts(records: int, at_least: Mapping[str, int] | None = None) -> dict[str, int]:
    """How many records of each collection make `records` in all (sources take the rounding)."""
    floors = {**_MINIMUM}
    for collection, count in (at_least or {}).items():
        floors[collection] = max(floors.get(collection, 0), count)
    counts = {name: max(floors.get(name, 0), int(records * share)) for name, share in PROPORTIONS.items()}
    counts["sources"] = max(floors["sources"], counts["sources"] + records - sum(counts.values()))
    counts["positions"] = min(counts["positions"], counts["actors"] * counts["topics"])
    return counts


_FENCE_REFS = {
    "weapons": "weapons",
    "highlight": "weapons",
    "places": "places",
    "origin": "places",
    "distances_from": "places",
    "distances_to": "places",
    "actors": "actors",
    "topics": "topics",
}
"""Chart fence options that name records, and the collection they name."""
_FENCE = re.compile(r"^([ \t]*)```chart[^\n]*\n(.*?)^\1```", re.M | re.S)


def referenced_ids(texts: Iterable[str]) -> dict[str, list[str]]:
    """Ids that pages and docstrings name (`[@s001]` citations, chart fence options), by collection.

    The synthetic data gives its first records these ids, so that hand-written pages
    build against it as they do against the real data.
    """
    found: dict[str, set[str]] = {"sources": set()}
    for text in texts:
        for group in CITATION.findall(text):
            found["sources"] |= {part.strip().lstrip("@") for part in group.split(";")}
        for _indent, body in _FENCE.findall(text):
            try:
                options = yaml.safe_load(textwrap.dedent(body))
            except yaml.YAMLError:
                continue
            if not isinstance(options, dict):
                continue
            for key, value in options.items():
                collection = _FENCE_REFS.get(str(key))
                values = value if isinstance(value, list) else [value]
                if collection is not None:
                    found.setdefault(collection, set()).update(str(v) for v in values if isinstance(v, str))
    return {collection: sorted(ids) for collection, ids in found.items()}


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def _day(rng: random.Random, span_days: int = 1100) -> str:
    return (_START + timedelta(days=rng.randrange(span_days))).isoformat()


class _Generator:
    def __init__(self, data: Path, counts: dict[str, int], required: Mapping[str, list[str]], seed: int) -> None:
        self.data = data
        self.counts = counts
        self.rng = random.Random(seed)  # noqa: S311 - reproducible filler text, not secrets
        self.text = _Text(self.rng)
        self.names = _Names(self.text)
        self.required = required
        self.clean: list[str] = []
        self.sources: list[str] = []
        self.actors: list[_Actor] = []
        self.states: list[str] = []
        self.weapons: list[str] = []
        self.places: list[str] = []
        self.topics: list[str] = []
        self.source_data: dict[str, dict[str, Any]] = {}
        self.speakers: dict[str, set[str]] = {}

    def write(self, collection: str, record_id: str, data: dict[str, Any]) -> None:
        if collection not in ("sources", "corrections") and "sources" in data:
            _cite_listed(data)
        _dump(self.data / collection / f"{record_id}.yaml", data)

    def mark_speakers(self) -> None:
        """Give each source a claimant's figure rests on that claimant in `statement_by`, as the rules ask."""
        for source_id, actors in sorted(self.speakers.items()):
            data = self.source_data[source_id]
            data["statement_by"] = sorted(actors)
            _dump(self.data / "sources" / f"{source_id}.yaml", data)

    def id_of(self, collection: str, index: int, default: str) -> str:
        """The id a page or docstring asks for, while there are some left; else `default`."""
        wanted = self.required.get(collection, [])
        return wanted[index] if index < len(wanted) else default

    def refs(self, low: int = 1, high: int = 4) -> list[str]:
        """Source ids for a fact: the first is never flagged."""
        ids = [self.rng.choice(self.clean)]
        ids += self.rng.sample(self.sources, min(len(self.sources), self.rng.randint(low, high) - 1))
        return list(dict.fromkeys(ids))

    def make_vocabularies(self) -> None:
        """The weapon classes and place kinds the records use."""
        for weapon_class in _WEAPON_CLASSES:
            label = weapon_class.replace("-", " ").capitalize()
            ring = weapon_class not in ("missile-defence-system", "interceptor-missile")
            self.write("weapon-classes", weapon_class, {"label": label, "plural": f"{label}s", "range_ring": ring})
        roles = {"test-range": "launch-site"}
        symbols = {"capital": "square", "city": "circle", "base": "diamond"}
        for order, kind in enumerate(_PLACE_KINDS):
            label = kind.replace("-", " ").capitalize()
            entry = {"label": label, "plural": f"{label}s", "role": roles.get(kind, kind), "order": order}
            self.write("place-kinds", kind, {**entry, "symbol": symbols.get(kind, "triangle-up")})

    def make_sources(self) -> None:
        ids = list(dict.fromkeys(self.required.get("sources", [])))
        number = 1
        while len(ids) < self.counts["sources"]:
            candidate = f"s{number:03d}"
            number += 1
            if candidate not in ids:
                ids.append(candidate)
        for index, source_id in enumerate(ids):
            flagged = index >= 2 and self.rng.random() < 0.15
            host = self.text.name(1).lower().replace(" ", "") + self.rng.choice((".com", ".org", ".net", ".eu"))
            data: dict[str, Any] = {
                "title": self.text.title(),
                "publisher": self.text.name(self.rng.randint(1, 3)),
            }
            if self.rng.random() < 0.2:
                data["title_reconstructed"] = True
            if self.rng.random() < 0.1:
                data["original_publisher"] = self.text.name(1)
            data["url"] = f"https://{host}/{self.text.words(6).replace(' ', '-')}"
            if self.rng.random() < 0.95:
                data["published"] = _day(self.rng)
            if self.rng.random() < 0.1:
                data["language"] = self.rng.choice(("de", "fr", "pl", "uk", "ru"))
            if flagged:
                data["flags"] = sorted(self.rng.sample(_FLAGS, self.rng.randint(1, 2)))
            if self.rng.random() < 0.15:
                data["note"] = self.text.chars(60, 180)
            self.write("sources", source_id, data)
            self.source_data[source_id] = data
            self.sources.append(source_id)
            if not flagged:
                self.clean.append(source_id)

    def make_actors(self) -> None:
        total = self.counts["actors"]
        n_states = max(2, total * 3 // 10)
        for index in range(total):
            kind = "state" if index < n_states else self.rng.choice(("person",) * 12 + ("alliance", "organisation"))
            name = self.names.fresh(partial(self.text.name, 1 if kind == "state" else 2))
            actor_id = self.id_of("actors", index, _slug(name))
            data: dict[str, Any] = {"name": name, "kind": kind}
            data["role"] = self.text.title(20, 50) if kind != "state" else "Country in the story"
            data["role_as_of"] = _day(self.rng)
            if kind == "person" and self.states:
                data["affiliation"] = self.rng.choice(self.states)
            aliases = []
            if kind == "person":
                aliases = [
                    alias
                    for alias in (name.split()[-1], f"the {self.text.name(1)} minister")
                    if self.names.claim(alias, owner=name)
                ]
            if aliases:
                data["aliases"] = aliases
            data["summary"] = self.text.chars(220, 480)
            data["sources"] = self.refs(1, 6)
            self.write("actors", actor_id, data)
            self.actors.append(_Actor(actor_id, kind))
            if kind == "state":
                self.states.append(actor_id)

    def claim(self, unit: str | None) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.rng.random() < 0.5:
            data["label"] = self.text.title(15, 60)
        if unit is None:
            data["text"] = self.text.title(10, 40)
        elif self.rng.random() < 0.7:
            data["value"] = round(self.rng.uniform(2, 6000), 1)
            data["qualifier"] = self.rng.choice(_QUALIFIERS)
        else:
            low = round(self.rng.uniform(2, 3000), 1)
            data["min"] = low
            data["max"] = round(low + self.rng.uniform(1, 2000), 1)
        if unit is not None:
            data["unit"] = unit
        status = self.rng.choice(("assessed", "claimed", "claimed", "disputed"))
        data["status"] = status
        data["sources"] = self.refs(1, 3)
        if status == "claimed":
            data["claimed_by"] = self.rng.choice(self.states)
            self.speakers.setdefault(data["sources"][0], set()).add(data["claimed_by"])
        if self.rng.random() < 0.6:
            data["note"] = self.text.chars(60, 200)
        return data

    def make_weapons(self) -> None:
        for index in range(self.counts["weapons"]):
            name = self.names.fresh(
                lambda: (
                    f"{self.text.name(1)} {self.rng.choice('ABKRSX')}{self.rng.choice('ABKRSX')}-{self.rng.randint(2, 999)}"
                )
            )
            weapon_id = self.id_of("weapons", index, _slug(name))
            data: dict[str, Any] = {"name": name}
            if self.rng.random() < 0.5:
                data["full_name"] = self.text.title(25, 70)
            aliases = [a for a in (name.split()[-1],) if self.names.claim(a, owner=name)]
            if aliases:
                data["aliases"] = aliases
            data["class"] = self.rng.choice(_WEAPON_CLASSES)
            data["maker"] = self.text.name(2)
            data["suppliers"] = self.rng.sample(self.states, min(len(self.states), self.rng.randint(0, 3)))
            data["operators"] = self.rng.sample(self.states, min(len(self.states), self.rng.randint(1, 3)))
            if self.rng.random() < 0.6:
                data["launch_platform"] = self.text.title(10, 40)
            if self.rng.random() < 0.5:
                data["first_use"] = _day(self.rng)
            data["range"] = _settled([self.claim("km") for _ in range(self.rng.randint(1, 4))])
            data["speed"] = _settled([self.claim(self.rng.choice(_SPEED_UNITS)) for _ in range(self.rng.randint(0, 3))])
            specs = []
            for _ in range(self.rng.randint(0, 3)):
                claims = _settled(
                    [self.claim(self.rng.choice(("kg", "count", None))) for _ in range(self.rng.randint(1, 3))]
                )
                specs.append({"name": self.text.title(10, 40), "claims": claims})
            if specs:
                data["specs"] = specs
            data["summary"] = self.text.chars(250, 520)
            data["sources"] = self.refs(1, 8)
            self.write("weapons", weapon_id, data)
            self.weapons.append(weapon_id)

    def make_topics(self) -> None:
        for index in range(self.counts["topics"]):
            topic_id = self.id_of("topics", index, f"topic-{index + 1:03d}")
            question = self.text.title(40, 90) + "?"
            data = {
                "question": question,
                "short": self.text.title(8, 36),
                "order": index + 1,
                "summary": self.text.chars(200, 450),
                "sources": self.refs(1, 3),
            }
            self.write("topics", topic_id, data)
            self.topics.append(topic_id)

    def make_positions(self) -> None:
        pairs = [(a.id, t) for a in self.actors for t in self.topics]
        for actor_id, topic_id in sorted(self.rng.sample(pairs, self.counts["positions"])):
            data: dict[str, Any] = {
                "actor": actor_id,
                "topic": topic_id,
                "stance": self.rng.choice(_STANCES),
                "as_of": _day(self.rng),
                "summary": self.text.chars(80, 260),
            }
            if self.rng.random() < 0.5:
                data["quote"] = self.text.chars(60, 220)
            if self.rng.random() < 0.3:
                data["weapons"] = self.rng.sample(self.weapons, min(len(self.weapons), self.rng.randint(1, 2)))
            if self.rng.random() < 0.2:
                data["earlier"] = [
                    {
                        "stance": self.rng.choice(_STANCES),
                        "as_of": _day(self.rng),
                        "summary": self.text.chars(60, 160),
                        "sources": self.refs(1, 2),
                    }
                ]
            if self.rng.random() < 0.2:
                data["note"] = self.text.chars(60, 160)
            data["sources"] = self.refs(1, 3)
            self.write("positions", f"{actor_id}-{topic_id}", data)

    def make_places(self) -> None:
        for index in range(self.counts["places"]):
            name = self.text.name(1)
            place_id = self.id_of("places", index, f"place-{_slug(name)}-{index + 1}")
            data: dict[str, Any] = {"name": name, "kind": self.rng.choice(_PLACE_KINDS)}
            if self.rng.random() < 0.9:
                data["country"] = self.rng.choice(self.states)
            data["latitude"] = round(self.rng.uniform(40, 65), 4)
            data["longitude"] = round(self.rng.uniform(-10, 60), 4)
            if self.rng.random() < 0.2:
                data["uncertainty_km"] = self.rng.randint(1, 50)
            if self.rng.random() < 0.6:
                data["note"] = self.text.chars(60, 200)
            data["sources"] = self.refs(1, 2)
            self.write("places", place_id, data)
            self.places.append(place_id)

    def make_events(self) -> None:
        for index in range(self.counts["events"]):
            day = _day(self.rng)
            event_id = f"{day}-event-{index + 1}"
            data: dict[str, Any] = {
                "date": day if self.rng.random() < 0.9 else day[:7],
                "title": self.text.title(35, 95),
                "summary": self.text.chars(180, 480),
                "actors": self.rng.sample([a.id for a in self.actors], self.rng.randint(1, 3)),
            }
            if self.rng.random() < 0.5:
                data["weapons"] = self.rng.sample(self.weapons, min(len(self.weapons), self.rng.randint(1, 2)))
            if self.rng.random() < 0.5:
                data["places"] = self.rng.sample(self.places, min(len(self.places), self.rng.randint(1, 2)))
            if self.rng.random() < 0.15:
                data["note"] = self.text.chars(60, 200)
            data["sources"] = self.refs(1, 4)
            self.write("events", event_id, data)

    def make_glossary(self) -> None:
        for _ in range(self.counts["glossary"]):
            # A term is a name as much as an actor's or a weapon's: the same pool keeps them apart.
            term = self.text.name(1).upper()[:6]
            while not self.names.claim(term):
                term = self.text.name(1).upper()[:7]
            data: dict[str, Any] = {"term": term, "expansion": self.text.words(4)}
            data["definition"] = self.text.chars(120, 300)
            if self.rng.random() < 0.3:
                data["see_also"] = self.rng.sample(self.weapons, 1)
            data["sources"] = self.refs(1, 3)
            self.write("glossary", _slug(term), data)

    def make_corrections(self) -> None:
        for index in range(self.counts["corrections"]):
            actor = self.rng.choice(self.actors)
            data = {
                "date": _day(self.rng),
                "summary": self.text.chars(80, 200),
                "reason": self.text.chars(60, 160),
                "records": [f"actors/{actor.id}"],
                "sources": self.refs(1, 2),
            }
            self.write("corrections", f"correction-{index + 1:03d}", data)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def write_dataset(
    data: Path, records: int, *, required: Mapping[str, Iterable[str]] | None = None, seed: int = 1
) -> dict[str, int]:
    """Write about `records` data files under `data` (a fresh folder); return the count per collection.

    Args:
        data: The data folder to create (one subfolder per collection).
        records: How many records to write in all.
        required: Ids that must exist, by collection (those that pages cite or chart); see `referenced_ids`.
        seed: Seed of the generator; the same seed writes the same files.

    Returns:
        How many files each collection received.
    """
    wanted = {collection: sorted(set(ids)) for collection, ids in (required or {}).items()}
    counts = plan_counts(records, {collection: len(ids) for collection, ids in wanted.items()})
    generator = _Generator(data, counts, wanted, seed)
    generator.make_vocabularies()
    generator.make_sources()
    generator.make_actors()
    generator.make_weapons()
    generator.make_topics()
    generator.make_positions()
    generator.make_places()
    generator.make_events()
    generator.make_glossary()
    generator.make_corrections()
    generator.mark_speakers()
    return {name: len(list((data / name).glob("*.yaml"))) for name in PROPORTIONS}


_CITED_NESTED = ("range", "speed", "specs", "earlier", "maker_sources")


def _cite_listed(data: dict[str, Any]) -> None:
    """Cite, at the end of the record's main text, each listed source that no nested figure cites (as the rules ask)."""
    nested = json.dumps([data.get(key) for key in _CITED_NESTED])
    missing = [i for i in data["sources"] if f'"{i}"' not in nested]
    field = next((key for key in ("summary", "definition", "note") if key in data), "note")
    if missing:
        data[field] = (data.get(field) or "Listed sources.") + "[" + "; ".join(f"@{i}" for i in missing) + "]"


def _settled(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The claims with statuses the rules allow.

    On one quantity (label and unit) a lone claim is never disputed, and claims together are
    never assessed, since random figures always disagree.
    """
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for claim in claims:
        groups.setdefault((claim.get("label"), claim.get("unit")), []).append(claim)
    for group in groups.values():
        for claim in group:
            if claim["status"] == "disputed" and len(group) == 1:
                claim["status"] = "assessed"
            elif claim["status"] == "assessed" and len(group) > 1:
                claim["status"] = "disputed"
    return claims
