"""The human report of problems: each as `path:line:col: field: message`, its line quoted with a caret, and `help:`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from explainer.loading import Problem

__all__ = ["one_line", "quoted_line", "render_problem", "render_problems"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(value: str) -> str:
    """Control characters shown as escapes, so that no data string can start a line of its own in a log."""
    return _CONTROL.sub(lambda m: "\\n" if m.group() == "\n" else f"\\x{ord(m.group()):02x}", value)


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
