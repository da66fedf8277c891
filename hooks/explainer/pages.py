"""Markdown for the generated pages: actors, weapons, positions, timeline, map, sources.

Every string from the data is escaped where it lands (`esc` for HTML, `md_escape` for
headings). Every figure, date and stance carries numbered references to `/sources/`.
Pages are plain strings; the adapter hands them to MkDocs as generated files.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING

from explainer.formatting import (
    STANCE_LABELS,
    STANCE_MARKS,
    esc,
    format_date,
    format_figure,
    format_status,
    md_escape,
    month_key,
)
from explainer.provenance import render_correction_notes
from explainer.schema import ActorKind, Claim, Place, Position, Topic, WeaponClass
from explainer.urls import FEED_PATH, page_url, relative_url, url_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from explainer.dataset import Dataset
    from explainer.schema import Actor, Event, Record, Source, Weapon

__all__ = [
    "CitationError",
    "GeneratedPage",
    "chart_fence",
    "generate_pages",
    "render_citations",
    "restore_html",
    "stash_html",
]

_KIND_HEADINGS = {
    ActorKind.PERSON: "People",
    ActorKind.STATE: "States",
    ActorKind.ALLIANCE: "Alliances",
    ActorKind.ORGANISATION: "Organisations",
}


_CLASS_LABELS = {
    WeaponClass.TACTICAL_BALLISTIC_MISSILE: "Tactical ballistic missile",
    WeaponClass.INTERMEDIATE_RANGE_BALLISTIC_MISSILE: "Intermediate-range ballistic missile",
    WeaponClass.AEROBALLISTIC_MISSILE: "Aeroballistic missile",
    WeaponClass.CRUISE_MISSILE: "Cruise missile",
    WeaponClass.ROCKET_ARTILLERY: "Rocket artillery",
    WeaponClass.MISSILE_DEFENCE_SYSTEM: "Missile defence system",
    WeaponClass.INTERCEPTOR_MISSILE: "Interceptor missile",
}


def chart_fence(name: str, **options: object) -> str:
    """A `chart` fence placing the chart `name` (see `explainer.fences`); option values are written as JSON."""
    lines = [f"name: {name}", *(f"{key}: {json.dumps(value)}" for key, value in options.items() if value is not None)]
    return "```chart\n" + "\n".join(lines) + "\n```"


def weapon_class_label(value: WeaponClass) -> str:
    """The class in words: `intermediate-range-ballistic-missile` → `Intermediate-range ballistic missile`."""
    return _CLASS_LABELS[value]


@dataclass(frozen=True)
class GeneratedPage:
    """One page made from the data."""

    src_uri: str
    url: str
    title: str
    description: str
    content: str
    edit_path: str
    data_paths: tuple[str, ...] = field(default=())


class _Page:
    """Builds one page: links relative to its URL, numbered source references."""

    def __init__(self, dataset: Dataset, url: str) -> None:
        self.dataset = dataset
        self.url = url
        self.parts: list[str] = []
        self.numbers: dict[str, int] = {}
        self.used: set[tuple[str, str]] = set()

    def use(self, collection: str, record_id: str) -> None:
        """Note that the page shows a record (its file counts for the page's last-updated date)."""
        self.used.add((collection, record_id))

    def link(self, to_url: str, text: str, **attrs: str) -> str:
        extra = "".join(f' {k.rstrip("_")}="{esc(v)}"' for k, v in attrs.items())
        return f'<a href="{esc(relative_url(self.url, to_url))}"{extra}>{esc(text)}</a>'

    def record_link(self, collection: str, record_id: str) -> str:
        self.use(collection, record_id)
        return self.link(url_of(collection, record_id), self.dataset.name_of(collection, record_id))

    def refs(self, source_ids: Iterable[str]) -> str:
        """Numbered references, each linking to the source in the bibliography."""
        out = []
        for source_id in source_ids:
            self.use("sources", source_id)
            number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            source = self.dataset.sources[source_id]
            href = esc(relative_url(self.url, url_of("sources", source_id)))
            data = {
                "source": source_id,
                "title": source.title,
                "publisher": source.publisher
                + (f" (copy of {source.original_publisher})" if source.original_publisher else ""),
                "date": format_date(source.published) if source.published else "",
                "url": source.url,
                "flags": " ".join(f.value for f in source.flags),
            }
            attrs = "".join(f' data-{k}="{esc(v)}"' for k, v in data.items() if v)
            label = esc(f"Source {number}: {source.title}, {source.publisher}")
            out.append(f'<a href="{href}" class="ref"{attrs} aria-label="{label}">[{number}]</a>')
        return f'<sup class="refs">{"".join(out)}</sup>' if out else ""

    def add(self, *blocks: str) -> None:
        self.parts.extend(b for b in blocks if b)

    def correction_notes(self, *records: str) -> None:
        """Here, a note for each correction to a record (`collection/id`) the page shows; none when there is none."""
        self.add(render_correction_notes(self.dataset.corrections_of(*records), self.url))

    def render(self) -> str:
        if self.numbers:
            self.add("## Sources {: #references }", self._reference_list())
        return "\n\n".join(self.parts) + "\n"

    def _reference_list(self) -> str:
        items = []
        for source_id, number in sorted(self.numbers.items(), key=lambda item: item[1]):
            source = self.dataset.sources[source_id]
            items.append(
                f'<li value="{number}">{_citation(source)} {self.link(url_of("sources", source_id), "In the bibliography")}</li>'
            )
        return f'<ol class="references">\n{"".join(items)}\n</ol>'


def _citation(source: Source) -> str:
    """A source in one line of HTML: title, publisher, date, address."""
    via = f" (copy of {esc(source.original_publisher)})" if source.original_publisher else ""
    when = f", {esc(format_date(source.published))}" if source.published else ""
    reconstructed = " [title reconstructed]" if source.title_reconstructed else ""
    flags = "".join(f' <span class="flag flag--{esc(f.value)}">{esc(f.value)}</span>' for f in source.flags)
    link = (
        f'<a href="{esc(source.url)}" rel="nofollow noopener noreferrer" class="external">{esc(_host(source.url))}</a>'
    )
    return f"<cite>{esc(source.title)}</cite>{reconstructed}. {esc(source.publisher)}{via}{when}. {link}.{flags}"


def _host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")


def _claim_cells(page: _Page, claim: Claim) -> str:
    label = f'<br><span class="claim-label">{esc(claim.label)}</span>' if claim.label else ""
    note = f'<br><span class="claim-note">{esc(claim.note)}</span>' if claim.note else ""
    status = format_status(claim, dict(page.dataset.actors))
    return (
        f'<td class="figure">{esc(format_figure(claim))}{label}</td>'
        f'<td><span class="status status--{esc(claim.status.value)}">{esc(status)}</span>{note}</td>'
        f"<td>{page.refs(claim.sources)}</td>"
    )


def _claim_inline(page: _Page, claim: Claim) -> str:
    label = f" ({esc(claim.label)})" if claim.label else ""
    status = format_status(claim, dict(page.dataset.actors))
    return (
        f'<span class="claim">{esc(format_figure(claim))}{label} '
        f'<span class="status status--{esc(claim.status.value)}">{esc(status)}</span>{page.refs(claim.sources)}</span>'
    )


def _stance_badge(position: Position) -> str:
    stance = position.stance
    return (
        f'<span class="stance stance--{esc(stance.value)}">'
        f'<span aria-hidden="true">{STANCE_MARKS[stance]}</span> {esc(STANCE_LABELS[stance])}</span>'
    )


_TABLE_LABELS = {
    "specs": "Specifications",
    "positions": "Positions",
    "weapons": "Weapons",
    "matrix": "Positions by actor and topic",
    "places": "Places",
}


def _table(head: Iterable[str], rows: Iterable[str], caption: str = "", css: str = "") -> str:
    cells = "".join(f'<th scope="col">{h}</th>' for h in head)
    cap = f"<caption>{caption}</caption>" if caption else ""
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    table = f'<table class="data {css}">{cap}<thead><tr>{cells}</tr></thead>\n<tbody>\n{body}\n</tbody></table>'
    return f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(_TABLE_LABELS.get(css, "Data"))} table">{table}</div>'


