"""Cross-record rules: what no single file can check on its own.

References resolve, factual records (and each earlier stance of a position) cite an
unflagged source, figures obey the flagged-source rule, an assessed figure has no
disagreeing claim beside it and a disputed one has one, citations in free text name the
record's sources, each actor has one position per topic, corrections name pages that
exist, no two ids of a collection read alike, and each name links to one record: no two
names are the same or look alike, none is too short or a common word, and none holds
another record's name unless the project allows it (`NameRules`). Every rule reports every problem it finds, located in the file that has it. The
fields a rule looks at are found from the models' type annotations (`Ref`-marked ids,
`Claim` values), never from a list of field names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Union, cast, get_args, get_origin

from pydantic import BaseModel

from explainer.hints import did_you_mean, slug
from explainer.loading import Problem, RawRecord, format_loc
from explainer.schema import (
    COLLECTIONS,
    Claim,
    ClaimStatus,
    Correction,
    Position,
    Prose,
    Ref,
    Source,
    cited_ids,
    normalised_url,
    sentences,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from explainer.schema import Record

__all__ = [
    "MIN_NAME_LENGTH",
    "Key",
    "Loc",
    "NameRules",
    "check_records",
    "check_warnings",
    "count_cited_sentences",
    "iter_claims",
    "iter_refs",
    "skeleton",
]

Loc = tuple[str | int, ...]
"""A field path inside a record, for example `("range", 0, "sources", 1)`."""
Key = tuple[str, str]
"""A record's `(collection, id)`."""


