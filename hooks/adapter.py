"""MkDocs adapter: the only module that imports MkDocs.

Each event hands its work to the plain Python `explainer` package beside this file:
`on_config` loads the data and makes one `_Build` (everything this build knows), and the
later events read it. Under `mkdocs serve`, a rebuild after an edit to the engine's code
imports the engine afresh, so that the preview runs the code as it now is.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

if TYPE_CHECKING:
    from types import ModuleType

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from explainer.csp import InlineSources
    from explainer.dataset import Dataset
    from explainer.fences import ChartFence
    from explainer.linking import Linker
    from explainer.pages import GeneratedPage
    from explainer.posters import Renderer

log = get_plugin_logger("explainer")

ENGINE = Path(__file__).parent / "explainer"

CHART_ASSETS = (("assets/stylesheets/charts.css", "assets/vendor/plotly-4.1.1.css"), ("assets/javascripts/charts.js",))
SOURCES_ASSETS = ((), ("assets/javascripts/sources.js",))
"""The script that opens a page's collapsed list of sources for a link into it, and filters the bibliography."""
"""The styles and scripts of charts, linked only from pages that hold one (plotly.js's own rules
last, where plotly.js would have put them, as the Content-Security-Policy keeps it from doing so).

The template (`overrides/main.html`) links a page's `explainer_css` and `explainer_js`;
Material's instant navigation adds and drops the styles in the head and runs the scripts
in the content as a reader moves between pages. mkdocstrings' styles are likewise linked
only from the pages it renders.
"""


@dataclass
class _Build:
    """What one build knows: made in `on_config`, read by the later events."""

    engine: ModuleType
    dataset: Dataset
    linker: Linker
    charts: ChartFence
    generated: dict[str, GeneratedPage]
    stylesheet: str
    dates: dict[str, str]
    edit_base: str | None
    docs_folder: str
    page_assets: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    inline: InlineSources
    """The inline scripts and styles of every page's content, which every page's policy allows."""
    withheld: dict[str, list[str]] = field(default_factory=dict)
    """Chart parts kept from the search plugin's reader, by page."""
    stashed: dict[str, list[str]] = field(default_factory=dict)
    """Raw HTML of a generated page, from its Markdown to its HTML, by page."""
    page_errors: list[str] = field(default_factory=list)
    """Under `mkdocs serve`, what stops a page (a chart fence, a citation), for the error page."""
    section: Page | None = None
    """The index page in the navigation marked active while a page outside it (a record's page) renders."""
    renderer: Renderer | None = None
    """Draws the charts' images and the share cards: one browser for the build, started only if one is missing."""
    cards: dict[str, str] = field(default_factory=dict)
    """Each page's share card (its `og:image`), site-relative, by page URL."""
    fences_drawn: int = 0
    """Chart fences formatted so far: a page whose Markdown drew one depends on the data, and is not kept."""
    world: str = ""
    """Under `mkdocs serve`, a stamp of all but a page's Markdown that its HTML depends on (see `_render_kept`)."""


_build: _Build | None = None
_serving = False
_failure: tuple[str, int] | None = None
"""Under `mkdocs serve`, the report of the data problems that stop the build, and their count."""
_engine_stamp: tuple[tuple[str, int], ...] = ()
_session: Any = None
"""Under `mkdocs serve`, the engine's `SessionCache`: what one rebuild keeps for the next (never in a plain build)."""


def _current() -> _Build:
    if _build is None:
        raise PluginError("the explainer hook saw no on_config event")
    return _build


def on_startup(command: str, dirty: bool) -> None:
    """Note whether this is `mkdocs serve`, whose rebuilds must pick up edits to the engine."""
    global _serving  # noqa: PLW0603 - the one fact that outlives a build
    _serving = command == "serve"


