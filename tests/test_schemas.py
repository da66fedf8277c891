"""Editor support: the JSON Schemas match the models, list the data's ids, and agree with the check."""

from __future__ import annotations

import json
import subprocess
import textwrap
from functools import cache
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from jsonschema import Draft7Validator

from explainer.cli import main
from explainer.dataset import load_dataset
from explainer.editor import (
    COMMITTED_FILES,
    SCHEMA_DIR,
    SETTINGS_FILE,
    YAML_VERSION,
    collect_ids,
    render_files,
    render_json_schema,
    stale_files,
)
from explainer.schema import COLLECTIONS, Position

from .conftest import MINIMAL, ROOT, minimal, write_tree
from .test_messages import CASES, edited

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@cache
def real_schemas() -> dict[str, dict[str, Any]]:
    """The schemas `make schemas` writes for the real data, by collection."""
    files = render_files(ROOT)
    return {c: json.loads(files[f"{SCHEMA_DIR}/{c}.schema.json"]) for c in COLLECTIONS}


class EditorLoader(yaml.SafeLoader):
    """YAML 1.1 as the editor's language server reads it: `no` is a yes/no value, a date stays the text it is."""


def _date_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_as_text)


def as_editor_reads(text: str) -> Any:
    """The document as the editor reads it with the committed settings; `yaml.YAMLError` where it shows a syntax error."""
    return yaml.load(text, Loader=EditorLoader)


def schema_errors(schema: dict[str, Any], text: str) -> list[str]:
    try:
        document = as_editor_reads(text)
    except yaml.YAMLError as error:
        return [f"YAML syntax: {error}"]
    return [error.message for error in Draft7Validator(schema).iter_errors(document)]


