"""MkDocs adapter: the only module that imports MkDocs.

It loads the Dataset once per build (`on_config`), adds the generated pages
(`on_files`), points their edit links at their data files (`on_page_markdown`) and links
entity mentions in hand-written pages (`on_page_content`). Everything else is the plain
Python `explainer` package beside this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from explainer.citations import CitationError, render_citations
from explainer.dataset import Dataset, load_dataset
from explainer.fences import ChartFence, give_back, withhold_from_search
from explainer.fences import activate as activate_charts
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
from explainer.urls import FEED_PATH

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger("explainer")

MKDOCSTRINGS_CSS = "assets/_mkdocstrings.css"
PAGE_ASSETS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ('<figure class="chart ', ("assets/stylesheets/charts.css",), ("assets/javascripts/charts.js",)),
    ('class="doc doc-', (MKDOCSTRINGS_CSS,), ()),
)
"""Styles and scripts that only some pages need: (what in a page's HTML needs them, styles, scripts).

A page without charts loads no chart code, and only the reference pages load mkdocstrings'
styles. The template (`overrides/main.html`) links them from the page's `explainer_css` and
`explainer_js`; Material's instant navigation adds and drops the styles in the head and
runs the scripts in the content as a reader moves between pages.
"""


class _State:
    """What one build knows; rebuilt in `on_config` so `mkdocs serve` never sees stale data."""

    dataset: Dataset | None = None
    linker: Linker | None = None
    charts: ChartFence | None = None
    generated: dict[str, GeneratedPage] = {}  # noqa: RUF012 - replaced per build, never mutated
    dates: dict[str, str] = {}  # noqa: RUF012 - replaced per build, never mutated
    withheld: dict[str, list[str]] = {}  # noqa: RUF012 - chart parts kept from the search plugin's reader, by page
    stashed: dict[str, list[str]] = {}  # noqa: RUF012 - raw HTML of a generated page, from its Markdown to its HTML


state = _State()


def data_dir(config: MkDocsConfig) -> Path:
    """The data folder: `extra.explainer.data_dir`, relative to mkdocs.yml (default `data`)."""
    settings: dict[str, Any] = config.extra.get("explainer", {}) or {}
    return Path(config.config_file_path).parent / str(settings.get("data_dir", "data"))


@event_priority(-50)  # after mkdocstrings (priority 0) has added its stylesheet to every page
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data; a bad file stops the build with every problem listed."""
    if MKDOCSTRINGS_CSS in config.extra_css:
        config.extra_css.remove(MKDOCSTRINGS_CSS)  # linked by the pages that need it (`PAGE_ASSETS`)
    folder = data_dir(config)
    try:
        dataset = load_dataset(folder)
    except DataError as error:
        count = len(error.problems)
        raise PluginError(f"{count} problem(s) in the data:\n{error}") from None
    state.dataset = dataset
    state.linker = build_linker(dataset)
    state.charts = ChartFence(dataset)
    activate_charts(state.charts)
    state.generated = {page.src_uri: page for page in generate_pages(dataset)}
    state.stashed = {}
    state.withheld = {}
    state.dates = git_dates(Path(config.config_file_path).parent)
    log.debug("loaded %d records from %s", dataset.count(), folder)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages; a hand-written page of the same name is an error."""
    for src_uri, page in state.generated.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None and not existing.generated_by:
            raise PluginError(f"docs/{src_uri} clashes with a generated page; rename or remove it")
        files.append(File.generated(config, src_uri, content=page.content))
    if state.dataset is not None:
        feed = render_atom(list(state.dataset.corrections.values()), config.site_url or "/", config.site_name)
        files.append(File.generated(config, FEED_PATH, content=feed))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Number `[@source]` citations; give generated pages a description and an edit link to their data."""
    generated = state.generated.get(page.file.src_uri) if page.file.generated_by else None
    if state.charts is not None:
        where = (
            f"{page.file.src_uri} (generated from {generated.edit_path})" if generated else f"docs/{page.file.src_uri}"
        )
        state.charts.begin_page(where, page.url, page.file.content_string)
    if state.dataset is not None and not page.file.generated_by:
        try:
            markdown = render_citations(markdown, state.dataset, page.url)
        except CitationError as error:
            raise PluginError(f"docs/{page.file.src_uri}: {error}") from None
    generated = state.generated.get(page.file.src_uri)
    if generated is not None and page.file.generated_by:
        page.meta.setdefault("description", generated.description)
        if config.repo_url:
            action = "edit" if generated.edit_path.endswith(".yaml") else "tree"
            page.edit_url = f"{config.repo_url.rstrip('/')}/{action}/main/{generated.edit_path}"
        if markdown == generated.content:
            markdown, state.stashed[page.file.src_uri] = stash_html(markdown)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Link entity mentions on hand-written pages; add correction notes and the page tools to every page.

    What search leaves out (chart parts, the page tools) is kept from the search plugin's
    HTML reader until `on_page_context` gives it back: reading it was most of the plugin's time.
    """
    if state.dataset is None:
        return html
    generated = state.generated.get(page.file.src_uri) if page.file.generated_by else None
    page_assets(html, page)
    html = restore_html(html, state.stashed.pop(page.file.src_uri, []))
    if generated is None:
        if state.linker is not None and page.meta.get("entity_links") is not False:
            html = state.linker.link(html, page.url)
        html = after_title(
            html, render_correction_notes(state.dataset.corrections_of_page(page.file.src_uri), page.url)
        )
        paths: tuple[str, ...] = (f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}",)
    else:
        paths = generated.data_paths
    site_url = (config.site_url or "").rstrip("/") + "/"
    info = PageInfo(
        title=page.title or config.site_name,
        url=page.url,
        canonical=site_url + page.url,
        site_name=config.site_name,
        updated=last_updated(state.dates, paths),
        repo_url=config.repo_url,
    )
    tools = render_page_tools(info)
    unsearched = [*(state.charts.unsearched() if state.charts is not None else []), tools]
    html, state.withheld[page.file.src_uri] = withhold_from_search(html + tools, unsearched)
    return html


def page_assets(html: str, page: Page) -> None:
    """Note in the page's meta the styles and scripts its HTML needs (front matter cannot set them)."""
    needed = [(css, js) for marker, css, js in PAGE_ASSETS if marker in html]
    page.meta["explainer_css"] = [path for css, _ in needed for path in css]
    page.meta["explainer_js"] = [path for _, js in needed for path in js]


@event_priority(-100)  # after the search plugin (priority 0) has read the page
def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext | None:
    """Give back what search leaves out (chart parts, page tools), which was kept from its HTML reader."""
    withheld = state.withheld.pop(page.file.src_uri, [])
    if withheld and page.content is not None:
        page.content = give_back(page.content, withheld)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Write each chart's CSV and JSON downloads into the site (never into docs/)."""
    if state.charts is None:
        return
    site = Path(config.site_dir)
    for chart in state.charts.rendered.values():
        for path, content in chart.downloads.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
