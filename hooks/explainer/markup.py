"""Escaped HTML pieces the generated pages share: links, numbered source references, tables, claims, stances.

Every string from the data is escaped here, where it lands in HTML; `stash_html` and
`restore_html` carry a generated page's raw HTML past the Markdown renderer unchanged.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING

from explainer.formatting import STANCE_LABELS, STANCE_MARKS, esc, format_date, format_figure, format_status
from explainer.schema import CITATION
from explainer.urls import relative_url, url_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from explainer.schema import Actor, Claim, Position, Source

__all__ = [
    "References",
    "citation",
    "claim_cell",
    "claim_inline",
    "data_text",
    "host",
    "infobox",
    "link",
    "publisher_line",
    "restore_html",
    "stance_badge",
    "stash_html",
    "statement",
    "table",
]


def link(from_url: str, to_url: str, text: str, **attrs: str) -> str:
    """A link from the page at `from_url` to `to_url`; `class_="x"` becomes `class="x"`."""
    extra = "".join(f' {k.rstrip("_")}="{esc(v)}"' for k, v in attrs.items())
    return f'<a href="{esc(relative_url(from_url, to_url))}"{extra}>{esc(text)}</a>'


class References:
    """A page's numbered references to sources, numbered in order of first use, and their list."""

    def __init__(self, sources: Mapping[str, Source], url: str, summary: str = "Sources ({count})") -> None:
        self.sources = sources
        self.url = url
        self.summary = summary
        """The wording of the collapsed list's summary line; `{count}` is the number of sources."""
        self.numbers: dict[str, int] = {}

    def cite(self, source_ids: Iterable[str]) -> str:
        """A run of numbered references, sorted and collapsed (`[1–3, 6]`), each number a link to its source.

        The run starts with a word joiner so that it never wraps onto a line of its own, away
        from the word it supports; a source cited twice in a run is shown once.
        """
        numbered: dict[int, str] = {}
        for source_id in source_ids:
            numbered.setdefault(self.numbers.setdefault(source_id, len(self.numbers) + 1), source_id)
        if not numbered:
            return ""
        parts = []
        for run in _runs(sorted(numbered)):
            links = [self._ref(numbered[n], n) for n in (run if len(run) < _RANGE_FROM else (run[0], run[-1]))]
            parts.append(_RANGE_DASH.join(links) if len(run) >= _RANGE_FROM else _RUN_COMMA.join(links))
        return f'\u2060<sup class="refs">[{_RUN_COMMA.join(parts)}]</sup>'

    def _ref(self, source_id: str, number: int) -> str:
        """One numbered reference: a link to the source in the bibliography, with what its preview shows."""
        source = self.sources[source_id]
        href = esc(relative_url(self.url, url_of("sources", source_id)))
        data = {
            "source": source_id,
            "title": source.title,
            "publisher": publisher_line(source),
            "date": format_date(source.published) if source.published else "",
            "url": source.url,
            "flags": " ".join(f.value for f in source.flags),
            "archived": source.archived or "",
            "checked": format_date(source.checked) if source.checked else "",
        }
        attrs = "".join(f' data-{k}="{esc(v)}"' for k, v in data.items() if v)
        label = esc(f"Source {number}: {source.title}, {publisher_line(source)}")
        return f'<a href="{href}" class="ref"{attrs} aria-label="{label}">{number}</a>'

    def section(self) -> str:
        """The list of the cited sources by number, collapsed behind one line ("Sources (21)").

        A reader meets each source in place, in its reference's preview, so the list waits
        below a summary line instead of filling the foot of the page; `#references` and each
        entry's `#ref-N` stay addressable (the site's script opens the list for them).
        """
        items = []
        for source_id, number in sorted(self.numbers.items(), key=lambda item: item[1]):
            source = self.sources[source_id]
            bibliography = link(self.url, url_of("sources", source_id), "In the bibliography")
            items.append(f'<li value="{number}" id="ref-{number}">{citation(source)} {bibliography}</li>')
        summary = esc(self.summary.replace("{count}", str(len(items))))
        return (
            f'<details class="references-block" id="references"><summary>{summary}</summary>\n'
            f'<ol class="references">\n{"".join(items)}\n</ol></details>'
        )