def _walk(annotation: Any, metadata: list[Any], value: Any, loc: Loc) -> Iterator[tuple[Loc, Any, list[Any]]]:
    """Yield `(loc, value, metadata)` for `value` and every value inside it, following its declared type."""
    if value is None:
        return
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        yield from _walk(base, [*metadata, *meta], value, loc)
        return
    if origin in (Union, UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                yield from _walk(arg, metadata, value, loc)
        return
    yield loc, value, metadata
    if origin is list:
        (item_type,) = get_args(annotation)
        if _has_inner(item_type):  # a list of plain text (aliases) holds nothing to walk into
            for index, item in enumerate(value):
                yield from _walk(item_type, [], item, (*loc, index))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _walk(info.annotation, list(info.metadata), getattr(value, name), (*loc, info.alias or name))


@cache
def _has_inner(annotation: Any) -> bool:
    """Whether values of this type can hold a reference (`Ref`) or a model, which the rules look into."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    if get_origin(annotation) is Annotated and any(isinstance(m, Ref) for m in get_args(annotation)[1:]):
        return True
    return any(_has_inner(arg) for arg in get_args(annotation))


def _values(record: Record) -> Iterator[tuple[Loc, Any, list[Any]]]:
    yield from _walk(type(record), [], record, ())


def iter_refs(record: Record) -> Iterator[tuple[Loc, str, str]]:
    """Every cross-reference in a record as `(field path, collection, id)`."""
    seen: set[Loc] = set()
    for loc, value, metadata in _values(record):
        for meta in metadata:
            if isinstance(meta, Ref) and loc not in seen:
                seen.add(loc)
                yield loc, meta.collection, value


def iter_claims(record: Record) -> Iterator[tuple[Loc, Claim]]:
    """Every figure in a record, wherever its model declares a `Claim`."""
    for loc, value, _metadata in _values(record):
        if isinstance(value, Claim):
            yield loc, value


def check_records(
    records: dict[str, dict[str, Record]],
    located: dict[Key, RawRecord],
    all_ids: dict[str, set[str]],
    *,
    pages: frozenset[str] | None = None,
    names: NameRules | None = None,
) -> list[Problem]:
    """Apply every cross-record rule; `all_ids` names every record file found, parsed or not.

    `pages` are the hand-written pages (paths under the docs folder) a correction may name;
    without them, pages are not checked. `names` are the rules for linked names.
    """
    sources = cast("dict[str, Source]", records["sources"])
    problems: list[Problem] = []
    aliases = _aliases(records)
    for collection, items in records.items():
        for record_id, record in items.items():
            key = (collection, record_id)
            for loc, message, fix in _unknown_refs(record, all_ids, aliases):
                problems.append(Problem(located[key].locate(loc), format_loc(loc), message, fix))
            for loc, message in _record_problems(record, sources, all_ids, pages):
                problems.append(Problem(located[key].locate(loc), format_loc(loc), message))
            for loc, message, fix in _sourcing_problems(record, sources, records["actors"]):
                problems.append(Problem(located[key].locate(loc), format_loc(loc), message, fix))
    problems += _unique_positions(records["positions"], located)
    problems += _duplicate_sources(sources, located)
    problems += _event_dates(records["events"], located)
    rules = names or NameRules()
    problems += _lookalike_ids(records, located, rules)
    linked = tuple(n for n, m in COLLECTIONS.items() if m.linked_names)
    problems += _unique_names(records, located, linked, rules)
    return problems


def _aliases(records: dict[str, dict[str, Record]]) -> dict[str, dict[str, str]]:
    """By collection, each name and alias written as an id, and the id of the record it names."""
    out: dict[str, dict[str, str]] = {}
    for collection, items in records.items():
        for record_id, record in items.items():
            for _loc, name in _linked_names(record):
                out.setdefault(collection, {}).setdefault(slug(name), record_id)
    return out


def _suggest(ref: str, ids: set[str], aliases: dict[str, str]) -> str:
    """`; did you mean 'x'?` from a collection's ids, or from the names and aliases of its records."""
    owner = aliases.get(slug(ref))
    if owner is not None and owner != ref:
        return f"; did you mean '{owner}'? ('{ref}' is one of its names, not its id)"
    close = did_you_mean(ref, sorted(ids))
    if close:
        return close
    named = difflib.get_close_matches(ref, sorted(aliases), n=1, cutoff=0.75)
    return f"; did you mean '{aliases[named[0]]}'?" if named else ""


def _unknown_refs(
    record: Record, all_ids: dict[str, set[str]], aliases: dict[str, dict[str, str]]
) -> Iterator[tuple[Loc, str, str]]:
    """References to records that have no file, each with the closest id."""
    for loc, target, ref in iter_refs(record):
        if ref not in all_ids[target]:
            hint = _suggest(ref, all_ids[target], aliases.get(target, {}))
            fix = f"use the file name (without .yaml) of a record in data/{target}/, or add that record"
            yield loc, _unknown(target, ref, all_ids[target], hint), fix
    if isinstance(record, Correction):
        for index, target in enumerate(record.records):
            kind, _, target_id = target.partition("/")
            if target_id not in all_ids[kind]:
                hint = _suggest(target_id, all_ids[kind], aliases.get(kind, {}))
                fix = "write the collection and the file name without .yaml, for example actors/<file name>"
                yield ("records", index), f"unknown record '{target}': no file data/{target}.yaml{hint}", fix


def _record_problems(
    record: Record, sources: dict[str, Source], all_ids: dict[str, set[str]], pages: frozenset[str] | None
) -> Iterator[tuple[Loc, str]]:
    if isinstance(record, Correction):
        for index, page in enumerate(record.pages if pages is not None else []):
            if page not in pages:  # type: ignore[operator]
                yield ("pages", index), f"unknown page '{page}': no such file in the docs folder"
    if record.factual and not _has_unflagged(getattr(record, "sources", []), sources):
        yield ("sources",), "needs at least one source without reliability flags"
    if isinstance(record, Position):
        for index, change in enumerate(record.earlier):
            if not _has_unflagged(change.sources, sources):
                message = "an earlier stance needs at least one source without reliability flags"
                yield ("earlier", index, "sources"), message
    yield from _claim_group_problems(record)
    yield from _citation_problems(record, all_ids)
    for loc, claim in iter_claims(record):
        if claim.status is not ClaimStatus.CLAIMED and not _has_unflagged(claim.sources, sources):
            article = "an" if claim.status is ClaimStatus.ASSESSED else "a"
            message = (
                f"{article} {claim.status.value} figure needs a source without flags; a figure that only "
                "flagged sources back is an attributed statement: mark it claimed, with claimed_by or "
                "attributed_to"
            )
            yield (*loc, "status"), message


def _claim_group_problems(record: Record) -> Iterator[tuple[Loc, str]]:
    """Claims on one quantity (one list, one label, one unit): assessed means none disagrees, disputed that one does."""
    groups: dict[tuple[Any, ...], list[tuple[Loc, Claim]]] = {}
    for loc, claim in iter_claims(record):
        groups.setdefault((loc[:-1], claim.label, claim.unit), []).append((loc, claim))
    for group in groups.values():
        for loc, claim in group:
            others = [(other_loc, other) for other_loc, other in group if other_loc != loc]
            disagreeing = [other_loc for other_loc, other in others if _figure(other) != _figure(claim)]
            if claim.status is ClaimStatus.ASSESSED and disagreeing:
                yield (
                    (*loc, "status"),
                    (
                        f"an assessed figure may not sit beside a claim that disagrees with it ({format_loc(disagreeing[0])}): "
                        "mark both disputed, or give them different labels if they measure different things"
                    ),
                )
            if claim.status is ClaimStatus.DISPUTED and not others:
                yield (
                    (*loc, "status"),
                    (
                        "a disputed figure needs at least two claims on the same quantity (same label and unit): "
                        "add the claim it disagrees with, or mark it assessed or claimed"
                    ),
                )


def _figure(claim: Claim) -> tuple[float | None, float | None, str | None]:
    return claim.low, claim.high, claim.text


def _citation_problems(record: Record, all_ids: dict[str, set[str]]) -> Iterator[tuple[Loc, str]]:
    """Every `[@id]` in free text names a known source that the text's own list (or the record's) gives."""
    for loc, value, metadata in _values(record):
        if not isinstance(value, str) or not any(isinstance(meta, Prose) for meta in metadata):
            continue
        listed = set(getattr(_at(record, loc[:-1]), "sources", ())) | set(getattr(record, "sources", ()))
        if isinstance(record, Source):
            listed.add(record.id)  # a source's note may point at the source itself
        for source_id in cited_ids(value):
            if source_id not in all_ids["sources"]:
                yield loc, f"cites unknown source '{source_id}': no file data/sources/{source_id}.yaml"
            elif source_id not in listed:
                yield loc, f"cites '{source_id}', which is not in this record's `sources`: add it there"


def _prose(record: Record) -> Iterator[tuple[Loc, str]]:
    """Every free text in a record, with its field path."""
    for loc, value, metadata in _values(record):
        if isinstance(value, str) and any(isinstance(meta, Prose) for meta in metadata):
            yield loc, value


def count_cited_sentences(records: Mapping[str, Mapping[str, Record]]) -> dict[str, tuple[int, int]]:
    """By collection, how many sentences of free text carry their own citation, and how many there are."""
    counts: dict[str, tuple[int, int]] = {}
    for collection, items in records.items():
        cited = total = 0
        for record in items.values():
            for _loc, text in _prose(record):
                for sentence in sentences(text):
                    total += 1
                    cited += bool(cited_ids(sentence))
        if total:
            counts[collection] = (cited, total)
    return counts


COMPUTED = "(computed"
"""The words that mark a figure as worked out here rather than taken from a source: `(computed from …)`."""
_DIGIT = re.compile(r"(?<![\w-])\d")
"""A figure or a date: a digit that does not end a designation such as `RS-26` or `G20`."""


def _sourcing_problems(
    record: Record, sources: Mapping[str, Source], actors: Mapping[str, Record]
) -> Iterator[tuple[Loc, str, str]]:
    """In a factual record that cites per sentence: figures and dates cite a source, listed sources are cited, claimants speak.

    A record whose text cites nothing is cited as a whole: its page puts `sources` after the
    text. Once one sentence cites, the record is held to per-sentence citation.
    """
    texts = list(_prose(record))
    if not record.factual or not any(cited_ids(text) for _loc, text in texts):
        return
    cited: set[str] = set()
    for loc, text in texts:
        cited.update(cited_ids(text))
        for sentence in sentences(text):
            if _DIGIT.search(sentence) and not cited_ids(sentence) and COMPUTED not in sentence:
                short = sentence if len(sentence) <= 60 else sentence[:57] + "..."
                message = f"a sentence with a figure or a date cites no source: '{short}'"
                fix = "write [@id] after the sentence, naming the source that gives it; a value worked out here says so: '(computed from ...)'"
                yield loc, message, fix
    for loc, value, _metadata in _values(record):
        if loc and loc[-1] in ("sources", "maker_sources") and len(loc) > 1 and isinstance(value, list):
            cited.update(value)
    for index, source_id in enumerate(getattr(record, "sources", [])):
        if source_id not in cited:
            message = f"'{source_id}' is listed in `sources` but no sentence or figure of this record cites it"
            yield (
                ("sources", index),
                message,
                f"write [@{source_id}] after the sentence it supports, or remove it from `sources`",
            )
    yield from _claimant_problems(record, sources, actors)


def _claimant_problems(
    record: Record, sources: Mapping[str, Source], actors: Mapping[str, Record]
) -> Iterator[tuple[Loc, str, str]]:
    """A figure `claimed_by` an actor rests on a source that carries that actor's own statement."""
    for loc, claim in iter_claims(record):
        if claim.claimed_by is None:
            continue
        speakers = {a for i in claim.sources if i in sources for a in sources[i].statement_by}
        speakers |= {getattr(actors.get(a), "affiliation", None) for a in speakers} - {None}  # type: ignore[arg-type]
        if claim.claimed_by not in speakers:
            message = (
                f"claimed by '{claim.claimed_by}', but none of its sources carries that actor's own statement "
                "(`statement_by` in the source)"
            )
            fix = (
                f"add {claim.claimed_by} to `statement_by` of the source that reports its words, or, if the figure is "
                "the outlet's, replace claimed_by with attributed_to: the outlet"
            )
            yield (*loc, "claimed_by"), message, fix


def _duplicate_sources(sources: Mapping[str, Source], located: dict[Key, RawRecord]) -> list[Problem]:
    """Two sources with the same address (scheme, `www.`, trailing slash and fragment aside) are one page listed twice."""
    seen: dict[str, str] = {}
    problems = []
    for source_id in sorted(sources):
        page = normalised_url(sources[source_id].url)
        if page in seen:
            message = f"the same page as '{seen[page]}' ({sources[source_id].url})"
            fix = f"keep one source: cite '{seen[page]}' where '{source_id}' is cited and delete data/sources/{source_id}.yaml"
            problems.append(Problem(located[("sources", source_id)].locate(("url",)), "url", message, fix))
        else:
            seen[page] = source_id
    return problems


def _at(record: Record, loc: Loc) -> Any:
    """The value at a field path inside a record."""
    value: Any = record
    for part in loc:
        value = value[part] if isinstance(part, int) else getattr(value, str(part))
    return value


def _unknown(collection: str, ref: str, known: set[str], hint: str = "") -> str:
    """The message for an id that names no record, with the closest id; for a vocabulary, the values it has."""
    message = f"unknown {COLLECTIONS[collection].noun} '{ref}': no file data/{collection}/{ref}.yaml{hint}"
    if COLLECTIONS[collection].vocabulary and known and not hint:
        message += f" (known: {', '.join(sorted(known))})"
    return message


def _has_unflagged(ids: list[str], sources: dict[str, Source]) -> bool:
    # Unknown ids are reported separately; do not pile a second error on them.
    return any(i not in sources or not sources[i].is_flagged for i in ids)


_DATE_PREFIX = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)-(?!\d)")