# Actors -------------------------------------------------------------------------------


def _actor_index(dataset: Dataset) -> GeneratedPage:
    page = _Page(dataset, "actors/")
    page.add("# Actors", "The people, states and alliances in the story, with where each stands and what each did.")
    by_kind = sorted(dataset.actors.values(), key=lambda a: (list(ActorKind).index(a.kind), a.name))
    for kind, group in groupby(by_kind, key=lambda a: a.kind):
        cards = []
        for actor in group:
            role = f"{esc(actor.role)} (as of {esc(format_date(actor.role_as_of))}){page.refs(actor.sources[:1])}"
            cards.append(f"<li><p><strong>{page.record_link('actors', actor.id)}</strong></p><p>{role}</p></li>")
        page.add(
            f"## {_KIND_HEADINGS[kind]}", f'<div class="grid cards actor-cards"><ul>\n{"".join(cards)}\n</ul></div>'
        )
    return _generated(
        page, "actors/index.md", "Actors", "Who is who in the story: people, states and alliances.", "data/actors"
    )


def _actor_page(dataset: Dataset, actor: Actor) -> GeneratedPage:
    page = _Page(dataset, url_of("actors", actor.id))
    page.add(f"# {md_escape(actor.name)}")
    page.correction_notes(f"actors/{actor.id}", *(f"positions/{p.id}" for p in dataset.positions_of(actor.id)))
    facts = [
        f"<strong>Role:</strong> {esc(actor.role)} (as of {esc(format_date(actor.role_as_of))}){page.refs(actor.sources)}"
    ]
    if actor.affiliation:
        facts.append(f"<strong>Affiliation:</strong> {page.record_link('actors', actor.affiliation)}")
    if actor.aliases:
        facts.append(f"<strong>Also called:</strong> {esc(', '.join(actor.aliases))}")
    page.add('<ul class="facts">' + "".join(f"<li>{f}</li>" for f in facts) + "</ul>")
    page.add(f"<p>{esc(actor.summary)}{page.refs(actor.sources)}</p>")
    positions = dataset.positions_of(actor.id)
    if positions:
        page.add("## Positions", _positions_table(page, positions, by="topic"))
    events = dataset.events_of(actor.id)
    if events:
        page.add("## Events", _event_list(page, events))
    weapons = dataset.weapons_of(actor.id)
    if weapons:
        items = [
            f"<li>{page.record_link('weapons', w.id)}: {esc(' and '.join(roles))}{page.refs(w.sources[:1])}</li>"
            for w, roles in weapons
        ]
        page.add("## Weapons supplied or operated", f"<ul>{''.join(items)}</ul>")
    members = dataset.members_of(actor.id)
    if members:
        items = [
            f"<li>{page.record_link('actors', m.id)}: {esc(m.role)}{page.refs(m.sources[:1])}</li>" for m in members
        ]
        page.add("## People", f"<ul>{''.join(items)}</ul>")
    description = f"{actor.name}: {actor.role}. Positions, events and sources."
    return _generated(page, f"actors/{actor.id}.md", actor.name, description, dataset.path_of(actor))


