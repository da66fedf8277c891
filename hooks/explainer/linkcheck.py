"""Link rot: which source addresses still answer, and the issue text that lists the dead ones.

The scheduled links workflow prints every source address (`explainer links`), checks each
one, and files the report this module writes as one issue, with an archive address to try
for each dead page. Checking uses only the standard library, so it runs anywhere.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from explainer.schema import Source

__all__ = ["LinkResult", "check_link", "check_links", "format_report", "source_urls"]

_USER_AGENT = "explainer-link-check (+https://github.com/)"
_WAYBACK = "https://web.archive.org/web/*/"


@dataclass(frozen=True)
class LinkResult:
    """What one address answered: its HTTP status (0 when nothing answered) and where it ended."""

    source_id: str
    url: str
    status: int
    final_url: str
    error: str = ""

    @property
    def dead(self) -> bool:
        """Whether readers following the address would not reach a page (no answer, or a 4xx/5xx status)."""
        return self.status == 0 or self.status >= 400


def source_urls(sources: Mapping[str, Source]) -> list[tuple[str, str]]:
    """`(id, url)` of every source, in id order: what the link check reads."""
    return [(source_id, sources[source_id].url) for source_id in sorted(sources)]


def check_link(source_id: str, url: str, timeout: float = 20.0) -> LinkResult:
    """Fetch `url` (following redirects) and report its final status; a network failure is status 0."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})  # noqa: S310 - http(s) only, checked by the schema
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return LinkResult(source_id, url, response.status, response.geturl())
    except urllib.error.HTTPError as error:
        return LinkResult(source_id, url, error.code, error.geturl() or url, str(error.reason))
    except (urllib.error.URLError, OSError, ValueError) as error:
        return LinkResult(source_id, url, 0, url, str(getattr(error, "reason", error)))


def check_links(urls: Iterable[tuple[str, str]], timeout: float = 20.0) -> list[LinkResult]:
    """Check each `(id, url)`, one after the other (the sites are many and small: no burst at any one)."""
    return [check_link(source_id, url, timeout) for source_id, url in urls]


def format_report(results: Iterable[LinkResult]) -> str:
    """The issue body: each dead address with its status and a Wayback Machine search for an archived copy."""
    checked = list(results)
    dead = [r for r in checked if r.dead]
    lines = [f"{len(dead)} of {len(checked)} source addresses did not answer with a page.", ""]
    if not dead:
        return lines[0] + "\n"
    lines += ["| Source | Address | Answer | Archived copies |", "|---|---|---|---|"]
    for result in dead:
        answer = str(result.status) if result.status else f"no answer ({_cell(result.error)})"
        wayback = _WAYBACK + quote(result.url, safe=":/?&=%#")
        lines.append(f"| `{result.source_id}` | {_cell(result.url)} | {answer} | [Wayback Machine]({wayback}) |")
    lines += [
        "",
        "For each: find an archived copy and add it as `archived:` to the source's file "
        "(or replace the address if the page moved), and set `checked:` to today.",
    ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """`text` safe inside a Markdown table cell on one line."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")
