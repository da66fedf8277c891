"""The sentences of generated pages and charts that a story may word for itself.

The engine's own wording is generic; a site gives its story's wording in `mkdocs.yml`, as
`extra.explainer.text`, keyed as below. Every value is plain text: it is escaped wherever
it lands.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["DEFAULT_TEXTS", "WordingError", "check_texts"]

DEFAULT_TEXTS: Mapping[str, str] = MappingProxyType(
    {
        "weapons.intro": (
            "The weapons in the story. Where sources disagree on a figure, every claim is listed with who makes "
            "it; none is averaged or chosen."
        ),
        "weapon.positions": "Positions that concern it",
        "timeline.intro": "What happened, in order.",
        "sources.summary": "Sources ({count})",
        "sources.attributed": "“according to …”",
        "range-map.title": "How far each weapon reaches from its launch points",
        "chart.go-to": "Go to",
    }
)
"""Each key a site may word, and the engine's generic wording for it."""


class WordingError(ValueError):
    """Wording in the site's settings that the engine does not know, or that is not text."""


def check_texts(texts: object) -> dict[str, str]:
    """The site's wording (`extra.explainer.text`) over the defaults; `WordingError` names what is wrong."""
    if texts is None:
        return dict(DEFAULT_TEXTS)
    if not isinstance(texts, dict):
        raise WordingError("extra.explainer.text: write it as `key: text` lines")
    unknown = sorted(str(k) for k in texts if k not in DEFAULT_TEXTS)
    if unknown:
        known = ", ".join(DEFAULT_TEXTS)
        raise WordingError(f"extra.explainer.text: unknown key(s) {', '.join(unknown)} (known: {known})")
    wrong = sorted(str(k) for k, v in texts.items() if not isinstance(v, str) or not v.strip() or "\n\n" in v)
    if wrong:
        raise WordingError(f"extra.explainer.text: {', '.join(wrong)}: give one paragraph of text")
    return {**DEFAULT_TEXTS, **{str(k): " ".join(str(v).split()) for k, v in texts.items()}}
