"""Where a page comes from and how to cite it: git dates, citations, corrections, the feed.

Dates come from git only (the last commit that touched a page's sources), so the same
commit always builds the same bytes. Outside a git checkout no date is shown.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape

from explainer.formatting import esc, format_date
from explainer.markup import data_text
from explainer.schema import strip_citations
from explainer.urls import FEED_PATH, relative_url, url_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from explainer.schema import Correction

__all__ = [
    "CORRECTIONS_ANCHOR",
    "OriginalWork",
    "PageInfo",
    "after_title",
    "format_apa",
    "format_bibtex",
    "git_dates",
    "last_change",
    "last_updated",
    "render_atom",
    "render_correction_flag",
    "render_correction_notes",
    "render_page_tools",
    "report_url",
]


def git_dates(root: Path, *, first: bool = False) -> dict[str, str]:
    """The date (YYYY-MM-DD) of the last commit touching each tracked file, relative to `root`; with `first`, of the first."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        prefix = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            current = line[1:]
        elif line and current:
            path = line.removeprefix(prefix)
            if first:
                dates[path] = current  # the log runs newest first: the last one seen is the oldest
            else:
                dates.setdefault(path, current)
    return dates


def last_change(dates: dict[str, str]) -> str:
    """When the site last changed (YYYY-MM-DD): its newest commit, else `SOURCE_DATE_EPOCH`, else today."""
    if dates:
        return max(dates.values())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(tz=UTC)
    return moment.date().isoformat()


def last_updated(dates: dict[str, str], paths: Iterable[str]) -> str | None:
    """The newest date among `paths`; a folder path stands for every file under it."""
    found = []
    for path in paths:
        if path in dates:
            found.append(dates[path])
        else:
            folder = path.rstrip("/") + "/"
            found += [d for p, d in dates.items() if p.startswith(folder)]
    return max(found) if found else None


@dataclass(frozen=True)
class OriginalWork:
    """The work a hand-written page reproduces, from its front matter (`original:`), cited apart from the page.

    `label` names it for readers ("The original article"); `site` is where the copy read is
    published; `note` says what is not known (author, date), for the BibTeX entry.
    """

    label: str
    title: str
    url: str
    site: str
    note: str = ""

    @classmethod
    def from_meta(cls, meta: Mapping[str, object]) -> OriginalWork | None:
        """The `original:` mapping of a page's front matter, or None when it has none or lacks a field."""
        value = meta.get("original")
        if not isinstance(value, dict):
            return None
        fields = {key: str(value[key]) for key in ("label", "title", "url", "site", "note") if value.get(key)}
        if not {"label", "title", "url", "site"} <= set(fields):
            return None
        return cls(**fields)


@dataclass(frozen=True)
class PageInfo:
    """What the page tools need to know about a page."""

    title: str
    url: str
    canonical: str
    site_name: str
    updated: str | None
    repo_url: str | None
    original: OriginalWork | None = None


_BIBTEX_SPECIAL = re.compile(r"([{}\\&%$#_^~])")


def format_apa(info: PageInfo) -> str:
    """An APA-style reference for a web page without a named author."""
    when = _apa_date(info.updated) if info.updated else "n.d."
    return f"{info.title}. ({when}). {info.site_name}. {info.canonical}"


def _apa_date(value: str) -> str:
    parts = format_date(value).split(" ")
    if len(parts) == 3:
        return f"{parts[2]}, {parts[1]} {parts[0]}"
    return format_date(value)