def _event_dates(events: dict[str, Record], located: dict[Key, RawRecord]) -> list[Problem]:
    """An event's file name starts with its date: the two must agree (one may be more precise than the other)."""
    problems = []
    for record_id, event in events.items():
        match = _DATE_PREFIX.match(record_id)
        when = str(getattr(event, "date", ""))
        named = match.group(1) if match else when
        if not (named.startswith(when) or when.startswith(named)):
            rest = record_id[len(named) + 1 :]
            message = f"the file name says {named} but the date is {when}"
            fix = f"rename the file {when}-{rest}.yaml, or correct `date:`"
            problems.append(Problem(located[("events", record_id)].locate(("date",)), "date", message, fix))
    return problems


_FIELD_IN_TEXT = re.compile(r"(?:^|\s)([a-z][a-z_]*): ")


def check_warnings(records: dict[str, dict[str, Record]], located: dict[Key, RawRecord]) -> list[Problem]:
    """Mistakes that load but are likely not meant: a field indented into a text block above it."""
    warnings = []
    for collection, items in records.items():
        names = {info.alias or name for name, info in COLLECTIONS[collection].model_fields.items()}
        for record_id, _record in items.items():
            raw = located[(collection, record_id)]
            for key, value in raw.data.items():
                if not isinstance(value, str):
                    continue
                if value.strip() == "TODO":
                    warnings.append(Problem(raw.locate((key,)), key, "still TODO", "replace TODO with the text"))
                for found in _FIELD_IN_TEXT.findall(value):
                    if found in names and found not in raw.data:
                        message = f"the text has '{found}: ' in it: is `{found}:` a field indented into this text?"
                        fix = f"start `{found}:` at the beginning of its line, where the other fields start"
                        warnings.append(Problem(raw.locate((key,)), key, message, fix))
    return warnings


