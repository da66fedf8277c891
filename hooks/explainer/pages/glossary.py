"""The glossary page: the technical terms in plain language, with the weapons they concern."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.formatting import esc
from explainer.pages.builder import index_page

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage

__all__ = ["glossary"]


def glossary(dataset: Dataset) -> list[GeneratedPage]:
    """The glossary page."""
    page = index_page(dataset, "glossary")
    page.add("# Glossary", "The technical terms the story uses, in plain language.")
    page.collection_notes("glossary")
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
            f"<dd>{page.text(term.definition, term.sources)}{also}</dd>"
        )
    page.add(f'<dl class="glossary">{"".join(items)}</dl>' if items else "<p>No terms yet.</p>")
    return [
        page.finish_index("glossary", "Glossary", "Plain-language definitions of the technical terms in the story.")
    ]
