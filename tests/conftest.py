"""Shared fixtures: tiny data trees in tmp_path, and one real build of the site per session."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from explainer.posters import CACHE_VARIABLE

from .hostile import write_hostile_data

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault(CACHE_VARIABLE, str(ROOT / ".cache" / "images"))
"""Every build of the session, of the project or of a copy, draws its chart images into one cache."""

VOCABULARIES: dict[str, str] = {
    f"{folder}/{path.name}": path.read_text(encoding="utf-8")
    for folder in ("weapon-classes", "place-kinds")
    for path in sorted((ROOT / "data" / folder).glob("*.yaml"))
}
"""The real site's vocabularies (weapon classes, place kinds), which small test trees share."""

_SITE_FIXTURES = frozenset({"built_site", "hostile_site", "moved_site"})
"""Fixtures that build a whole site: a test that uses one is `slow`."""
_BUILDS = re.compile(r"\b(run_build|make_site_copy|_serve)\(|\"(mkdocs|properdocs)\", \"(build|serve)\"")
"""Calls in a test's own code that build or serve a whole site."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` every test that builds or serves a whole site (left out of `make test-fast`)."""
    for item in items:
        function = getattr(item, "function", None)
        source = inspect.getsource(function) if function is not None else ""
        if _SITE_FIXTURES & set(getattr(item, "fixturenames", ())) or _BUILDS.search(source):
            item.add_marker(pytest.mark.slow)


MINIMAL: dict[str, str] = {
    **VOCABULARIES,
    "sources/s1.yaml": """
        title: Ukraine fires missiles
        publisher: Example News
        url: https://news.example.org/story
        published: 2024-11-19
    """,
    "sources/s2.yaml": """
        title: Russia says
        publisher: State Wire
        url: https://wire.example.net/a
        published: 2024-11
        flags: [state-media]
    """,
    "actors/ukraine.yaml": """
        name: Ukraine
        kind: state
        role: Country at war
        role_as_of: 2024-11-19
        summary: A state.
        sources: [s1]
    """,
    "actors/russia.yaml": """
        name: Russia
        kind: state
        role: Country at war
        role_as_of: 2024-11-19
        summary: A state.
        sources: [s1]
    """,
    "actors/zelensky.yaml": """
        name: Volodymyr Zelensky
        kind: person
        role: President of Ukraine
        role_as_of: 2024-11-19
        affiliation: ukraine
        aliases: [Zelensky]
        summary: The president.
        sources: [s1]
    """,
    "weapons/atacms.yaml": """
        name: ATACMS
        aliases: [MGM-140]
        class: tactical-ballistic-missile
        maker: Lockheed Martin
        suppliers: [ukraine]
        operators: [ukraine]
        range:
          - value: 300
            unit: km
            qualifier: up-to
            status: assessed
            sources: [s1]
          - min: 150
            max: 170
            unit: km
            status: claimed
            claimed_by: russia
            sources: [s2]
            label: Older version
        summary: A missile.
        sources: [s1]
    """,
    "topics/strikes.yaml": """
        question: May Ukraine strike inside Russia?
        short: Long-range strikes
        summary: The question.
        sources: [s1]
    """,
    "positions/zelensky-strikes.yaml": """
        actor: zelensky
        topic: strikes
        stance: supports
        as_of: 2024-11-17
        summary: Wants the restrictions lifted.
        quote: Missiles will speak for themselves
        weapons: [atacms]
        sources: [s1]
    """,
    "events/2024-11-19-strike.yaml": """
        date: 2024-11-19
        title: First ATACMS strike inside Russia
        summary: Ukraine fired ATACMS at a depot.
        actors: [ukraine]
        weapons: [atacms]
        places: [karachev]
        sources: [s1]
    """,
    "places/karachev.yaml": """
        name: Karachev
        kind: city
        country: russia
        latitude: 53.1226
        longitude: 34.9849
        sources: [s1]
    """,
}


def minimal(name: str) -> str:
    """One file of `MINIMAL`, dedented, ready to extend with more lines."""
    return textwrap.dedent(MINIMAL[name]).lstrip()


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path → YAML text, dedented) under `root/data`; return that folder."""
    data = root / "data"
    for relative, text in files.items():
        path = data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return data


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A small valid data tree."""
    return write_tree(tmp_path, MINIMAL)


def make_site_copy(dest: Path, data: Path | None = None) -> Path:
    """Copy the project's site sources (mkdocs.yml, docs, overrides, hooks) to `dest`, optionally with other data."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides", "hooks"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    shutil.copytree(data or ROOT / "data", dest / "data")
    return dest


def make_second_explainer(project: Path) -> Path:
    """A copy of the second explainer (`tests/explainers/falklands/`) with the project's hooks, overrides and assets."""
    shutil.copytree(ROOT / "tests" / "explainers" / "falklands", project)
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def run_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build --strict` of `project` into `site_dir`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=project, check=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from a copy of the real data whose every text field carries HTML and script payloads."""
    root = tmp_path_factory.mktemp("hostile")
    project = make_site_copy(root / "project", write_hostile_data(ROOT / "data", root / "data"))
    site = root / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return site