def _positions_table(page: _Page, positions: list[Position], *, by: str) -> str:
    rows = []
    for position in positions:
        page.use("positions", position.id)
        if by == "topic":
            first = page.link(url_of("topics", position.topic), page.dataset.topics[position.topic].short)
        else:
            first = page.record_link("actors", position.actor)
        words = _statement(position)
        rows.append(
            f"<td>{first}</td><td>{_stance_badge(position)}</td>"
            f'<td data-label="As of">{esc(format_date(position.as_of))}</td>'
            f'<td class="statement">{words}{page.refs(position.sources)}</td>'
        )
    head = ["Topic" if by == "topic" else "Actor", "Stance", "As of", "Statement"]
    return _table(head, rows, css="positions")


def _statement(position: Position) -> str:
    text = f"<p>{esc(position.summary)}</p>"
    if position.quote:
        by = f' <span class="quote-by">— {esc(position.quote_by)}</span>' if position.quote_by else ""
        text += f"<blockquote><p>“{esc(position.quote)}”{by}</p></blockquote>"
    if position.note:
        text += f'<p class="note">{esc(position.note)}</p>'
    return text


def _event_list(page: _Page, events: list[Event]) -> str:
    items = []
    for event in events:
        page.use("events", event.id)
        link = page.link(url_of("events", event.id), event.title)
        items.append(
            f'<li><time datetime="{esc(event.date)}">{esc(format_date(event.date))}</time>: {link}{page.refs(event.sources)}</li>'
        )
    return f'<ul class="event-list">{"".join(items)}</ul>'


