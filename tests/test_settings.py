"""The site's settings are honoured: the data folder, the edit links, and the engine that builds it.

Each test is a real strict build of a copy of the site with one setting changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from .conftest import ROOT, make_site_copy, run_build
from .htmltree import parse

if TYPE_CHECKING:
    from pathlib import Path

REPO_URL = "https://github.com/explainer-project/ukraine-gambit"


def _edit_link(site: Path, url: str) -> str:
    page = parse((site / url / "index.html").read_text(encoding="utf-8"))
    links = [
        n.attrs.get("href", "")
        for n in page.iter()
        if n.tag == "a" and any("reader-edit" in a.classes for a in n.ancestors())
    ]
    assert len(links) == 1, f"{url}: expected one edit link, found {links}"
    return links[0]


def _set(config: Path, pattern: str, replacement: str) -> None:
    text = config.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1, f"{pattern} not found in mkdocs.yml"
    config.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with its data in `facts/` and edit links on another branch."""
    root = tmp_path_factory.mktemp("moved")
    project = make_site_copy(root / "project")
    shutil.move(project / "data", project / "facts")
    config = project / "mkdocs.yml"
    _set(config, r"^(\s+data_dir:) data$", r"\1 facts")
    _set(config, r"^edit_uri: .*$", "edit_uri: edit/trunk/docs/")
    site = root / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_generated_pages_edit_their_files_in_the_configured_data_folder(moved_site: Path) -> None:
    assert _edit_link(moved_site, "actors/scholz") == f"{REPO_URL}/edit/trunk/facts/actors/scholz.yaml"
    assert _edit_link(moved_site, "weapons/atacms") == f"{REPO_URL}/edit/trunk/facts/weapons/atacms.yaml"


def test_index_pages_browse_their_collection_folder_on_the_configured_branch(moved_site: Path) -> None:
    assert _edit_link(moved_site, "actors") == f"{REPO_URL}/tree/trunk/facts/actors"
    assert _edit_link(moved_site, "timeline") == f"{REPO_URL}/tree/trunk/facts/events"
    assert _edit_link(moved_site, "sources") == f"{REPO_URL}/tree/trunk/facts/sources"


def test_hand_written_pages_keep_mkdocs_own_edit_links(moved_site: Path) -> None:
    assert _edit_link(moved_site, "article") == f"{REPO_URL}/edit/trunk/docs/article.md"


def test_last_updated_and_data_problems_name_the_configured_folder(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    shutil.move(project / "data", project / "facts")
    _set(project / "mkdocs.yml", r"^(\s+data_dir:) data$", r"\1 facts")
    scholz = project / "facts" / "actors" / "scholz.yaml"
    scholz.write_text(scholz.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "facts/actors/scholz.yaml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_site_builds_the_same_with_properdocs(built_site: Path, tmp_path: Path) -> None:
    """ProperDocs, the maintained fork of MkDocs 1.6, builds the same pages (but for its generator tag)."""
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    differ = []
    for page in sorted(built_site.rglob("*.html")):
        other = site / page.relative_to(built_site)
        if not other.exists():
            differ.append(f"missing {page.relative_to(built_site)}")
        elif generator.sub("", page.read_text(encoding="utf-8")) != generator.sub(
            "", other.read_text(encoding="utf-8")
        ):
            differ.append(str(page.relative_to(built_site)))
    assert differ == []
