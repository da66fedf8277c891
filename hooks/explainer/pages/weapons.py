"""The weapons pages: the index of every weapon with its range claims, and one page per weapon."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from explainer.formatting import esc, format_date, md_escape, sort_key
from explainer.markup import claim_cell, claim_inline, infobox, table
from explainer.pages.builder import Page, chart_fence, index_page
from explainer.pages.positions import positions_table
from explainer.pages.timeline import event_list
from explainer.urls import url_of

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage
    from explainer.schema import Claim, Weapon

__all__ = ["weapon_index", "weapon_pages"]

_PEERS_CHARTED = 12
"""A weapon's page charts it beside at most this many weapons in all; the weapons page charts every one."""


def weapon_index(dataset: Dataset) -> list[GeneratedPage]:
    """The weapons page: the range chart, and a row per weapon with every claim on its range."""
    page = index_page(dataset, "weapons")
    page.add(
        "# Weapons",
        esc(dataset.text("weapons.intro")),
    )
    rows = []
    for weapon in sorted(dataset.weapons.values(), key=lambda w: sort_key(w.name)):
        ranges = _range_claims(page, weapon)
        operators = ", ".join(page.record_link("actors", a) for a in weapon.operators)
        rows.append(
            f'<th scope="row"><strong>{page.record_link("weapons", weapon.id)}</strong>'
            f'<span class="weapon-class">{esc(dataset.name_of("weapon-classes", weapon.weapon_class))}</span></th>'
            f'<td class="claims" data-label="Range">{ranges}</td>'
            f'<td data-label="Maker">{esc(weapon.maker)}{page.refs(weapon.maker_sources)}</td>'
            f'<td data-label="Operators">{operators}</td>'
        )
    page.add(chart_fence("weapon-ranges"))
    page.add(table(["Weapon", "Range claims", "Maker", "Operators"], rows, css="weapons", cards=True))
    return [
        page.finish_index("weapons", "Weapons", "The missiles and defence systems, with every claim on their range.")
    ]


def weapon_pages(dataset: Dataset) -> list[GeneratedPage]:
    """A page for each weapon."""
    reaches = _reaches(dataset)
    return [_weapon_page(dataset, weapon, reaches) for weapon in dataset.weapons.values()]


def _weapon_page(dataset: Dataset, weapon: Weapon, reaches: dict[str, float]) -> GeneratedPage:
    page = Page(dataset, url_of("weapons", weapon.id))
    page.add(f"# {md_escape(weapon.name)}")
    page.correction_notes(
        f"weapons/{weapon.id}", *(f"positions/{p.id}" for p in dataset.positions_about_weapon(weapon.id))
    )
    if weapon.full_name:
        page.add(f'<p class="lede">{esc(weapon.full_name)}</p>')
    page.add(_infobox(page, weapon))
    page.add(page.text(weapon.summary, weapon.sources))
    if any(c.low is not None for c in weapon.range):
        page.add(chart_fence("weapon-ranges", highlight=weapon.id, weapons=_range_peers(weapon, reaches)))
    page.add("## Specifications", _spec_table(page, weapon))
    page.section(
        f"## {md_escape(dataset.text('weapon.positions'))}",
        positions_table(page, dataset.positions_about_weapon(weapon.id), by="actor"),
    )
    page.section("## Events", event_list(page, dataset.events_with_weapon(weapon.id)))
    kind = dataset.name_of("weapon-classes", weapon.weapon_class).lower()
    description = f"{weapon.name}: {kind} by {weapon.maker}. Every claim on its range and speed, with sources."
    return page.finish_record(weapon, weapon.name, description)


def _range_claims(page: Page, weapon: Weapon) -> str:
    """Every claim on a weapon's range, a line each: figure, status, references."""
    ranges = "<br>".join(claim_inline(c, page.dataset.actors, page.refs(c.sources)) for c in weapon.range)
    return ranges or '<span class="none">not published</span>'


def _infobox(page: Page, weapon: Weapon) -> str:
    """Class, maker (with the sources that name it), every range claim with its status, first use: at a glance."""
    rows = [
        ("Class", esc(page.dataset.name_of("weapon-classes", weapon.weapon_class))),
        ("Maker", f"{esc(weapon.maker)}{page.refs(weapon.maker_sources)}"),
        ("Range", _range_claims(page, weapon)),
    ]
    if weapon.first_use:
        rows.append(("First combat use", esc(format_date(weapon.first_use))))
    return infobox(rows)


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


def _spec_table(page: Page, weapon: Weapon) -> str:
    """Two columns, property and value, so that the table fits a phone; each claim's figure and status first."""
    maker = f"{esc(weapon.maker)}{page.refs(weapon.maker_sources)}"
    basics = [("Class", esc(page.dataset.name_of("weapon-classes", weapon.weapon_class))), ("Maker", maker)]
    if weapon.launch_platform:
        basics.append(("Launched from", esc(weapon.launch_platform)))
    if weapon.first_use:
        basics.append(("First combat use", esc(format_date(weapon.first_use))))
    for label, ids in (("Supplied by", weapon.suppliers), ("Operated by", weapon.operators)):
        if ids:
            basics.append((label, ", ".join(page.record_link("actors", a) for a in ids)))
    # The record's own sources back all of these rows: cite them once, in a row of their own.
    basics.append(("Sources", page.refs(weapon.sources)))
    rows = [f'<th scope="row">{label}</th><td>{value}</td>' for label, value in basics]
    groups: list[tuple[str, list[Claim]]] = [("Range", weapon.range), ("Speed", weapon.speed)]
    groups += [(spec.name, spec.claims) for spec in weapon.specs]
    for name, claims in groups:
        for index, claim in enumerate(claims):
            head = f'<th scope="rowgroup" rowspan="{len(claims)}">{esc(name)}</th>' if index == 0 else ""
            rows.append(head + claim_cell(claim, page.dataset.actors, page.refs(claim.sources), page.refs))
    if not weapon.range:
        rows.append('<th scope="row">Range</th><td class="none">No sourced figure</td>')
    return table(["Property", "Figure and status"], rows, css="specs")