# Weapons ------------------------------------------------------------------------------


def _weapon_index(dataset: Dataset) -> GeneratedPage:
    page = _Page(dataset, "weapons/")
    page.add(
        "# Weapons",
        "The missiles and defence systems in the story. Where sources disagree on a figure, every claim is listed "
        "with who makes it; none is averaged or chosen.",
    )
    rows = []
    for weapon in sorted(dataset.weapons.values(), key=lambda w: w.name):
        ranges = "<br>".join(_claim_inline(page, c) for c in weapon.range) or '<span class="none">not published</span>'
        operators = ", ".join(page.record_link("actors", a) for a in weapon.operators)
        rows.append(
            f"<td><strong>{page.record_link('weapons', weapon.id)}</strong></td>"
            f"<td>{esc(weapon_class_label(weapon.weapon_class))}</td>"
            f"<td>{esc(weapon.maker)}{page.refs(weapon.sources[:1])}</td><td>{ranges}</td><td>{operators}</td>"
        )
    page.add(chart_fence("weapon-ranges"))
    page.add(_table(["Weapon", "Class", "Maker", "Range claims", "Operators"], rows, css="weapons"))
    return _generated(
        page,
        "weapons/index.md",
        "Weapons",
        "The missiles and defence systems, with every claim on their range.",
        "data/weapons",
    )


def _weapon_page(dataset: Dataset, weapon: Weapon, reaches: dict[str, float]) -> GeneratedPage:
    page = _Page(dataset, url_of("weapons", weapon.id))
    page.add(f"# {md_escape(weapon.name)}")
    page.correction_notes(
        f"weapons/{weapon.id}", *(f"positions/{p.id}" for p in dataset.positions_about_weapon(weapon.id))
    )
    if weapon.full_name:
        page.add(f'<p class="lede">{esc(weapon.full_name)}</p>')
    page.add(f"<p>{esc(weapon.summary)}{page.refs(weapon.sources)}</p>")
    if any(c.low is not None for c in weapon.range):
        page.add(chart_fence("weapon-ranges", highlight=weapon.id, weapons=_range_peers(weapon, reaches)))
    page.add("## Specifications", _spec_table(page, weapon))
    positions = dataset.positions_about_weapon(weapon.id)
    if positions:
        page.add("## Stances on its use", _positions_table(page, positions, by="actor"))
    events = dataset.events_with_weapon(weapon.id)
    if events:
        page.add("## Events", _event_list(page, events))
    description = f"{weapon.name}: {weapon_class_label(weapon.weapon_class).lower()} by {weapon.maker}. Every claim on its range and speed, with sources."
    return _generated(page, f"weapons/{weapon.id}.md", weapon.name, description, dataset.path_of(weapon))


_PEERS_CHARTED = 12
"""A weapon's page charts it beside at most this many weapons in all; the weapons page charts every one."""


def _reach(weapon: Weapon) -> float | None:
    highs = [c.high for c in weapon.range if c.low is not None and c.high is not None]
    return max(highs) if highs else None


def _reaches(dataset: Dataset) -> dict[str, float]:
    """Each weapon's longest claimed range, for the weapons that have one."""
    return {w.id: r for w in dataset.weapons.values() if (r := _reach(w)) is not None}


def _range_peers(weapon: Weapon, reaches: dict[str, float]) -> list[str] | None:
    """The weapons on a weapon's range chart: all while they are few (None), else those nearest in range.

    Charting every weapon on every weapon's page would grow the site with the square of the
    number of weapons, and a chart of a hundred weapons says little about one of them.
    """
    own = reaches.get(weapon.id)
    if len(reaches) <= _PEERS_CHARTED or own is None:
        return None
    others = sorted((abs(math.log(r / own)), w) for w, r in reaches.items() if w != weapon.id)
    return sorted([weapon.id, *(w for _distance, w in others[: _PEERS_CHARTED - 1])])


