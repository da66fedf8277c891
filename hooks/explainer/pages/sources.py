"""The sources page: the bibliography, each source with what on the site cites it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.formatting import esc
from explainer.markup import citation
from explainer.pages.builder import index_page
from explainer.urls import page_url

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage

__all__ = ["sources_index"]


def sources_index(dataset: Dataset) -> list[GeneratedPage]:
    """The sources page."""
    page = index_page(dataset, "sources")
    page.add(
        "# Sources",
        "Every publication the site cites. Sources flagged <em>state-media</em>, <em>state-aligned</em>, "
        "<em>mirror</em> or <em>partisan</em> back only statements attributed to someone "
        f"({esc(dataset.text('sources.attributed'))}), never a fact on their own; see the "
        + page.link(page_url("methodology.md"), "methodology")
        + ".",
    )
    page.collection_notes("sources")
    items = []
    for source in sorted(dataset.sources.values(), key=lambda s: s.id):
        citers = dataset.cited_by(source.id)
        links = ", ".join(page.record_link(c.collection, c.id) for c in citers) or "not cited yet"
        note = page.text(source.note, css="note") if source.note else ""
        items.append(
            f'<li id="{esc(source.id)}"><p>{citation(source)}</p>{note}<p class="cited-by">Cited by: {links}</p></li>'
        )
    page.add(f'<ol class="bibliography">\n{"".join(items)}\n</ol>')
    return [
        page.finish_index("sources", "Sources", "The bibliography: every source the site cites, and what cites it.")
    ]
