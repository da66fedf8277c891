"""`explainer new` writes a template naming every field; `explainer check PATH` checks one file or folder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from explainer.cli import main
from explainer.dataset import load_dataset
from explainer.schema import COLLECTIONS

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def explainer(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """Run the command line in a project folder, in this process (as `python -m explainer` there would)."""

    def run(project: Path, *args: str) -> Ran:
        monkeypatch.chdir(project)
        capsys.readouterr()
        status = main(list(args))
        out = capsys.readouterr()
        return Ran(status, out.out, out.err)

    return run


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_a_new_record_names_and_describes_every_field_of_its_model(
    tmp_path: Path, collection: str, explainer: Callable[..., Ran]
) -> None:
    write_tree(tmp_path, MINIMAL)
    record_id = "2024-11-21-new-record" if collection == "events" else "new-record"
    result = explainer(tmp_path, "new", collection.removesuffix("s"), record_id)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "data" / collection / f"{record_id}.yaml").read_text(encoding="utf-8")
    model = COLLECTIONS[collection]
    for name, info in model.model_fields.items():
        if name != "id":
            key = info.alias or name
            assert f"{key}:" in text, key
            first_words = " ".join((info.description or "").split()[:4])
            assert first_words in " ".join(line.lstrip("# ") for line in text.splitlines()), key
    if collection == "events":
        assert "\ndate: 2024-11-21\n" in text


def test_a_filled_in_template_loads(tmp_path: Path, explainer: Callable[..., Ran]) -> None:
    write_tree(tmp_path, MINIMAL)
    assert explainer(tmp_path, "new", "place", "bryansk").returncode == 0
    path = tmp_path / "data" / "places" / "bryansk.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("name: TODO", "name: Bryansk"),
        ("kind: TODO", "kind: city"),
        ("latitude: TODO", "latitude: 53.24"),
        ("longitude: TODO", "longitude: 34.36"),
        ("  - TODO", "  - s1"),
    ):
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    assert load_dataset(tmp_path / "data").places["bryansk"].name == "Bryansk"


def test_new_refuses_an_existing_file_an_unknown_kind_and_a_bad_id(
    tmp_path: Path, explainer: Callable[..., Ran]
) -> None:
    write_tree(tmp_path, MINIMAL)
    existing = explainer(tmp_path, "new", "actor", "russia")
    assert existing.returncode == 1
    assert "exists already" in existing.stderr
    unknown = explainer(tmp_path, "new", "actr", "x")
    assert unknown.returncode == 1
    assert "unknown kind 'actr'; did you mean 'actor'?" in unknown.stderr
    bad = explainer(tmp_path, "new", "actor", "Keir_Starmer")
    assert bad.returncode == 1
    assert "an id is lowercase letters, digits and single hyphens" in bad.stderr


def test_a_template_left_with_todo_says_so(tmp_path: Path, explainer: Callable[..., Ran]) -> None:
    write_tree(tmp_path, MINIMAL)
    explainer(tmp_path, "new", "topic", "talks")
    result = explainer(tmp_path, "check", "data/topics/talks.yaml")
    assert result.returncode == 1
    assert "data/topics/talks.yaml:" in result.stderr
    assert "sources[0]: TODO is still to be replaced: an id is lowercase letters" in result.stderr


def test_check_of_one_file_reports_its_problems_only_against_the_whole_data(
    tmp_path: Path, explainer: Callable[..., Ran]
) -> None:
    broken = minimal("actors/russia.yaml").replace("kind: state", "kind: empire")
    citing = minimal("places/karachev.yaml").replace("country: russia", "country: rusia")
    write_tree(tmp_path, MINIMAL | {"actors/russia.yaml": broken, "places/karachev.yaml": citing})
    result = explainer(tmp_path, "check", "data/places/karachev.yaml")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "1 problem(s) in other files (`make check` lists them)"
    assert "data/places/karachev.yaml:3:10: country: unknown actor 'rusia'" in result.stderr
    assert "empire" not in result.stderr
    good = explainer(tmp_path, "check", "data/weapons/atacms.yaml")
    assert (good.returncode, good.stdout) == (0, "data/weapons/atacms.yaml: OK\n")
    folder = explainer(tmp_path, "check", "data/actors")
    assert folder.returncode == 1
    assert "data/actors/russia.yaml:2:7: kind: 'empire' is not an allowed value" in folder.stderr
    assert "karachev" not in folder.stderr


def test_a_project_inside_a_folder_named_like_a_collection_checks_its_whole_data(
    tmp_path: Path, explainer: Callable[..., Ran]
) -> None:
    project = tmp_path / "sources" / "project"
    write_tree(project, MINIMAL)
    result = explainer(project, "check", "data")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{len(MINIMAL)} records OK")