def _spec_table(page: _Page, weapon: Weapon) -> str:
    basics = [("Class", esc(weapon_class_label(weapon.weapon_class))), ("Maker", esc(weapon.maker))]
    if weapon.launch_platform:
        basics.append(("Launched from", esc(weapon.launch_platform)))
    if weapon.first_use:
        basics.append(("First combat use", esc(format_date(weapon.first_use))))
    for label, ids in (("Supplied by", weapon.suppliers), ("Operated by", weapon.operators)):
        if ids:
            basics.append((label, ", ".join(page.record_link("actors", a) for a in ids)))
    # The record's own sources back all of these rows: cite them once, beside the group.
    refs = f'<td rowspan="{len(basics)}">{page.refs(weapon.sources)}</td>'
    rows = [
        f'<th scope="row">{label}</th><td colspan="2">{value}</td>{refs if index == 0 else ""}'
        for index, (label, value) in enumerate(basics)
    ]
    groups: list[tuple[str, list[Claim]]] = [("Range", weapon.range), ("Speed", weapon.speed)]
    groups += [(spec.name, spec.claims) for spec in weapon.specs]
    for name, claims in groups:
        if not claims:
            continue
        for index, claim in enumerate(claims):
            head = f'<th scope="rowgroup" rowspan="{len(claims)}">{esc(name)}</th>' if index == 0 else ""
            rows.append(head + _claim_cells(page, claim))
    if not weapon.range:
        rows.append('<th scope="row">Range</th><td colspan="3" class="none">No sourced figure</td>')
    return _table(["Property", "Figure", "Status", "Sources"], rows, css="specs")


# Positions ----------------------------------------------------------------------------


def _positions_index(dataset: Dataset) -> GeneratedPage:
    page = _Page(dataset, "positions/")
    topics = sorted(dataset.topics.values(), key=lambda t: (t.order, t.id))
    actor_ids = sorted({p.actor for p in dataset.positions.values()}, key=lambda a: dataset.actors[a].name)
    page.add(
        "# Positions",
        "Where each actor stands on the questions the article turns on. Each cell links to the statement "
        "and its sources below; a blank cell means no sourced stance was found.",
    )
    # A question nobody has a sourced stance on gets its section below, not an empty column.
    columns = [t for t in topics if dataset.positions_on(t.id)]
    head = ["Actor"] + [page.link(url_of("topics", t.id), t.short) for t in columns]
    rows = []
    for actor_id in actor_ids:
        cells = [f'<th scope="row">{page.record_link("actors", actor_id)}</th>']
        for topic in columns:
            position = dataset.position(actor_id, topic.id)
            if position is None:
                cells.append('<td class="none"><span class="visually-hidden">no sourced stance</span></td>')
                continue
            badge = f'<a href="#{esc(position.id)}" class="cell-link">{_stance_badge(position)}</a>'
            cells.append(f"<td>{badge}{page.refs(position.sources[:1])}</td>")
        rows.append("".join(cells))
    page.correction_notes(*(f"topics/{t.id}" for t in topics), *(f"positions/{p}" for p in sorted(dataset.positions)))
    page.add(chart_fence("positions-matrix"))
    page.add(_table(head, rows, css="matrix"))
    for topic in topics:
        page.add(
            f"## {md_escape(topic.question)} {{: #{topic.id} }}",
            f"<p>{esc(topic.summary)}{page.refs(topic.sources)}</p>",
        )
        items = []
        for position in dataset.positions_on(topic.id):
            actor = page.record_link("actors", position.actor)
            earlier = "".join(
                f'<p class="earlier">Earlier ({esc(format_date(c.as_of))}): {esc(STANCE_LABELS[c.stance].lower())}. {esc(c.summary)}{page.refs(c.sources)}</p>'
                for c in position.earlier
            )
            items.append(
                f'<div class="position" id="{esc(position.id)}"><h3 class="position-actor">{actor} {_stance_badge(position)}</h3>'
                f'<p class="as-of">As of {esc(format_date(position.as_of))}</p>'
                f"{_statement(position)}{earlier}<p>Sources: {page.refs(position.sources)}</p></div>"
            )
        page.add(
            "\n".join(items)
            or '<p class="none">No actor\'s stance on this question is recorded in the sources yet.</p>'
        )
    return _generated(
        page,
        "positions/index.md",
        "Positions",
        "Who stands where: the actor by topic matrix, with quotes and sources.",
        "data/positions",
    )


