"""The page builder: one generated page's Markdown, its links relative to its URL, its numbered references.

Pages are plain strings; `GeneratedPage` is what the adapter hands to MkDocs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from explainer.markup import References, data_text, link
from explainer.provenance import render_correction_flag, render_correction_notes
from explainer.urls import section_url, url_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from explainer.dataset import Dataset
    from explainer.schema import Correction, Record

__all__ = ["GeneratedPage", "Page", "chart_fence", "index_page"]


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


def chart_fence(name: str, **options: object) -> str:
    """A `chart` fence placing the chart `name` (see `explainer.fences`); option values are written as JSON."""
    lines = [f"name: {name}", *(f"{key}: {json.dumps(value)}" for key, value in options.items() if value is not None)]
    return "```chart\n" + "\n".join(lines) + "\n```"


class Page:
    """Builds one page: links relative to its URL, numbered source references, the records it shows."""

    def __init__(self, dataset: Dataset, url: str) -> None:
        self.dataset = dataset
        self.url = url
        self.parts: list[str] = []
        self.references = References(dataset.sources, url, dataset.text("sources.summary"))
        self.used: set[tuple[str, str]] = set()
        self.corrections: list[Correction] = []

    def use(self, collection: str, record_id: str) -> None:
        """Note that the page shows a record (its file counts for the page's last-updated date)."""
        self.used.add((collection, record_id))

    def link(self, to_url: str, text: str, **attrs: str) -> str:
        """A link from this page to `to_url`."""
        return link(self.url, to_url, text, **attrs)

    def name_link(self, collection: str, record_id: str) -> str:
        """A link to a record, named as readers know it."""
        return self.link(url_of(collection, record_id), self.dataset.name_of(collection, record_id))

    def record_link(self, collection: str, record_id: str) -> str:
        """A link to a record the page shows (see `use`)."""
        self.use(collection, record_id)
        return self.name_link(collection, record_id)

    def refs(self, source_ids: Iterable[str]) -> str:
        """Numbered references, each linking to the source in the bibliography."""
        ids = list(source_ids)
        for source_id in ids:
            self.use("sources", source_id)
        return self.references.cite(ids)

    def text(self, text: str, sources: Iterable[str] = (), *, css: str = "", inline: bool = False) -> str:
        """Free text from the data (see `explainer.markup.data_text`) with this page's numbered references."""
        return data_text(text, self.refs, tuple(sources), css=css, inline=inline)

    def add(self, *blocks: str) -> None:
        """Append blocks of Markdown (empty ones are left out)."""
        self.parts.extend(b for b in blocks if b)

    def section(self, heading: str, block: str) -> None:
        """Append a section: its heading and its block, or nothing when the block is empty."""
        if block:
            self.add(heading, block)

    def collection_notes(self, collection: str, *also: str) -> None:
        """Here, a note for each correction to a record of `collection`, or to the records `also` names."""
        self.correction_notes(*(f"{collection}/{i}" for i in self.dataset.collection(collection)), *also)

    def correction_notes(self, *records: str) -> None:
        """Here, a line saying the page was corrected (where a record it shows was); the notes go at its foot."""
        corrections = self.dataset.corrections_of(*records)
        self.corrections += [c for c in corrections if c not in self.corrections]
        self.add(render_correction_flag(corrections))

    def render(self) -> str:
        """The page's Markdown, ending with its correction notes and the list of the sources it cites."""
        ordered = sorted(self.corrections, key=lambda c: (c.date, c.id), reverse=True)
        self.add(render_correction_notes(ordered, self.url))
        if self.references.numbers:
            self.add(self.references.section())
        return "\n\n".join(self.parts) + "\n"

    def finish(self, src_uri: str, title: str, description: str, edit_path: str) -> GeneratedPage:
        """The finished page; it is edited at `edit_path` and dated by the files of the records it shows."""
        content = self.render()
        paths = {self.dataset.paths[key] for key in self.used if key in self.dataset.paths}
        return GeneratedPage(
            src_uri=src_uri,
            url=self.url,
            title=title,
            description=description,
            content=content,
            edit_path=edit_path,
            data_paths=tuple(sorted(paths | {edit_path})),
        )

    def finish_index(self, collection: str, title: str, description: str) -> GeneratedPage:
        """The finished page that lists a collection: `<section>/index.md`, edited in the collection's folder."""
        return self.finish(f"{section_url(collection)}index.md", title, description, self.dataset.folder_of(collection))

    def finish_record(self, record: Record, title: str, description: str) -> GeneratedPage:
        """The finished page of one record, edited in the record's file."""
        src_uri = url_of(record.collection, record.id).removesuffix("/") + ".md"
        return self.finish(src_uri, title, description, self.dataset.path_of(record))


def index_page(dataset: Dataset, collection: str) -> Page:
    """A builder for the page that lists a collection."""
    return Page(dataset, section_url(collection))
