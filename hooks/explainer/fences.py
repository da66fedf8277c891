"""The `chart` fence: authors place a chart in any Markdown page with a few lines of YAML.

    ````markdown
    ```chart
    name: weapon-ranges
    weapons: [weapon-id, another-weapon-id]
    ```
    ````

The options are checked against the chart's option model and the Dataset; a mistake stops
the build with a `ChartFenceError` naming the page and the line (SuperFences swallows any
other exception and would quietly show the fence as code). A good fence becomes a figure
with a Chart and a Table tab, a key, a description, a caption naming its sources and
links to CSV and JSON downloads; `charts.js` draws the figure in the browser.

`ChartFence` holds what one build knows (the Dataset, the page being rendered, the charts
rendered so far). `validate_chart` and `format_chart` are the SuperFences entry points
named in `mkdocs.yml`; they delegate to the fence made active with `activate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError
from pymdownx.superfences import SuperFencesException  # type: ignore[import-untyped]

from explainer.charts import (
    CHARTS,
    ChartError,
    ChartSpec,
    Column,
    KeyItem,
    NothingToDraw,
    build_chart,
    check_refs,
    figure_json,
)
from explainer.charts.spec import NARROW_WIDTH
from explainer.charts.variants import chart_size, map_height
from explainer.formatting import esc, format_date, format_number
from explainer.loading import Problem, shape_problem
from explainer.urls import download_path, poster_path, relative_url, url_of

if TYPE_CHECKING:
    from explainer.dataset import Dataset

__all__ = [
    "ChartFence",
    "ChartFenceError",
    "RenderedChart",
    "embedded_json",
    "find_fences",
    "format_chart",
    "give_back",
    "render_chart",
    "validate_chart",
    "withhold_from_search",
]

_NUM = ' class="num"'
_NARROW_SCREEN = f"{NARROW_WIDTH + 32 - 0.02:g}"
"""The widest screen whose content column is under `NARROW_WIDTH` pixels (Material pads it by 16 each side)."""
_SOURCES_SHOWN = 6
_OPENING = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?chart\b")


class ChartFenceError(SuperFencesException):  # type: ignore[misc]  # pymdownx ships no types
    """A chart fence that cannot be drawn; the message names the page and the line."""


@dataclass(frozen=True)
class RenderedChart:
    """A chart placed on a page."""

    chart_id: str
    page: str
    spec: ChartSpec
    url: str = ""
    """The URL of the page that places the chart."""

    @property
    def downloads(self) -> dict[str, str]:
        """Site-relative path → content of the chart's CSV and JSON downloads."""
        return {
            download_path(self.chart_id, "csv"): self.spec.to_csv(),
            download_path(self.chart_id, "json"): self.spec.to_json(),
        }


