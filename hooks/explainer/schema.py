"""The data model: one pydantic model per collection in `data/`.

Every model is frozen and rejects unknown fields; every field carries a description,
which is the documentation contributors read (reference pages, editor JSON Schemas).
Cross-file references are declared here with `Ref(...)` and checked in `model`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

if TYPE_CHECKING:
    from collections.abc import Callable

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from explainer.fields import (
    CITATION,
    FIRST_YEAR,
    LAST_YEAR,
    PARTIAL_DATE_PATTERN,
    ActorRef,
    HttpUrl,
    Id,
    Line,
    PartialDate,
    PlaceRef,
    Prose,
    ProseLine,
    Ref,
    SourceRef,
    Sources,
    Text,
    TopicRef,
    WeaponRef,
    cited_ids,
    normalised_url,
    sentences,
    strip_citations,
    unique_items,
)

__all__ = [
    "CITATION",
    "COLLECTIONS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "PARTIAL_DATE_PATTERN",
    "Actor",
    "ActorKind",
    "ActorRef",
    "Claim",
    "ClaimStatus",
    "Claims",
    "Correction",
    "Entity",
    "Event",
    "Flight",
    "HttpUrl",
    "Id",
    "LaunchPoint",
    "Line",
    "MapRole",
    "MarkerColour",
    "MarkerSymbol",
    "PartialDate",
    "Place",
    "PlaceKind",
    "PlaceRef",
    "Position",
    "PositionChange",
    "Prose",
    "Record",
    "RecordRef",
    "Ref",
    "Source",
    "SourceFlag",
    "SourceRef",
    "Sources",
    "Spec",
    "Stance",
    "Term",
    "Text",
    "Topic",
    "TopicRef",
    "Unit",
    "Weapon",
    "WeaponClass",
    "WeaponRef",
    "cited_ids",
    "normalised_url",
    "sentences",
    "strip_citations",
]


class Record(BaseModel):
    """Base of every data record: frozen, unknown fields rejected.

    The class variables are the collection's metadata, read by everything that treats
    collections alike (loading, cross-record rules, URLs, links, editor schemas, tests):
    a new collection is a new model here and a line in `COLLECTIONS`.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, use_enum_values=False, allow_inf_nan=False
    )

    collection: ClassVar[str] = ""
    """Folder name under `data/`, and the key of the collection everywhere."""
    noun: ClassVar[str] = "record"
    """What one record is called in messages, for example `weapon class`."""
    vocabulary: ClassVar[bool] = False
    """Whether the collection is a closed list of values (its ids are listed where one is mistyped)."""
    section: ClassVar[str] = ""
    """Site-relative URL of the page that lists the records."""
    own_pages: ClassVar[bool] = False
    """Whether each record has a page of its own under `section` (else an anchor on it)."""
    display_field: ClassVar[str] = "id"
    """The field that names a record to readers (in links, lists and notes)."""
    linked_names: ClassVar[tuple[str, ...]] = ()
    """Fields whose text (a name, or a list of aliases) becomes a link where prose mentions it."""
    factual: ClassVar[bool] = False
    """Whether the record states facts, and so needs a source without reliability flags."""
    link_kind: ClassVar[Literal["entity", "term"]] = "entity"
    """How its names link: to an entity or to a term (with its definition); each once per page, at its first mention."""

    def display_name(self, name_of: Callable[[str, str], str]) -> str:
        """The record's name for readers; `name_of(collection, id)` names the records it refers to."""
        return str(getattr(self, self.display_field))

    def link_preview(self, name_of: Callable[[str, str], str]) -> tuple[str, str]:
        """What a link to the record shows in its tooltip: a heading and a line about it."""
        return str(getattr(self, self.display_field)), ""

    id: Id = Field(
        description="The record's id: its file name without `.yaml`. Set by the loader, not written in the file."
    )


class Entity(Record):
    """A record with a page of its own, whose name and aliases link where prose mentions them."""

    own_pages: ClassVar[bool] = True
    display_field: ClassVar[str] = "name"
    linked_names: ClassVar[tuple[str, ...]] = ("name", "aliases")
    factual: ClassVar[bool] = True