# Timeline -----------------------------------------------------------------------------


def _timeline(dataset: Dataset) -> GeneratedPage:
    page = _Page(dataset, "timeline/")
    page.add("# Timeline", "What happened, in order. Earlier events explain the ones of November 2024 to January 2025.")
    page.correction_notes(*(f"events/{e}" for e in sorted(dataset.events)))
    if dataset.events:
        page.add(chart_fence("timeline", window="busiest"))
        page.add(chart_fence("timeline"))
    for month, events in groupby(dataset.timeline(), key=lambda e: month_key(e.date)):
        page.add(f"## {format_date(month)} {{: #month-{month} }}")
        blocks = []
        for event in events:
            who = ", ".join(page.record_link("actors", a) for a in event.actors)
            what = ", ".join(page.record_link("weapons", w) for w in event.weapons)
            where = ", ".join(esc(dataset.places[p].name) for p in event.places)
            meta = "".join(
                f"<li><strong>{label}:</strong> {value}</li>"
                for label, value in (("Who", who), ("Weapons", what), ("Where", where))
                if value
            )
            note = f'<p class="note">{esc(event.note)}</p>' if event.note else ""
            blocks.append(
                f'<article class="event" id="{esc(event.id)}"><h3><time datetime="{esc(event.date)}">{esc(format_date(event.date))}</time>: '
                f"{esc(event.title)}</h3><p>{esc(event.summary)}{page.refs(event.sources)}</p>{note}"
                f'<ul class="event-meta">{meta}</ul></article>'
            )
        page.add("\n".join(blocks))
    return _generated(
        page, "timeline/index.md", "Timeline", "The events of the story by date, each with its sources.", "data/events"
    )


# Map (places) -------------------------------------------------------------------------


def _map(dataset: Dataset) -> GeneratedPage:
    page = _Page(dataset, "map/")
    page.add("# Map", "The places in the story. Coordinates are in decimal degrees (WGS84).")
    page.correction_notes(*(f"places/{p}" for p in sorted(dataset.places)))
    if dataset.places:
        page.add(chart_fence("range-map", layers=["rings", "places"]))
        page.add(chart_fence("range-map", layers=["flights", "reach", "bases", "places"]))
    rows = []
    for place in sorted(dataset.places.values(), key=lambda p: p.name):
        country = page.record_link("actors", place.country) if place.country else ""
        uncertainty = f"±{place.uncertainty_km:g} km" if place.uncertainty_km is not None else ""
        note = f'<br><span class="claim-note">{esc(place.note)}</span>' if place.note else ""
        rows.append(
            f'<th scope="row" id="{esc(place.id)}">{esc(place.name)}{note}</th><td>{esc(_place_kind(place))}</td><td>{country}</td>'
            f'<td class="figure">{place.latitude:.4f}, {place.longitude:.4f} {uncertainty}</td><td>{page.refs(place.sources)}</td>'
        )
    page.add("## Places", _table(["Place", "Kind", "Country", "Coordinates", "Sources"], rows, css="places"))
    return _generated(
        page, "map/index.md", "Map", "The places in the story on a map, with missile ranges.", "data/places"
    )


def _place_kind(place: Place) -> str:
    return place.kind.value.replace("-", " ")


# Sources ------------------------------------------------------------------------------