@dataclass
class _Page:
    path: str
    url: str
    fences: list[tuple[int, str]]
    used: set[int] = field(default_factory=set)
    count: int = 0
    unsearched: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def find_fences(source: str) -> list[tuple[int, str]]:
    """Every chart fence in a Markdown source as `(line of the opening fence, its content, dedented)`."""
    lines = source.split("\n")
    found = []
    index = 0
    while index < len(lines):
        match = _OPENING.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = len(match.group("indent")), match.group("fence")
        closing = re.compile(rf"^[ \t>]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        body = [line[indent:] if line[:indent].strip(" \t>") == "" else line for line in lines[index + 1 : end]]
        found.append((index + 1, "\n".join(body).strip("\n")))
        index = end + 1
    return found


class ChartFence:
    """The `chart` fence for one build."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.page = _Page("the page", "", [])
        self.rendered: dict[str, RenderedChart] = {}

    def begin_page(self, path: str, url: str, source: str) -> None:
        """Say which page is being rendered: its path for messages, its URL for links, its Markdown source for line numbers."""
        self.page = _Page(path, url, find_fences(source))
        for chart_id in [k for k, v in self.rendered.items() if v.page == path]:
            del self.rendered[chart_id]

    # SuperFences entry points -----------------------------------------------------------------

    def validate(
        self, language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
    ) -> bool:
        """Accept the fence; options belong inside it, as YAML, not in its header (noted for `end_page`)."""
        if inputs:
            where = f"{self.page.path}:{self._next_line()}"
            self.page.errors.append(
                f"{where}: chart: put options inside the fence as YAML, not in its first line ({', '.join(sorted(inputs))})"
            )
        return True

    def format(
        self,
        src: str = "",
        language: str = "",
        class_name: str = "",
        options: Any = None,
        md: Any = None,
        **kwargs: Any,
    ) -> str:
        """Turn a chart fence into its HTML; what cannot be drawn is noted for `end_page` to raise.

        Raising here would stop the build with a traceback (SuperFences re-raises its
        exceptions through Markdown and MkDocs prints them whole), so the error waits for
        the page to end, where the adapter turns it into a build error of one message.
        """
        try:
            return self._format(src)
        except ChartFenceError as error:
            self.page.errors.append(str(error))
            return '<p class="chart-error"></p>'

    def end_page(self) -> None:
        """Raise `ChartFenceError` listing every chart of the page that could not be drawn, if any."""
        if self.page.errors:
            errors, self.page.errors = self.page.errors, []
            raise ChartFenceError("\n".join(errors))

    def _format(self, src: str) -> str:
        line = self._claim_line(src)
        name, chart_options, lines = self._parse(src, line)
        for option, index, message in check_refs(chart_options, self.dataset):
            raise self._error(lines.get((option, index), lines.get((option, None), line)), name, f"{option}: {message}")
        try:
            spec = build_chart(self.dataset, name, chart_options)
        except NothingToDraw as error:
            # Data grows over time: a chart with nothing to show yet is a note, not a broken build.
            return f'<p class="chart-empty">{esc(CHARTS[name].summary)} Nothing to chart yet: {esc(str(error))}.</p>'
        except ChartError as error:
            raise self._error(line, name, str(error)) from None
        except Exception as error:  # SuperFences would swallow it and print the fence as code
            raise self._error(line, name, f"could not be drawn ({type(error).__name__}: {error})") from error
        self.page.count += 1
        chart_id = f"chart-{_slug(self.page.url)}-{self.page.count}-{name}"
        self.rendered[chart_id] = RenderedChart(chart_id, self.page.path, spec, self.page.url)
        html, unsearched = _render(spec, chart_id, self.page.url, self.dataset, lead=self.page.count == 1)
        self.page.unsearched += unsearched
        return html

    def unsearched(self) -> list[str]:
        """The parts of the current page's charts that search leaves out (see `withhold_from_search`)."""
        return list(self.page.unsearched)

    # Parsing ------------------------------------------------------------------------------------

    def _next_line(self) -> int:
        unused = [i for i in range(len(self.page.fences)) if i not in self.page.used]
        return self.page.fences[unused[0]][0] if unused else 0

    def _claim_line(self, src: str) -> int:
        """The line of this fence in the page source (matched by content, else the next unmatched one)."""
        wanted = src.strip("\n")
        unused = [i for i in range(len(self.page.fences)) if i not in self.page.used]
        for index in unused:
            if self.page.fences[index][1] == wanted:
                self.page.used.add(index)
                return self.page.fences[index][0]
        if unused:
            self.page.used.add(unused[0])
            return self.page.fences[unused[0]][0]
        return 0

    def _error(self, line: int, chart: str | None, message: str) -> ChartFenceError:
        where = f"{self.page.path}:{line}" if line else self.page.path
        label = f"chart '{chart}'" if chart else "chart"
        return ChartFenceError(f"{where}: {label}: {message}")

    def _parse(self, src: str, line: int) -> tuple[str, Any, dict[tuple[str, int | None], int]]:
        """YAML → (chart name, validated options, (option, index) → line in the page)."""
        if shape := _shape(src):
            raise self._error(line + shape.location.line, None, shape.message)
        try:
            node, raw = _load_yaml(src)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            at = line + 1 + mark.line if mark is not None else line
            problem = getattr(error, "problem", None) or str(error)
            raise self._error(at, None, f"the options are not valid YAML: {problem}") from None
        if not isinstance(raw, dict) or not isinstance(node, yaml.MappingNode):
            raise self._error(line, None, "write the options as `key: value` lines, starting with `name:`")
        if repeated := _repeated_key(node):
            raise self._error(line + 1 + repeated.start_mark.line, None, f"option '{repeated.value}' is given twice")
        lines = _lines(node, line + 1)
        name = raw.pop("name", None)
        if name is None:
            raise self._error(line, None, f"say which chart with `name:` (one of {', '.join(sorted(CHARTS))})")
        if not isinstance(name, str) or name not in CHARTS:
            raise self._error(
                lines.get(("name", None), line), None, f"unknown chart '{name}' (known: {', '.join(sorted(CHARTS))})"
            )
        model = CHARTS[name].options
        try:
            return name, model.model_validate(raw), lines
        except ValidationError as error:
            first = error.errors()[0]
            loc = first["loc"]
            key = str(loc[0]) if loc else ""
            index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
            at = lines.get((key, index), lines.get((key, None), line))
            if first["type"] == "extra_forbidden":
                known = ", ".join(["name", *sorted(f.alias or n for n, f in model.model_fields.items())])
                raise self._error(at, name, f"unknown option '{key}' (options: {known})") from None
            raise self._error(at, name, f"{key}: {first['msg']}") from None


_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(src: str) -> tuple[yaml.Node | None, Any]:
    """The options' node tree (for line numbers) and value, read with libyaml where it is there.

    A build reads a fence on every weapon's page; the pure-Python reader was most of that
    time. A mistake is read again with the pure-Python reader, whose messages say more.
    """
    try:
        return yaml.compose(src, Loader=_FAST_LOADER), yaml.load(src, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.compose(src, Loader=yaml.SafeLoader), yaml.safe_load(src)


def _shape(src: str) -> Problem | None:
    """Nesting or a list too deep or long to read; a syntax error is left to the reader, whose messages say more."""
    try:
        return shape_problem(src, "")
    except yaml.YAMLError:
        return None


def _repeated_key(root: yaml.Node) -> yaml.ScalarNode | None:
    """The first key given twice in a mapping anywhere in the options (YAML keeps the last, silently)."""
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        return key
                    seen.add(key.value)
                pending.append(value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return None


def _lines(node: yaml.MappingNode, first_line: int) -> dict[tuple[str, int | None], int]:
    """Where each option (and each item of a list option) sits in the page."""
    out: dict[tuple[str, int | None], int] = {}
    for key, value in node.value:
        name = str(key.value)
        out[(name, None)] = first_line + key.start_mark.line
        if isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                out[(name, index)] = first_line + item.start_mark.line
        else:
            out[(name, 0)] = first_line + value.start_mark.line
    return out


def _slug(url: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")
    return slug or "home"


# HTML -------------------------------------------------------------------------------------------------


def render_chart(spec: ChartSpec, chart_id: str, page_url: str, dataset: Dataset) -> str:
    """The HTML of a chart: tabs with the plot and the table, key, description, caption, downloads and figure data."""
    return _render(spec, chart_id, page_url, dataset)[0]


def _render(
    spec: ChartSpec, chart_id: str, page_url: str, dataset: Dataset, *, lead: bool = False
) -> tuple[str, tuple[str, ...]]:
    """The HTML of a chart, and its parts that search leaves out (each marked `data-search-exclude`).

    Search indexes the title, the description and the chart in words; the plot, the key,
    the table, the caption's list of sources and the figure data would only add noise.
    `lead` marks a page's first chart, whose poster the browser fetches first.
    """
    ids = {part: f"{chart_id}-{part}" for part in ("title", "desc", "words", "tabs", "tab-chart", "tab-table")}
    described = f"{ids['desc']} {ids['words']}" if spec.details else ids["desc"]
    plot = (
        # A group, not an img: plotly puts its buttons (download as PNG, zoom) inside the plot.
        f'<div class="chart__canvas"><div class="chart__plot" role="group" aria-roledescription="chart" '
        f'aria-labelledby="{ids["title"]}" '
        f'aria-describedby="{described}" style="{_plot_box(spec)}"></div>{_poster(spec, chart_id, page_url, lead=lead)}</div>'
    )
    tabs = (
        f'<div class="tabbed-set tabbed-alternate chart__tabs" data-tabs="{esc(chart_id)}:2" data-search-exclude>'
        f'<input checked="checked" id="{ids["tab-chart"]}" name="{ids["tabs"]}" type="radio">'
        f'<input id="{ids["tab-table"]}" name="{ids["tabs"]}" type="radio">'
        f'<div class="tabbed-labels"><label for="{ids["tab-chart"]}">Chart</label><label for="{ids["tab-table"]}">Table</label></div>'
        f'<div class="tabbed-content"><div class="tabbed-block">{plot}{_panels(spec, page_url)}{_key(spec.key)}</div>'
        f'<div class="tabbed-block">{_table(spec, page_url, dataset)}</div></div></div>'
    )
    payload = {
        "bundle": spec.bundle,
        "dark": spec.dark_colours,
        "figure": spec.figure,
        "points": [[p.trace, p.index, p.label, relative_url(page_url, p.url) if p.url else None] for p in spec.points],
        "aspect": spec.aspect,
        "narrow": spec.narrow,
        "text": {"goTo": dataset.text("chart.go-to")},
    }
    caption = _caption(spec, chart_id, page_url, dataset)
    # Not a <script>: Material's instant navigation re-runs every script of a new page as JavaScript.
    data = f'<template class="chart__data" data-search-exclude>{embedded_json(payload)}</template>'
    html = (
        f'<figure class="chart chart--{esc(spec.name)}" id="{esc(chart_id)}" data-chart="{esc(spec.name)}" '
        f'data-bundle="{esc(spec.bundle)}" aria-labelledby="{ids["title"]}">'
        f'<figcaption class="chart__title" id="{ids["title"]}">{esc(spec.title)}</figcaption>'
        f"{tabs}"
        f'<p class="chart__description" id="{ids["desc"]}">{esc(spec.description)}</p>'
        f"{_words(spec, ids['words'])}"
        f"{caption}{data}"
        "</figure>"
    )
    return html, (tabs, caption, data)


def _plot_box(spec: ChartSpec) -> str:
    """The plot's size before plotly.js draws it: the size it will draw at, so the poster over it fits exactly.

    A map's height follows its width (`min(620, max(200, width × aspect))`, as `charts.js`
    sizes it), plus its margins and on a wide box the toolbar's strip; other charts have the height of their
    wide or narrow variant (`charts.css` picks it by the screen's width).
    """
    wide, narrow = chart_size(spec, narrow=False), chart_size(spec, narrow=True)
    if spec.aspect:
        rooms = [height - map_height(width, spec.aspect) for width, height in (wide, narrow)]
        return (
            f"--room:{rooms[0]}px;--narrow-room:{rooms[1]}px;"
            f"min-height:calc(clamp(200px, {100 * spec.aspect:.3f}cqw, 620px) + var(--room))"
        )
    return f"min-height:{wide[1]}px;--narrow-height:{narrow[1]}px"


def _poster(spec: ChartSpec, chart_id: str, page_url: str, *, lead: bool = False) -> str:
    """The chart's static images, light and dark (CSS shows the one of the palette), wide and narrow.

    It is what the page shows until plotly.js draws the chart, and the chart itself without
    JavaScript and in print. It says nothing to a screen reader: the plot's name, its
    description and the Table tab do. The light poster of a page's first chart (`lead`) is
    fetched at high priority: on most chart pages it is the largest thing on the first screen,
    and a browser would otherwise wait for the page's first layout to ask for it.
    """
    pictures = []
    width, height = chart_size(spec, narrow=False)
    for dark in (False, True):
        narrow = esc(relative_url(page_url, poster_path(chart_id, narrow=True, dark=dark)))
        wide = esc(relative_url(page_url, poster_path(chart_id, narrow=False, dark=dark)))
        if dark:
            loading = ' decoding="async" loading="lazy"'
        else:  # the light one is most readers' first view: never deferred
            loading = ' fetchpriority="high"' if lead else ' decoding="async"'
        pictures.append(
            f'<picture class="chart__poster-{"dark" if dark else "light"}">'
            f'<source media="(max-width: {_NARROW_SCREEN}px)" srcset="{narrow}">'
            f'<img src="{wide}" alt="" width="{width}" height="{height}"{loading}></picture>'
        )
    return f'<div class="chart__poster" aria-hidden="true">{"".join(pictures)}</div>'


def _words(spec: ChartSpec, words_id: str) -> str:
    """The rest of the description, folded: a screen reader gets it all as the chart's description."""
    if not spec.details:
        return ""
    return (
        '<details class="chart__words"><summary>The chart in words</summary>'
        f'<p id="{words_id}">{esc(spec.details)}</p></details>'
    )


def embedded_json(value: Any) -> str:
    """JSON safe as the text of an HTML element: no `<`, `>` or `&`, so nothing can end the element or start a tag."""
    text = figure_json(value)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _swatch(item: KeyItem) -> str:
    mark = f'<span class="chart__mark">{esc(item.mark)}</span>' if item.mark else ""
    style = f"--light:{item.colour[0]};--dark:{item.colour[1]}"
    return f'<span class="chart__swatch chart__swatch--{esc(item.shape)}" style="{esc(style)}" aria-hidden="true">{mark}</span>'


def _key(items: tuple[KeyItem, ...]) -> str:
    if not items:
        return ""
    entries = [f"<li>{_swatch(item)}{esc(item.label)}</li>" for item in items]
    return f'<ul class="chart__key" aria-label="Key">{"".join(entries)}</ul>'


def _panels(spec: ChartSpec, page_url: str) -> str:
    """The chart's panels (shown instead of the plot on a phone): a heading each, then each group and its names."""
    if not spec.panels:
        return ""
    out = []
    for panel in spec.panels:
        groups = "".join(
            f'<li class="chart__panel-group">{_swatch(group.key)}<span class="chart__panel-label">{esc(group.key.label)}:</span> '
            + ", ".join(
                f'<a href="{esc(relative_url(page_url, url))}">{esc(name)}</a>' if url else esc(name)
                for name, url in group.names
            )
            + "</li>"
            for group in panel.groups
        )
        out.append(
            f'<section class="chart__panel"><p class="chart__panel-heading">{esc(panel.heading)}</p><ul>{groups}</ul></section>'
        )
    return f'<div class="chart__panels">{"".join(out)}</div>'


def _table(spec: ChartSpec, page_url: str, dataset: Dataset) -> str:
    head = "".join(
        f'<th scope="col" data-kind="{esc(c.kind)}"{_NUM if c.kind == "number" else ""}>{esc(c.label)}</th>'
        for c in spec.columns
    )
    body = []
    for index, row in enumerate(spec.rows):
        link = spec.row_links[index] if index < len(spec.row_links) else None
        cells = []
        for position, (column, value) in enumerate(zip(spec.columns, row, strict=True)):
            cells.append(_cell(column, value, link if position == 0 else None, page_url, dataset, header=position == 0))
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<div class="chart__table-wrap" role="region" tabindex="0" aria-label="{esc(spec.title)}: table">'
        f'<table class="chart__table"><caption>{esc(spec.title)}: the data behind the chart. '
        "Select a column heading to sort.</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _cell(column: Column, value: Any, link: str | None, page_url: str, dataset: Dataset, *, header: bool) -> str:
    sort = ""
    if value is None:
        text = ""
    elif column.kind == "sources":
        text = ", ".join(_source_link(dataset, s, page_url) for s in value)
    elif column.kind == "number":
        text = esc(format_number(value))
        sort = f' data-sort="{value!r}"'
    elif column.kind == "date":
        text = f'<time datetime="{esc(value)}">{esc(format_date(value))}</time>'
        sort = f' data-sort="{esc(value)}"'
    else:
        text = esc(value)
    if link is not None and text:
        text = f'<a href="{esc(relative_url(page_url, link))}">{text}</a>'
    css = _NUM if column.kind == "number" else ' class="sources"' if column.kind == "sources" else ""
    if header:
        return f'<th scope="row"{sort}{css}>{text}</th>'
    return f"<td{sort}{css}>{text}</td>"


def _source_link(dataset: Dataset, source_id: str, page_url: str) -> str:
    source = dataset.sources[source_id]
    when = f", {format_date(source.published)}" if source.published else ""
    href = esc(relative_url(page_url, url_of("sources", source_id)))
    return f'<a href="{href}" title="{esc(source.title)}">{esc(source.publisher)}{esc(when)}</a>'


def _caption(spec: ChartSpec, chart_id: str, page_url: str, dataset: Dataset) -> str:
    sources = "; ".join(_source_link(dataset, s, page_url) for s in spec.sources)
    count = len(spec.sources)
    if count > _SOURCES_SHOWN:
        listed = (
            f'<details class="chart__sources"><summary><strong>Sources:</strong> {count} publications</summary>'
            f"<p>{sources}.</p></details>"
        )
    else:
        listed = f'<p class="chart__sources"><strong>Sources:</strong> {sources}.</p>'
    csv_href = esc(relative_url(page_url, download_path(chart_id, "csv")))
    json_href = esc(relative_url(page_url, download_path(chart_id, "json")))
    rows = len(spec.rows)
    images = " · ".join(
        f'<a href="{esc(relative_url(page_url, download_path(chart_id, kind)))}" download="{esc(chart_id)}.{kind}" '
        f'type="{mime}">{kind.upper()}</a>'
        for kind, mime in (("png", "image/png"), ("svg", "image/svg+xml"))
    )
    return (
        '<div class="chart__caption" data-search-exclude>'
        + (f'<p class="chart__note">{esc(spec.note)}</p>' if spec.note else "")
        + listed
        + '<p class="chart__downloads"><strong>Data:</strong> '
        f'<a href="{csv_href}" download="{esc(chart_id)}.csv" type="text/csv">CSV</a> · '
        f'<a href="{json_href}" download="{esc(chart_id)}.json" type="application/json">JSON</a> '
        f"({format_number(rows)} row{'s' if rows != 1 else ''}) · <strong>Image:</strong> {images}</p></div>"
    )


# Search -----------------------------------------------------------------------------------------------

_WITHHELD = re.compile(r"<!--explainer-unsearched-(\d+)-->")


def withhold_from_search(html: str, parts: list[str]) -> tuple[str, list[str]]:
    """`html` with each of `parts` swapped for a placeholder, and the parts swapped out.

    The parts carry `data-search-exclude`, so the search index is the same without them;
    but the search plugin still reads every tag inside, and chart tables were the bulk of
    its work. `give_back` puts them back once the index has read the page.
    """
    withheld: list[str] = []
    for part in parts:
        if part and part in html:
            html = html.replace(part, f"<!--explainer-unsearched-{len(withheld)}-->", 1)
            withheld.append(part)
    return html, withheld


def give_back(html: str, withheld: list[str]) -> str:
    """Put back what `withhold_from_search` took out."""
    return _WITHHELD.sub(lambda match: withheld[int(match.group(1))], html) if withheld else html


# The names mkdocs.yml gives SuperFences -----------------------------------------------------------
# The adapter points the `chart` fence at its build's `ChartFence` in `on_config`; these
# stand in for it (and say what is missing) when a build runs without the adapter.

_NO_HOOK = "chart fences need the explainer hook (hooks/adapter.py) listed under `hooks:` in mkdocs.yml"


def validate_chart(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
) -> bool:
    """SuperFences validator for the `chart` fence, replaced by the build's `ChartFence.validate`."""
    raise ChartFenceError(_NO_HOOK)


def format_chart(
    src: str = "", language: str = "", class_name: str = "", options: Any = None, md: Any = None, **kwargs: Any
) -> str:
    """SuperFences formatter for the `chart` fence, replaced by the build's `ChartFence.format`."""
    raise ChartFenceError(_NO_HOOK)
