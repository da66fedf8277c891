"""The corrections page: every correction to the site, newest first, with what changed, why and what it affects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.formatting import esc, format_date
from explainer.pages.builder import index_page
from explainer.urls import FEED_PATH, page_url

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage, Page
    from explainer.schema import Correction

__all__ = ["corrections_log"]


def corrections_log(dataset: Dataset) -> list[GeneratedPage]:
    """The corrections page."""
    page = index_page(dataset, "corrections")
    page.add(
        "# Corrections",
        "Every correction to a fact on this site, newest first, with what changed and why. "
        f"Follow them in a feed reader: {page.link(FEED_PATH, 'Atom feed of corrections')}. "
        f"The policy is in the {page.link(page_url('methodology.md'), 'methodology')}.",
    )
    newest_first = sorted(dataset.corrections.values(), key=lambda c: (c.date, c.id), reverse=True)
    page.add("\n".join(_correction(page, c) for c in newest_first) or "<p>No corrections have been published.</p>")
    return [
        page.finish_index(
            "corrections", "Corrections", "The log of corrections to this site: what changed, when and why."
        )
    ]


def _correction(page: Page, correction: Correction) -> str:
    targets = [page.record_link(*ref.partition("/")[::2]) for ref in correction.records]
    targets += [page.link(page_url(src), _page_label(src)) for src in correction.pages]
    return (
        f'<article class="correction" id="{esc(correction.id)}"><h2><time datetime="{esc(correction.date)}">'
        f"{esc(format_date(correction.date))}</time></h2><p><strong>What changed:</strong> {page.text(correction.summary, inline=True)}</p>"
        f"<p><strong>Why:</strong> {page.text(correction.reason, correction.sources, inline=True)}</p>"
        f'<p class="affected">Affects: {", ".join(targets)}</p></article>'
    )


def _page_label(src_uri: str) -> str:
    """A name for a hand-written page (`index.md` → "Home page", `reference/data.md` → "Reference: data")."""
    stem = src_uri.removesuffix(".md").removesuffix("/index")
    if stem == "index":
        return "Home page"
    return ": ".join(part.replace("-", " ") for part in stem.split("/")).capitalize()
