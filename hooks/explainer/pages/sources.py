"""The sources page: the bibliography grouped by original publisher, each source with what on the site cites it.

A reader looks a source up by its outlet ("what does the site take from Reuters?"), so the
sources are grouped by the outlet that first published them (a copy read elsewhere goes
under its original publisher), with a search box and filters by outlet and flag that the
site's script shows (without it, the page lists every source).
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from explainer.formatting import esc, sort_key
from explainer.markup import citation
from explainer.pages.builder import index_page
from explainer.schema import SourceFlag
from explainer.urls import page_url

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage, Page
    from explainer.schema import Source

__all__ = ["outlet_of", "sources_index"]


def outlet_of(source: Source) -> str:
    """The outlet a source is filed under: its original publisher, for a copy read elsewhere."""
    return source.original_publisher or source.publisher


def sources_index(dataset: Dataset) -> list[GeneratedPage]:
    """The sources page."""
    page = index_page(dataset, "sources")
    page.add(
        "# Sources",
        "Every publication the site cites, by the outlet that published it. Sources flagged <em>state-media</em>, "
        "<em>state-aligned</em>, <em>mirror</em> or <em>partisan</em> back only statements attributed to someone "
        f"({esc(dataset.text('sources.attributed'))}), never a fact on their own; see the "
        + page.link(page_url("methodology.md"), "methodology")
        + ".",
    )
    page.collection_notes("sources")
    by_outlet = sorted(dataset.sources.values(), key=lambda s: (sort_key(outlet_of(s)), s.published or "", s.id))
    groups = [(outlet, list(sources)) for outlet, sources in groupby(by_outlet, key=outlet_of)]
    page.add(_finder(dataset, [outlet for outlet, _ in groups]))
    page.add("\n".join(_group(page, index, outlet, sources) for index, (outlet, sources) in enumerate(groups)))
    return [
        page.finish_index(
            "sources", "Sources", "The bibliography by outlet: every source the site cites, and what cites it."
        )
    ]


def _finder(dataset: Dataset, outlets: list[str]) -> str:
    """The search box and the outlet and flag filters: hidden without scripts, which they need (see explainer.css)."""
    flags = sorted({flag for source in dataset.sources.values() for flag in source.flags}, key=list(SourceFlag).index)
    outlet_options = "".join(f'<option value="{esc(o)}">{esc(o)}</option>' for o in outlets)
    flag_options = "".join(f'<option value="{esc(f.value)}">{esc(f.value)}</option>' for f in flags)
    total = len(dataset.sources)
    return (
        '<div class="source-finder-wrap"><form class="source-finder" role="search" aria-label="Find a source" hidden>'
        '<label>Search <input type="search" name="q" autocomplete="off"></label>'
        f'<label>Outlet <select name="outlet"><option value="">All outlets</option>{outlet_options}</select></label>'
        f'<label>Flag <select name="flag"><option value="">Any or none</option>{flag_options}</select></label>'
        f'<output aria-live="polite" data-template="{{shown}} of {{total}} sources" data-total="{total}">'
        f"{total} of {total} sources</output></form></div>"
    )


def _group(page: Page, index: int, outlet: str, sources: list[Source]) -> str:
    items = []
    for source in sources:
        citers = page.dataset.cited_by(source.id)
        links = ", ".join(page.record_link(c.collection, c.id) for c in citers) or "not cited yet"
        note = page.text(source.note, css="note") if source.note else ""
        flags = " ".join(f.value for f in source.flags)
        items.append(
            f'<li id="{esc(source.id)}" data-outlet="{esc(outlet)}" data-flags="{esc(flags)}">'
            f'<p>{citation(source)}</p>{note}<p class="cited-by">Cited by: {links}</p></li>'
        )
    count = f'<span class="count">({len(sources)})</span>'
    return (
        f'<section class="source-group" aria-labelledby="outlet-{index}"><h2 id="outlet-{index}">{esc(outlet)} {count}</h2>'
        f'<ul class="bibliography">{"".join(items)}</ul></section>'
    )
