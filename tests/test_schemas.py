"""Editor support: the JSON Schemas in `schemas/` match the models and accept what the loader accepts."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from jsonschema import Draft7Validator

from explainer.cli import main
from explainer.dataset import load_dataset
from explainer.editor import SETTINGS_FILE, render_files, render_json_schema, stale_files
from explainer.loading import DataError
from explainer.schema import COLLECTIONS, Position

from .conftest import MINIMAL, ROOT, minimal, write_tree

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def committed_schema(collection: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((ROOT / "schemas" / f"{collection}.schema.json").read_text(encoding="utf-8"))
    return result


def as_editor_reads(text: str) -> Any:
    """The document as a YAML 1.2 language server sees it: dates stay strings."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def schema_errors(collection: str, text: str) -> list[str]:
    validator = Draft7Validator(committed_schema(collection))
    return [error.message for error in validator.iter_errors(as_editor_reads(text))]


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of the schema and of its definitions, as (path, property schema)."""
    for name, prop in schema.get("properties", {}).items():
        yield name, prop
    for definition, sub in schema.get("definitions", {}).items():
        for name, prop in sub.get("properties", {}).items():
            yield f"{definition}.{name}", prop


def test_committed_schemas_and_editor_settings_are_up_to_date() -> None:
    assert stale_files(ROOT) == [], "run `make schemas` and commit the result"


def test_there_is_one_valid_draft7_schema_per_collection() -> None:
    names = {p.name for p in (ROOT / "schemas").glob("*.schema.json")}
    assert names == {f"{c}.schema.json" for c in COLLECTIONS}
    for collection in COLLECTIONS:
        Draft7Validator.check_schema(committed_schema(collection))


def test_the_id_is_left_out_because_the_file_name_gives_it() -> None:
    for collection in COLLECTIONS:
        schema = committed_schema(collection)
        assert "id" not in schema["properties"]
        assert "id" not in schema.get("required", [])


def test_every_field_has_a_description_for_hover_help() -> None:
    undocumented = [
        f"{collection}: {path}"
        for collection in COLLECTIONS
        for path, prop in properties(committed_schema(collection))
        if not prop.get("description")
    ]
    assert undocumented == []


def test_a_field_that_points_to_a_definition_keeps_its_description() -> None:
    stance = render_json_schema(Position)["properties"]["stance"]
    assert stance["allOf"] == [{"$ref": "#/definitions/Stance"}]
    assert stance["description"] == Position.model_fields["stance"].description


def test_every_real_data_file_passes_its_schema() -> None:
    failures = {
        path.relative_to(ROOT).as_posix(): errors
        for path in sorted((ROOT / "data").glob("*/*.yaml"))
        if (errors := schema_errors(path.parent.name, path.read_text(encoding="utf-8")))
    }
    assert failures == {}


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_minimal_data_files_pass_their_schema(name: str) -> None:
    assert schema_errors(name.split("/", maxsplit=1)[0], minimal(name)) == []


def test_a_year_alone_is_a_date_for_the_editor_as_for_the_loader(tmp_path: Path) -> None:
    text = minimal("sources/s1.yaml").replace("published: 2024-11-19", "published: 2024")
    assert schema_errors("sources", text) == []
    load_dataset(write_tree(tmp_path, {**MINIMAL, "sources/s1.yaml": text}))


@pytest.mark.parametrize(
    ("collection", "name", "old", "new"),
    [
        ("weapons", "weapons/atacms.yaml", "maker:", "makr:"),
        ("weapons", "weapons/atacms.yaml", "qualifier: up-to", "qualifier: roughly"),
        ("weapons", "weapons/atacms.yaml", "sources: [s1]\n", "sources: []\n"),
        ("places", "places/karachev.yaml", "latitude: 53.1226", "latitude: 153.1"),
        ("sources", "sources/s1.yaml", "published: 2024-11-19", "published: 19 November 2024"),
        ("positions", "positions/zelensky-strikes.yaml", "stance: supports", "stance: maybe"),
    ],
)
def test_the_editor_flags_what_the_loader_rejects(
    tmp_path: Path, collection: str, name: str, old: str, new: str
) -> None:
    text = minimal(name)
    assert old in text
    broken = text.replace(old, new, 1)
    assert schema_errors(collection, broken) != []
    with pytest.raises(DataError):
        load_dataset(write_tree(tmp_path, {**MINIMAL, name: broken}))


def test_editor_settings_map_each_data_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / SETTINGS_FILE).read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for collection in COLLECTIONS:
        schema_path = f"./schemas/{collection}.schema.json"
        assert f"data/{collection}/*.yaml" in mapping[schema_path]
        assert (ROOT / schema_path).is_file()
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_schemas_command_reports_stale_files_then_writes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "schemas" / "weapons.schema.json"
    stale.parent.mkdir()
    stale.write_text("{}\n", encoding="utf-8")
    leftover = tmp_path / "schemas" / "removed.schema.json"
    leftover.write_text("{}\n", encoding="utf-8")
    assert main(["schemas", str(tmp_path), "--check"]) == 1
    err = capsys.readouterr().err
    assert "schemas/weapons.schema.json: out of date" in err
    assert "schemas/removed.schema.json: out of date" in err
    assert stale.read_text(encoding="utf-8") == "{}\n"  # --check writes nothing
    assert main(["schemas", str(tmp_path)]) == 0
    assert not leftover.exists()
    assert {p: (tmp_path / p).read_text(encoding="utf-8") for p in render_files()} == render_files()
    assert main(["schemas", str(tmp_path), "--check"]) == 0


def test_contributing_page_shows_the_schema_comment_for_other_editors() -> None:
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    for line in textwrap.dedent(page).splitlines():
        if "yaml-language-server: $schema=" in line:
            target = line.split("$schema=", 1)[1].strip().strip("`")
            assert (ROOT / "data" / "weapons" / target).resolve().is_file()
            break
    else:
        pytest.fail("docs/contributing.md does not show the `# yaml-language-server: $schema=` comment")
