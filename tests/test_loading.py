"""Bad input stops loading with every problem as `path:line:col: field: message`."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from explainer.dataset import load_dataset
from explainer.formatting import format_status
from explainer.loading import DataError
from explainer.schema import COLLECTIONS

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path


def problems_for(tmp_path: Path, changes: dict[str, str | bytes]) -> list[str]:
    files = {k: v for k, v in MINIMAL.items() if k not in changes}
    data = write_tree(tmp_path, {k: v for k, v in changes.items() if isinstance(v, str)} | files)
    for relative, raw in changes.items():
        if isinstance(raw, bytes):
            (data / relative).parent.mkdir(parents=True, exist_ok=True)
            (data / relative).write_bytes(raw)
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(p) for p in caught.value.problems]


def test_minimal_data_loads(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    assert dataset.count() == len(MINIMAL)
    assert dataset.weapons["atacms"].range[0].high == 300


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"places/karachev.yaml": "name: Karachev\nkind: [city\n"})
    assert len(found) == 1
    assert found[0].startswith("data/places/karachev.yaml:3:1: (file): YAML syntax:")


def test_wrong_type_points_at_the_value(tmp_path: Path) -> None:
    text = MINIMAL["weapons/atacms.yaml"].replace("value: 300", "value: far")
    found = problems_for(tmp_path, {"weapons/atacms.yaml": text})
    assert found == ["data/weapons/atacms.yaml:8:12: range[0].value: 'far' is not a number"]


def test_unknown_field_suggests_the_right_name(tmp_path: Path) -> None:
    text = minimal("places/karachev.yaml") + "latitud: 3\n"
    found = problems_for(tmp_path, {"places/karachev.yaml": text})
    assert found == ["data/places/karachev.yaml:7:1: latitud: unknown field; did you mean 'latitude'?"]


def test_missing_required_field(tmp_path: Path) -> None:
    text = MINIMAL["actors/russia.yaml"].replace("        kind: state\n", "")
    found = problems_for(tmp_path, {"actors/russia.yaml": text})
    assert found == ["data/actors/russia.yaml:1:1: kind: required field is missing"]


def test_duplicate_ids_across_extensions(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"places/karachev.yml": MINIMAL["places/karachev.yaml"]})
    assert found == ["data/places/karachev.yml:1:1: id: duplicate id 'karachev': also data/places/karachev.yaml"]


def test_duplicate_key(tmp_path: Path) -> None:
    text = minimal("places/karachev.yaml") + "name: Karachev again\n"
    found = problems_for(tmp_path, {"places/karachev.yaml": text})
    assert found == ["data/places/karachev.yaml:7:1: name: duplicate key: this field is given twice"]


def test_unknown_reference(tmp_path: Path) -> None:
    text = MINIMAL["events/2024-11-19-strike.yaml"].replace("places: [karachev]", "places: [karachev, bryansk]")
    found = problems_for(tmp_path, {"events/2024-11-19-strike.yaml": text})
    assert found == [
        "data/events/2024-11-19-strike.yaml:6:20: places[1]: unknown place 'bryansk': no file data/places/bryansk.yaml"
    ]


@pytest.mark.parametrize(("written", "column"), [("2024-02-30", 7), ("'2024-13'", 7), ("2023-02-29", 7)])
def test_impossible_dates(tmp_path: Path, written: str, column: int) -> None:
    text = MINIMAL["events/2024-11-19-strike.yaml"].replace("date: 2024-11-19", f"date: {written}")
    found = problems_for(tmp_path, {"events/2024-11-19-strike.yaml": text})
    assert len(found) == 1
    assert found[0].startswith(f"data/events/2024-11-19-strike.yaml:1:{column}: ")


def test_record_without_sources(tmp_path: Path) -> None:
    text = MINIMAL["places/karachev.yaml"].replace("sources: [s1]", "sources: []")
    found = problems_for(tmp_path, {"places/karachev.yaml": text})
    assert found == [
        "data/places/karachev.yaml:6:10: sources: List should have at least 1 item after validation, not 0"
    ]


def test_fact_backed_only_by_flagged_sources(tmp_path: Path) -> None:
    text = MINIMAL["places/karachev.yaml"].replace("sources: [s1]", "sources: [s2]")
    found = problems_for(tmp_path, {"places/karachev.yaml": text})
    assert found == ["data/places/karachev.yaml:6:10: sources: needs at least one source without reliability flags"]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("assessed", "an assessed figure needs a source without flags"),
        (
            "disputed",
            "a disputed figure needs a source without flags; "
            "a figure that only flagged sources back is an attributed statement",
        ),
    ],
)
def test_a_figure_that_only_flagged_sources_back_must_be_claimed(tmp_path: Path, status: str, message: str) -> None:
    text = MINIMAL["weapons/atacms.yaml"].replace(
        "status: assessed\n            sources: [s1]", f"status: {status}\n            sources: [s2]"
    )
    # A lone disputed figure also breaks the rule that a dispute needs two claims; only this rule is tested here.
    found = [p for p in problems_for(tmp_path, {"weapons/atacms.yaml": text}) if "source without flags" in p]
    assert len(found) == 1
    assert found[0].startswith(f"data/weapons/atacms.yaml:11:13: range[0].status: {message}")


def test_claimed_figure_needs_claimant(tmp_path: Path) -> None:
    text = MINIMAL["weapons/atacms.yaml"].replace("            claimed_by: russia\n", "")
    found = problems_for(tmp_path, {"weapons/atacms.yaml": text})
    assert found == [
        "data/weapons/atacms.yaml:13:5: range[1]: a claimed figure needs `claimed_by` (an actor id) or `attributed_to`"
    ]


def test_a_claim_by_someone_outside_the_data_is_attributed_in_words(tmp_path: Path) -> None:
    text = MINIMAL["weapons/atacms.yaml"].replace(
        "            claimed_by: russia\n", "            attributed_to: BelTA, quoting an analyst\n"
    )
    dataset = load_dataset(write_tree(tmp_path, MINIMAL | {"weapons/atacms.yaml": text}))
    claim = dataset.weapons["atacms"].range[1]
    assert format_status(claim, dict(dataset.actors)) == "claimed by BelTA, quoting an analyst"
    both = MINIMAL["weapons/atacms.yaml"].replace(
        "            claimed_by: russia\n", "            claimed_by: russia\n            attributed_to: BelTA\n"
    )
    found = problems_for(tmp_path, {"weapons/atacms.yaml": both})
    assert found == ["data/weapons/atacms.yaml:13:5: range[1]: give `claimed_by` or `attributed_to`, not both"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "data/places/karachev.yaml:1:1: (file): file is empty; a record is a mapping of fields"),
        (
            "- a\n- b\n",
            "data/places/karachev.yaml:1:1: (file): a record must be a mapping of fields, not a list or a value",
        ),
        (
            "just text\n",
            "data/places/karachev.yaml:1:1: (file): a record must be a mapping of fields, not a list or a value",
        ),
    ],
)
def test_empty_or_non_mapping_files(tmp_path: Path, content: str, message: str) -> None:
    assert problems_for(tmp_path, {"places/karachev.yaml": content}) == [message]


def test_invalid_utf8(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"places/karachev.yaml": b"name: Kara\xffchev\n"})
    assert found == ["data/places/karachev.yaml:1:11: (file): not valid UTF-8 (byte 0xff); save the file as UTF-8"]


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom thing",
    ],
)
def test_tags_that_construct_objects_are_refused(tmp_path: Path, payload: str) -> None:
    text = MINIMAL["places/karachev.yaml"].replace("name: Karachev", f"name: {payload}")
    found = problems_for(tmp_path, {"places/karachev.yaml": text})
    assert len(found) == 1
    assert found[0].startswith("data/places/karachev.yaml:1:7: name: YAML tag ")
    assert "is not allowed" in found[0]


def test_anchors_aliases_and_merge_keys_are_refused(tmp_path: Path) -> None:
    text = "base: &b {name: X}\nother: *b\n"
    found = problems_for(tmp_path, {"places/karachev.yaml": text})
    assert found == [
        "data/places/karachev.yaml:1:7: other: YAML anchors and aliases are not allowed; write the value out"
    ]
    merged = "<<: {name: X}\n"
    found = problems_for(tmp_path / "m", {"places/karachev.yaml": merged})
    assert found == ["data/places/karachev.yaml:1:1: (file): merge keys (<<) are not allowed; write the fields out"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    found = problems_for(
        tmp_path,
        {
            "places/karachev.yaml": MINIMAL["places/karachev.yaml"].replace("latitude: 53.1226", "latitude: 95"),
            "actors/russia.yaml": MINIMAL["actors/russia.yaml"].replace("kind: state", "kind: empire"),
            "weapons/atacms.yaml": "name: [\n",
        },
    )
    assert [line.split(":")[0] for line in found] == [
        "data/actors/russia.yaml",
        "data/places/karachev.yaml",
        "data/weapons/atacms.yaml",
    ]


def test_unknown_collection_and_stray_files(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"weapon/atacms.yaml": "name: x\n", "actors/notes.txt": "hello\n"})
    assert found == [
        "data/actors/notes.txt:1:1: (file): expected a .yaml file directly in actors/",
        f"data/weapon:1:1: (folder): unknown collection; expected one of: {', '.join(COLLECTIONS)}",
    ]


def test_file_names_must_be_ids(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"places/Kara_chev.yaml": MINIMAL["places/karachev.yaml"]})
    assert (
        "data/places/Kara_chev.yaml:1:1: id: file name must be lowercase letters, digits and single hyphens, then .yaml"
        in found
    )


def test_non_http_source_url_is_refused(tmp_path: Path) -> None:
    text = MINIMAL["sources/s1.yaml"].replace("https://news.example.org/story", "javascript:alert(1)")
    found = problems_for(tmp_path, {"sources/s1.yaml": text})
    assert found == ["data/sources/s1.yaml:3:6: url: must be an absolute http:// or https:// address"]


def test_check_command_exit_status_and_output(tmp_path: Path, minimal_data: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "explainer", "check", str(minimal_data)], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0
    assert ok.stdout.startswith(f"{len(MINIMAL)} records OK")
    (minimal_data / "places" / "karachev.yaml").write_text("name: [\n", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "explainer", "check", str(minimal_data)], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert bad.stderr.splitlines()[0].startswith(f"{minimal_data.name}/places/karachev.yaml:2:1: (file): YAML syntax")


def test_github_format_escapes_and_annotates(tmp_path: Path, minimal_data: Path) -> None:
    text = MINIMAL["places/karachev.yaml"].replace("latitude: 53.1226", "latitude: 95")
    (minimal_data / "places" / "karachev.yaml").write_text(text.replace("        ", ""), encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "check", "--format", "github", str(minimal_data)],
        capture_output=True,
        text=True,
        check=False,
        env={"GITHUB_STEP_SUMMARY": str(summary), "PATH": ""},
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/places/karachev.yaml,line=5,col=11,title=latitude::Input should be less than or equal to 90"
    ]
    assert "| data/places/karachev.yaml | 5:11 | latitude |" in summary.read_text(encoding="utf-8")
