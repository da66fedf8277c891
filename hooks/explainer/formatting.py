"""Text forms shared by pages and charts: dates, figures, claims and escaping."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import TYPE_CHECKING

from explainer.schema import ClaimStatus, Stance, Unit

if TYPE_CHECKING:
    from explainer.schema import Actor, Claim

__all__ = [
    "STANCE_LABELS",
    "STANCE_MARKS",
    "esc",
    "format_claim",
    "format_date",
    "format_figure",
    "format_number",
    "format_status",
    "md_escape",
    "month_key",
    "sentence_case",
    "sort_key",
]

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

STANCE_LABELS: dict[Stance, str] = {
    Stance.SUPPORTS: "Supports",
    Stance.OPPOSES: "Opposes",
    Stance.AMBIVALENT: "Ambivalent",
    Stance.SHIFTED: "Shifted",
    Stance.UNKNOWN: "Unknown",
}
"""Words for stances; the site never shows a stance by colour alone."""

STANCE_MARKS: dict[Stance, str] = {
    Stance.SUPPORTS: "✔",
    Stance.OPPOSES: "✖",
    Stance.AMBIVALENT: "◐",
    Stance.SHIFTED: "↻",
    Stance.UNKNOWN: "?",
}
"""A shape for each stance, shown beside its word."""

_QUALIFIERS = {"about": "≈", "up-to": "up to ", "at-least": "at least ", "more-than": "more than ", "exactly": ""}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def esc(value: object) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape(str(value), quote=True)


def md_escape(value: str) -> str:
    """Escape text for a Markdown line (headings): HTML-escaped, Markdown punctuation neutralised.

    Quotes stay as typed: heading text is no attribute, and `&#x27;` would have its `#`
    escaped in turn, which left a literal `&#x27;` in page titles and the table of contents.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


def format_date(value: str) -> str:
    """`1999-03-24` → `24 March 1999`; `1999-03` → `March 1999`; `1999` stays."""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


def month_key(value: str) -> str:
    """The `YYYY-MM` a date falls in (the year alone when only the year is known)."""
    return value[:7]


def format_number(value: float) -> str:
    """`5500.0` → `5,500`; `2.5` → `2.5`."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_figure(claim: Claim) -> str:
    """The figure of a claim in words and numbers, without status: `≈5,500 km`, `Mach 10`."""
    if claim.text is not None:
        return claim.text
    if claim.value is not None:
        number = format_number(claim.value)
    else:
        number = f"{format_number(claim.min or 0)}–{format_number(claim.max or 0)}"
    prefix = _QUALIFIERS[claim.qualifier]
    if claim.unit is Unit.MACH:
        return f"{prefix}Mach {number}"
    if claim.unit is Unit.COUNT:
        return f"{prefix}{number}"
    return f"{prefix}{number} {claim.unit}"


def format_status(claim: Claim, actors: dict[str, Actor] | None = None) -> str:
    """The status in words: `assessed`, `claimed by Russia`, `disputed`."""
    if claim.status is ClaimStatus.CLAIMED and claim.claimed_by:
        name = actors[claim.claimed_by].name if actors and claim.claimed_by in actors else claim.claimed_by
        return f"claimed by {name}"
    if claim.status is ClaimStatus.CLAIMED and claim.attributed_to:
        return f"claimed by {claim.attributed_to}"
    return claim.status.value


def format_claim(claim: Claim, actors: dict[str, Actor] | None = None) -> str:
    """Figure, label and status in one line of plain text."""
    label = f" ({claim.label})" if claim.label else ""
    return f"{format_figure(claim)}{label}, {format_status(claim, actors)}"


def sentence_case(text: str) -> str:
    """`text` with its first letter upper-cased and the rest as written: names keep their capitals."""
    return text[:1].upper() + text[1:]


def sort_key(text: str) -> tuple[str, str]:
    """A key that sorts names as readers expect: letters with accents beside the plain ones, case ignored."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.casefold(), text
