"""The Content-Security-Policy of each page: only the site's own files, and the inline scripts and styles the build wrote, by hash.

The policy is a `<meta http-equiv="Content-Security-Policy">` (GitHub Pages sets no headers),
put at the top of the `<head>` so that it covers every script after it. Each page's policy
lists the sha256 hash of every inline `<script>` and `style` attribute in that page's final
HTML and in the content of every other page (Material's instant navigation swaps that
content in without a new policy), so script or style that reaches a page some other way
(from a pull request, from data) does not apply.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from html import unescape

__all__ = [
    "PLOTLY_STYLE_ATTRIBUTES",
    "POLICY",
    "InlineSources",
    "content_security_policy",
    "inline_sources",
    "with_content_security_policy",
]

POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),
    ("style-src", ("'self'",)),
    ("style-src-elem", ("'self'",)),
    ("style-src-attr", ("'unsafe-hashes'",)),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("media-src", ("'none'",)),
    ("frame-src", ("'none'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)
"""Each directive and its sources: `script-src` gets the hashes of the inline scripts, `style-src-attr`
those of the `style` attributes (`'unsafe-hashes'` lets a hash allow an attribute, nothing else).

No `'unsafe-inline'` anywhere: plotly.js would write its rules into a `<style>` element, but
it leaves that to the page when an element `#plotly.js-style-global.no-inline-styles` exists
(`assets/javascripts/charts.js` adds one, and the chart pages link the same rules from
`assets/vendor/plotly-*.css`). `img-src` allows `data:` for the icons Material's stylesheet
embeds as data addresses.
"""

PLOTLY_STYLE_ATTRIBUTES = (
    "font-size:70%",
    "text-decoration:line-through",
    "text-decoration:underline",
    "font-weight:bold",
    "font-style:italic",
    "cursor:pointer",
    "font-style:italic;font-weight:bold",
)
"""The `style` attributes plotly.js gives the `<tspan>` of a label's `<sup>`, `<sub>`, `<s>`, `<u>`,
`<b>`, `<i>`, `<a>` and `<em>` (its `TAG_STYLES`): allowed by hash on every page."""

_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta charset=[^>]*>", re.IGNORECASE)
_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_STYLE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class InlineSources:
    """The hashes of the inline scripts and `style` attributes of some HTML, each as a CSP source."""

    scripts: frozenset[str] = frozenset()
    styles: frozenset[str] = frozenset()

    def __or__(self, other: InlineSources) -> InlineSources:
        return InlineSources(self.scripts | other.scripts, self.styles | other.styles)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_sources(html: str) -> InlineSources:
    """The hashes of the inline scripts (the JSON ones too, which do not run) and `style` attributes in `html`.

    Read with patterns rather than a parser, for speed (every page is read twice): a `style="…"`
    written as text in a page adds a harmless hash, and an attribute value is hashed as the
    browser reads it, with its character references decoded.
    """
    html = html.replace("\r\n", "\n").replace("\r", "\n")
    scripts = {_hash(m["body"]) for m in _SCRIPT.finditer(html) if not _SRC.search(m["attrs"])}
    styles = {_hash(unescape(next(v for v in m.groups() if v is not None))) for m in _STYLE.finditer(html)}
    return InlineSources(frozenset(scripts), frozenset(styles))


def content_security_policy(inline: InlineSources) -> str:
    """The policy: `POLICY`, with the hashes of the inline scripts and `style` attributes it allows."""
    extra = {
        "script-src": sorted(inline.scripts),
        "style-src-attr": sorted(inline.styles | {_hash(style) for style in PLOTLY_STYLE_ATTRIBUTES}),
    }
    return "; ".join(" ".join((directive, *sources, *extra.get(directive, ()))) for directive, sources in POLICY)


def with_content_security_policy(html: str, shared: InlineSources = InlineSources()) -> str:
    """The page with its policy first in its `<head>` (after `<meta charset>`, which must stay in the first 1024 bytes).

    The policy allows the page's own inline scripts and styles and those in `shared`: the
    content of every page, which Material's instant navigation swaps in under this page's policy.
    A page without a head is returned unchanged.
    """
    head = _HEAD.search(html)
    if head is None:
        return html
    at = head.end()
    charset = _CHARSET.match(html, at)
    at = charset.end() if charset else at
    policy = content_security_policy(inline_sources(html) | shared)
    return f'{html[:at]}\n  <meta http-equiv="Content-Security-Policy" content="{policy}">{html[at:]}'
