"""The registry of generated page types, from which `generate_pages` makes every page.

A new page type is a module in this package and a line in `PAGE_TYPES`; the tests and
benchmarks read the registry to know which pages the site generates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from explainer.pages.actors import actor_index, actor_pages
from explainer.pages.corrections import corrections_log
from explainer.pages.glossary import glossary
from explainer.pages.places import map_page
from explainer.pages.positions import positions_index
from explainer.pages.sources import sources_index
from explainer.pages.timeline import timeline
from explainer.pages.weapons import weapon_index, weapon_pages
from explainer.urls import section_url, url_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage

__all__ = ["PAGE_TYPES", "PageType", "generate_pages"]


@dataclass(frozen=True)
class PageType:
    """A kind of generated page: the page that lists a collection, or one page per record of it."""

    name: str
    """What readers and tests call it, for example `actor index` or `actor`."""
    collection: str
    """The collection it lists (or whose records it shows, one a page)."""
    build: Callable[[Dataset], list[GeneratedPage]]
    """Makes its pages from the data: the one index page, or a page per record."""
    per_record: bool = False
    """Whether it makes one page per record of `collection` (else the one page at the collection's section)."""

    def urls(self, dataset: Dataset) -> list[str]:
        """The URLs of its pages for this data."""
        if self.per_record:
            return [url_of(self.collection, record_id) for record_id in dataset.collection(self.collection)]
        return [section_url(self.collection)]


PAGE_TYPES: tuple[PageType, ...] = (
    PageType("actor index", "actors", actor_index),
    PageType("actor", "actors", actor_pages, per_record=True),
    PageType("weapon index", "weapons", weapon_index),
    PageType("weapon", "weapons", weapon_pages, per_record=True),
    PageType("positions", "positions", positions_index),
    PageType("timeline", "events", timeline),
    PageType("map", "places", map_page),
    PageType("sources", "sources", sources_index),
    PageType("glossary", "glossary", glossary),
    PageType("corrections", "corrections", corrections_log),
)
"""Every type of generated page, in the order the site's navigation lists them."""


def generate_pages(dataset: Dataset) -> list[GeneratedPage]:
    """Every generated page, in a stable order (by source path)."""
    pages = [page for page_type in PAGE_TYPES for page in page_type.build(dataset)]
    return sorted(pages, key=lambda p: p.src_uri)