# Characters Markdown gives a meaning to, even inside a line of HTML; as character references they
# read the same and mean nothing to it. Together with one line per paragraph, this keeps data text
# from ever becoming a heading, a list, a table, a code fence or a chart.
_INERT = MappingProxyType(
    str.maketrans(
        {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
        | {char: f"&#{ord(char)};" for char in "`*_[]|#\\~{}="}
    )
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

_RANGE_FROM = 3
"""Three or more consecutive numbers are shown as a range (`1–3`); two stay a pair (`6, 7`)."""
_RANGE_DASH = '<span class="refs__dash">–</span>'
_RUN_COMMA = '<span class="refs__comma">,</span>'


def _runs(numbers: list[int]) -> list[list[int]]:
    """Sorted numbers split into runs of consecutive ones: `[1, 2, 3, 6]` → `[[1, 2, 3], [6]]`."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _inert(text: str) -> str:
    """`text` escaped for HTML in one pass (so no reference is escaped twice), Markdown's characters included."""
    return re.sub(r"\s+", " ", text).translate(_INERT)


def data_text(
    text: str, cite: Callable[[list[str]], str], sources: Sequence[str] = (), *, css: str = "", inline: bool = False
) -> str:
    """Free text from the data as HTML: escaped, inert to Markdown, its `[@id]` citations as numbered references.

    `cite` turns source ids into the page's numbered references (a page's `References.cite`,
    so that data text and the rest of the page share one numbering). Paragraphs are separated
    by blank lines and become `<p>` elements (`<br>` between them when `inline`, for a table
    cell or a line of text). A text that cites nothing cites `sources` at its end.
    """
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]
    cites_itself = CITATION.search(text) is not None
    rendered = []
    for index, paragraph in enumerate(paragraphs):
        out, start = [], 0
        for match in CITATION.finditer(paragraph):
            out.append(_inert(paragraph[start : match.start()].rstrip()))
            out.append(cite([part.strip().lstrip("@") for part in match.group(1).split(";")]))
            start = match.end()
        out.append(_inert(paragraph[start:]))
        if not cites_itself and index == len(paragraphs) - 1 and sources:
            out.append(cite(list(sources)))
        rendered.append("".join(out).strip())
    if inline:
        return "<br>".join(rendered)
    attrs = f' class="{esc(css)}"' if css else ""
    return "".join(f"<p{attrs}>{paragraph}</p>" for paragraph in rendered)


def publisher_line(source: Source) -> str:
    """Who published a source: the original outlet first, for a copy ("AP, via localnews8.com")."""
    if source.original_publisher:
        return f"{source.original_publisher}, via {host(source.url)}"
    return source.publisher


_RECONSTRUCTED = (
    '<span class="reconstructed" title="Headline reconstructed from the address">'
    '<span aria-hidden="true">†</span><span class="visually-hidden"> (headline reconstructed from the address)</span></span>'
)
"""The quiet mark after a title that was reconstructed; the methodology page explains it."""


def citation(source: Source) -> str:
    """A source in one line of HTML: title, publisher (the original outlet first), date, address."""
    when = f", {esc(format_date(source.published))}" if source.published else ""
    reconstructed = _RECONSTRUCTED if source.title_reconstructed else ""
    flags = "".join(f' <span class="flag flag--{esc(f.value)}">{esc(f.value)}</span>' for f in source.flags)
    address = (
        f'<a href="{esc(source.url)}" rel="nofollow noopener noreferrer" class="external">{esc(host(source.url))}</a>'
    )
    return f"<cite>{esc(source.title)}</cite>{reconstructed}. {esc(publisher_line(source))}{when}. {address}.{_upkeep(source)}{flags}"


def _upkeep(source: Source) -> str:
    """The archived copy of a source and when its address was last verified, where the data gives them."""
    archived = (
        f' <a href="{esc(source.archived)}" rel="nofollow noopener noreferrer" class="external archived">Archived copy</a>.'
        if source.archived
        else ""
    )
    checked = (
        f' <span class="checked">Address checked <time datetime="{esc(source.checked)}">'
        f"{esc(format_date(source.checked))}</time>.</span>"
        if source.checked
        else ""
    )
    return archived + checked


def host(url: str) -> str:
    """The host of an address, without `www.`, in ASCII: `https://www.bbc.com/news` → `bbc.com`.

    A host in other letters is shown as the browser goes there, in punycode (`xn--…`), so
    that a look-alike of a known site cannot pass for it.
    """
    name = re.split(r"[/?#]", url.split("//", 1)[-1], maxsplit=1)[0].rpartition("@")[2].removeprefix("www.")
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name.encode("ascii", "backslashreplace").decode("ascii")


def _status(claim: Claim, actors: Mapping[str, Actor]) -> str:
    status = format_status(claim, dict(actors))
    return f'<span class="status status--{esc(claim.status.value)}">{esc(status)}</span>'


def claim_cell(claim: Claim, actors: Mapping[str, Actor], refs: str, cite: Callable[[list[str]], str]) -> str:
    """A claim as one table cell: the figure and its status first, its references `refs`, then its label and note.

    One cell, not one per part, keeps a table of claims two columns wide (property, claim),
    so that it fits a phone's column; `cite` turns the citations in the note into the page's
    numbered references (see `data_text`).
    """
    label = f'<span class="claim-label">{esc(claim.label)}</span>' if claim.label else ""
    note = f'<span class="claim-note">{data_text(claim.note, cite, inline=True)}</span>' if claim.note else ""
    return (
        f'<td class="claim-cell"><span class="figure">{esc(format_figure(claim))}</span> '
        f"{_status(claim, actors)}{refs}{label}{note}</td>"
    )


def claim_inline(claim: Claim, actors: Mapping[str, Actor], refs: str) -> str:
    """A claim in a line of text: figure, label, status, references `refs`."""
    label = f" ({esc(claim.label)})" if claim.label else ""
    return f'<span class="claim">{esc(format_figure(claim))}{label} {_status(claim, actors)}{refs}</span>'


def stance_badge(position: Position) -> str:
    """A position's stance as a badge: its mark (hidden from screen readers) and its words."""
    stance = position.stance
    return (
        f'<span class="stance stance--{esc(stance.value)}">'
        f'<span aria-hidden="true">{STANCE_MARKS[stance]}</span> {esc(STANCE_LABELS[stance])}</span>'
    )


def statement(position: Position, cite: Callable[[list[str]], str], sources: Sequence[str] = ()) -> str:
    """What a position says: its summary (citing `sources` if it cites nothing), the quote (and who spoke), the note.

    `cite` turns source ids into the page's numbered references (see `data_text`).
    """
    text = data_text(position.summary, cite, sources)
    if position.quote:
        by = f' <span class="quote-by">— {esc(position.quote_by)}</span>' if position.quote_by else ""
        text += f"<blockquote><p>“{data_text(position.quote, cite, inline=True)}”{by}</p></blockquote>"
    if position.note:
        text += data_text(position.note, cite, css="note")
    return text


_TABLE_LABELS = MappingProxyType(
    {
        "specs": "Specifications",
        "positions": "Positions",
        "weapons": "Weapons",
        "matrix": "Positions by actor and topic",
        "places": "Places",
    }
)


def table(head: Iterable[str], rows: Iterable[str], caption: str = "", css: str = "", *, cards: bool = False) -> str:
    """A data table (HTML cells given) in a scrolling region named after its `css` class.

    With `cards`, each row reads as a card on a phone (the table stays a table for screen
    readers); a cell's `data-label` is then shown before it, as its column heading.
    """
    cells = "".join(f'<th scope="col">{h}</th>' for h in head)
    cap = f"<caption>{caption}</caption>" if caption else ""
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    classes = " ".join(c for c in ("data", css, "cards" if cards else "") if c)
    html = f'<table class="{classes}">{cap}<thead><tr>{cells}</tr></thead>\n<tbody>\n{body}\n</tbody></table>'
    label = esc(_TABLE_LABELS.get(css, "Data"))
    return f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label} table">{html}</div>'


