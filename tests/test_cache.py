"""What a preview session keeps between rebuilds: kept only under its inputs, replayed exactly, never changing the site."""

from __future__ import annotations

import filecmp
import logging
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from explainer.cache import Memo, Recorder, SessionCache, digest, tree_stamp
from explainer.dataset import load_dataset
from explainer.site import prepare_site

from .conftest import MINIMAL, ROOT, make_site_copy, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path


def test_a_memo_makes_a_value_once_per_key_and_drops_what_a_build_did_not_use() -> None:
    memo, made = Memo(), []

    def make(value: int) -> int:
        made.append(value)
        return value

    assert memo.get("a", lambda: make(1)) == 1
    assert memo.get("a", lambda: make(2)) == 1
    memo.keep("b", 3)
    assert (memo.hits, memo.misses) == (1, 1)
    memo.end_build()
    assert memo.lookup("b") == (True, 3)
    memo.end_build()  # "a" was not used in the last build
    assert memo.lookup("a") == (False, None)
    assert made == [1]


def test_the_session_counts_each_memo_and_starts_afresh() -> None:
    session = SessionCache()
    session.memo("pages").get("x", lambda: 1)
    session.memo("pages").get("x", lambda: 1)
    assert session.end_build() == {"pages": (1, 1)}
    assert session.end_build() == {"pages": (0, 0)}


def test_a_digest_depends_on_every_part_and_its_order() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", "b") != digest("b", "a")
    assert digest(b"a") == digest("a")


def test_a_tree_stamp_changes_when_a_file_changes_or_appears(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored\n", encoding="utf-8")
    before = tree_stamp([tmp_path], (".py",))
    (tmp_path / "notes.txt").write_text("still ignored\n", encoding="utf-8")
    assert tree_stamp([tmp_path], (".py",)) == before
    (tmp_path / "a.py").write_text("x = 22\n", encoding="utf-8")
    assert tree_stamp([tmp_path], (".py",)) != before
    changed = tree_stamp([tmp_path], (".py",))
    (tmp_path / "b.py").write_text("", encoding="utf-8")
    assert tree_stamp([tmp_path], (".py",)) != changed


class Page:
    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, registry: Registry) -> None:
        self.content = f"<h1>{self.name}</h1>"
        self.anchors = {self.name}
        registry.register(self, self.name.lower(), title=self.name)
        logging.getLogger("mkdocs.test").warning("a link in %s is broken", self.name)


class Registry:
    def __init__(self) -> None:
        self.seen: list[tuple[Any, str, str]] = []

    def register(self, page: Page, anchor: str, *, title: str) -> None:
        self.seen.append((page, anchor, title))


def test_a_replay_does_to_a_new_subject_what_the_work_did(caplog: pytest.LogCaptureFixture) -> None:
    first, registry = Page("Home"), Registry()
    with Recorder(first, [(registry, "register")]) as recorder:
        first.render(registry)
    assert "register" not in vars(registry)  # the recording is gone once the work is done
    replay = recorder.replay
    assert replay is not None
    later, other = Page("Home"), Registry()
    caplog.clear()
    replay.apply(later, [(other, "register")])
    assert (later.content, later.anchors) == ("<h1>Home</h1>", {"Home"})
    assert other.seen == [(later, "home", "Home")]  # the new subject, not the old one
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("mkdocs.test", logging.WARNING, "a link in Home is broken")
    ]
    later.anchors.add("changed")
    again = Page("Home")
    replay.apply(again, [(Registry(), "register")])
    assert again.anchors == {"Home"}  # each replay gets its own copy


def test_work_that_fails_leaves_nothing_to_replay() -> None:
    page, registry = Page("Home"), Registry()
    with pytest.raises(RuntimeError), Recorder(page, [(registry, "register")]) as recorder:
        raise RuntimeError
    assert recorder.replay is None
    assert "register" not in vars(registry)


def _rebuilds(project: Path, *steps: str) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks"), "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "tests.rebuilds", str(project), *steps]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stderr


def _differences(one: Path, other: Path) -> list[str]:
    found: list[str] = []
    pending = [filecmp.dircmp(one, other)]
    while pending:
        compared = pending.pop()
        found += [f"{compared.left}/{name}" for name in compared.left_only + compared.right_only]
        _match, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
        found += [f"{compared.left}/{name}" for name in mismatch + errors]
        pending += compared.subdirs.values()
    return sorted(found)


@pytest.mark.slow
def test_a_warm_rebuild_after_edits_equals_a_cold_build_of_the_edited_tree(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    edit_data = "data/actors/biden.yaml=Outgoing US president=>Outgoing US president, edited,"
    edit_page = "docs/methodology.md=# Methodology=># Methodology, edited"
    log = _rebuilds(
        project,
        f"site={tmp_path / 'cold'}",
        edit_data,
        f"site={tmp_path / 'warm1'}",
        edit_page,
        f"site={tmp_path / 'warm'}",
    )
    lines = [line for line in log.splitlines() if "kept from the last build:" in line]
    assert len(lines) == 3
    pages, files = (
        tuple(map(int, re.findall(rf"{name} (\d+)/(\d+)", lines[1])[0])) for name in ("page-html", "data-files")
    )
    assert pages[0] > 0, "the rebuild after a data edit reused no page"
    assert files == (files[1] - 1, files[1]), "the rebuild after a data edit parsed more than the edited file"
    assert "edited" in (tmp_path / "warm" / "actors" / "biden" / "index.html").read_text(encoding="utf-8")
    _rebuilds(project, f"site={tmp_path / 'fresh'}")
    assert _differences(tmp_path / "warm", tmp_path / "fresh") == []


def test_a_rebuild_parses_only_the_data_files_whose_bytes_changed(tmp_path: Path) -> None:
    data = write_tree(tmp_path, MINIMAL)
    session = SessionCache()
    first = prepare_site(data, tmp_path, cache=session)
    assert session.end_build()["data-files"] == (0, len(MINIMAL))
    path = data / "actors" / "russia.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("A state.", "A large state."), encoding="utf-8")
    again = prepare_site(data, tmp_path, cache=session)
    assert session.end_build()["data-files"] == (len(MINIMAL) - 1, 1)
    assert again.dataset.actors["russia"].summary == "A large state."
    assert again.dataset.actors["ukraine"] == first.dataset.actors["ukraine"]
    assert load_dataset(data) == again.dataset  # the same as without the session


def test_commit_dates_are_kept_until_a_commit_moves_head(tmp_path: Path) -> None:
    write_tree(tmp_path, MINIMAL)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "data"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=tmp_path, check=True)
    session = SessionCache()
    prepare_site(tmp_path / "data", tmp_path, cache=session)
    prepare_site(tmp_path / "data", tmp_path, cache=session)
    assert session.memo("git-dates").hits == 2  # the dates, and the dates files were added
    session.end_build()
    (tmp_path / "data" / "actors" / "poland.yaml").write_text(minimal("actors/russia.yaml").replace("Russia", "Poland"))
    subprocess.run([*git, "add", "data"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "two"], cwd=tmp_path, check=True)
    site = prepare_site(tmp_path / "data", tmp_path, cache=session)
    assert session.memo("git-dates").misses == 2
    assert "data/actors/poland.yaml" in site.dates