def _unique_positions(positions: dict[str, Record], located: dict[Key, RawRecord]) -> list[Problem]:
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for record_id, position in positions.items():
        position = cast("Position", position)
        pair = (position.actor, position.topic)
        if pair in seen:
            location = located[("positions", record_id)].locate(("topic",))
            message = f"'{position.actor}' already has a position on '{position.topic}' in {seen[pair]}"
            problems.append(Problem(location, "topic", message))
        else:
            seen[pair] = located[("positions", record_id)].path
    return problems


@dataclass(frozen=True)
class NameRules:
    """What the project allows as a linked name, from `extra.explainer` in `mkdocs.yml`.

    `stop_words` are common words no name or alias may be; `overlaps` are the longer names
    allowed to contain another record's name although neither record refers to the other;
    `added` gives, per data file, when it was first committed (the file that introduced a
    clash is the newer one; files git does not know are the newest, ties go to the later id).
    """

    stop_words: frozenset[str] = frozenset()
    overlaps: frozenset[str] | None = None
    """None: names that contain others are not checked (the project's settings are not known)."""
    added: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], added: Mapping[str, str] | None = None) -> NameRules:
        """The rules `extra.explainer` in `mkdocs.yml` sets (`stop_words`, `name_overlaps`)."""

        def words(key: str) -> frozenset[str]:
            value = settings.get(key) or []
            return frozenset(str(item) for item in value) if isinstance(value, list) else frozenset()

        return cls(frozenset(map(skeleton, words("stop_words"))), words("name_overlaps"), dict(added or {}))


