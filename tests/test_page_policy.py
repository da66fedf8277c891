"""Hand-written pages hold no active content: each hostile construct is a problem with its line and a fix,
the project's own Markdown passes, and a real build of a page with all of them fails listing every one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import markdown  # type: ignore[import-untyped]
import pytest

from explainer.policy import PageProblem, check_front_matter, check_page_html, format_page_problems

from .conftest import ROOT, make_site_copy, run_build

if TYPE_CHECKING:
    from pathlib import Path

EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "tables",
    "footnotes",
    "admonition",
    "pymdownx.details",
    "pymdownx.tabbed",
    "pymdownx.superfences",
]


def render(source: str) -> str:
    """A page's Markdown as the site renders it (the extensions of mkdocs.yml that make HTML)."""
    return str(markdown.markdown(source, extensions=EXTENSIONS))


def problems_of(source: str) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in check_page_html(render(source), source)]


SCRIPT = "<script> element: pages may not run script; charts come from a ```chart fence, behaviour from docs/assets/javascripts"
HANDLER = "`onerror` on <img>: event-handler attributes run script; remove it"
JAVASCRIPT_LINK = "`href` on <a> is a javascript: address; link to a page or a file instead"
OFF_ORIGIN = "<img> loads {url} from another site; copy the file into docs/assets and use its relative path"
REFRESH = '<meta http-equiv="refresh">: it sends the reader to another address on its own; link to it'
TITLE = "front-matter title holds markup ('<'); it is shown as text: write it without tags or character references"

HOSTILE: dict[str, tuple[str, list[tuple[int | None, str]]]] = {
    "script": ("Text.\n\n<script>alert(1)</script>\n", [(3, SCRIPT)]),
    "script in svg": ('<svg><script href="x.js"></script></svg>\n', [(1, SCRIPT)]),
    "upper-case script": ("<SCRIPT>alert(1)</SCRIPT>\n", [(1, SCRIPT)]),
    "onerror": ('Text.\n\n<img src="pic.png" onerror="alert(1)">\n', [(3, HANDLER)]),
    "onload on svg": (
        "<svg onload=alert(1)></svg>\n",
        [(1, "`onload` on <svg>: event-handler attributes run script; remove it")],
    ),
    "javascript link": ("[click](javascript:alert(1))\n", [(1, JAVASCRIPT_LINK)]),
    "javascript link hidden by entities and case": (
        '<a href="&#106;ava&#x09;Script:alert(1)">x</a>\n',
        [(1, JAVASCRIPT_LINK)],
    ),
    "vbscript link": (
        '<a href="vbscript:msgbox(1)">x</a>\n',
        [(1, "`href` on <a> is a vbscript: address; link to a page or a file instead")],
    ),
    "data link": (
        "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
        [(1, "`href` on <a> is a data: address; link to a page or a file instead")],
    ),
    "svg animate into javascript": (
        '<svg><a><animate attributeName="href" values="x;javascript:alert(1)"/><text>x</text></a></svg>\n',
        [(1, "`values` on <animate> is a javascript: address; link to a page or a file instead")],
    ),
    "off-origin image": (
        "Text.\n\n![pixel](https://evil.example/track.png)\n",
        [(3, OFF_ORIGIN.format(url="https://evil.example/track.png"))],
    ),
    "protocol-relative image": (
        '<img src="//evil.example/t.png">\n',
        [(1, OFF_ORIGIN.format(url="//evil.example/t.png"))],
    ),
    "backslashed image": (
        '<img src="\\\\evil.example/t.png">\n',
        [(1, OFF_ORIGIN.format(url="\\\\evil.example/t.png"))],
    ),
    "off-origin srcset": (
        '<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">\n',
        [(1, OFF_ORIGIN.format(url="https://evil.example/b.png"))],
    ),
    "off-origin stylesheet": (
        '<link rel="stylesheet" href="https://evil.example/x.css">\n',
        [
            (
                1,
                "<link> loads https://evil.example/x.css from another site; copy the file into docs/assets and use its relative path",
            )
        ],
    ),
    "style loading a resource": (
        '<p style="background:url(https://evil.example/t.png)">x</p>\n',
        [(1, "`style` on <p> loads a resource; put styles in docs/assets/explainer.css")],
    ),
    "meta refresh": ('<meta http-equiv="refresh" content="0; url=https://evil.example/">\n', [(1, REFRESH)]),
    "iframe": (
        '<iframe src="page.html"></iframe>\n',
        [(1, "<iframe> element: pages may not embed other documents; link to the page instead")],
    ),
    "object": (
        '<object data="x.swf"></object>\n',
        [(1, "<object> element: pages may not embed plugins or other documents; link to the file instead")],
    ),
    "embed": (
        '<embed src="x.swf">\n',
        [(1, "<embed> element: pages may not embed plugins or other documents; link to the file instead")],
    ),
    "base": (
        '<base href="https://evil.example/">\n',
        [(1, "<base> element: a <base> element changes where every link of the page goes; remove it")],
    ),
    "form": (
        '<form action="https://evil.example/"><input name="q"></form>\n',
        [(1, "<form> element: pages may not hold forms; link to the issue tracker or the repository instead")],
    ),
    "button joining the search form": (
        '<button form="search" formaction="https://evil.example/">Go</button>\n',
        [
            (1, "`form` on <button>: pages may not hold forms or embedded documents; remove it"),
            (1, "`formaction` on <button>: pages may not hold forms or embedded documents; remove it"),
        ],
    ),
    "handler from attribute lists": (
        '[a page](methodology.md){ onclick="alert(1)" }\n',
        [(1, "`onclick` on <a>: event-handler attributes run script; remove it")],
    ),
    "reference-style javascript link": ("[x][1]\n\n[1]: javascript:alert(1)\n", [(3, JAVASCRIPT_LINK)]),
    "javascript image": (
        "![x](javascript:alert(1))\n",
        [(1, "`src` on <img> is a javascript: address; link to a page or a file instead")],
    ),
    "svg use from another site": (
        '<svg><use href="https://evil.example/i.svg#a"/></svg>\n',
        [
            (
                1,
                "<use> loads https://evil.example/i.svg#a from another site; copy the file into docs/assets and use its relative path",
            )
        ],
    ),
    "style element importing": (
        "<style>@import url(https://evil.example/x.css);</style>\n",
        [(1, "<style> element loads a resource; put styles in docs/assets/explainer.css")],
    ),
    "plaintext swallowing the page": (
        "<plaintext>\n",
        [
            (
                1,
                "<plaintext> element: an obsolete element that turns the rest of the page, the site's scripts too, into text; use a code block",
            )
        ],
    ),
    "clobbering the theme's config": (
        '<p id="__config">x</p>\n',
        [(1, 'id="__config" on <p>: Material reads this name; rename it')],
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_markup_in_a_page_is_a_problem_with_its_line_and_a_fix(case: str) -> None:
    source, expected = HOSTILE[case]
    assert problems_of(source) == expected


def test_lines_count_from_the_top_of_the_file_and_skip_the_front_matter() -> None:
    source = '---\ntitle: About onerror handlers\n---\n\n# Page\n\n<img src="a.png" onerror="x()">\n\n<img src="b.png" onerror="y()">\n'
    assert [p.line for p in check_page_html(render(source.split("---\n", 2)[2]), source)] == [7, 9]


@pytest.mark.parametrize(
    "source",
    [
        "[A source](https://news.example.org/story) and [a page](methodology.md).\n",
        '<div class="grid" markdown>\n\n**Bold** [link](https://example.org/){ target="_blank" rel="noopener" }\n\n</div>\n',
        '![A local picture](assets/map.png){ width="300" }\n',
        '!!! note "A note"\n    Text.\n\n??? info "Details"\n    More.\n',
        '=== "One"\n\n    First.\n\n=== "Two"\n\n    Second.\n',
        '<p style="--light:#1f2328;--dark:#e3e6ea">Swatch</p>\n',
        '<p id="__tabbed_9_1">An id like the tabs\' own</p>\n',
        "Code: `<script>alert(1)</script>` and `javascript:` in text are only text.\n",
        "```html\n<script>alert(1)</script>\n```\n",
    ],
)
def test_markdown_the_pages_use_passes(source: str) -> None:
    assert problems_of(source) == []


def test_every_hand_written_page_of_the_site_passes(built_site: Path) -> None:
    # The real build ran the check on every page: it passed, and produced each page.
    for page in (ROOT / "docs").rglob("*.md"):
        if "vendor" in page.parts:
            continue
        relative = page.relative_to(ROOT / "docs").with_suffix("")
        folder = relative.parent if relative.name == "index" else relative
        assert (built_site / folder / "index.html").is_file(), page


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"title": "Hello <img src=x onerror=alert(1)>"}, [(2, TITLE)]),
        (
            {"description": "Safe &lt;b&gt;"},
            [
                (
                    2,
                    "front-matter description holds markup ('&lt;'); it is shown as text: "
                    "write it without tags or character references",
                )
            ],
        ),
        ({"title": "Tom & Jerry: AT&T"}, []),
    ],
)
def test_markup_in_front_matter_title_or_description_is_a_problem(
    meta: dict[str, object], expected: list[tuple[int | None, str]]
) -> None:
    source = "---\n" + "".join(f"{key}: {value}\n" for key, value in meta.items()) + "---\n"
    assert [(p.line, p.message) for p in check_front_matter(meta, source)] == expected