class SourceFlag(StrEnum):
    """Why a source may back only attributed statements ("according to …"), never a fact on its own."""

    STATE_MEDIA = "state-media"
    STATE_ALIGNED = "state-aligned"
    MIRROR = "mirror"
    PARTISAN = "partisan"
    STUDENT_PRESS = "student-press"


class Source(Record):
    """A publication the site cites: an article, a press release, a dataset."""

    collection: ClassVar[str] = "sources"
    noun: ClassVar[str] = "source"
    section: ClassVar[str] = "sources/"
    display_field: ClassVar[str] = "title"
    title: Line = Field(description="The headline as published, or as reconstructed from the address.")
    title_reconstructed: bool = Field(
        default=False,
        description="True when no headline was available and `title` was reconstructed from the URL.",
    )
    publisher: Line = Field(description="Who published this copy (the site at `url`).")
    original_publisher: Line | None = Field(
        default=None,
        description="For a copy or translation: the outlet whose story it reproduces (for example `AP`).",
    )
    url: HttpUrl = Field(description="Address of the source; http or https only.")
    published: PartialDate | None = Field(
        default=None, description="Publication date (YYYY-MM-DD, YYYY-MM or YYYY); omit when undated."
    )
    accessed: PartialDate | None = Field(default=None, description="When the source was last read.")
    archived: HttpUrl | None = Field(
        default=None,
        description="An archived copy of the page (for example at web.archive.org), for when the address stops working.",
    )
    checked: PartialDate | None = Field(
        default=None, description="When the address was last verified to work (YYYY-MM-DD)."
    )
    statement_by: Annotated[list[ActorRef], AfterValidator(unique_items)] = Field(
        default_factory=list,
        description="Actor ids whose own statement the source carries (their words, a briefing, a release): "
        "a figure `claimed_by` an actor needs a source that carries that actor's statement.",
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(
        default="en", description="Two-letter language code of the source text."
    )
    flags: Annotated[list[SourceFlag], AfterValidator(unique_items)] = Field(
        default_factory=list,
        description="Reliability flags. A flagged source backs only statements attributed to someone.",
    )
    note: Text | None = Field(default=None, description="What a reader should know about this source.")

    @property
    def is_flagged(self) -> bool:
        """Whether the source may back only attributed statements."""
        return bool(self.flags)


class ActorKind(StrEnum):
    """What sort of actor a record describes."""

    PERSON = "person"
    STATE = "state"
    ALLIANCE = "alliance"
    ORGANISATION = "organisation"


class Actor(Entity):
    """A person, state, alliance or organisation that acts in the story."""

    collection: ClassVar[str] = "actors"
    noun: ClassVar[str] = "actor"
    section: ClassVar[str] = "actors/"
    name: Line = Field(
        description="Name as shown in headings, for example a person's full name or a country's short name."
    )
    kind: ActorKind = Field(description="person, state, alliance or organisation.")
    role: ProseLine = Field(description="Role at the time of the story, for example the office a person held.")
    role_as_of: PartialDate = Field(description="Date at which `role` was true.")
    affiliation: Annotated[
        ActorRef | None, Field(description="Actor id of the state or alliance this actor belongs to.")
    ] = None
    aliases: Annotated[list[Line], AfterValidator(unique_items)] = Field(
        default_factory=list,
        description="Other names used in text (a surname, a title such as a head of government's); they become links in pages.",
    )
    summary: Text = Field(description="Two or three sentences on who this is and why it matters here.")
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back this."""

    def link_preview(self, name_of: Callable[[str, str], str]) -> tuple[str, str]:
        """The name and the role."""
        return self.name, strip_citations(self.role)


class Unit(StrEnum):
    """Units a claimed quantity can be expressed in."""

    KM = "km"
    KM_S = "km/s"
    KM_H = "km/h"
    MACH = "mach"
    KG = "kg"
    MINUTES = "min"
    COUNT = "count"
    M = "m"


class ClaimStatus(StrEnum):
    """How far a figure is established."""

    ASSESSED = "assessed"
    CLAIMED = "claimed"
    DISPUTED = "disputed"


class Claim(BaseModel):
    """One statement of a quantity: a value or a range, who says so, and how far it is established."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    label: Line | None = Field(default=None, description='What the figure is for, for example "export version".')
    value: float | None = Field(
        default=None, gt=0, description="A single figure. Give either `value` or `min` and `max`."
    )
    min: float | None = Field(default=None, gt=0, description="Lower end of a range.")
    max: float | None = Field(default=None, gt=0, description="Upper end of a range.")
    text: Line | None = Field(default=None, description="A non-numeric value, for example an interceptor type.")
    qualifier: Literal["about", "up-to", "at-least", "more-than", "exactly"] = Field(
        default="about", description="How the figure was stated: about, up-to, at-least, more-than or exactly."
    )
    unit: Unit | None = Field(default=None, description="Unit of `value`, `min` and `max`.")
    status: ClaimStatus = Field(
        description="assessed (reported as fact by sources without flags, none disagreeing; a figure that rests on "
        "one source says so in its note), claimed (one party says so, unconfirmed) or disputed (sources disagree)."
    )
    claimed_by: Annotated[
        ActorRef | None,
        Field(description="Actor id of who makes the claim; a claimed figure needs it or `attributed_to`."),
    ] = None
    attributed_to: Line | None = Field(
        default=None,
        description="Who makes the claim when it is no actor in the data, such as an outlet or an analyst: "
        '"BelTA (Belarusian state media), quoting an analyst".',
    )
    note: Text | None = Field(default=None, description="Caveats: how the figure was derived, what it excludes.")
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back this."""

    @model_validator(mode="after")
    def _check_shape(self) -> Claim:
        has_value = self.value is not None
        has_range = self.min is not None or self.max is not None
        if sum([has_value, has_range, self.text is not None]) != 1:
            raise ValueError("give exactly one of `value`, `min` and `max`, or `text`")
        if has_range and (self.min is None or self.max is None):
            raise ValueError("a range needs both `min` and `max`")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("`min` is larger than `max`")
        if (has_value or has_range) and self.unit is None:
            raise ValueError("a figure needs a `unit`")
        if self.claimed_by is not None and self.attributed_to is not None:
            raise ValueError("give `claimed_by` or `attributed_to`, not both")
        if self.status is ClaimStatus.CLAIMED and self.claimed_by is None and self.attributed_to is None:
            raise ValueError("a claimed figure needs `claimed_by` (an actor id) or `attributed_to`")
        return self

    @property
    def low(self) -> float | None:
        """The lowest figure the claim admits."""
        return self.value if self.value is not None else self.min

    @property
    def high(self) -> float | None:
        """The highest figure the claim admits."""
        return self.value if self.value is not None else self.max


Claims = Annotated[list[Claim], Field(default_factory=list)]


class Spec(BaseModel):
    """A named property of a weapon other than range and speed (warhead, mass, interceptors…)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    name: Line = Field(description='What is measured, for example "Warhead mass".')
    claims: list[Claim] = Field(min_length=1, description="Every claim about it, in the order to show.")


class WeaponClass(Record):
    """A class of weapon the story's weapons belong to: a vocabulary entry, with what maps draw for it."""

    collection: ClassVar[str] = "weapon-classes"
    vocabulary: ClassVar[bool] = True
    noun: ClassVar[str] = "weapon class"
    section: ClassVar[str] = "weapons/"
    display_field: ClassVar[str] = "label"
    label: Line = Field(description="The class in words, capitalised as at the start of a sentence.")
    plural: Line = Field(description="The class in words, for more than one.")
    range_ring: bool = Field(
        default=True, description="Whether maps draw its weapons' ranges as rings (false for defence systems)."
    )
    description: Text | None = Field(default=None, description="What the class means, for readers.")


class LaunchPoint(BaseModel):
    """A place a weapon is deployed at or fired from, around which maps draw its range."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    place: PlaceRef = Field(description="Place id.")
    illustrative: bool = Field(
        default=False,
        description="True where the real point is not public and the place only illustrates the reach.",
    )


class Weapon(Entity):
    """A missile, launcher or defence system that figures in the story."""

    collection: ClassVar[str] = "weapons"
    noun: ClassVar[str] = "weapon"
    section: ClassVar[str] = "weapons/"
    name: Line = Field(description="Name as shown in headings, usually the common short name.")
    full_name: Line | None = Field(default=None, description="Full designation, where it differs from the name.")
    aliases: Annotated[list[Line], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Other names used in text; they become links in pages."
    )
    weapon_class: Annotated[Id, Ref("weapon-classes")] = Field(
        alias="class", description="Its class: the id of a file in `data/weapon-classes/`."
    )
    maker: Line = Field(description="Manufacturer.")
    maker_sources: Annotated[list[SourceRef], AfterValidator(unique_items)] = Field(
        default_factory=list,
        description="Ids of the sources that name the maker; cited beside it (none when no source names one).",
    )
    suppliers: Annotated[list[ActorRef], AfterValidator(unique_items)] = Field(
        default_factory=list,
        description="Actor ids of the states that supplied it to the side that used it in the story.",
    )
    operators: Annotated[list[ActorRef], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Actor ids of the states or alliances that operate it."
    )
    launch_platform: Line | None = Field(default=None, description="What fires it, for example a launcher's name.")
    launch_points: list[LaunchPoint] = Field(
        default_factory=list,
        description="Where it is deployed or fired from: maps draw its range rings around these places.",
    )
    first_use: PartialDate | None = Field(default=None, description="First combat use, where sourced.")
    range: Claims = Field(description="Every claim about its range, in km.")
    speed: Claims = Field(description="Every claim about its speed.")
    specs: list[Spec] = Field(default_factory=list, description="Other properties, each with its claims.")
    summary: Text = Field(description="Two or three sentences on what it is and its part in the story.")
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back this."""

    def link_preview(self, name_of: Callable[[str, str], str]) -> tuple[str, str]:
        """The name, the class and the maker."""
        return self.name, f"{name_of('weapon-classes', self.weapon_class)} ({self.maker})"

    @model_validator(mode="after")
    def _check_units(self) -> Weapon:
        for claim in self.range:
            if claim.unit not in (None, Unit.KM):
                raise ValueError("range claims are given in km")
        return self


class Topic(Record):
    """A question that actors take positions on."""

    collection: ClassVar[str] = "topics"
    noun: ClassVar[str] = "topic"
    section: ClassVar[str] = "positions/"
    display_field: ClassVar[str] = "short"
    factual: ClassVar[bool] = True
    question: Line = Field(description="The question, asked so that an actor can support or oppose it.")
    short: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = Field(
        description="A short label for matrix columns and charts."
    )
    order: int = Field(default=0, description="Position of the topic among the others (lowest first).")
    summary: Text = Field(description="Why the question matters in the story.")
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back the summary's facts."""


class Stance(StrEnum):
    """An actor's stance on a topic."""

    SUPPORTS = "supports"
    OPPOSES = "opposes"
    AMBIVALENT = "ambivalent"
    SHIFTED = "shifted"
    UNKNOWN = "unknown"


class PositionChange(BaseModel):
    """An earlier stance, kept when an actor changed position."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    stance: Stance = Field(description="The earlier stance.")
    as_of: PartialDate = Field(description="When the earlier stance was held.")
    summary: Text = Field(description="What the stance was.")
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back this."""


class Position(Record):
    """Where one actor stands on one topic, as of a date."""

    collection: ClassVar[str] = "positions"
    noun: ClassVar[str] = "position"
    section: ClassVar[str] = "positions/"
    factual: ClassVar[bool] = True
    actor: ActorRef = Field(description="Actor id.")
    topic: TopicRef = Field(description="Topic id.")
    stance: Stance = Field(description="supports, opposes, ambivalent, shifted or unknown.")
    as_of: PartialDate = Field(description="Date of the latest statement this stance rests on.")
    summary: Text = Field(description="The stance in a sentence or two.")
    quote: Text | None = Field(default=None, description="The actor's words, verbatim, where a source gives them.")
    quote_by: Line | None = Field(
        default=None, description="Who spoke, when not the actor itself (for example a foreign minister)."
    )
    weapons: Annotated[list[WeaponRef], AfterValidator(unique_items)] = Field(
        default_factory=list,
        description="Weapon ids the stance concerns; shown on their pages.",
    )
    earlier: list[PositionChange] = Field(default_factory=list, description="Earlier stances, oldest first.")
    note: Text | None = Field(default=None, description="Caveats a reader should know.")
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back this."""

    def display_name(self, name_of: Callable[[str, str], str]) -> str:
        """`<actor> on <topic>`: the actor's name and the topic's short title."""
        return f"{name_of('actors', self.actor)} on {name_of('topics', self.topic)}"


class Flight(BaseModel):
    """One missile flight in an event: the weapon, where it was fired from and where it struck."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    weapon: WeaponRef = Field(description="Weapon id.")
    origin: PlaceRef = Field(alias="from", description="Place id it was fired from.")
    target: PlaceRef = Field(alias="to", description="Place id it struck.")


CHART_LABEL_LENGTH = 24
"""The longest label of a key event: on a phone, two must fit side by side on a timeline."""


class Event(Record):
    """Something that happened on a date."""

    collection: ClassVar[str] = "events"
    noun: ClassVar[str] = "event"
    section: ClassVar[str] = "timeline/"
    display_field: ClassVar[str] = "title"
    factual: ClassVar[bool] = True
    date: PartialDate = Field(description="When it happened (YYYY-MM-DD, or YYYY-MM when the day is not known).")
    title: Line = Field(description="One line, in the past tense.")
    chart_label: Annotated[Line, StringConstraints(max_length=CHART_LABEL_LENGTH)] | None = Field(
        default=None,
        description="Marks a key event: a few words (at most 24 characters) that timelines write beside its "
        "mark, for the handful of events a reader should find at a glance.",
    )
    summary: Text = Field(description="What happened, in two or three sentences.")
    actors: Annotated[list[ActorRef], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Actor ids involved."
    )
    weapons: Annotated[list[WeaponRef], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Weapon ids involved."
    )
    places: Annotated[list[PlaceRef], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Place ids where it happened."
    )
    flights: list[Flight] = Field(
        default_factory=list,
        description="Missile flights in the event, each from where it was fired to where it struck; maps draw them.",
    )
    note: Text | None = Field(default=None, description="Caveats: disputed details, what is not known.")
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back this."""

    @model_validator(mode="after")
    def _check_flights(self) -> Event:
        for flight in self.flights:
            if flight.weapon not in self.weapons:
                raise ValueError(f"flight of '{flight.weapon}': list the weapon under `weapons` too")
            if {flight.origin, flight.target} - set(self.places):
                raise ValueError("a flight's places must be listed under `places` too")
        return self


class MapRole(StrEnum):
    """What a kind of place is to a map: where labels go, what frames it, what fires from it."""

    CAPITAL = "capital"
    CITY = "city"
    BASE = "base"
    LAUNCH_SITE = "launch-site"


class MarkerSymbol(StrEnum):
    """Marker shapes a map can draw."""

    SQUARE = "square"
    CIRCLE = "circle"
    DIAMOND = "diamond"
    TRIANGLE_UP = "triangle-up"


class MarkerColour(StrEnum):
    """Colours of the site's palette a marker can take."""

    INK = "ink"
    GREEN = "green"
    VERMILLION = "vermillion"
    BLUE = "blue"


class PlaceKind(Record):
    """A kind of place: a vocabulary entry, with how maps mark it."""

    collection: ClassVar[str] = "place-kinds"
    vocabulary: ClassVar[bool] = True
    noun: ClassVar[str] = "place kind"
    section: ClassVar[str] = "map/"
    display_field: ClassVar[str] = "label"
    label: Line = Field(description="The kind in words, capitalised as at the start of a sentence.")
    plural: Line = Field(description="The kind in words, for more than one.")
    role: MapRole = Field(description="What the place is to a map: capital, city, base or launch-site.")
    symbol: MarkerSymbol = Field(description="The marker's shape on maps.")
    colour: MarkerColour = Field(default=MarkerColour.INK, description="The marker's colour on maps.")
    size: int = Field(default=8, ge=4, le=16, description="The marker's size on maps, in pixels.")
    order: int = Field(
        default=0, description="Which kinds get their labels first where labels would collide (lowest first)."
    )


class Place(Record):
    """A point on the map."""

    collection: ClassVar[str] = "places"
    noun: ClassVar[str] = "place"
    section: ClassVar[str] = "map/"
    display_field: ClassVar[str] = "name"
    factual: ClassVar[bool] = True
    name: Line = Field(description="Name as shown on the map.")
    kind: Annotated[Id, Ref("place-kinds")] = Field(description="Its kind: the id of a file in `data/place-kinds/`.")
    country: Annotated[ActorRef | None, Field(description="Actor id of the state it lies in.")] = None
    latitude: float = Field(ge=-90, le=90, description="Latitude in decimal degrees, north positive (WGS84).")
    longitude: float = Field(ge=-180, le=180, description="Longitude in decimal degrees, east positive (WGS84).")
    uncertainty_km: float | None = Field(default=None, ge=0, description="How far off the point may be, where known.")
    note: Text | None = Field(default=None, description="What the point stands for, and its caveats.")
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back this."""


class Term(Record):
    """A glossary entry: a technical term the story uses (IRBM, MIRV, Aegis Ashore…)."""

    collection: ClassVar[str] = "glossary"
    noun: ClassVar[str] = "glossary term"
    section: ClassVar[str] = "glossary/"
    display_field: ClassVar[str] = "term"
    linked_names: ClassVar[tuple[str, ...]] = ("term", "aliases")
    link_kind: ClassVar[Literal["entity", "term"]] = "term"
    factual: ClassVar[bool] = True
    term: Line = Field(description="The term as it is usually written, for example an abbreviation.")
    expansion: Line | None = Field(default=None, description="What an abbreviation stands for.")
    aliases: Annotated[list[Line], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Other spellings in text; the first use on a page gets a tooltip."
    )
    definition: Text = Field(description="A plain-language definition in one to three sentences.")
    see_also: Annotated[list[WeaponRef], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Weapon ids that illustrate the term."
    )
    sources: Sources
    """Ids of the sources (files in `data/sources/`) that back this."""

    def link_preview(self, name_of: Callable[[str, str], str]) -> tuple[str, str]:
        """The term with its expansion, and its definition."""
        return (f"{self.term} ({self.expansion})" if self.expansion else self.term), strip_citations(self.definition)


_CORRECTABLE: tuple[type[Record], ...] = (Source, Actor, Weapon, Topic, Position, Event, Place, Term)
_VOCABULARIES: tuple[type[Record], ...] = (WeaponClass, PlaceKind)
RecordRef = Annotated[
    str,
    StringConstraints(pattern=rf"^({'|'.join(model.collection for model in _CORRECTABLE)})/[a-z0-9]+(-[a-z0-9]+)*$"),
]
PageRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/_-]*\.md$")]


class Correction(Record):
    """A correction to the site: what changed, when and why."""

    collection: ClassVar[str] = "corrections"
    noun: ClassVar[str] = "correction"
    section: ClassVar[str] = "corrections/"
    date: PartialDate = Field(description="When the correction was published (YYYY-MM-DD).")
    summary: Text = Field(description="What changed: the wrong statement and the corrected one.")
    reason: Text = Field(description="Why: the error and how it was found.")
    records: Annotated[list[RecordRef], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Affected records as `collection/id`, for example `weapons/<id>`."
    )
    pages: Annotated[list[PageRef], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Affected hand-written pages as paths under docs/, for example `article.md`."
    )
    sources: Annotated[list[SourceRef], AfterValidator(unique_items)] = Field(
        default_factory=list, description="Sources that support the corrected statement."
    )

    @model_validator(mode="after")
    def _check_target(self) -> Correction:
        if not self.records and not self.pages:
            raise ValueError("name at least one affected record or page")
        if len(self.date) != 10:
            raise ValueError("give the full date of the correction (YYYY-MM-DD)")
        return self


_MODELS: tuple[type[Record], ...] = (*_VOCABULARIES, *_CORRECTABLE, Correction)
COLLECTIONS: dict[str, type[Record]] = {model.collection: model for model in _MODELS}
"""The registry of collections, in load order, keyed by their folder name under `data/`."""
