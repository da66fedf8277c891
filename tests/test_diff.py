"""`explainer diff` lists the facts that differ between two commits, record by record."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from explainer.cli import main
from explainer.diff import COMMENT_LIMIT, COMMENT_MARKER, NO_CHANGES, render_comment

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def git(project: Path, *args: str) -> None:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *env_args, *args], cwd=project, check=True, capture_output=True)


def committed_tree(project: Path) -> None:
    """The minimal data tree, committed as the base of a diff."""
    write_tree(project, MINIMAL)
    git(project, "init", "-q")
    git(project, "add", "data")
    git(project, "commit", "-qm", "base")


def test_diff_lists_added_and_removed_records_changed_figures_and_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_tree(tmp_path)
    weapon = (
        minimal("weapons/atacms.yaml")
        .replace("value: 300", "value: 310")
        .replace("status: assessed", "status: disputed")
    )
    write_tree(
        tmp_path,
        {
            "weapons/atacms.yaml": weapon.replace(
                "summary: A missile.\nsources: [s1]", "summary: A missile.\nsources: [s1, s3]"
            )
        },
    )
    (tmp_path / "data" / "places" / "karachev.yaml").unlink()
    write_tree(
        tmp_path,
        {
            "sources/s3.yaml": minimal("sources/s1.yaml"),
            "events/2024-11-19-strike.yaml": minimal("events/2024-11-19-strike.yaml").replace(
                "places: [karachev]\n", ""
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD"]) == 0
    assert capsys.readouterr().out == (
        "## What facts change from HEAD to the working tree\n\n"
        "### Records added\n\n- sources/s3 (Ukraine fires missiles)\n\n"
        "### Records removed\n\n- places/karachev (Karachev)\n\n"
        "### Figures changed (value, status and sources, old → new)\n\n"
        "- weapons/atacms range[0]: 300 km (assessed; s1) → 310 km (disputed; s1)\n\n"
        "### Sources cited (+ added, − dropped)\n\n- weapons/atacms: +s3\n\n"
        "### Other fields changed\n\n- events/2024-11-19-strike: places\n\n"
    )
    git(tmp_path, "add", "-A", "data")
    git(tmp_path, "commit", "-qm", "head")
    assert main(["diff", "HEAD", "HEAD"]) == 0
    assert "No record changes." in capsys.readouterr().out
    assert main(["diff", "no-such-commit"]) == 1
    assert "cannot read the data at no-such-commit" in capsys.readouterr().err


def test_the_comment_starts_with_its_marker_and_escapes_data_text() -> None:
    changes = [("Records added", ["actors/x (<img src=x onerror=alert(1)> @octocat [link](https://evil.example))"])]
    body = render_comment(changes, "abc123", "def456", "https://github.com/o/r/actions/runs/1")
    lines = body.splitlines()
    assert lines[0] == COMMENT_MARKER
    assert lines[1] == "## What facts change from abc123 to def456"
    item = next(line for line in lines if line.startswith("- "))
    assert "<img" not in item
    assert "&lt;img" in item
    assert "@octocat" not in item
    assert "@\u2060octocat" in item
    assert "\\[link\\]\\(https://evil.example\\)" in item
    assert "more change(s)" not in body


def test_a_long_comment_is_cut_to_githubs_limit_and_points_to_the_summary() -> None:
    lines = [f"sources/s{i:05d}: +s{i:05d} " + "x" * 200 for i in range(1000)]
    body = render_comment([("Sources cited", lines)], "a", "b", "https://github.com/o/r/actions/runs/1")
    assert len(body) <= COMMENT_LIMIT
    shown = sum(1 for line in body.splitlines() if line.startswith("- "))
    assert 0 < shown < 1000
    assert f"_{1000 - shown} more change(s) are not shown here ([the job summary]" in body
    assert render_comment([("Sources cited", lines)], "a", "b", "javascript:alert(1)").count("javascript") == 0


def test_no_changes_gives_the_sentence_ci_looks_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD", "HEAD", "--comment", "comment.md"]) == 0
    capsys.readouterr()
    assert (tmp_path / "comment.md").read_text(encoding="utf-8").splitlines() == [
        COMMENT_MARKER,
        "## What facts change from HEAD to HEAD",
        "",
        NO_CHANGES,
    ]
