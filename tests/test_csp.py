"""Every built page carries a Content-Security-Policy at the top of its head that allows the site's own files
and, by hash, exactly the inline scripts and styles the build wrote; plotly.js's styles come from a file.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING

from explainer.csp import InlineSources, content_security_policy, inline_sources, with_content_security_policy

from .conftest import ROOT
from .htmltree import parse

if TYPE_CHECKING:
    from pathlib import Path

    from .htmltree import Node

EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-elem": ["'self'"],
    "style-src-attr": ["'unsafe-hashes'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "media-src": ["'none'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
"""The policy without its hashes."""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def policy_of(html: str) -> dict[str, list[str]]:
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(metas) == 1, metas
    return {part.split()[0]: part.split()[1:] for part in metas[0].split("; ")}


def scripts_and_styles(node: Node) -> tuple[set[str], set[str]]:
    """The text of each inline script and each `style` attribute under `node`, read with a real parser."""
    scripts = {n.text() for n in node.iter() if n.tag == "script" and "src" not in n.attrs}
    styles = {n.attrs["style"] for n in node.iter() if "style" in n.attrs}
    return scripts, styles


def test_a_page_gets_the_hashes_of_its_inline_scripts_and_styles_after_its_charset() -> None:
    html = '<html><head>\n<meta charset="utf-8">\n<title>x</title></head><body><p style="color:red">x</p><script>alert(1)\r\n</script><script src="a.js"></script></body></html>'
    out = with_content_security_policy(html)
    assert out.startswith(
        '<html><head>\n<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="'
    )
    policy = policy_of(out)
    assert policy["script-src"] == ["'self'", sha256("alert(1)\n")]
    assert sha256("color:red") in policy["style-src-attr"]
    assert sha256("font-weight:bold") in policy["style-src-attr"]  # plotly.js's bold label text


def test_shared_sources_are_allowed_on_every_page_and_a_page_without_head_is_left_alone() -> None:
    shared = inline_sources("<script>shared()</script>")
    assert shared == InlineSources(scripts=frozenset({sha256("shared()")}))
    assert sha256("shared()") in content_security_policy(shared)
    assert with_content_security_policy("<p>no head</p>", shared) == "<p>no head</p>"


def test_entities_in_a_style_attribute_are_hashed_as_the_browser_reads_them() -> None:
    assert inline_sources("<p style='content:&quot;x&quot;'>").styles == {sha256('content:"x"')}


def test_every_page_has_the_policy_at_the_top_of_its_head_and_nothing_unsafe(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert built_site / "404.html" in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[html.index("<head>") + len("<head>") :].lstrip()
        assert head.startswith('<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy"'), page
        assert html.encode().index(b"<meta charset") < 1024, page
        policy = policy_of(html)
        assert {d: [s for s in v if not s.startswith("'sha256-")] for d, v in policy.items()} == EXPECTED, page
        assert "unsafe-inline" not in html.split("Content-Security-Policy", 1)[1].split(">", 1)[0]


def test_each_page_allows_its_own_inline_scripts_and_every_page_content_style(built_site: Path) -> None:
    pages = {page: parse(page.read_text(encoding="utf-8")) for page in sorted(built_site.rglob("*.html"))}
    content_styles: set[str] = set()
    for tree in pages.values():
        for article in (n for n in tree.iter() if "md-content" in n.classes):
            content_styles |= scripts_and_styles(article)[1]
    assert content_styles, "the charts' swatches and heights are style attributes"
    bodies: set[str] = set()
    for page, tree in pages.items():
        scripts, styles = scripts_and_styles(tree)
        bodies |= scripts
        policy = policy_of(page.read_text(encoding="utf-8"))
        assert {sha256(s) for s in scripts} <= set(policy["script-src"]), page
        assert {sha256(s) for s in styles | content_styles} <= set(policy["style-src-attr"]), page
    # Material's palette, scope and hash-target scripts, its JSON configuration, and the 404 page's search button.
    assert len(bodies) <= 12, len(bodies)


def _keys_and_values(code: str) -> list[str]:
    """The keys and string values of a JavaScript object literal of strings, in order (a key may be a bare name)."""
    found, quote, current, escaped, bare = [], "", "", False, ""
    for char in code:
        if quote and escaped:
            current, escaped = current + char, False
        elif quote and char == "\\":
            escaped = True
        elif quote and char == quote:
            found.append(current)
            quote, current = "", ""
        elif quote:
            current += char
        elif char in "\"'":
            quote = char
        elif char.isalnum() or char in "_$":
            bare += char
            continue
        elif char == ":" and bare:
            found.append(bare)
        bare = ""
    return found


def _plotly_rules(bundle: str) -> list[str]:
    """The CSS rules a plotly.js bundle writes at load (its `plotcss` object), as it writes them."""
    start = bundle.index('{"X,X div":')
    end = bundle.index("};", start)
    strings = _keys_and_values(bundle[start + 1 : end])
    pairs = zip(strings[::2], strings[1::2], strict=True)
    return [
        f"{key.replace('X', '.js-plotly-plot .plotly').replace('Y', '.plotly-notifier')}{{{rules}}}"
        for key, rules in pairs
    ]


def test_plotly_stylesheet_holds_the_rules_of_both_vendored_bundles_in_the_order_plotly_applies_them() -> None:
    vendor = ROOT / "docs" / "assets" / "vendor"
    sheet = (vendor / "plotly-4.1.1.css").read_text(encoding="utf-8")
    rules = [line for line in sheet.split("*/", 1)[1].splitlines() if line]
    for name in ("plotly-basic-4.1.1.min.js", "plotly-geo-4.1.1.min.js"):
        assert rules == list(reversed(_plotly_rules((vendor / name).read_text(encoding="utf-8")))), name
    charts = (ROOT / "docs" / "assets" / "javascripts" / "charts.js").read_text(encoding="utf-8")
    assert 'marker.id = "plotly.js-style-global"' in charts
    assert 'marker.className = "no-inline-styles"' in charts
