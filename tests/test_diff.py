"""`explainer diff` lists the facts that differ between two commits, record by record."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from explainer.cli import main

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def git(project: Path, *args: str) -> None:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *env_args, *args], cwd=project, check=True, capture_output=True)


def test_diff_lists_added_and_removed_records_changed_figures_and_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, MINIMAL)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "data")
    git(tmp_path, "commit", "-qm", "base")
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
