"""The command line: `explainer check`, and its GitHub format (annotations on lines, the job summary)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from explainer.cli import GITHUB_ANNOTATION_LIMIT, format_github, format_summary, main
from explainer.loading import Location, Problem

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path

ANNOTATION = re.compile(
    r"^::error file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>[^:]*)::(?P<msg>.*)$"
)


def run_check(project: Path, *args: str, summary: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m explainer check` in `project`, as CI does (relative data folder)."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    if summary is not None:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    command = [sys.executable, "-m", "explainer", "check", "data", *args]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)


def position_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in text")


def test_broken_data_file_yields_an_annotation_on_its_line(tmp_path: Path) -> None:
    broken = minimal("weapons/atacms.yaml").replace("class: tactical-ballistic-missile", "class: hypersonic-glider")
    write_tree(tmp_path, {**MINIMAL, "weapons/atacms.yaml": broken})
    line, col = position_of(broken, "hypersonic-glider")
    result = run_check(tmp_path, "--format", "github", summary=tmp_path / "summary.md")
    assert result.returncode == 1
    annotations = [m.groupdict() for m in map(ANNOTATION.match, result.stdout.splitlines()) if m]
    assert len(annotations) == 1
    found = annotations[0]
    assert (found["file"], found["title"]) == ("data/weapons/atacms.yaml", "class")
    assert (int(found["line"]), int(found["col"])) == (line, col)
    assert "tactical-ballistic-missile" in found["msg"]  # the message lists the allowed values
    assert f"data/weapons/atacms.yaml:{line}:{col}: class:" in result.stderr


def test_more_problems_than_github_annotates_all_reach_the_summary_and_fail_the_job(tmp_path: Path) -> None:
    count = GITHUB_ANNOTATION_LIMIT + 3
    files = dict(MINIMAL)
    for i in range(count):
        files[f"sources/extra{i:02}.yaml"] = "title: No address\npublisher: Example\n"
    write_tree(tmp_path, files)
    summary = tmp_path / "summary.md"
    result = run_check(tmp_path, "--format", "github", summary=summary)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == GITHUB_ANNOTATION_LIMIT
    assert [line for line in lines if line.startswith("::notice ")] == [
        f"::notice title=Data check::3 more problem(s) are not annotated: the job summary lists all {count}."
    ]
    table = summary.read_text(encoding="utf-8")
    assert f"{count} problem(s) in the data." in table
    for i in range(count):
        assert f"| data/sources/extra{i:02}.yaml |" in table
    assert result.stderr.count("url: required field is missing") == count


def test_clean_data_passes_and_says_so_in_the_summary(minimal_data: Path) -> None:
    summary = minimal_data.parent / "summary.md"
    result = run_check(minimal_data.parent, "--format", "github", summary=summary)
    assert result.returncode == 0, result.stderr
    assert "::" not in result.stdout
    assert re.search(r"^\d+ records OK", result.stdout)
    assert summary.read_text(encoding="utf-8").startswith("## Data check passed")


def test_text_format_prints_no_workflow_commands_and_writes_no_summary(tmp_path: Path) -> None:
    write_tree(tmp_path, {**MINIMAL, "sources/s3.yaml": "title: T\npublisher: P\n"})
    summary = tmp_path / "summary.md"
    result = run_check(tmp_path, summary=summary)
    assert result.returncode == 1
    assert result.stdout == ""
    assert not summary.exists()
    assert "data/sources/s3.yaml:1:1: url: required field is missing" in result.stderr


def test_annotation_escapes_properties_and_message_by_githubs_rules() -> None:
    problem = Problem(Location("data/a,b:c.yaml", 3, 7), "range[0]:x,y", "100% wrong\r\nnext line")
    assert format_github(problem) == (
        "::error file=data/a%2Cb%3Ac.yaml,line=3,col=7,title=range[0]%3Ax%2Cy::100%25 wrong%0D%0Anext line"
    )


def test_a_value_with_line_breaks_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    hostile = minimal("sources/s1.yaml").replace(
        "published: 2024-11-19", 'published: "2024-99\\n::warning file=x::injected\\n::add-mask::secret"'
    )
    write_tree(tmp_path, {**MINIMAL, "sources/s1.yaml": hostile})
    result = run_check(tmp_path, "--format", "github")
    assert result.returncode == 1
    commands = [line for s in (result.stdout, result.stderr) for line in s.splitlines() if line.startswith("::")]
    assert commands, "the problem is annotated"
    assert all(line.startswith("::error file=data/sources/s1.yaml,") for line in commands), commands
    assert "injected" in result.stdout  # still reported, escaped inside the one annotation
    assert "%0A::warning" in result.stdout


def test_summary_gives_the_fix_of_each_problem() -> None:
    problem = Problem(Location("data/x.yaml", 2, 1), "(file)", "a tab character: indent with spaces", "use spaces")
    assert format_summary([problem]).splitlines()[-1] == (
        "| data/x.yaml | 2:1 | \\(file\\) | a tab character: indent with spaces | use spaces |"
    )


def test_summary_cells_render_data_as_plain_text() -> None:
    problem = Problem(
        Location("data/x.yaml", 1, 1), "name", "bad | <script>alert(1)</script> [link](http://e.x) `code`\nmore"
    )
    row = format_summary([problem]).splitlines()[-1]
    assert "<script>" not in row
    assert "&lt;script&gt;" in row
    assert row.count(" | ") == 4  # five cells, the data's pipe escaped
    assert "\\[link\\]\\(http://e.x\\)" in row
    assert "\\`code\\`" in row
    assert "\n" not in row


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_missing_data_folder_is_reported_not_raised(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    status = main(["check", str(tmp_path / "nowhere"), "--format", fmt])
    assert status == 1
    assert "data folder not found" in capsys.readouterr().err
    assert (tmp_path / "summary.md").exists() == (fmt == "github")


def test_check_and_schemas_follow_the_data_folder_that_mkdocs_yml_names(tmp_path: Path) -> None:
    data = write_tree(tmp_path, MINIMAL)
    data.rename(tmp_path / "facts")
    config = "site_name: t\nextra:\n  explainer:\n    data_dir: facts\nhook: !!python/name:os.system\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    command = [sys.executable, "-m", "explainer"]
    checked = subprocess.run([*command, "check"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    assert re.match(r"^\d+ records OK", checked.stdout)
    written = subprocess.run([*command, "schemas"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert written.returncode == 0, written.stderr
    settings = (tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8")
    assert '"facts/actors/*.yaml"' in settings
    assert '"data/' not in settings