def _engine() -> ModuleType:
    """The engine's facade module, imported afresh under `mkdocs serve` when its code has changed."""
    global _engine_stamp, _session  # noqa: PLW0603 - what the loaded engine was built from, and kept
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in ENGINE.rglob("*.py")))
    if _serving and _engine_stamp and stamp != _engine_stamp:
        _session = None  # made by the old code
        for name in [n for n in sys.modules if n == "explainer" or n.startswith("explainer.")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        log.info("engine code changed: reloaded")
    _engine_stamp = stamp
    return importlib.import_module("explainer.site")


@event_priority(-50)  # after mkdocstrings (priority 0) has added its stylesheet to every page
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data; a bad file stops the build with every problem listed."""
    global _build, _failure, _session  # noqa: PLW0603 - one build object, replaced by each build
    engine = _engine()
    if _serving and _session is None:
        _session = engine.SessionCache()
    root = Path(config.config_file_path).parent
    settings: dict[str, Any] = config.extra.get("explainer", {}) or {}
    data_dir = root / str(settings.get("data_dir", "data"))
    for folder in (str(data_dir), str(ENGINE)):  # `mkdocs serve` rebuilds on edits to the data and the engine
        if folder not in config.watch:
            config.watch.append(folder)
    docs_dir = Path(config.docs_dir)
    if unsafe := engine.unsafe_files(docs_dir, root):  # before MkDocs reads a file there
        raise PluginError(f"{len(unsafe)} problem(s) in the pages:\n" + "\n".join(map(str, unsafe)))
    try:
        site = engine.prepare_site(data_dir, root, docs_dir, settings, _session)
    except engine.DataError as error:
        report = engine.render_problems(error.problems, root)
        message = f"{len(error.problems)} problem(s) in the data:\n{report}"
        if not _serving:
            raise PluginError(message) from None
        # A preview that raises here hangs every request until the data is fixed: show the problems instead.
        log.error(message)
        _build, _failure = None, (report, len(error.problems))
        config.nav = None  # the build has no pages: no warning for each entry of the navigation
        return config
    except engine.WordingError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    _failure = None
    for warning in site.dataset.warnings:
        log.warning(engine.render_problems([warning], root))
    if engine.PALETTE_PATH not in config.extra_css:  # every page: badges and marks use the palette's colours
        config.extra_css.insert(0, engine.PALETTE_PATH)
    docs_folder = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    _build = _Build(
        engine=engine,
        dataset=site.dataset,
        linker=site.linker,
        charts=site.charts,
        generated=site.generated,
        stylesheet=site.stylesheet,
        dates=site.dates,
        edit_base=engine.edit_base(config.repo_url, config.edit_uri, docs_folder),
        docs_folder=docs_folder,
        page_assets=(
            ('<figure class="chart ', *CHART_ASSETS),
            ('class="doc doc-', _own_css(config), ()),
            ('class="references-block"', *SOURCES_ASSETS),
            ('class="source-finder"', *SOURCES_ASSETS),
        ),
        inline=engine.InlineSources(),
        renderer=engine.Renderer(
            docs_dir / "assets" / "vendor", engine.cache_folder(root, settings.get("image_cache"))
        ),
    )
    _bind_chart_fence(config, _build)
    log.debug("loaded %d records", site.dataset.count())
    if _serving:
        log.info(
            "preview pages carry no Content-Security-Policy: the live-reload script is inline and new on each load"
        )
    return config


def _own_css(config: MkDocsConfig) -> tuple[str, ...]:
    """Mkdocstrings' stylesheet, taken out of every page's head: only the pages it renders link it."""
    plugin = config.plugins.get("mkdocstrings")
    css = getattr(plugin, "css_filename", None)
    if isinstance(css, str) and css in config.extra_css:
        config.extra_css.remove(css)
        return (css,)
    return ()


def _bind_chart_fence(config: MkDocsConfig, build: _Build) -> None:
    """Point the `chart` fence of SuperFences at this build's charts (mkdocs.yml names the module's defaults)."""

    def draw(*args: Any, **kwargs: Any) -> str:
        build.fences_drawn += 1
        return str(build.charts.format(*args, **kwargs))

    superfences = config.mdx_configs.get("pymdownx.superfences", {})
    for fence in superfences.get("custom_fences", []):
        if fence.get("name") == "chart":
            fence["validator"] = build.charts.validate
            fence["format"] = draw


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages and the corrections feed; a hand-written page of the same name is an error.

    While the data is broken under `mkdocs serve`, there are no pages: `on_post_build` writes the error page.
    """
    if _failure is not None:
        return Files([])
    build = _current()
    for src_uri, page in build.generated.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None and not existing.generated_by:
            raise PluginError(f"{build.docs_folder}/{src_uri} clashes with a generated page; rename or remove it")
        files.append(File.generated(config, src_uri, content=page.content))
    corrections = list(build.dataset.corrections.values())
    since = build.engine.last_change(build.dates)
    feed = build.engine.render_atom(corrections, config.site_url or "/", config.site_name, since)
    files.append(File.generated(config, build.engine.FEED_PATH, content=feed))
    files.append(File.generated(config, build.engine.PALETTE_PATH, content=build.stylesheet))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Number `[@source]` citations; give generated pages a description and an edit link to their data."""
    build = _current()
    if _session is not None:
        _render_kept(build, page)
    generated = build.generated.get(page.file.src_uri) if page.file.generated_by else None
    where = f"{page.file.src_uri} (generated from {generated.edit_path})" if generated else _source_path(build, page)
    build.charts.begin_page(where, page.url, page.file.content_string)
    if generated is None:
        source = page.file.content_string
        first_line = source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1
        try:
            return str(build.engine.render_citations(markdown, build.dataset, page.url, first_line))
        except build.engine.CitationError as error:
            _page_error(build, error.report(_source_path(build, page)))
            return markdown
    page.meta.setdefault("description", generated.description)
    page.edit_url = build.engine.edit_url(build.edit_base, generated.edit_path)
    if markdown == generated.content:
        markdown, build.stashed[page.file.src_uri] = build.engine.stash_html(markdown)
    return markdown


def _render_kept(build: _Build, page: Page) -> None:
    """Under `mkdocs serve`, render the page only when its Markdown or what else its HTML depends on changed.

    The key is the Markdown MkDocs converts (after every plugin's `on_page_markdown`) and a
    stamp of the rest: mkdocs.yml, the hooks' code (mkdocstrings reads it), the theme's
    overrides and every file's address (links). A page that drew a chart depends on the data
    and is rendered each time. What the rendering did besides its HTML (the page's table of
    contents and anchors, anchors and inventory entries registered with mkdocstrings and
    autorefs, warnings) is recorded and replayed, so the site is the same as a cold build's.
    """
    render = page.render

    def kept(config: MkDocsConfig, files: Files) -> None:
        engine, memo = build.engine, _session.memo("page-html")
        if not build.world:
            addresses = sorted(f"{f.src_uri}\0{f.dest_uri}" for f in files)
            code = engine.tree_stamp([Path(__file__).parent, *config.theme.dirs[:1]])
            build.world = engine.digest(Path(config.config_file_path).read_bytes(), code, *addresses)
        key = (page.file.src_uri, engine.digest(page.markdown or ""), build.world)
        targets = _render_targets(config)
        found, replay = memo.lookup(key)
        if found:
            replay.apply(page, targets, lambda name, value: _restore(name, value, files))
            return
        drawn = build.fences_drawn
        with engine.Recorder(page, targets, _store) as recorder:
            render(config, files)
        if build.fences_drawn == drawn and recorder.replay is not None:
            memo.keep(key, recorder.replay)

    page.render = kept  # type: ignore[method-assign]


def _store(name: str, value: Any) -> Any:
    """A page attribute as it can outlive the build: links to anchors name their pages' files by path."""
    if name == "links_to_anchors" and isinstance(value, dict):
        return {file.src_uri: links for file, links in value.items()}
    return value


def _restore(name: str, value: Any, files: Files) -> Any:
    """A kept page attribute with this build's objects (see `_store`)."""
    if name == "links_to_anchors" and isinstance(value, dict):
        return {files.get_file_from_path(uri): links for uri, links in value.items()}
    return value


def _render_targets(config: MkDocsConfig) -> list[tuple[Any, str]]:
    """The calls a page's rendering makes to other plugins that a replay must make again."""
    targets: list[tuple[Any, str]] = []
    if (autorefs := config.plugins.get("autorefs")) is not None:
        targets.append((autorefs, "register_anchor"))
    mkdocstrings = config.plugins.get("mkdocstrings")
    try:
        handlers = getattr(mkdocstrings, "handlers", None)
    except RuntimeError:  # not set up in this build
        handlers = None
    if handlers is not None:
        targets += [(handlers, "get_handler"), (handlers.inventory, "register")]
    return targets


def _page_error(build: _Build, message: str) -> None:
    """Stop the build with `message`; under `mkdocs serve`, keep it for the error page instead."""
    if not _serving:
        raise PluginError(message)
    log.error(message)
    build.page_errors.append(message)


def _source_path(build: _Build, page: Page) -> str:
    return f"{build.docs_folder}/{page.file.src_uri}"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Link entity mentions on hand-written pages; add correction notes and the page tools to every page.

    What search leaves out (chart parts, the page tools) is kept from the search plugin's
    HTML reader until `on_page_context` gives it back: reading it was most of the plugin's time.
    """
    build = _current()
    engine = build.engine
    generated = build.generated.get(page.file.src_uri) if page.file.generated_by else None
    try:
        build.charts.end_page()
    except engine.ChartFenceError as error:
        _page_error(build, str(error))
    html = engine.restore_html(html, build.stashed.pop(page.file.src_uri, []))
    _note_page_assets(build, html, page)
    if generated is None:
        _check_page(build, html, page)
        if page.meta.get("entity_links") is not False:
            html = build.linker.link(html, page.url)
        corrections = build.dataset.corrections_of_page(page.file.src_uri)
        html = engine.after_title(html, engine.render_correction_flag(corrections))
        html += engine.render_correction_notes(corrections, page.url)
        paths: tuple[str, ...] = (_source_path(build, page),)
    else:
        paths = generated.data_paths
    info = engine.PageInfo(
        title=page.title or config.site_name,
        url=page.url,
        canonical=(config.site_url or "").rstrip("/") + "/" + page.url,
        site_name=config.site_name,
        updated=engine.last_updated(build.dates, paths),
        repo_url=config.repo_url,
        original=engine.OriginalWork.from_meta(page.meta) if generated is None else None,
    )
    tools = engine.render_page_tools(info)
    if info.updated:  # the date line of the page header (overrides/partials/content.html)
        page.meta["updated"], page.meta["updated_text"] = info.updated, engine.format_date(info.updated)
    build.inline |= engine.inline_sources(html + tools)
    unsearched = [*build.charts.unsearched(), tools]
    html, build.withheld[page.file.src_uri] = engine.withhold_from_search(html + tools, unsearched)
    return html


def _check_page(build: _Build, html: str, page: Page) -> None:
    """Stop the build when a hand-written page holds active content or markup in its front matter (`explainer.policy`)."""
    engine, source = build.engine, page.file.content_string
    problems = [*engine.check_front_matter(page.meta, source), *engine.check_page_html(html, source)]
    if problems:
        listing = engine.format_page_problems(_source_path(build, page), problems)
        raise PluginError(f"{len(problems)} problem(s) in a page: pages may hold no active content\n{listing}")


def _note_page_assets(build: _Build, html: str, page: Page) -> None:
    """Note in the page's meta the styles and scripts its HTML needs (front matter cannot set them)."""
    needed = [(css, js) for marker, css, js in build.page_assets if marker in html]
    page.meta["explainer_css"] = list(dict.fromkeys(path for css, _ in needed for path in css))
    page.meta["explainer_js"] = list(dict.fromkeys(path for _, js in needed for path in js))


@event_priority(-100)  # after the search plugin (priority 0) has read the page
def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext | None:
    """Give back what search leaves out (chart parts, page tools), which was kept from its HTML reader."""
    build = _current()
    if (card := build.cards.get(page.url)) and config.site_url:
        page.meta["explainer_card"] = config.site_url.rstrip("/") + "/" + card
    withheld = build.withheld.pop(page.file.src_uri, [])
    if withheld and page.content is not None:
        page.content = build.engine.give_back(page.content, withheld)
    _activate_section(build, page, nav)
    return context


def _activate_section(build: _Build, page: Page, nav: Navigation) -> None:
    """Mark active the index a page outside the navigation belongs to, so that its tab shows where the reader is.

    A record's page (`actors/<id>/`) is not in the navigation; its section is the page there
    whose address is the longest one its own begins with (`actors/`). The template also names
    it above the headline, as a link back to the index.
    """
    if page in nav.pages:
        return
    owners = [p for p in nav.pages if p.url and page.url.startswith(p.url) and p.url != page.url]
    if owners:
        build.section = max(owners, key=lambda p: len(p.url))
        build.section.active = True


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Draw every chart's images and every page's share card, and add them to the site's files.

    Every page is rendered by now, so every chart is known; the files are copied after this
    event, before the pages are written. A missing Chromium stops the build with one sentence.
    """
    if _failure is not None or _build is None or _build.page_errors or _build.renderer is None:
        return env
    build, renderer = _build, _build.renderer
    charts = {chart_id: (chart.url, chart.spec) for chart_id, chart in build.charts.rendered.items()}
    pages = [(file.page.url, _share_title(file.page, config)) for file in files.documentation_pages() if file.page]
    images, build.cards = build.engine.plan_images(charts, pages, config.site_name)
    before = renderer.renders
    try:
        drawn = renderer.draw(images)
    except build.engine.RenderError as error:
        renderer.close()
        raise PluginError(str(error)) from None
    for path, content in drawn.items():
        files.append(File.generated(config, path, content=content))
    log.info("chart images and share cards: %d, %d drawn", len(images), renderer.renders - before)
    renderer.close()
    return env


def _share_title(page: Page, config: MkDocsConfig) -> str:
    """The title a share card shows: as the template's `share_title` (the site's name on the home page)."""
    if page.meta.get("title"):
        return str(page.meta["title"])
    return config.site_name if page.is_homepage or not page.title else str(page.title)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Put the page's Content-Security-Policy at the top of its head (see `explainer.csp`).

    It allows, by hash, the inline scripts and styles of the page and of every page's content,
    which instant navigation brings in: all content is rendered before the first page is written.
    Under `mkdocs serve` there is none: the preview's live-reload script is inline and changes
    on every request, so no hash can allow it.
    """
    build = _current()
    if build.section is not None:
        build.section.active, build.section = False, None
    if _serving:
        return output
    return str(build.engine.with_content_security_policy(output, build.inline))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Give the pages made from templates alone (the 404 page) their Content-Security-Policy too."""
    if _serving or not template_name.endswith(".html"):
        return output_content
    build = _current()
    return str(build.engine.with_content_security_policy(output_content, build.inline))


def on_post_build(config: MkDocsConfig) -> None:
    """Write each chart's downloads into the site (never into docs/); under `mkdocs serve`, the error page if any."""
    site = Path(config.site_dir)
    if _failure is not None:
        _write_error_page(site, *_failure)
        return
    if _current().page_errors:
        errors = _current().page_errors
        _write_error_page(site, "\n".join(errors), sum(e.count("\n") + 1 for e in errors))
        return
    for chart in _current().charts.rendered.values():
        for path, content in chart.downloads.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    if _session is not None:
        kept = ", ".join(f"{name} {hits}/{hits + misses}" for name, (hits, misses) in _session.end_build().items())
        log.info("kept from the last build: %s", kept or "nothing yet")


def on_build_error(error: Exception) -> None:
    """Stop the browser that draws images, if it was started, when the build fails."""
    _close_renderer()


def on_shutdown() -> None:
    """Stop the browser that draws images, if a build left it running."""
    _close_renderer()


def _close_renderer() -> None:
    if _build is not None and _build.renderer is not None:
        _build.renderer.close()


def _write_error_page(site: Path, report: str, count: int) -> None:
    """Make every address of the preview show the problems: the only page, and the page for a missing one."""
    engine = _engine()
    for stale in site.rglob("*.html"):
        stale.unlink()
    page = engine.error_page(report, count)
    for name in ("index.html", "404.html"):
        (site / name).write_text(page, encoding="utf-8")