def infobox(rows: Iterable[tuple[str, str]]) -> str:
    """The at-a-glance box of a record's page (label and HTML value given); nothing when there are no rows."""
    items = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows if value)
    return f'<div class="infobox"><dl>{items}</dl></div>' if items else ""


# Raw HTML passed through --------------------------------------------------------------

_RAW_BLOCK = re.compile(r"<(?:article|aside|blockquote|details|div|dl|figure|h[1-6]|ol|p|section|table|ul)[\s>]")
_PLACEHOLDER = re.compile(r"<!--explainer-html-(\d+)-->")


def stash_html(markdown: str) -> tuple[str, list[str]]:
    """A generated page's Markdown with each block of raw HTML replaced by a placeholder comment, and the blocks.

    Python-Markdown passes such a block through unchanged, but only after reading it with
    Python's HTML parser, which was most of the time spent rendering generated pages. A
    one-line comment passes through the same way, and `restore_html` puts the block back
    in the rendered page. A block is a run of lines between blank lines that starts with a
    block-level tag and ends with a tag; code fences stay Markdown.
    """
    blocks: list[str] = []
    parts = markdown.split("\n\n")
    for index, part in enumerate(parts):
        body = part.rstrip("\n")
        if _RAW_BLOCK.match(body) and body.endswith(">") and "```" not in body and "markdown=" not in body:
            parts[index] = f"<!--explainer-html-{len(blocks)}-->{part[len(body) :]}"
            blocks.append(body)
    return "\n\n".join(parts), blocks


def restore_html(html: str, blocks: list[str]) -> str:
    """Put back the blocks that `stash_html` took out of a page."""
    return _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html) if blocks else html