def format_bibtex(info: PageInfo) -> str:
    """A BibTeX `@misc` entry for the page."""
    key = re.sub(r"[^a-z0-9]+", "-", (info.url.strip("/") or "home").lower()).strip("-")
    fields = [
        ("title", _bibtex_text(info.title)),
        ("howpublished", "\\url{" + info.canonical.replace("}", "%7D").replace("{", "%7B") + "}"),
        ("organization", _bibtex_text(info.site_name)),
    ]
    if info.updated:
        fields.append(("year", info.updated[:4]))
        fields.append(("note", f"Last updated {info.updated}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def format_original_apa(work: OriginalWork) -> str:
    """An APA-style reference for the original work: no author named, no publication date known."""
    return f"{work.title}. (n.d.). {work.site}. {work.url}"


def format_original_bibtex(work: OriginalWork) -> str:
    """A BibTeX `@misc` entry for the original work, its unknowns in `note`."""
    fields = [
        ("title", _bibtex_text(work.title)),
        ("howpublished", "\\url{" + work.url.replace("}", "%7D").replace("{", "%7B") + "}"),
        ("organization", _bibtex_text(work.site)),
    ]
    if work.note:
        fields.append(("note", _bibtex_text(work.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{original,\n{body}\n}}"


def _bibtex_text(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", value)


def report_url(info: PageInfo) -> str | None:
    """A new-issue link pre-filled with the page and the fact-error template."""
    if not info.repo_url:
        return None
    query = urlencode({"template": "fact-error.yml", "title": f"Fact error on: {info.title}", "page": info.canonical})
    return f"{info.repo_url.rstrip('/')}/issues/new?{query}"


def render_page_tools(info: PageInfo) -> str:
    """The block under every page: last updated, cite this page, report an error."""
    # Not searched: the same words on every page would only make every page match.
    parts = ['<aside class="page-tools" aria-label="About this page" data-search-exclude>']
    if info.updated:
        parts.append(
            f'<p class="last-updated">Last updated <time datetime="{esc(info.updated)}">{esc(format_date(info.updated))}</time></p>'
        )
    parts.append('<details class="cite-this"><summary>Cite this page</summary>')
    if info.original:
        work = info.original
        parts.append(f'<p class="cite-what">{esc(work.label)}</p>')
        parts += _citation_blocks("original", format_original_apa(work), format_original_bibtex(work))
        parts.append(f'<p class="cite-what">{esc(info.site_name)}</p>')
    parts += _citation_blocks("", format_apa(info), format_bibtex(info))
    parts.append("</details>")
    url = report_url(info)
    if url:
        parts.append(
            f'<p class="report-error"><a href="{esc(url)}" rel="nofollow">Report an error on this page</a></p>'
        )
    parts.append("</aside>")
    return "".join(parts)


def _citation_blocks(prefix: str, apa: str, bibtex: str) -> list[str]:
    """An APA and a BibTeX reference, each with its copy button; `prefix` keeps the ids of a second pair apart."""
    blocks = []
    for label, text in (("APA", apa), ("BibTeX", bibtex)):
        slug = f"{prefix}-{label.lower()}" if prefix else label.lower()
        blocks.append(
            f'<div class="citation"><p class="citation-label" id="cite-{slug}-label">{label}</p>'
            f'<pre class="citation-text" aria-labelledby="cite-{slug}-label"><code>{esc(text)}</code></pre>'
            f'<button type="button" class="md-button copy-citation" data-copy-target="cite-{slug}-label">Copy {label}</button></div>'
        )
    return blocks


def _uncited(_ids: list[str]) -> str:
    """A note at the top of a page shows no references: the correction in the log carries them."""
    return ""


CORRECTIONS_ANCHOR = "corrections-on-this-page"
"""The id of a page's correction notes, at its foot, which the line under its title links to."""


def render_correction_flag(corrections: list[Correction]) -> str:
    """One line under a page's title saying that it was corrected, linking to the notes at its foot."""
    if not corrections:
        return ""
    latest = max(c.date for c in corrections)
    return (
        f'<p class="correction-flag"><a href="#{CORRECTIONS_ANCHOR}">Corrected</a> '
        f'<time datetime="{esc(latest)}">{esc(format_date(latest))}</time></p>'
    )


def render_correction_notes(corrections: list[Correction], page_url: str) -> str:
    """The notes at the foot of a page: each correction that concerns it, what changed and a link to why."""
    if not corrections:
        return ""
    items = "".join(
        f'<li><time datetime="{esc(c.date)}">{esc(format_date(c.date))}</time>: {data_text(c.summary, _uncited, inline=True)} '
        f'<a href="{esc(relative_url(page_url, url_of("corrections", c.id)))}">Why</a></li>'
        for c in corrections
    )
    return (
        f'<div class="admonition note correction-note" role="note" id="{CORRECTIONS_ANCHOR}">'
        '<p class="admonition-title">Corrections</p>'
        f"<p>An earlier version of this page was corrected:</p><ul>{items}</ul></div>"
    )


def after_title(html: str, fragment: str) -> str:
    """`html` with `fragment` right after its first `<h1>` (at the top when it has none)."""
    if not fragment:
        return html
    end = html.find("</h1>")
    if end < 0:
        return fragment + html
    end += len("</h1>")
    return html[:end] + fragment + html[end:]


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, not even as references."""


def _xml(text: str, *, attribute: bool = False) -> str:
    """`text` as XML character data (or a quoted attribute value): escaped, with the characters XML forbids dropped."""
    return xml_escape(_NOT_XML.sub("", text), {'"': "&quot;"} if attribute else {})


def render_atom(corrections: list[Correction], site_url: str, site_name: str, empty_since: str) -> str:
    """An Atom feed of corrections, newest first, with stable ids and dates.

    `empty_since` (YYYY-MM-DD) dates a feed that has no entry yet: when the site last changed.
    """
    base = site_url.rstrip("/") + "/"
    entries = sorted(corrections, key=lambda c: (c.date, c.id), reverse=True)
    updated = f"{entries[0].date if entries else empty_since}T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{_xml(site_name)}: corrections</title>",
        f"<id>{_xml(base)}corrections/</id>",
        f'<link rel="alternate" type="text/html" href="{_xml(base, attribute=True)}corrections/"/>',
        f'<link rel="self" type="application/atom+xml" href="{_xml(base + FEED_PATH, attribute=True)}"/>',
        f"<updated>{updated}</updated>",
    ]
    for c in entries:
        link = base + url_of("corrections", c.id)
        out += [
            "<entry>",
            f"<title>{_xml(strip_citations(c.summary)[:120])}</title>",
            f"<id>{_xml(link)}</id>",
            f'<link rel="alternate" type="text/html" href="{_xml(link, attribute=True)}"/>',
            f"<updated>{c.date}T00:00:00Z</updated>",
            f'<summary type="text">{_xml(strip_citations(c.summary + " Why: " + c.reason))}</summary>',
            "<author><name>Editors</name></author>",
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