def test_problems_are_listed_one_a_line_with_page_and_line() -> None:
    problems = [PageProblem(3, "first"), PageProblem(None, "second")]
    assert format_page_problems("docs/page.md", problems) == "docs/page.md:3: first\ndocs/page.md: second"


HOSTILE_PAGE = """\
---
title: Hello <img src=x onerror=alert(1)>
description: A page from a pull request.
---

# Hostile

<script>alert(1)</script>

<img src="pic.png" onerror="alert(2)">

[click](javascript:alert(3))

<img src="https://evil.example/track.png" alt="">

<meta http-equiv="refresh" content="0; url=https://evil.example/">
"""


def test_a_page_with_active_content_fails_the_real_build_listing_every_problem(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    (project / "docs" / "hostile.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 1
    expected = [
        "6 problem(s) in a page: pages may hold no active content",
        f"docs/hostile.md:2: {TITLE}",
        f"docs/hostile.md:8: {SCRIPT}",
        f"docs/hostile.md:10: {HANDLER}",
        f"docs/hostile.md:12: {JAVASCRIPT_LINK}",
        f"docs/hostile.md:14: {OFF_ORIGIN.format(url='https://evil.example/track.png')}",
        f"docs/hostile.md:16: {REFRESH}",
    ]
    lines = result.stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if expected[0] in line)
    assert [lines[start].split("-  ", 1)[-1], *lines[start + 1 : start + 7]] == expected
    assert "Traceback" not in result.stderr


def test_the_header_prints_a_front_matter_title_as_text(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    (project / "docs" / "qa.md").write_text('---\ntitle: Q&A "quoted"\n---\n\n# Questions\n', encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "qa" / "index.html").read_text(encoding="utf-8")
    topic = html.split('data-md-component="header-topic">', 1)[1].split("</span>", 1)[0]
    assert topic.split(">", 1)[1].strip() == "Q&amp;A &#34;quoted&#34;"
