"""The human report of problems: each as `path:line:col: field: message`, its line quoted with a caret, and `help:`."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from explainer.loading import one_line

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from explainer.loading import Problem

__all__ = ["error_page", "markdown_text", "quoted_line", "render_problem", "render_problems"]


def markdown_text(value: str) -> str:
    """Text for GitHub Markdown (a table cell, a list item) that shows as written.

    One line, no HTML, links, emphasis or code, and no `@name` that would notify someone.
    """
    value = " ".join(one_line(value).split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = re.sub(r"([\\`*_\[\]{}()#+!|~])", r"\\\1", value)
    return value.replace("@", "@\u2060")  # a word joiner: `@name` stays text, not a mention


def quoted_line(root: Path, problem: Problem) -> tuple[str, str] | None:
    """The problem's line as written (tabs shown as `→`) and a caret under its column, or None."""
    loc = problem.location
    path = root / loc.path
    try:
        if not path.is_file() or path.stat().st_size > 2_000_000:
            return None
        lines = path.read_text(encoding="utf-8-sig", errors="replace").split("\n")
    except OSError:
        return None
    if not 0 < loc.line <= len(lines) or not lines[loc.line - 1].strip():
        return None
    text = lines[loc.line - 1].rstrip("\r")
    shown = one_line(text.replace("\t", "→"))[:200]
    col = min(max(loc.col, 1), len(shown) + 1)
    return shown, " " * (col - 1) + "^"


def render_problem(problem: Problem, root: Path | None) -> str:
    """One problem for a person: the one-line form, then the quoted line and the fix."""
    out = [one_line(str(problem))]
    quoted = quoted_line(root, problem) if root is not None else None
    if quoted is not None:
        number = str(problem.location.line)
        pad = " " * len(number)
        out += [f" {number} | {quoted[0]}", f" {pad} | {quoted[1]}"]
    if problem.help:
        out.append(f"  help: {one_line(problem.help)}")
    return "\n".join(out)


def render_problems(problems: Sequence[Problem], root: Path | None) -> str:
    """Every problem, a blank line between them when there are quoted lines or fixes."""
    blocks = [render_problem(p, root) for p in problems]
    return ("\n\n" if any("\n" in b for b in blocks) else "\n").join(blocks)


_RELOAD = """(function () {
  var epoch = 0;
  function poll() {
    var request = new XMLHttpRequest();
    request.onloadend = function () {
      var latest = parseFloat(this.responseText);
      if (this.status !== 200 || isNaN(latest)) { setTimeout(poll, 1000); return; }
      if (epoch === 0) { epoch = latest; poll(); return; }
      if (latest > epoch) { location.reload(); return; }
      poll();
    };
    request.open("GET", "/livereload/" + epoch + "/" + Date.now());
    request.send();
  }
  poll();
})();"""
"""Reloads the page when the preview server has built again (its `/livereload/` poll, which
the server adds only to the pages it finds, not to the page it shows for a missing one)."""


def error_page(report: str, count: int) -> str:
    """A self-contained HTML page listing the problems that stop the build, which reloads when they are fixed."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {count} problem(s)</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
pre {{ background: #fff4f4; border-left: 4px solid #b00020; padding: 1rem; overflow-x: auto; white-space: pre; }}
</style>
</head>
<body>
<main>
<h1>The site cannot be built: {count} problem(s)</h1>
<p>Fix each problem below and save the file: this page reloads by itself, and the site comes back.</p>
<pre id="problems">{html.escape(report)}</pre>
</main>
<script>{_RELOAD}</script>
</body>
</html>
"""
