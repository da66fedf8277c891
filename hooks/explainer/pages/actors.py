"""The actors pages: the index of people, states and alliances, and one page per actor."""

from __future__ import annotations

from itertools import groupby
from types import MappingProxyType
from typing import TYPE_CHECKING

from explainer.formatting import esc, format_date, md_escape, sort_key
from explainer.markup import infobox, stance_badge
from explainer.pages.builder import Page, index_page
from explainer.pages.positions import positions_table
from explainer.pages.timeline import event_list
from explainer.schema import ActorKind, cited_ids, strip_citations
from explainer.urls import url_of

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage
    from explainer.schema import Actor, Event, Position

__all__ = ["actor_index", "actor_pages"]

_KIND_HEADINGS = MappingProxyType(
    {
        ActorKind.PERSON: "People",
        ActorKind.STATE: "States",
        ActorKind.ALLIANCE: "Alliances",
        ActorKind.ORGANISATION: "Organisations",
    }
)


def actor_index(dataset: Dataset) -> list[GeneratedPage]:
    """The actors page: a card per actor, grouped by kind."""
    page = index_page(dataset, "actors")
    page.add("# Actors", "The people, states and alliances in the story, with where each stands and what each did.")
    by_kind = sorted(dataset.actors.values(), key=lambda a: (list(ActorKind).index(a.kind), _sort_name(a)))
    for kind, group in groupby(by_kind, key=lambda a: a.kind):
        cards = []
        for actor in group:
            role = _role(page, actor, actor.sources[:1])
            cards.append(f"<li><p><strong>{page.record_link('actors', actor.id)}</strong></p><p>{role}</p></li>")
        page.add(
            f"## {_KIND_HEADINGS[kind]}", f'<div class="grid cards actor-cards"><ul>\n{"".join(cards)}\n</ul></div>'
        )
    return [page.finish_index("actors", "Actors", "Who is who in the story: people, states and alliances.")]


def actor_pages(dataset: Dataset) -> list[GeneratedPage]:
    """A page for each actor."""
    return [_actor_page(dataset, actor) for actor in dataset.actors.values()]


def _sort_name(actor: Actor) -> tuple[tuple[str, str], tuple[str, str]]:
    """People by surname (the last word of the name), the rest by name, as an index of a newsroom lists them."""
    surname = actor.name.split()[-1] if actor.kind is ActorKind.PERSON and actor.name.split() else actor.name
    return sort_key(surname), sort_key(actor.name)


def _actor_page(dataset: Dataset, actor: Actor) -> GeneratedPage:
    page = Page(dataset, url_of("actors", actor.id))
    page.add(f"# {md_escape(actor.name)}")
    members = dataset.members_of(actor.id)
    positions = _positions(dataset, actor, members)
    page.correction_notes(f"actors/{actor.id}", *(f"positions/{p.id}" for p in positions))
    page.add(_infobox(page, actor, positions))
    page.add(page.text(actor.summary, actor.sources))
    own = all(p.actor == actor.id for p in positions)
    page.section("## Positions", positions_table(page, positions, by="topic" if own else "both"))
    page.section("## Events", event_list(page, dataset.events_of(actor.id)))
    weapons = [
        f"<li>{page.record_link('weapons', w.id)}: {esc(' and '.join(roles))}{page.refs(w.sources[:1])}</li>"
        for w, roles in dataset.weapons_of(actor.id)
    ]
    page.section("## Weapons supplied or operated", f"<ul>{''.join(weapons)}</ul>" if weapons else "")
    people = [
        f"<li>{page.record_link('actors', m.id)}: {page.text(m.role, m.sources[:1], inline=True)}</li>" for m in members
    ]
    page.section("## People", f"<ul>{''.join(people)}</ul>" if people else "")
    if actor.aliases:
        # Search and the entity links use the other names; readers need them only at the foot.
        page.add(f'<p class="aliases">Also called: {esc(", ".join(actor.aliases))}</p>')
    description = f"{actor.name}: {strip_citations(actor.role)}. Positions, events and sources."
    return page.finish_record(actor, actor.name, description)


def _positions(dataset: Dataset, actor: Actor, members: list[Actor]) -> list[Position]:
    """The actor's own stances, then those of its people (a state's stance is often its leader's), in topic order."""
    theirs = [p for m in members for p in dataset.positions_of(m.id)]
    order = {t: i for i, t in enumerate(sorted(dataset.topics, key=lambda t: (dataset.topics[t].order, t)))}
    return dataset.positions_of(actor.id) + sorted(theirs, key=lambda p: (order[p.topic], p.actor))


def _infobox(page: Page, actor: Actor, positions: list[Position]) -> str:
    """Role, country or alliance, the key stance with its source, the first and latest dates of the actor's events."""
    rows = [("Role", _role(page, actor, actor.sources))]
    if actor.affiliation:
        label = "Country" if page.dataset.actors[actor.affiliation].kind is ActorKind.STATE else "Member of"
        rows.append((label, page.record_link("actors", actor.affiliation)))
    if positions:
        key = positions[0]
        who = "" if key.actor == actor.id else f"{page.record_link('actors', key.actor)}: "
        topic = page.link(url_of("positions", key.id), page.dataset.name_of("topics", key.topic))
        rows.append(("Key stance", f"{who}{stance_badge(key)} {topic}{page.refs(key.sources[:1])}"))
    events = page.dataset.events_of(actor.id)
    dates = [events[0], events[-1]] if len(events) > 1 else events
    rows.append(("Key dates", "<br>".join(_dated(page, e) for e in dates)))
    return infobox(rows)


def _dated(page: Page, event: Event) -> str:
    page.use("events", event.id)
    title = page.link(url_of("events", event.id), event.title)
    return f'<time datetime="{esc(event.date)}">{esc(format_date(event.date))}</time>: {title}'


def _role(page: Page, actor: Actor, sources: list[str]) -> str:
    """The role and its date; a role that cites nothing is followed by the references `sources`."""
    role = page.text(actor.role, inline=True)
    refs = "" if cited_ids(actor.role) else page.refs(sources)
    return f"{role} (as of {esc(format_date(actor.role_as_of))}){refs}"