def keywords(node: Any, key: str) -> Iterator[Any]:
    """Every value of the keyword `key` anywhere in a schema (never a field that happens to bear its name)."""
    if isinstance(node, list):
        for item in node:
            yield from keywords(item, key)
    elif isinstance(node, dict):
        for name, value in node.items():
            if name in ("properties", "definitions"):
                for sub in value.values():
                    yield from keywords(sub, key)
                continue
            if name == key:
                yield value
            yield from keywords(value, key)


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of the schema and of its definitions, as (path, property schema)."""
    for name, prop in schema.get("properties", {}).items():
        yield name, prop
    for definition, sub in schema.get("definitions", {}).items():
        for name, prop in sub.get("properties", {}).items():
            yield f"{definition}.{name}", prop


def test_committed_editor_settings_are_up_to_date() -> None:
    assert [path for path in stale_files(ROOT) if path in COMMITTED_FILES] == [], "run `make schemas` and commit"


def test_the_schemas_are_generated_into_a_folder_git_ignores() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", f"{SCHEMA_DIR}/actors.schema.json"], cwd=ROOT, check=False, capture_output=True
    )
    assert ignored.returncode == 0, f"{SCHEMA_DIR}/ holds schemas made from the data: list it in .gitignore"
    tracked = subprocess.run(["git", "ls-files", SCHEMA_DIR], cwd=ROOT, check=True, capture_output=True, text=True)
    assert tracked.stdout == ""


def test_there_is_one_valid_draft7_schema_per_collection() -> None:
    assert set(real_schemas()) == set(COLLECTIONS)
    for schema in real_schemas().values():
        Draft7Validator.check_schema(schema)


def test_the_id_is_left_out_because_the_file_name_gives_it() -> None:
    for schema in real_schemas().values():
        assert "id" not in schema["properties"]
        assert "id" not in schema.get("required", [])


def test_every_field_has_a_description_for_hover_help() -> None:
    undocumented = [
        f"{collection}: {path}"
        for collection, schema in real_schemas().items()
        for path, prop in properties(schema)
        if not prop.get("description")
    ]
    assert undocumented == []


def test_titles_are_words_not_python_names() -> None:
    for collection, schema in real_schemas().items():
        assert list(keywords(schema, "title")) == [schema["title"]], collection  # no "As Of", "WeaponClass"
        assert schema["title"].endswith(f"file (data/{collection}/<id>.yaml)")
        assert schema["title"][0].isupper()
    assert real_schemas()["weapon-classes"]["title"] == "Weapon class file (data/weapon-classes/<id>.yaml)"


def test_every_pattern_comes_with_its_message_in_words() -> None:
    def messages(node: Any) -> Iterator[tuple[str, str | None]]:
        if isinstance(node, dict):
            if "pattern" in node and isinstance(node["pattern"], str):
                yield node["pattern"], node.get("patternErrorMessage")
            for value in node.values():
                yield from messages(value)
        elif isinstance(node, list):
            for item in node:
                yield from messages(item)

    found = [(pattern, words) for schema in real_schemas().values() for pattern, words in messages(schema)]
    assert [pattern for pattern, words in found if not words] == []
    without_ids = render_json_schema(Position)["properties"]["actor"]  # a collection with no records yet
    assert without_ids["patternErrorMessage"] == "an id is lowercase letters, digits and single hyphens"


def test_a_reference_lists_every_id_of_its_collection_with_its_name() -> None:
    actor = real_schemas()["positions"]["properties"]["actor"]
    actors = sorted(path.stem for path in (ROOT / "data" / "actors").glob("*.yaml"))
    assert actor["enum"] == actors
    names = dict(zip(actor["enum"], actor["enumDescriptions"], strict=True))
    assert names["zelensky"] == "Volodymyr Zelensky"
    assert "unknown actor" in actor["errorMessage"]
    sources = real_schemas()["events"]["properties"]["sources"]["items"]["enum"]
    assert sources == sorted(path.stem for path in (ROOT / "data" / "sources").glob("*.yaml"))
    weapon_class = real_schemas()["weapons"]["properties"]["class"]
    assert weapon_class["enum"] == sorted(p.stem for p in (ROOT / "data" / "weapon-classes").glob("*.yaml"))


def test_a_new_record_makes_the_schemas_stale_until_make_schemas(tmp_path: Path) -> None:
    data = write_tree(tmp_path, MINIMAL)
    assert main(["schemas", str(tmp_path)]) == 0
    assert stale_files(tmp_path) == []
    (data / "actors" / "poland.yaml").write_text(minimal("actors/russia.yaml").replace("Russia", "Poland"))
    assert f"{SCHEMA_DIR}/positions.schema.json" in stale_files(tmp_path)
    assert main(["schemas", str(tmp_path)]) == 0
    schema = json.loads((tmp_path / SCHEMA_DIR / "positions.schema.json").read_text(encoding="utf-8"))
    assert "poland" in schema["properties"]["actor"]["enum"]


def test_a_field_that_points_to_a_definition_keeps_its_description() -> None:
    stance = render_json_schema(Position)["properties"]["stance"]
    assert stance["allOf"] == [{"$ref": "#/definitions/Stance"}]
    assert stance["description"] == Position.model_fields["stance"].description


def test_every_real_data_file_passes_its_schema() -> None:
    failures = {
        path.relative_to(ROOT).as_posix(): errors
        for path in sorted((ROOT / "data").glob("*/*.yaml"))
        if (errors := schema_errors(real_schemas()[path.parent.name], path.read_text(encoding="utf-8")))
    }
    assert failures == {}


def test_the_editor_reads_yaml_as_the_check_does() -> None:
    settings = json.loads((ROOT / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert settings["yaml.yamlVersion"] == YAML_VERSION == "1.1"
    assert as_editor_reads("language: no\n") == {"language": False}  # as PyYAML, the check's reader


# What the editor cannot see, and why: each is an error `explainer check` finds that no schema
# of one file can express. The test below fails if the editor starts to catch one of them.
EDITOR_CANNOT_SEE = {
    "alias collision": "two files give one name; the editor sees one file at a time",
    "file name date": "the file name is not part of the document the editor validates",
    "flagged source only": "whether a source is flagged is written in the source's own file",
    "citation not in sources": "a citation must name an id the record's `sources:` lists: two fields' values",
    "disputed alone": "a disputed figure needs another claim on the same quantity: a relation between list items",
    "two positions on one topic": "one position per actor and topic is a rule across files",
    "day not in the calendar": "a pattern cannot know how many days each month has",
}

MORE_CASES: dict[str, dict[str, str]] = {
    "misspelt field": edited("weapons/atacms.yaml", "maker:", "makr:"),
    "unknown qualifier": edited("weapons/atacms.yaml", "qualifier: up-to", "qualifier: roughly"),
    "no sources": edited("weapons/atacms.yaml", "sources: [s1]\n", "sources: []\n"),
    "latitude out of range": edited("places/karachev.yaml", "latitude: 53.1226", "latitude: 153.1"),
    "date in words": edited("sources/s1.yaml", "published: 2024-11-19", "published: 19 November 2024"),
    "year alone": edited("sources/s1.yaml", "published: 2024-11-19", "published: 2024"),
    "address without scheme": edited("sources/s1.yaml", "https://news.example.org/story", "news.example.org/story"),
    "unknown weapon class": edited("weapons/atacms.yaml", "tactical-ballistic-missile", "ballistic"),
    "text quoted yes/no": {"sources/s1.yaml": minimal("sources/s1.yaml") + 'language: "no"\n'},
    "alias collision": {"actors/russia.yaml": minimal("actors/russia.yaml") + "aliases: [Zelensky]\n"},
    "file name date": {
        **{k: v for k, v in MINIMAL.items() if k != "events/2024-11-19-strike.yaml"},
        "events/2024-11-18-strike.yaml": MINIMAL["events/2024-11-19-strike.yaml"],
    },
    "flagged source only": edited("actors/russia.yaml", "sources: [s1]", "sources: [s2]"),
    "citation not in sources": edited("actors/russia.yaml", "summary: A state.", "summary: A state. [@s2]"),
    "disputed alone": {
        "weapons/atacms.yaml": minimal("weapons/atacms.yaml")
        .replace("status: assessed", "status: disputed")
        .replace("  - min: 150\n    max: 170\n    unit: km\n    status: claimed\n    claimed_by: russia\n", "")
        .replace("    sources: [s2]\n    label: Older version\n", "")
    },
    "two positions on one topic": {"positions/zelensky-strikes-2.yaml": MINIMAL["positions/zelensky-strikes.yaml"]},
    "day not in the calendar": edited("sources/s1.yaml", "published: 2024-11-19", "published: 2024-02-30"),
}

AGREEMENT_CASES = {name: changes for name, (changes, _message, _fix) in CASES.items()} | MORE_CASES


def editor_rejects(data: Path) -> list[str]:
    """The files under `data` the editor underlines, each validated by its schema generated from this tree."""
    ids = collect_ids(data)
    schemas = {c: render_json_schema(model, ids) for c, model in COLLECTIONS.items()}
    return sorted(
        path.relative_to(data).as_posix()
        for path in data.glob("*/*.yaml")
        if schema_errors(schemas[path.parent.name], path.read_text(encoding="utf-8"))
    )


def check_rejects(data: Path, capsys: pytest.CaptureFixture[str]) -> bool:
    status = main(["check", str(data)])
    capsys.readouterr()
    return status != 0


@pytest.mark.parametrize("case", sorted(AGREEMENT_CASES))
def test_the_editor_and_the_check_agree_on_each_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    changes = AGREEMENT_CASES[case]
    data = write_tree(tmp_path, changes if case == "file name date" else MINIMAL | changes)
    by_editor, by_check = editor_rejects(data), check_rejects(data, capsys)
    if case in EDITOR_CANNOT_SEE:
        assert by_check, f"{case}: the check accepts it; drop it from the exceptions"
        assert by_editor == [], f"{case}: the editor sees it now; drop it from EDITOR_CANNOT_SEE"
    else:
        assert bool(by_editor) == by_check, f"{case}: editor rejects {by_editor}, check rejects: {by_check}"
        if by_editor:
            assert set(by_editor) <= set(changes), "the editor underlines a file the case left alone"


def test_the_exceptions_are_cases_that_exist() -> None:
    assert set(EDITOR_CANNOT_SEE) <= set(AGREEMENT_CASES)


def test_minimal_data_files_pass_their_schemas(minimal_data: Path) -> None:
    assert editor_rejects(minimal_data) == []


def test_a_year_alone_is_a_date_for_the_editor_as_for_the_loader(tmp_path: Path) -> None:
    data = write_tree(tmp_path, MINIMAL | edited("sources/s1.yaml", "published: 2024-11-19", "published: 2024"))
    assert editor_rejects(data) == []
    load_dataset(data)


def test_editor_settings_map_each_data_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / SETTINGS_FILE).read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for collection in COLLECTIONS:
        schema_path = f"./{SCHEMA_DIR}/{collection}.schema.json"
        assert f"data/{collection}/*.yaml" in mapping[schema_path]
        assert collection in real_schemas()
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
    expected = render_files(tmp_path)
    assert {p: (tmp_path / p).read_text(encoding="utf-8") for p in expected} == expected
    assert main(["schemas", str(tmp_path), "--check"]) == 0


def test_contributing_page_shows_the_schema_comment_for_other_editors() -> None:
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    for line in textwrap.dedent(page).splitlines():
        if "yaml-language-server: $schema=" in line:
            target = line.split("$schema=", 1)[1].strip().strip("`")
            assert (ROOT / "data" / "weapons" / target).resolve() == (ROOT / SCHEMA_DIR / "weapons.schema.json")
            break
    else:
        pytest.fail("docs/contributing.md does not show the `# yaml-language-server: $schema=` comment")
