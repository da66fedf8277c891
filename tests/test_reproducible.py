"""The same commit builds the same bytes.

Two builds of the project, into different folders and with different Python hash seeds
(so that the order of a set can never leak into a page), are compared file by file. The
only date in the output, the sitemap's `lastmod`, follows `SOURCE_DATE_EPOCH`, which the
Makefile sets to the time of the last commit; nothing needs to differ.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from .conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path


def commit_time() -> str:
    """The time of the last commit in seconds, or "" outside a git checkout."""
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else ""


def start_build(site_dir: Path, seed: str, epoch: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": epoch}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_dir)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def differences(left: Path, right: Path) -> list[str]:
    """Files only on one side, and files whose bytes differ, as paths relative to the sites."""
    found: list[str] = []
    compared = filecmp.dircmp(left, right)
    stack = [(compared, "")]
    while stack:
        node, prefix = stack.pop()
        found += [f"only in the first build: {prefix}{name}" for name in node.left_only]
        found += [f"only in the second build: {prefix}{name}" for name in node.right_only]
        for name in node.common_files:
            if (left / prefix / name).read_bytes() != (right / prefix / name).read_bytes():
                found.append(f"differs: {prefix}{name}")
        stack += [(sub, f"{prefix}{name}/") for name, sub in sorted(node.subdirs.items())]
    return sorted(found)


@pytest.mark.slow  # two whole-site builds: left out of `make test-fast`
def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path: Path) -> None:
    epoch = commit_time() or "1700000000"  # outside a git checkout, any fixed time will do
    builds = [start_build(tmp_path / f"site-{seed}", seed, epoch) for seed in ("1", "2")]
    for build in builds:
        _, stderr = build.communicate(timeout=600)
        assert build.returncode == 0, stderr
    assert differences(tmp_path / "site-1", tmp_path / "site-2") == []
    files = [p for p in (tmp_path / "site-1").rglob("*") if p.is_file()]
    assert len(files) > 100
    day = datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    assert f"<lastmod>{day}</lastmod>" in (tmp_path / "site-1" / "sitemap.xml").read_text(encoding="utf-8")


def test_make_sets_source_date_epoch_to_the_last_commit_in_a_git_checkout() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    command = ["make", "-s", "--no-print-directory", "--eval", "show-epoch: ; @echo $$SOURCE_DATE_EPOCH", "show-epoch"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == commit_time()
