"""The `[@id]` citation syntax of hand-written pages: numbered references and a list of the sources cited."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING

from explainer.hints import did_you_mean
from explainer.loading import one_line
from explainer.markup import References
from explainer.schema import CITATION

if TYPE_CHECKING:
    from collections.abc import Callable

    from explainer.dataset import Dataset

__all__ = ["CITATION", "CitationError", "render_citations"]


class CitationError(ValueError):
    """A hand-written page cites a source id that has no file, or writes a citation wrongly.

    `unknown` lists `(line, message)` of each problem.
    """

    def __init__(self, unknown: list[tuple[int, str]]) -> None:
        self.unknown = tuple(unknown)
        super().__init__("; ".join(f"line {line}: {message}" for line, message in self.unknown))

    def report(self, path: str) -> str:
        """Each problem as `path:line: message`, one a line."""
        return "\n".join(f"{path}:{line}: {message}" for line, message in self.unknown)


_LOOKS_LIKE_CITATION = re.compile(r"\[\s*@[^\]\n]{0,200}\]")
"""What a reader would take for a citation: `[@` up to the next `]` on the line."""


def _malformed(line: str) -> list[str]:
    """The would-be citations left in a line after the real ones were replaced (`[@S076]`, `[@s1, @s2]`)."""
    found: list[str] = []

    def collect(text: str) -> str:
        found.extend(m for m in _LOOKS_LIKE_CITATION.findall(text) if not CITATION.fullmatch(m))  # unknown ids: below
        return text

    _outside_code(line, collect)
    return found


# Markdown acts on these inside inline HTML too (a `[text](javascript:…)` in a source's
# title would become a link inside the reference's attributes). None occurs in the tag
# syntax of the references, so each becomes a character reference, which reads the same.
_MARKDOWN_INLINE = MappingProxyType(str.maketrans({char: f"&#{ord(char)};" for char in "[]()*_`\\{}!~^"}))


_SPACED_CITATION = re.compile(r"[ \t]*" + CITATION.pattern)
"""A citation with the spaces before it, which go: the references join the word they support."""

_CODE_SPAN = re.compile(r"(`+).+?\1")


def _outside_code(line: str, change: Callable[[str], str]) -> str:
    """`line` with `change` applied to its text outside code spans, which show the syntax itself."""
    out, start = [], 0
    for span in _CODE_SPAN.finditer(line):
        out += [change(line[start : span.start()]), span.group(0)]
        start = span.end()
    return "".join([*out, change(line[start:])])


def render_citations(markdown: str, dataset: Dataset, page_url: str, first_line: int = 1) -> str:
    """Replace `[@s001; @s002]` with numbered references and list the sources at the end.

    `first_line` is the line of the page file where `markdown` starts (after its front
    matter), for the line numbers of unknown ids.
    """
    references = References(dataset.sources, page_url, dataset.text("sources.summary"))
    unknown: list[tuple[int, str]] = []
    at = first_line

    def replace(match: re.Match[str]) -> str:
        ids = [part.strip().lstrip("@") for part in match.group(1).split(";")]
        missing = [i for i in ids if i not in dataset.sources]
        for source_id in missing:
            hint = did_you_mean(source_id, sorted(dataset.sources))
            unknown.append(
                (at, f"[@{source_id}]: unknown source id '{source_id}': no file data/sources/{source_id}.yaml{hint}")
            )
        if missing:
            return match.group(0)
        return references.cite(ids).translate(_MARKDOWN_INLINE)

    lines = markdown.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        at = first_line + index
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            lines[index] = _outside_code(line, lambda text: _SPACED_CITATION.sub(replace, text))
            unknown += [
                (
                    at,
                    f"not a citation: '{one_line(m)}'; write lowercase source ids, each with its @, separated by ';', "
                    "as in [@s001; @s002]",
                )
                for m in _malformed(lines[index])
            ]
    if unknown:
        raise CitationError(sorted(unknown, key=lambda item: item[0]))
    if not references.numbers:
        return markdown
    return "\n".join(lines).rstrip() + "\n\n" + references.section() + "\n"
