"""Small readings of the Dataset that every chart shares: claims with a figure, publishers, lists in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from explainer.dataset import Dataset
    from explainer.schema import Claim

__all__ = ["and_list", "numeric", "publishers", "unique"]


def numeric(claims: Iterable[Claim]) -> list[Claim]:
    """The claims that give a figure (a low and a high value)."""
    return [c for c in claims if c.low is not None and c.high is not None]


def publishers(dataset: Dataset, source_ids: Iterable[str]) -> str:
    """The publishers of the sources, each once, in order, joined by commas."""
    seen: list[str] = []
    for source_id in source_ids:
        publisher = dataset.sources[source_id].publisher
        if publisher not in seen:
            seen.append(publisher)
    return ", ".join(seen)


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """The items without repeats, in the order they first come."""
    return tuple(dict.fromkeys(items))


def and_list(names: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
