"""The timeline page: the events by month, each with who, which weapons, where and its sources."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from explainer.formatting import esc, format_date, month_key
from explainer.pages.builder import chart_fence, index_page
from explainer.urls import url_of

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage, Page
    from explainer.schema import Event

__all__ = ["event_list", "timeline"]


def event_list(page: Page, events: list[Event]) -> str:
    """A list of events: date and title, linking to the event on the timeline; none for no events."""
    if not events:
        return ""
    items = []
    for event in events:
        page.use("events", event.id)
        title = page.link(url_of("events", event.id), event.title)
        items.append(
            f'<li><time datetime="{esc(event.date)}">{esc(format_date(event.date))}</time>: {title}{page.refs(event.sources)}</li>'
        )
    return f'<ul class="event-list">{"".join(items)}</ul>'


def timeline(dataset: Dataset) -> list[GeneratedPage]:
    """The timeline page."""
    page = index_page(dataset, "events")
    page.add("# Timeline", esc(dataset.text("timeline.intro")))
    page.collection_notes("events")
    if dataset.events:
        page.add(chart_fence("timeline", window="busiest"))
        page.add(chart_fence("timeline"))
    for month, events in groupby(dataset.timeline(), key=lambda e: month_key(e.date)):
        page.add(f"## {format_date(month)} {{: #month-{month} }}")
        page.add("\n".join(_event(page, event) for event in events))
    return [page.finish_index("events", "Timeline", "The events of the story by date, each with its sources.")]


def _event(page: Page, event: Event) -> str:
    who = ", ".join(page.record_link("actors", a) for a in event.actors)
    what = ", ".join(page.record_link("weapons", w) for w in event.weapons)
    where = ", ".join(esc(page.dataset.name_of("places", p)) for p in event.places)
    meta = "".join(
        f"<li><strong>{label}:</strong>&nbsp;{value}</li>"
        for label, value in (("Who", who), ("Weapons", what), ("Where", where))
        if value
    )
    note = page.text(event.note, css="note") if event.note else ""
    return (
        f'<article class="event" id="{esc(event.id)}"><h3><time datetime="{esc(event.date)}">{esc(format_date(event.date))}</time>: '
        f"{esc(event.title)}</h3>{page.text(event.summary, event.sources)}{note}"
        f'<ul class="event-meta">{meta}</ul></article>'
    )
