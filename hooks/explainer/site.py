"""The engine as a site generator sees it: one call prepares a build, and the names a build uses.

This is the top layer of the engine and the only module the MkDocs adapter reaches: the
adapter imports it afresh when the engine's code changes under `mkdocs serve`, so every
name it needs is here rather than bound at its own import.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from explainer.cache import Recorder, SessionCache, digest, tree_stamp
from explainer.charts.palette import palette_css
from explainer.citations import CitationError, render_citations
from explainer.csp import InlineSources, inline_sources, with_content_security_policy
from explainer.dataset import Dataset, load_dataset
from explainer.fences import ChartFence, ChartFenceError, give_back, withhold_from_search
from explainer.formatting import format_date
from explainer.linking import Linker, build_linker
from explainer.loading import DataError, page_files, unsafe_files
from explainer.markup import restore_html, stash_html
from explainer.pages import GeneratedPage, generate_pages
from explainer.policy import check_front_matter, check_page_html, format_page_problems
from explainer.posters import Image, Renderer, RenderError, cache_folder, plan_images
from explainer.provenance import (
    OriginalWork,
    PageInfo,
    after_title,
    git_dates,
    last_change,
    last_updated,
    render_atom,
    render_correction_flag,
    render_correction_notes,
    render_page_tools,
)
from explainer.report import error_page, render_problems
from explainer.rules import NameRules
from explainer.urls import FEED_PATH, PALETTE_PATH, edit_base, edit_url
from explainer.wording import WordingError, check_texts

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = [
    "FEED_PATH",
    "PALETTE_PATH",
    "ChartFenceError",
    "CitationError",
    "DataError",
    "Image",
    "InlineSources",
    "OriginalWork",
    "PageInfo",
    "Recorder",
    "RenderError",
    "Renderer",
    "SessionCache",
    "Site",
    "WordingError",
    "after_title",
    "cache_folder",
    "check_front_matter",
    "check_page_html",
    "digest",
    "edit_base",
    "edit_url",
    "error_page",
    "format_date",
    "format_page_problems",
    "git_dates",
    "give_back",
    "inline_sources",
    "last_change",
    "last_updated",
    "plan_images",
    "prepare_site",
    "render_atom",
    "render_citations",
    "render_correction_flag",
    "render_correction_notes",
    "render_page_tools",
    "render_problems",
    "restore_html",
    "stash_html",
    "tree_stamp",
    "unsafe_files",
    "with_content_security_policy",
    "withhold_from_search",
]


@dataclass(frozen=True)
class Site:
    """What a build starts from: the data, its generated pages, the linker and the chart fence."""

    dataset: Dataset
    linker: Linker
    charts: ChartFence
    generated: dict[str, GeneratedPage]
    dates: dict[str, str]
    """The date of the last commit of each file (`git_dates`)."""
    stylesheet: str
    """The site's colours as CSS custom properties, written to `PALETTE_PATH`."""


def prepare_site(
    data_dir: Path,
    root: Path,
    docs_dir: Path | None = None,
    settings: Mapping[str, Any] | None = None,
    cache: SessionCache | None = None,
) -> Site:
    """Load and check the data in `data_dir` (paths relative to the project `root`); `DataError` lists every problem.

    With `docs_dir`, corrections may name only its pages; `settings` (`extra.explainer`) give the rules for names
    and the site's wording (`text`; `WordingError` if it is wrong). A preview session's `cache` keeps the parsed
    data files and the commit dates between rebuilds (each under what it was made from).
    """
    wording = MappingProxyType(check_texts((settings or {}).get("text")))
    dates = _dates(root, cache)
    dataset = load_dataset(
        data_dir,
        root,
        pages=page_files(docs_dir) if docs_dir is not None else None,
        names=NameRules.from_settings(settings or {}, _dates(root, cache, first=True)),
        memo=cache.memo("data-files") if cache is not None else None,
    )
    dataset = replace(dataset, texts=wording)
    return Site(
        dataset=dataset,
        linker=build_linker(dataset),
        charts=ChartFence(dataset),
        generated={page.src_uri: page for page in generate_pages(dataset)},
        dates=dates,
        stylesheet=palette_css(dataset),
    )


def _dates(root: Path, cache: SessionCache | None, *, first: bool = False) -> dict[str, str]:
    """`git_dates`, kept in a preview session until a commit, a checkout or a reset moves HEAD."""
    state = _git_state(root) if cache is not None else None
    if cache is None or state is None:
        return git_dates(root, first=first)
    dates: dict[str, str] = cache.memo("git-dates").get((str(root), first, state), lambda: git_dates(root, first=first))
    return dates


def _git_state(root: Path) -> str | None:
    """A stamp of where HEAD points and of its log (which every commit and checkout appends to), read without git."""
    for folder in (root, *root.resolve().parents):
        dot = folder / ".git"
        if dot.is_file():  # a worktree: `gitdir: <path>`
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            dot = (folder / text.removeprefix("gitdir:").strip()).resolve()
        if dot.is_dir():
            marks = [dot / "HEAD", dot / "logs" / "HEAD"]
            if not all(mark.is_file() for mark in marks):
                return None
            return digest(*(f"{mark}:{mark.stat().st_size}:{mark.stat().st_mtime_ns}" for mark in marks))
    return None