MIN_NAME_LENGTH = 3
"""The shortest name or alias that links, unless it is two capital letters (`EU`, `UK`)."""

_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁһӏвкмнтԛԝьαβγεζηικμνορτυχ",
    "aeopcyxijsdhlbkmhtqwbabyezhikmnoptyx",
)
"""Cyrillic and Greek letters that look like Latin ones, mapped to the Latin letter (after casefolding)."""


def skeleton(name: str) -> str:
    """What a name looks like: accents dropped, NFKC-normalised, casefolded, look-alike letters made Latin, spaces collapsed."""
    if name.isascii():
        return " ".join(name.lower().split())  # the same, faster: ASCII has no look-alikes or compatibility forms
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))  # accents: `Zelensky\u0301` is `Zelensky`
    folded = unicodedata.normalize("NFKC", bare).casefold().translate(_CONFUSABLES)
    return " ".join(folded.split())


def _id_skeleton(record_id: str) -> str:
    return record_id.replace("0", "o").replace("1", "l").replace("rn", "m").replace("vv", "w")


def _lookalike_ids(
    records: dict[str, dict[str, Record]], located: dict[Key, RawRecord], rules: NameRules
) -> list[Problem]:
    """Two ids of one collection that read alike (`s0l`, `sol`): a reference to one could be meant for the other."""
    problems = []
    seen: dict[tuple[str, str], str] = {}
    for collection, record_id in _by_age(records, located, tuple(records), rules):
        look = (collection, _id_skeleton(record_id))
        if look in seen:
            message = f"the id '{record_id}' looks like '{seen[look]}' in {collection}/; rename the file"
            problems.append(Problem(located[(collection, record_id)].locate(()), "id", message))
        else:
            seen[look] = record_id
    return problems