def _sources(dataset: Dataset) -> GeneratedPage:
    page = _Page(dataset, "sources/")
    page.add(
        "# Sources",
        "Every publication the site cites. Sources flagged <em>state-media</em>, <em>state-aligned</em>, "
        "<em>mirror</em> or <em>partisan</em> back only statements attributed to someone "
        '("Russia says…"), never a fact on their own; see the ' + page.link("methodology/", "methodology") + ".",
    )
    page.correction_notes(*(f"sources/{source}" for source in sorted(dataset.sources)))
    items = []
    for source in sorted(dataset.sources.values(), key=lambda s: s.id):
        citers = dataset.cited_by(source.id)
        links = ", ".join(_citer_link(page, c.collection, c.id) for c in citers) or "not cited yet"
        note = f'<p class="note">{esc(source.note)}</p>' if source.note else ""
        items.append(
            f'<li id="{esc(source.id)}"><p>{_citation(source)} <code>{esc(source.id)}</code></p>{note}'
            f'<p class="cited-by">Cited by: {links}</p></li>'
        )
    page.add(f'<ol class="bibliography">\n{"".join(items)}\n</ol>')
    return _generated(
        page,
        "sources/index.md",
        "Sources",
        "The bibliography: every source the site cites, and what cites it.",
        "data/sources",
    )


def _citer_link(page: _Page, collection: str, record_id: str) -> str:
    record: Record = page.dataset.record(collection, record_id)
    if isinstance(record, Position):
        actor = page.dataset.actors[record.actor].name
        return page.link(url_of("positions", record.id), f"{actor} on {page.dataset.topics[record.topic].short}")
    if isinstance(record, Place):
        return page.link(url_of("places", record.id), record.name)
    if isinstance(record, Topic):
        return page.link(url_of("topics", record.id), record.short)
    return page.record_link(collection, record_id)


# Glossary -----------------------------------------------------------------------------


def _glossary(dataset: Dataset) -> GeneratedPage:
    page = _Page(dataset, "glossary/")
    page.add("# Glossary", "The technical terms the story uses, in plain language.")
    page.correction_notes(*(f"glossary/{t}" for t in sorted(dataset.glossary)))
    items = []
    for term in sorted(dataset.glossary.values(), key=lambda t: t.term.casefold()):
        expansion = f' <span class="expansion">({esc(term.expansion)})</span>' if term.expansion else ""
        also = (
            f'<p class="see-also">See: {", ".join(page.record_link("weapons", w) for w in term.see_also)}</p>'
            if term.see_also
            else ""
        )
        items.append(
            f'<dt id="{esc(term.id)}">{esc(term.term)}{expansion}</dt>'
            f"<dd><p>{esc(term.definition)}{page.refs(term.sources)}</p>{also}</dd>"
        )
    page.add(f'<dl class="glossary">{"".join(items)}</dl>' if items else "<p>No terms yet.</p>")
    return _generated(
        page,
        "glossary/index.md",
        "Glossary",
        "Plain-language definitions of the technical terms in the story.",
        "data/glossary",
    )


# Corrections --------------------------------------------------------------------------


def _corrections(dataset: Dataset) -> GeneratedPage:
    page = _Page(dataset, "corrections/")
    page.add(
        "# Corrections",
        "Every correction to a fact on this site, newest first, with what changed and why. "
        f"Follow them in a feed reader: {page.link(FEED_PATH, 'Atom feed of corrections')}. "
        f"The policy is in the {page.link('methodology/', 'methodology')}.",
    )
    blocks = []
    for correction in sorted(dataset.corrections.values(), key=lambda c: (c.date, c.id), reverse=True):
        targets = [_citer_link(page, *ref.partition("/")[::2]) for ref in correction.records]
        targets += [page.link(page_url(src), _page_label(src)) for src in correction.pages]
        blocks.append(
            f'<article class="correction" id="{esc(correction.id)}"><h2><time datetime="{esc(correction.date)}">'
            f"{esc(format_date(correction.date))}</time></h2><p><strong>What changed:</strong> {esc(correction.summary)}</p>"
            f"<p><strong>Why:</strong> {esc(correction.reason)}{page.refs(correction.sources)}</p>"
            f'<p class="affected">Affects: {", ".join(targets)}</p></article>'
        )
    page.add("\n".join(blocks) or "<p>No corrections have been published.</p>")
    return _generated(
        page,
        "corrections/index.md",
        "Corrections",
        "The log of corrections to this site: what changed, when and why.",
        "data/corrections",
    )


