"""What a hand-written page may hold: no script, no event handlers, no script or data addresses, nothing loaded from elsewhere.

Pages arrive in pull requests from strangers and are published on merge, so their rendered
HTML is read here with a real HTML parser (the one a browser's is close to), and every
element or attribute that could run script, send the reader elsewhere on its own, load a
resource from another origin or break the site's own scripts is a problem with its line in
the Markdown source. Front-matter values are text: markup in them is a problem too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["PageProblem", "check_front_matter", "check_page_html", "format_page_problems"]

FORBIDDEN_ELEMENTS: dict[str, str] = {
    "script": "pages may not run script; charts come from a ```chart fence, behaviour from docs/assets/javascripts",
    "iframe": "pages may not embed other documents; link to the page instead",
    "frame": "pages may not embed other documents; link to the page instead",
    "frameset": "pages may not embed other documents; link to the page instead",
    "object": "pages may not embed plugins or other documents; link to the file instead",
    "embed": "pages may not embed plugins or other documents; link to the file instead",
    "applet": "pages may not embed plugins; remove it",
    "portal": "pages may not embed other documents; link to the page instead",
    "base": "a <base> element changes where every link of the page goes; remove it",
    "form": "pages may not hold forms; link to the issue tracker or the repository instead",
    "plaintext": "an obsolete element that turns the rest of the page, the site's scripts too, into text; use a code block",
    "xmp": "an obsolete element that shows markup as text; use a code block",
}
"""Elements a page may not contain, and how to do without each."""

RESOURCE_ELEMENTS = frozenset(
    {"img", "image", "iframe", "embed", "object", "video", "audio", "source", "track", "link", "input", "use", "script"}
)
"""Elements whose address attributes load something into the page (not merely a link the reader follows)."""

RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "href", "xlink:href", "background", "lowsrc"})
URL_ATTRIBUTES = frozenset(
    {
        *RESOURCE_ATTRIBUTES,
        "action",
        "formaction",
        "cite",
        "longdesc",
        "ping",
        "manifest",
        "codebase",
        "archive",
        "to",
        "from",
        "values",
        "by",
    }
)
"""Attributes holding addresses (SVG's `to`, `from`, `values` and `by` can animate an `href` into one)."""

BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_MARKUP = re.compile(r"<|>|&(?:#[0-9]+;?|#x[0-9a-f]+;?|[a-z][a-z0-9]*;)", re.IGNORECASE)
_THEME_NAMES = re.compile(r"__(?:config|search|drawer|toc|consent|palette|nav|md)(?:_|$)", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?^(?:-{3}|\.{3})[ \t]*$", re.DOTALL | re.MULTILINE)
_CSS_LOAD = re.compile(r"url\s*\(|@import|expression\s*\(|image-set\s*\(", re.IGNORECASE)
FRONT_MATTER_TEXT = (
    "title",
    "description",
    "kicker",
    "standfirst",
    "published_where",
    "published_when",
    "republished",
)
"""Front-matter keys whose values the theme prints into the page (overrides/partials/content.html): text only."""


@dataclass(frozen=True)
class PageProblem:
    """One thing a page may not hold: its line in the Markdown source (None when it cannot be found) and what to do."""

    line: int | None
    message: str


@dataclass(frozen=True)
class _Finding:
    """A problem found in the HTML, with the texts to look for in the Markdown source, best first."""

    needles: tuple[str, ...]
    message: str


def _normalised(value: str) -> str:
    """An address as a browser reads its scheme: spaces and control characters dropped, backslashes as slashes."""
    return _INVISIBLE.sub("", value).replace("\\", "/").lower()


def _addresses(name: str, value: str) -> list[str]:
    """The addresses in an attribute: `srcset` and SVG `values` hold several."""
    if name == "srcset":
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    if name == "values":
        return [part for part in value.split(";") if part.strip()]
    return [value]


def _attribute_findings(tag: str, name: str, value: str) -> list[_Finding]:
    """What is wrong with one attribute of one element."""
    if name.startswith("on"):
        return [_Finding((name, f"<{tag}"), f"`{name}` on <{tag}>: event-handler attributes run script; remove it")]
    if name in {"srcdoc", "formaction", "form"}:
        return [
            _Finding(
                (name, f"<{tag}"), f"`{name}` on <{tag}>: pages may not hold forms or embedded documents; remove it"
            )
        ]
    if name in {"id", "name"} and _THEME_NAMES.match(value):
        return [
            _Finding(
                (value, name, f"<{tag}"),
                f'{name}="{value}" on <{tag}>: Material reads this name; rename it',
            )
        ]
    if name == "style" and _CSS_LOAD.search(value):
        return [
            _Finding((name, f"<{tag}"), f"`style` on <{tag}> loads a resource; put styles in docs/assets/explainer.css")
        ]
    findings = []
    for address in _addresses(name, value) if name in URL_ATTRIBUTES else []:
        clean = _normalised(address)
        scheme = next((s for s in BAD_SCHEMES if clean.startswith(s)), None)
        if scheme is not None:
            findings.append(
                _Finding(
                    (scheme[:-1], address.strip(), f"{name}=", f"<{tag}"),
                    f"`{name}` on <{tag}> is a {scheme} address; link to a page or a file instead",
                )
            )
        elif (
            tag in RESOURCE_ELEMENTS
            and name in RESOURCE_ATTRIBUTES
            and (clean.startswith("//") or _SCHEME.match(clean))
        ):
            findings.append(
                _Finding(
                    (address.strip(), f"{name}=", f"<{tag}"),
                    f"<{tag}> loads {address.strip()} from another site; copy the file into docs/assets and use its relative path",
                )
            )
    return findings


def _element_findings(tag: str, attrs: dict[str, str]) -> list[_Finding]:
    """What is wrong with one element, itself and each of its attributes."""
    findings = []
    if tag in FORBIDDEN_ELEMENTS:
        findings.append(_Finding((f"<{tag}",), f"<{tag}> element: {FORBIDDEN_ELEMENTS[tag]}"))
    if tag == "meta" and "http-equiv" in attrs:
        what = attrs["http-equiv"].strip().lower()
        fix = "it sends the reader to another address on its own; link to it" if what == "refresh" else "remove it"
        findings.append(_Finding(("http-equiv", "<meta"), f'<meta http-equiv="{what}">: {fix}'))
    for name, value in attrs.items():
        findings += _attribute_findings(tag, name, value)
    return findings


class _Reader(HTMLParser):
    """Collects the findings of every element of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[_Finding] = []
        self.style_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.findings += _element_findings(tag, values)
        self.style_depth += tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.findings += _element_findings(tag, {name: value or "" for name, value in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self.style_depth:
            self.style_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.style_depth and _CSS_LOAD.search(data):
            self.findings.append(
                _Finding(("<style",), "<style> element loads a resource; put styles in docs/assets/explainer.css")
            )


def _body_start(source: str) -> int:
    """Where the Markdown of a page starts: after its front matter, if it has one."""
    front = _FRONT_MATTER.match(source)
    return front.end() if front else 0


def _line_of(source: str, needle: str, skip: int) -> int | None:
    """The line of the `skip`-th occurrence (from 0) of `needle` in `source`'s Markdown, or of its last; else None.

    The search ignores case and starts after the front matter; lines count from the top of the file.
    """
    lowered, target = source.lower(), needle.lower()
    starts: list[int] = []
    at = lowered.find(target, _body_start(source))
    while at != -1 and len(starts) <= skip:
        starts.append(at)
        at = lowered.find(target, at + 1)
    if not starts:
        return None
    return source.count("\n", 0, starts[min(skip, len(starts) - 1)]) + 1


def check_page_html(html: str, source: str) -> list[PageProblem]:
    """Every problem in a hand-written page's rendered `html`, each with its line in the Markdown `source`."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    seen: dict[tuple[str, ...], int] = {}
    problems = []
    for finding in reader.findings:
        skip = seen.get(finding.needles, 0)
        seen[finding.needles] = skip + 1
        line = next(filter(None, (_line_of(source, needle, skip) for needle in finding.needles)), None)
        problems.append(PageProblem(line, finding.message))
    return sorted(problems, key=lambda problem: (problem.line is None, problem.line or 0))


def check_front_matter(meta: Mapping[str, object], source: str) -> list[PageProblem]:
    """Markup in the front-matter values the theme prints (`title`, `description`), each with its line."""
    problems = []
    for key in FRONT_MATTER_TEXT:
        value = meta.get(key)
        if not isinstance(value, str):
            continue
        found = _MARKUP.search(value)
        if found:
            line = next((n for n, text in enumerate(source.splitlines(), 1) if text.startswith(f"{key}:")), None)
            problems.append(
                PageProblem(
                    line,
                    f"front-matter {key} holds markup ({found.group(0)!r}); it is shown as text: "
                    "write it without tags or character references",
                )
            )
    return problems


def format_page_problems(path: str, problems: Iterable[PageProblem]) -> str:
    """The problems of one page, one a line: `docs/page.md:line: message`."""
    return "\n".join(f"{path}:{p.line}: {p.message}" if p.line else f"{path}: {p.message}" for p in problems)
