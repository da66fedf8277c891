"""The positions page: the actor by topic matrix of stances, then each topic's statements, quotes and sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.formatting import STANCE_LABELS, esc, format_date, md_escape
from explainer.markup import stance_badge, statement, table
from explainer.pages.builder import chart_fence, index_page

if TYPE_CHECKING:
    from explainer.dataset import Dataset
    from explainer.pages.builder import GeneratedPage, Page
    from explainer.schema import Position, Topic

__all__ = ["positions_index", "positions_table"]


_FIRST_COLUMN = {"topic": "Topic", "actor": "Actor", "both": "Actor and topic"}


def positions_table(page: Page, positions: list[Position], *, by: str) -> str:
    """A table of stances, first column the topic (`by="topic"`), the actor (`"actor"`) or both; none for no stances."""
    if not positions:
        return ""
    rows = []
    for position in positions:
        page.use("positions", position.id)
        topic = page.name_link("topics", position.topic)
        first = topic if by == "topic" else page.record_link("actors", position.actor)
        if by == "both":
            first = f"{first}: {topic}"
        rows.append(
            f"<td>{first}</td><td>{stance_badge(position)}</td>"
            f'<td data-label="As of">{esc(format_date(position.as_of))}</td>'
            f'<td class="statement">{statement(position, page.refs, position.sources)}</td>'
        )
    return table([_FIRST_COLUMN[by], "Stance", "As of", "Statement"], rows, css="positions")


def positions_index(dataset: Dataset) -> list[GeneratedPage]:
    """The positions page."""
    page = index_page(dataset, "positions")
    topics = sorted(dataset.topics.values(), key=lambda t: (t.order, t.id))
    page.add(
        "# Positions",
        "Where each actor stands on the questions the article turns on. Each cell links to the statement "
        "and its sources below; a blank cell means no sourced stance was found.",
    )
    matrix = _matrix(page, topics)
    page.collection_notes("positions", *(f"topics/{t.id}" for t in topics))
    page.add(chart_fence("positions-matrix"))
    page.add(matrix)
    for topic in topics:
        _topic_section(page, topic)
    return [
        page.finish_index(
            "positions", "Positions", "Who stands where: the actor by topic matrix, with quotes and sources."
        )
    ]


def _matrix(page: Page, topics: list[Topic]) -> str:
    """The table of stances, an actor a row and a topic a column; each cell links to its statement."""
    dataset = page.dataset
    actor_ids = sorted({p.actor for p in dataset.positions.values()}, key=lambda a: dataset.actors[a].name)
    # A question nobody has a sourced stance on gets its section below, not an empty column.
    columns = [t for t in topics if dataset.positions_on(t.id)]
    head = ["Actor"] + [page.name_link("topics", t.id) for t in columns]
    rows = []
    for actor_id in actor_ids:
        cells = [f'<th scope="row">{page.record_link("actors", actor_id)}</th>']
        for topic in columns:
            position = dataset.position(actor_id, topic.id)
            if position is None:
                cells.append('<td class="none"><span class="visually-hidden">no sourced stance</span></td>')
                continue
            badge = f'<a href="#{esc(position.id)}" class="cell-link">{stance_badge(position)}</a>'
            topic_name = esc(dataset.name_of("topics", topic.id))
            cells.append(f'<td data-label="{topic_name}">{badge}{page.refs(position.sources[:1])}</td>')
        rows.append("".join(cells))
    return table(head, rows, css="matrix", cards=True)


def _topic_section(page: Page, topic: Topic) -> None:
    """A topic's question and summary, then every actor's statement on it."""
    page.add(
        f"## {md_escape(topic.question)} {{: #{topic.id} }}",
        page.text(topic.summary, topic.sources),
    )
    items = []
    for position in page.dataset.positions_on(topic.id):
        actor = page.record_link("actors", position.actor)
        earlier = "".join(
            f'<p class="earlier">Earlier ({esc(format_date(c.as_of))}): {esc(STANCE_LABELS[c.stance].lower())}. '
            f"{page.text(c.summary, c.sources, inline=True)}</p>"
            for c in position.earlier
        )
        items.append(
            f'<div class="position" id="{esc(position.id)}"><h3 class="position-actor">{actor} {stance_badge(position)}</h3>'
            f'<p class="as-of">As of {esc(format_date(position.as_of))}</p>'
            f"{statement(position, page.refs)}{earlier}<p>Sources: {page.refs(position.sources)}</p></div>"
        )
    page.add(
        "\n".join(items) or '<p class="none">No actor\'s stance on this question is recorded in the sources yet.</p>'
    )
