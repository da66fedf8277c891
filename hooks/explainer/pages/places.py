"""The map page: the places in the story on range maps, and a table of their coordinates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.formatting import esc, sort_key
from explainer.markup import table
from explainer.pages.builder import chart_fence, index_page

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage, Page
    from explainer.schema import Place

__all__ = ["map_page"]


def map_page(dataset: Dataset) -> list[GeneratedPage]:
    """The map page."""
    page = index_page(dataset, "places")
    page.add("# Map", "The places in the story. Coordinates are in decimal degrees (WGS84).")
    page.collection_notes("places")
    if dataset.places:
        page.add(chart_fence("range-map", layers=["rings", "places"]))
        page.add(chart_fence("range-map", layers=["flights", "reach", "bases", "places"]))
    rows = [_row(page, place) for place in sorted(dataset.places.values(), key=lambda p: sort_key(p.name))]
    page.add("## Places", table(["Place", "Coordinates", "Kind", "Country"], rows, css="places", cards=True))
    return [page.finish_index("places", "Map", "The places in the story on a map, with missile ranges.")]


def _row(page: Page, place: Place) -> str:
    country = page.record_link("actors", place.country) if place.country else ""
    uncertainty = f"±{place.uncertainty_km:g} km" if place.uncertainty_km is not None else ""
    note = f'<span class="claim-note">{page.text(place.note, inline=True)}</span>' if place.note else ""
    kind = page.dataset.name_of("place-kinds", place.kind)
    return (
        f'<th scope="row" id="{esc(place.id)}">{esc(place.name)}{page.refs(place.sources)}{note}</th>'
        f'<td class="figure" data-label="Coordinates">{place.latitude:.4f}, {place.longitude:.4f} {uncertainty}</td>'
        f'<td data-label="Kind">{esc(kind)}</td><td data-label="Country">{country}</td>'
    )
