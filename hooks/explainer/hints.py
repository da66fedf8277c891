"""Plain-words messages, each with a `help:` fix, for the commonest mistakes in a data file.

The parser and the validator describe a problem in their own terms ("mapping values are
not allowed in this context", a regular expression); these functions turn each into what
is wrong in words a contributor knows and how to fix it, and find the "did you mean".
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    import yaml

__all__ = ["ID_WORDS", "Hint", "did_you_mean", "pattern_words", "slug", "validation_hint", "yaml_hint"]

Hint = tuple[int, int, str, str]
"""`(line, col, message, help)`: where a problem is (counting from 1), what it is and its fix."""

ID_WORDS = "lowercase letters, digits and single hyphens"
"""What an id is made of, in words (the guide's, the check's and the template's)."""
_PATTERN_WORDS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": (f"an id is {ID_WORDS}", "for example `united-kingdom` or `s143`"),
    r"^[a-z]{2}$": ("a language is two lowercase letters", "the two-letter code of the language: en, ru, uk, de, fr"),
    r"^[a-z0-9][a-z0-9/_-]*\.md$": (
        "a page is its path under docs/, ending in .md",
        "for example `article.md`",
    ),
}
_NUMBER_WITH_UNIT = re.compile(r"^\s*[-+]?\d[\d,.]*\s*([^\d\s].*)$")
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
_KEY_LINE = re.compile(r"^(\s*)([A-Za-z_][\w-]*):(\s|$)")


def pattern_words(pattern: str) -> str | None:
    """What a value of this pattern is, in the check's words (`an id is …`), or None for a pattern it does not know."""
    found = _PATTERN_WORDS.get(pattern)
    return found[0] if found else None


def slug(text: str) -> str:
    """`text` as an id: lowercase letters, digits and single hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold()))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest of `choices`, or nothing."""
    options = list(choices)
    swapped = [c for c in options if len(c) == len(word) and sorted(c) == sorted(word) and c != word]
    close = swapped or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def yaml_hint(text: str, error: yaml.MarkedYAMLError) -> Hint:
    """What a YAML syntax error means for someone writing a data file, and where to look."""
    lines = text.split("\n")
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(error.problem or error.context or "")
    context = str(error.context or "")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    at = here[col - 1] if 0 < col <= len(here) else ""
    if "tab" in problem or at == "\t":
        tab_col = here.index("\t") + 1 if "\t" in here else col
        return line, tab_col, "a tab character: indent with spaces", "replace the tab with spaces (two per level)"
    if "cannot start any token" in problem and at in ("@", "`"):
        return line, col, f"a value cannot start with {at}; put the text in quotes", _QUOTE_HELP
    if "quoted scalar" in context and "escape" not in problem and error.context_mark is not None:
        start = error.context_mark
        quote = lines[start.line][start.column] if start.column < len(lines[start.line]) else '"'
        return (
            start.line + 1,
            start.column + 1,
            "this quote is never closed",
            f"end the text with a {quote} on the same field, or take out the {quote}",
        )
    if "mapping values are not allowed" in problem:
        return _colon_or_indent(lines, line, col)
    if "expected '-' indicator" in problem or "expected <block end>" in problem or "expected key" in problem:
        return line, col, "the indentation does not line up", _INDENT_HELP
    return line, col, f"YAML syntax: {problem}", "compare this line with one of the examples in the guide"


def _colon_or_indent(lines: list[str], line: int, col: int) -> Hint:
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    match = _KEY_LINE.match(here)
    if match and len(match.group(1)) > 0 and match.end(2) + 1 == col:
        fix = f"start `{match.group(2)}:` at the same column as the field above it"
        return line, len(match.group(1)) + 1, "this field is indented more than the one above it", fix
    if not match:
        return line, col, "a colon followed by a space inside a value; put the text in quotes", _QUOTE_HELP
    value = here[match.end() :].strip().replace("\\", "\\\\").replace('"', '\\"')
    return (
        line,
        col,
        "a colon followed by a space inside a value; put the text in quotes",
        f'write {match.group(2)}: "{value}"',
    )


_QUOTE_HELP = "put the whole text between double quotes"
_INDENT_HELP = "fields of one record start at the same column; items of a list line up under each other's `-`"


def validation_hint(error: dict[str, Any], word: str | None) -> tuple[str, str] | None:
    """A plain message and its fix for a pydantic error, or None to keep the validator's own.

    `word` is the text as written in the file when YAML read it as a yes/no value.
    """
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in ("float_parsing", "int_parsing") and isinstance(value, str):
        unit = _NUMBER_WITH_UNIT.match(value)
        if unit:
            number = value[: unit.start(1)].strip()
            return (
                f"'{value}' is not a number: write the number alone; the unit goes in `unit:`",
                f"write {number} here and the unit as `unit: {unit.group(1).strip()}`",
            )
        return f"'{value}' is not a number", "write digits only, with a point for decimals: 300 or 0.5"
    if kind == "string_type" and isinstance(value, bool):
        written = word if word and word.casefold() in _YAML11_WORDS else str(value).lower()
        return (
            f'{written} is read as a yes/no value, not as text; write "{written}" in quotes',
            f'YAML takes yes, no, on, off, true and false without quotes as yes/no; "{written}" is text',
        )
    if kind == "string_pattern_mismatch":
        found = _PATTERN_WORDS.get(str(ctx.get("pattern", "")))
        if found and value == "TODO":
            return f"TODO is still to be replaced: {found[0]}", found[1]
        if found:
            fix = slug(str(value)) if "id" in found[0] else ""
            better = f"write '{fix}'" if fix and fix != value else found[1]
            return f"'{value}' does not fit: {found[0]}", better
    if kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return (
            f"'{value}' is not an allowed value{did_you_mean(str(value), allowed)}",
            f"one of: {', '.join(allowed)}",
        )
    return None
