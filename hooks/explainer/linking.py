"""Turn mentions of actors and weapons in rendered pages into links with a tooltip.

Works on the HTML of a page: text inside headings, links, code, scripts and other
interactive or preformatted elements is left alone; each record is linked at most once
per page, at its first mention (a page that links "Russia" in every section reads as a
sea of blue, and a reader needs the link once); the longest name wins where names overlap
("Aegis Ashore Poland" before "Poland"); no name matches inside a character reference
(`&amp;`) or inside another name's link.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explainer.formatting import esc
from explainer.schema import COLLECTIONS
from explainer.urls import relative_url, url_of

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.schema import Record

__all__ = [
    "Linker",
    "Target",
    "build_linker",
]

_SKIP = {
    "a",
    "code",
    "pre",
    "script",
    "style",
    "kbd",
    "samp",
    "abbr",
    "button",
    "textarea",
    "select",
    "svg",
    "math",
    "title",
    "figure",
    "label",
}
_SKIP |= {f"h{n}" for n in range(1, 7)}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>|<[^>]*>", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


@dataclass(frozen=True)
class Target:
    """Where a name links to, and the tooltip shown on it."""

    key: str
    url: str
    tooltip: str
    css: str = "entity-link"
    heading: str = ""
    """For a glossary term, its name: the tooltip is `heading: definition`, shown as a preview."""


class Linker:
    """Links first mentions of known names in an HTML fragment."""

    def __init__(self, names: dict[str, Target]) -> None:
        self.names = names
        ordered = sorted(names, key=lambda n: (-len(n), n))
        # Names match in their HTML-escaped form, as whole words; a leading letter matches
        # either case, so "the German Chancellor" also links at the start of a sentence.
        alternatives = "|".join(_first_letter_either_case(html.escape(n, quote=False)) for n in ordered)
        self.pattern = re.compile(rf"(?<![\w-])({alternatives})(?!\w|-\w)") if ordered else None
        self._by_escaped = {_fold_first(_spaced(html.escape(n, quote=False))): t for n, t in names.items()}

    def link(self, fragment: str, page_url: str, *, skip_keys: frozenset[str] = frozenset()) -> str:
        """Return `fragment` with the first mention of each record made a link (once per page)."""
        if self.pattern is None:
            return fragment
        out: list[str] = []
        stack: list[str] = []
        linked: set[str] = set(skip_keys)
        position = 0
        for match in _TOKEN.finditer(fragment):
            text = fragment[position : match.start()]
            out.append(self._link_text(text, page_url, linked) if not _skipping(stack) else text)
            out.append(match.group(0))
            position = match.end()
            closing, name, self_closing = match.group(1), (match.group(2) or "").lower(), match.group(3)
            if not name or name in _VOID or self_closing:
                continue
            if closing:
                if name in stack:
                    while stack and stack.pop() != name:
                        pass
                continue
            stack.append(name)
        tail = fragment[position:]
        out.append(self._link_text(tail, page_url, linked) if not _skipping(stack) else tail)
        return "".join(out)

    def _link_text(self, text: str, page_url: str, linked: set[str]) -> str:
        if not text.strip() or self.pattern is None:
            return text

        entities = [span.span() for span in _ENTITY.finditer(text)] if "&" in text else []

        def replace(match: re.Match[str]) -> str:
            if any(start < edge < end for start, end in entities for edge in match.span()):
                return match.group(0)  # a name inside `&amp;` or `&#38;` would split the reference
            target = self._by_escaped[_fold_first(_spaced(match.group(1)))]
            if target.key in linked:
                return match.group(0)
            linked.add(target.key)
            href = esc(relative_url(page_url, target.url))
            term = f' data-term="{esc(target.heading)}"' if target.heading else ""
            return f'<a href="{href}" class="{target.css}" title="{esc(target.tooltip)}"{term}>{match.group(0)}</a>'

        return self.pattern.sub(replace, text)


def _spaced(text: str) -> str:
    """Words joined by single spaces: a name split across a line break is the same name."""
    return " ".join(text.split())


def _fold_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _first_letter_either_case(text: str) -> str:
    # Between the words of a name, any run of spaces and line breaks (hand-wrapped pages split names).
    words = [re.escape(word) for word in text.split()]
    first = text[:1]
    if words and first.isalpha() and first.lower() != first.upper():
        words[0] = f"[{re.escape(first.lower())}{re.escape(first.upper())}]{words[0][len(re.escape(first)) :]}"
    return r"\s+".join(words)


def _skipping(stack: list[str]) -> bool:
    return any(tag in _SKIP for tag in stack)


def build_linker(dataset: Dataset) -> Linker:
    """A linker for every name and alias of the collections whose names link (`linked_names` on their model)."""
    names: dict[str, Target] = {}
    for collection, model in COLLECTIONS.items():
        if not model.linked_names:
            continue
        for record in dataset.collection(collection).values():
            target = _target(dataset, collection, record)
            for name in _names(record):
                names[name] = target
    return Linker(names)


def _target(dataset: Dataset, collection: str, record: Record) -> Target:
    heading, about = record.link_preview(dataset.name_of)
    tooltip = f"{heading}: {about}" if about else heading
    key, url = f"{collection}/{record.id}", url_of(collection, record.id)
    if record.link_kind == "term":
        return Target(key, url, tooltip, "glossary-term", heading=heading)
    return Target(key, url, tooltip)


def _names(record: Record) -> list[str]:
    found: list[str] = []
    for field_name in record.linked_names:
        value = getattr(record, field_name)
        found += [value] if isinstance(value, str) else list(value)
    return found
