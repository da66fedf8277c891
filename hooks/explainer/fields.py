"""The value types that record fields are made of: ids, references, text, dates, addresses.

Each is an annotated type with its own validation; `schema` builds the record models from
them. Free text (`Text`, `ProseLine`) may cite sources with `[@id]`; `Ref` marks an id of a
record in another collection, which the cross-record rules check.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

__all__ = [
    "CITATION",
    "FIRST_YEAR",
    "LAST_YEAR",
    "PARTIAL_DATE_PATTERN",
    "REF_KEYWORD",
    "URL_PATTERN",
    "ActorRef",
    "HttpUrl",
    "Id",
    "Line",
    "PartialDate",
    "PlaceRef",
    "Prose",
    "ProseLine",
    "Ref",
    "SourceRef",
    "Sources",
    "Text",
    "TopicRef",
    "WeaponRef",
    "cited_ids",
    "normalised_url",
    "sentences",
    "strip_citations",
    "unique_items",
]


@dataclass(frozen=True)
class Ref:
    """Marks a string field as the id of a record in another collection."""

    collection: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        """Name the collection in the JSON Schema (`x-explainer-ref`), where the editor schemas list its ids."""
        schema: dict[str, Any] = handler(core_schema)
        schema[REF_KEYWORD] = self.collection
        return schema


REF_KEYWORD = "x-explainer-ref"
"""The JSON Schema keyword that marks an id of a record in another collection (see `Ref`)."""

PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
"""A date to the year, month or day, in ASCII digits (`\\d` would also take other scripts' digits)."""
_PARTIAL_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
FIRST_YEAR, LAST_YEAR = 1900, 2100
"""The years a date in the data may fall in: anything outside is a typo (0001, 9999)."""


def _year_in_range(year: int, value: Any) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"'{value}' is outside the years {FIRST_YEAR} to {LAST_YEAR}; check the year")


def _normalise_partial_date(value: Any) -> Any:
    """Turn YAML dates and ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` strings into one string form."""
    if isinstance(value, date):
        _year_in_range(value.year, value)
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        _year_in_range(value, value)
        return str(value)
    if not isinstance(value, str):
        raise ValueError("expected a date written YYYY-MM-DD, YYYY-MM or YYYY")
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(f"'{value}' is not a date written YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    _year_in_range(int(year), value)
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"'{value}' has no month {month}")
    if day is not None:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise ValueError(f"'{value}' is not a day of the calendar")
    return value.strip()


PartialDate = Annotated[
    str,
    BeforeValidator(_normalise_partial_date),
    Field(
        json_schema_extra={"pattern": PARTIAL_DATE_PATTERN},
    ),
]
"""A date known to the day, the month or the year: ``2024-11-19``, ``2024-11`` or ``2024``."""


@dataclass(frozen=True)
class Prose:
    """Marks a string field as free text for readers: escaped, paragraphs kept, `[@id]` citations allowed."""


CITATION = re.compile(r"\[(@[a-z0-9-]+(?:\s*;\s*@[a-z0-9-]+)*)\]")
"""A citation: `[@s001]`, or several ids `[@s001; @s002]`, in hand-written pages and in data text alike."""


def cited_ids(text: str) -> list[str]:
    """The source ids the citations in `text` name, in order, each once."""
    ids = [part.strip().lstrip("@") for match in CITATION.finditer(text) for part in match.group(1).split(";")]
    return list(dict.fromkeys(ids))


_SENTENCE_END = re.compile(r"""(?<=[.!?])['"’”)]?(?:\[@[^\]\n]*\])*\s+(?=[A-Z0-9'"‘“(])""")
"""Where a sentence ends: its stop, a closing quote or bracket, its citations, then a capital or a digit."""


def sentences(text: str) -> list[str]:
    """The sentences of a free text, each with the citations written after it.

    A citation belongs to the sentence it follows, so `A.[@s1] B.` is two sentences, the
    first cited. This is the unit the rules count: a sentence with a figure cites its source.
    """
    flat = re.sub(r"\s+", " ", text).strip()
    out, start = [], 0
    for match in _SENTENCE_END.finditer(flat):
        out.append(flat[start : match.end()].strip())
        start = match.end()
    rest = flat[start:].strip()
    return [*out, rest] if rest else out


def normalised_url(url: str) -> str:
    """An address reduced to the page it names: no scheme, `www.`, default port, fragment or trailing slash.

    Two sources whose addresses normalise alike are the same page listed twice.
    """
    bare = re.sub(r"^https?://", "", url.strip(), flags=re.IGNORECASE).split("#", 1)[0]
    host, _, path = bare.partition("/")
    host = re.sub(r":(80|443)$", "", host.lower().removeprefix("www."))
    return f"{host}/{path}".rstrip("/")


def strip_citations(text: str) -> str:
    """`text` without its `[@id]` citations, for plain-text places (tooltips, chart hovers, descriptions, feeds)."""
    return re.sub(r"\s+", " ", re.sub(r"\s*" + CITATION.pattern, "", text)).strip()


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), Prose()]
"""Free text (summaries, notes, definitions, reasons): it may cite its sources with `[@id]` after a sentence."""


def _one_line(value: str) -> str:
    if re.search(r"[\r\n\t\v\f\x85\u2028\u2029]", value):
        raise ValueError("must be one line: remove the line break (use a multi-line field for longer text)")
    return value


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), AfterValidator(_one_line)]
ProseLine = Annotated[Line, Prose()]
"""A line of free text (a role), which may cite its sources with `[@id]`."""

SourceRef = Annotated[Id, Ref("sources")]
ActorRef = Annotated[Id, Ref("actors")]
WeaponRef = Annotated[Id, Ref("weapons")]
PlaceRef = Annotated[Id, Ref("places")]
TopicRef = Annotated[Id, Ref("topics")]


def unique_items(values: list[Any]) -> list[Any]:
    """The list unchanged, or a `ValueError` naming the items given more than once (checked in linear time)."""
    seen: set[Any] = set()
    repeated: set[str] = set()
    for value in values:  # one pass: a 100,000-item list is checked in milliseconds
        if value in seen:
            repeated.add(str(value))
        seen.add(value)
    duplicates = sorted(repeated)
    if duplicates:
        raise ValueError(f"listed more than once: {', '.join(duplicates)}")
    return values


URL_PATTERN = r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$"
"""The shape of an address: http or https, a host with a dot, then anything without spaces."""


def _http_url(value: str) -> str:
    if not re.match(URL_PATTERN, value):
        raise ValueError("must be an absolute http:// or https:// address")
    authority = re.split(r"[/?#]", value.split("//", 1)[1], maxsplit=1)[0]
    if "@" in authority:
        raise ValueError("must not hold a user name before '@' (https://known.site@other.site/ goes to other.site)")
    if "\\" in value:
        raise ValueError("must not hold a backslash; browsers read it as '/'")
    try:
        authority.encode("idna")
    except UnicodeError:
        raise ValueError(f"the host '{authority}' is not a valid international domain name") from None
    return value


HttpUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=2000),
    AfterValidator(_http_url),
    Field(json_schema_extra={"pattern": URL_PATTERN}),
]
Sources = Annotated[
    list[SourceRef],
    Field(min_length=1, description="Ids of the sources (files in `data/sources/`) that back this."),
    AfterValidator(unique_items),
]
