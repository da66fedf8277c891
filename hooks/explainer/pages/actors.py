"""The actors pages: the index of people, states and alliances, and one page per actor."""

from __future__ import annotations

from itertools import groupby
from types import MappingProxyType
from typing import TYPE_CHECKING

from explainer.formatting import esc, format_date, md_escape, sort_key
from explainer.pages.builder import Page, index_page
from explainer.pages.positions import positions_table
from explainer.pages.timeline import event_list
from explainer.schema import ActorKind, cited_ids, strip_citations
from explainer.urls import url_of

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage
    from explainer.schema import Actor

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
    by_kind = sorted(dataset.actors.values(), key=lambda a: (list(ActorKind).index(a.kind), sort_key(a.name)))
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


def _actor_page(dataset: Dataset, actor: Actor) -> GeneratedPage:
    page = Page(dataset, url_of("actors", actor.id))
    page.add(f"# {md_escape(actor.name)}")
    page.correction_notes(f"actors/{actor.id}", *(f"positions/{p.id}" for p in dataset.positions_of(actor.id)))
    _facts(page, actor)
    page.section("## Positions", positions_table(page, dataset.positions_of(actor.id), by="topic"))
    page.section("## Events", event_list(page, dataset.events_of(actor.id)))
    weapons = [
        f"<li>{page.record_link('weapons', w.id)}: {esc(' and '.join(roles))}{page.refs(w.sources[:1])}</li>"
        for w, roles in dataset.weapons_of(actor.id)
    ]
    page.section("## Weapons supplied or operated", f"<ul>{''.join(weapons)}</ul>" if weapons else "")
    members = [
        f"<li>{page.record_link('actors', m.id)}: {page.text(m.role, m.sources[:1], inline=True)}</li>"
        for m in dataset.members_of(actor.id)
    ]
    page.section("## People", f"<ul>{''.join(members)}</ul>" if members else "")
    description = f"{actor.name}: {strip_citations(actor.role)}. Positions, events and sources."
    return page.finish_record(actor, actor.name, description)


def _facts(page: Page, actor: Actor) -> None:
    """Role, affiliation and other names, then the summary."""
    facts = [f"<strong>Role:</strong> {_role(page, actor, actor.sources)}"]
    if actor.affiliation:
        facts.append(f"<strong>Affiliation:</strong> {page.record_link('actors', actor.affiliation)}")
    if actor.aliases:
        facts.append(f"<strong>Also called:</strong> {esc(', '.join(actor.aliases))}")
    page.add('<ul class="facts">' + "".join(f"<li>{f}</li>" for f in facts) + "</ul>")
    page.add(page.text(actor.summary, actor.sources))


def _role(page: Page, actor: Actor, sources: list[str]) -> str:
    """The role and its date; a role that cites nothing is followed by the references `sources`."""
    role = page.text(actor.role, inline=True)
    refs = "" if cited_ids(actor.role) else page.refs(sources)
    return f"{role} (as of {esc(format_date(actor.role_as_of))}){refs}"