def _unique_names(
    records: dict[str, dict[str, Record]],
    located: dict[Key, RawRecord],
    collections: tuple[str, ...],
    rules: NameRules,
) -> list[Problem]:
    """Names and aliases become links, so each must point at one record, be long and rare enough, and not look like another."""
    names = [
        (key, loc, name)
        for key in _by_age(records, located, collections, rules)
        for loc, name in _linked_names(records[key[0]][key[1]])
    ]
    owners: dict[str, tuple[Key, str]] = {}
    problems: list[Problem] = []

    def report(key: Key, loc: Loc, message: str, fix: str = "") -> None:
        problems.append(Problem(located[key].locate(loc), format_loc(loc), message, fix))

    for key, loc, name in names:
        look = skeleton(name)
        if message := _name_problem(name, look, rules):
            report(key, loc, message)
            continue
        if look in owners and owners[look][0] != key:
            other, other_name = owners[look]
            if other_name.casefold() == name.casefold():
                # Reported on the newer file: the one a pull request adds gets the annotation in its diff.
                fix = "keep the name on one record: remove it or make it more specific on the other"
                report(key, loc, f"'{name}' also names {located[other].path}", fix)
            else:
                report(
                    key,
                    loc,
                    f"'{name}' looks like '{other_name}' ({located[other].path}) but is spelled with other letters",
                )
        else:
            owners.setdefault(look, (key, name))
    if rules.overlaps is not None:
        problems += _contained_names(names, owners, records, located, rules.overlaps)
    return problems


def _name_problem(name: str, look: str, rules: NameRules) -> str | None:
    letters = name.strip()
    if len(letters) < MIN_NAME_LENGTH and not (len(letters) == 2 and letters.isupper() and letters.isalpha()):
        return f"'{name}' is too short to link: a name or alias needs {MIN_NAME_LENGTH} characters or more (two capitals, like EU, are allowed)"
    if look in rules.stop_words:
        return f"'{name}' is a common word (extra.explainer.stop_words in mkdocs.yml) and would link prose at random"
    if name.isascii():
        return None
    scripts = {unicodedata.name(c, "").split(" ")[0] for c in name if c.isalpha()}
    if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
        return f"'{name}' mixes Latin letters with {' and '.join(sorted(scripts & {'CYRILLIC', 'GREEK'})).title()} look-alikes"
    return None


def _contained_names(
    names: list[tuple[Key, Loc, str]],
    owners: dict[str, tuple[Key, str]],
    records: dict[str, dict[str, Record]],
    located: dict[Key, RawRecord],
    overlaps: frozenset[str],
) -> Iterator[Problem]:
    """Names that hold another record's name as whole words, which would take its mentions there.

    An error unless the records refer to one another, the shorter is a glossary term, or
    `overlaps` lists the longer.
    """
    order = {key: index for index, key in enumerate(dict.fromkeys(key for key, _loc, _name in names))}
    for key, loc, name in names:
        words = _WORD.findall(skeleton(name))
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + _MAX_PHRASE) + 1):
                if end - start == len(words) or (hit := owners.get(" ".join(words[start:end]))) is None:
                    continue
                other, other_name = hit
                if other == key or other[0] == "glossary" or name in overlaps or _related(records, key, other):
                    continue
                newer, where = (key, loc) if order[key] > order[other] else (other, _loc_of(names, other, other_name))
                message = (
                    f"'{name}' ({located[key].path}) contains '{other_name}' ({located[other].path}), so mentions of "
                    "the shorter would link to the longer; drop one, refer from one record to the other, or list the "
                    "longer in extra.explainer.name_overlaps"
                )
                yield Problem(located[newer].locate(where), format_loc(where), message)


_WORD = re.compile(r"\w+")
_MAX_PHRASE = 12
"""The longest run of words compared with the other names (a name of more words is compared by its first runs)."""


def _loc_of(names: list[tuple[Key, Loc, str]], key: Key, name: str) -> Loc:
    return next(loc for k, loc, n in names if k == key and n == name)


def _related(records: dict[str, dict[str, Record]], one: Key, other: Key) -> bool:
    def refers(a: Key, b: Key) -> bool:
        return any((target, ref) == b for _loc, target, ref in iter_refs(records[a[0]][a[1]]))

    return refers(one, other) or refers(other, one)


def _by_age(
    records: dict[str, dict[str, Record]], located: dict[Key, RawRecord], collections: tuple[str, ...], rules: NameRules
) -> list[Key]:
    """The records whose names link, oldest file first (by `rules.added`; unknown to git is newest; ties by id)."""
    keys = [(collection, record_id) for collection in collections for record_id in records[collection]]
    return sorted(keys, key=lambda k: (rules.added.get(located[k].path, "~"), k[1], k[0]))


def _linked_names(record: Record) -> Iterator[tuple[Loc, str]]:
    for field_name in record.linked_names:
        value = getattr(record, field_name)
        if isinstance(value, str):
            yield (field_name,), value
        else:
            yield from (((field_name, index), item) for index, item in enumerate(value))