def _page_label(src_uri: str) -> str:
    """A name for a hand-written page (`index.md` → "Home page", `reference/data.md` → "Reference: data")."""
    stem = src_uri.removesuffix(".md").removesuffix("/index")
    if stem == "index":
        return "Home page"
    return ": ".join(part.replace("-", " ") for part in stem.split("/")).capitalize()


# All ----------------------------------------------------------------------------------


def _generated(page: _Page, src_uri: str, title: str, description: str, edit_path: str) -> GeneratedPage:
    content = page.render()
    paths = {page.dataset.paths[key] for key in page.used if key in page.dataset.paths}
    return GeneratedPage(
        src_uri=src_uri,
        url=page.url,
        title=title,
        description=description,
        content=content,
        edit_path=edit_path,
        data_paths=tuple(sorted(paths | {edit_path})),
    )


def generate_pages(dataset: Dataset) -> list[GeneratedPage]:
    """Every generated page, in a stable order."""
    pages = [_actor_index(dataset), _weapon_index(dataset), _positions_index(dataset)]
    pages += [_timeline(dataset), _map(dataset), _sources(dataset), _glossary(dataset), _corrections(dataset)]
    pages += [_actor_page(dataset, actor) for actor in dataset.actors.values()]
    reaches = _reaches(dataset)
    pages += [_weapon_page(dataset, weapon, reaches) for weapon in dataset.weapons.values()]
    return sorted(pages, key=lambda p: p.src_uri)


# Raw HTML passed through --------------------------------------------------------------

_RAW_BLOCK = re.compile(r"<(?:article|aside|blockquote|details|div|dl|figure|h[1-6]|ol|p|section|table|ul)[\s>]")
_PLACEHOLDER = re.compile(r"<!--explainer-html-(\d+)-->")


def stash_html(markdown: str) -> tuple[str, list[str]]:
    """A generated page's Markdown with each block of raw HTML replaced by a placeholder comment, and the blocks.

    Python-Markdown passes such a block through unchanged, but only after reading it with
    Python's HTML parser, which was most of the time spent rendering generated pages. A
    one-line comment passes through the same way, and `restore_html` puts the block back
    in the rendered page. A block is a run of lines between blank lines that starts with a
    block-level tag and ends with a tag; code fences stay Markdown.
    """
    blocks: list[str] = []
    parts = markdown.split("\n\n")
    for index, part in enumerate(parts):
        body = part.rstrip("\n")
        if _RAW_BLOCK.match(body) and body.endswith(">") and "```" not in body and "markdown=" not in body:
            parts[index] = f"<!--explainer-html-{len(blocks)}-->{part[len(body) :]}"
            blocks.append(body)
    return "\n\n".join(parts), blocks


def restore_html(html: str, blocks: list[str]) -> str:
    """Put back the blocks that `stash_html` took out of a page."""
    return _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html) if blocks else html


# Citations in hand-written pages ------------------------------------------------------

_CITATION = re.compile(r"\[(@[a-z0-9-]+(?:\s*;\s*@[a-z0-9-]+)*)\]")


class CitationError(ValueError):
    """A hand-written page cites a source id that has no file."""


# Markdown acts on these inside inline HTML too (a `[text](javascript:…)` in a source's
# title would become a link inside the reference's attributes). None occurs in the tag
# syntax of the references, so each becomes a character reference, which reads the same.
_MARKDOWN_INLINE = str.maketrans({char: f"&#{ord(char)};" for char in "[]()*_`\\{}!~^"})


def render_citations(markdown: str, dataset: Dataset, page_url: str) -> str:
    """Replace `[@s001; @s002]` with numbered references and list the sources at the end."""
    page = _Page(dataset, page_url)
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        ids = [part.strip().lstrip("@") for part in match.group(1).split(";")]
        missing = [i for i in ids if i not in dataset.sources]
        if missing:
            unknown.extend(missing)
            return match.group(0)
        return page.refs(ids).translate(_MARKDOWN_INLINE)

    lines = markdown.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            lines[index] = _CITATION.sub(replace, line)
    if unknown:
        raise CitationError(f"unknown source id(s): {', '.join(sorted(set(unknown)))}")
    if not page.numbers:
        return markdown
    return "\n".join(lines).rstrip() + "\n\n" + page.render()
