"""The engine as a site generator sees it: one call prepares a build, and the names a build uses.

This is the top layer of the engine and the only module the MkDocs adapter reaches: the
adapter imports it afresh when the engine's code changes under `mkdocs serve`, so every
name it needs is here rather than bound at its own import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from explainer.citations import CitationError, render_citations
from explainer.dataset import Dataset, load_dataset
from explainer.fences import ChartFence, ChartFenceError, give_back, withhold_from_search
from explainer.linking import Linker, build_linker
from explainer.loading import DataError
from explainer.markup import restore_html, stash_html
from explainer.pages import GeneratedPage, generate_pages
from explainer.provenance import (
    PageInfo,
    after_title,
    git_dates,
    last_updated,
    render_atom,
    render_correction_notes,
    render_page_tools,
)
from explainer.report import error_page, render_problems
from explainer.urls import FEED_PATH, edit_base, edit_url

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "FEED_PATH",
    "ChartFenceError",
    "CitationError",
    "DataError",
    "PageInfo",
    "Site",
    "after_title",
    "edit_base",
    "edit_url",
    "error_page",
    "git_dates",
    "give_back",
    "last_updated",
    "prepare_site",
    "render_atom",
    "render_citations",
    "render_correction_notes",
    "render_page_tools",
    "render_problems",
    "restore_html",
    "stash_html",
    "withhold_from_search",
]


@dataclass(frozen=True)
class Site:
    """What a build starts from: the data, its generated pages, the linker and the chart fence."""

    dataset: Dataset
    linker: Linker
    charts: ChartFence
    generated: dict[str, GeneratedPage]


def prepare_site(data_dir: Path, root: Path) -> Site:
    """Load and check the data in `data_dir` (paths relative to the project `root`); `DataError` lists every problem."""
    dataset = load_dataset(data_dir, root)
    return Site(
        dataset=dataset,
        linker=build_linker(dataset),
        charts=ChartFence(dataset),
        generated={page.src_uri: page for page in generate_pages(dataset)},
    )
