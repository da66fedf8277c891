"""The commonest mistakes in a data file: each gets its place, plain words and a `help:` with the fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from explainer.cli import main
from explainer.dataset import load_dataset
from explainer.loading import DataError

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path


def problems_with(tmp_path: Path, changes: dict[str, str]) -> list[tuple[str, str]]:
    data = write_tree(tmp_path, MINIMAL | changes)
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [(str(p), p.help) for p in caught.value.problems]


def check(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """`explainer check data` in `project`, in this process: its exit status and what it printed on stderr."""
    monkeypatch.chdir(project)
    capsys.readouterr()
    status = main(["check", "data"])
    return status, capsys.readouterr().err


def edited(name: str, old: str, new: str) -> dict[str, str]:
    text = minimal(name)
    assert old in text
    return {name: text.replace(old, new)}


CASES = {
    "tab": (
        edited("actors/russia.yaml", "kind: state", "\tkind: state"),
        "data/actors/russia.yaml:2:1: (file): a tab character: indent with spaces",
        "replace the tab with spaces (two per level)",
    ),
    "unquoted colon": (
        edited("sources/s1.yaml", "title: Ukraine fires missiles", "title: Ukraine: fires missiles"),
        "data/sources/s1.yaml:1:15: (file): a colon followed by a space inside a value; put the text in quotes",
        'write title: "Ukraine: fires missiles"',
    ),
    "value starting with @": (
        edited("sources/s1.yaml", "publisher: Example News", "publisher: @ExampleNews"),
        "data/sources/s1.yaml:2:12: (file): a value cannot start with @; put the text in quotes",
        "put the whole text between double quotes",
    ),
    "tab before a list item": (
        edited("weapons/atacms.yaml", "  - value: 300", "\t- value: 300"),
        "data/weapons/atacms.yaml:8:1: (file): a tab character: indent with spaces",
        "replace the tab with spaces (two per level)",
    ),
    "unclosed quote": (
        edited("sources/s1.yaml", "title: Ukraine fires missiles", 'title: "Ukraine fires missiles'),
        "data/sources/s1.yaml:1:8: (file): this quote is never closed",
        'end the text with a " on the same field, or take out the "',
    ),
    "field indented": (
        edited("actors/russia.yaml", "kind: state", "  kind: state"),
        "data/actors/russia.yaml:2:3: (file): this field is indented more than the one above it",
        "start `kind:` at the same column as the field above it",
    ),
    "field of a list item indented more": (
        edited("weapons/atacms.yaml", "    unit: km\n    qualifier", "     unit: km\n    qualifier"),
        "data/weapons/atacms.yaml:9:6: (file): this field is indented more than the one above it",
        "start `unit:` at the same column as the field above it",
    ),
    "field of a list item indented less": (
        edited("weapons/atacms.yaml", "    unit: km\n    qualifier", "   unit: km\n    qualifier"),
        "data/weapons/atacms.yaml:9:4: (file): the indentation does not line up",
        "fields of one record start at the same column; items of a list line up under each other's `-`",
    ),
    "number with a unit": (
        edited("weapons/atacms.yaml", "value: 300", "value: 300 km"),
        "data/weapons/atacms.yaml:8:12: range[0].value: '300 km' is not a number: write the number alone;"
        " the unit goes in `unit:`",
        "write 300 here and the unit as `unit: km`",
    ),
    "not a number": (
        edited("weapons/atacms.yaml", "value: 300", "value: far"),
        "data/weapons/atacms.yaml:8:12: range[0].value: 'far' is not a number",
        "write digits only, with a point for decimals: 300 or 0.5",
    ),
    "yes/no word": (
        {"sources/s1.yaml": minimal("sources/s1.yaml") + "language: no\n"},
        'data/sources/s1.yaml:5:11: language: no is read as a yes/no value, not as text; write "no" in quotes',
        'YAML takes yes, no, on, off, true and false without quotes as yes/no; "no" is text',
    ),
    "id in words": (
        edited("positions/zelensky-strikes.yaml", "actor: zelensky", "actor: Volodymyr_Zelensky"),
        "data/positions/zelensky-strikes.yaml:1:8: actor: 'Volodymyr_Zelensky' does not fit:"
        " an id is lowercase letters, digits and single hyphens",
        "write 'volodymyr-zelensky'",
    ),
    "allowed value": (
        edited("positions/zelensky-strikes.yaml", "stance: supports", "stance: support"),
        "data/positions/zelensky-strikes.yaml:3:9: stance: 'support' is not an allowed value; did you mean 'supports'?",
        "one of: supports, opposes, ambivalent, shifted, unknown",
    ),
    "misspelt id": (
        edited("positions/zelensky-strikes.yaml", "actor: zelensky", "actor: zelenksy"),
        "data/positions/zelensky-strikes.yaml:1:8: actor: unknown actor 'zelenksy':"
        " no file data/actors/zelenksy.yaml; did you mean 'zelensky'?",
        "use the file name (without .yaml) of a record in data/actors/, or add that record",
    ),
    "alias as id": (
        edited("events/2024-11-19-strike.yaml", "weapons: [atacms]", "weapons: [mgm-140]"),
        "data/events/2024-11-19-strike.yaml:5:11: weapons[0]: unknown weapon 'mgm-140':"
        " no file data/weapons/mgm-140.yaml; did you mean 'atacms'? ('mgm-140' is one of its names, not its id)",
        "use the file name (without .yaml) of a record in data/weapons/, or add that record",
    ),
    "swapped digits in a source id": (
        edited("events/2024-11-19-strike.yaml", "sources: [s1]", "sources: [s21]")
        | {
            "sources/s12.yaml": minimal("sources/s1.yaml").replace("/story", "/story-12"),
            "sources/s11.yaml": minimal("sources/s1.yaml").replace("/story", "/story-11"),
        },
        "data/events/2024-11-19-strike.yaml:7:11: sources[0]: unknown source 's21':"
        " no file data/sources/s21.yaml; did you mean 's12'?",
        "use the file name (without .yaml) of a record in data/sources/, or add that record",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_common_mistake_gets_its_message_and_fix(tmp_path: Path, case: str) -> None:
    changes, message, fix = CASES[case]
    assert problems_with(tmp_path, changes) == [(message, fix)]


def test_an_alias_collision_is_reported_on_the_newer_file_with_the_fix(tmp_path: Path) -> None:
    found = problems_with(tmp_path, {"actors/russia.yaml": minimal("actors/russia.yaml") + "aliases: [Zelensky]\n"})
    fix = "keep the name on one record: remove it or make it more specific on the other"
    # Outside git the later id counts as the newer file (in a checkout, the file committed last).
    assert found == [("data/actors/zelensky.yaml:6:11: aliases[0]: 'Zelensky' also names data/actors/russia.yaml", fix)]


def test_check_quotes_the_line_with_a_caret_and_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, MINIMAL | edited("weapons/atacms.yaml", "value: 300", "value: 300 km"))
    status, stderr = check(tmp_path, capsys, monkeypatch)
    assert status == 1
    assert stderr.splitlines()[:4] == [
        "data/weapons/atacms.yaml:8:12: range[0].value: '300 km' is not a number: write the number alone;"
        " the unit goes in `unit:`",
        " 8 |   - value: 300 km",
        "   |            ^",
        "  help: write 300 here and the unit as `unit: km`",
    ]


def test_a_tab_is_shown_in_the_quoted_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, MINIMAL | edited("actors/russia.yaml", "kind: state", "\tkind: state"))
    _status, stderr = check(tmp_path, capsys, monkeypatch)
    assert stderr.splitlines()[1:3] == [" 2 | →kind: state", "   | ^"]


def test_an_event_whose_file_name_date_differs_from_its_date_is_an_error(tmp_path: Path) -> None:
    moved = {k: v for k, v in MINIMAL.items() if k != "events/2024-11-19-strike.yaml"}
    moved["events/2024-11-18-strike.yaml"] = MINIMAL["events/2024-11-19-strike.yaml"]
    data = write_tree(tmp_path, moved)
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert [(str(p), p.help) for p in caught.value.problems] == [
        (
            "data/events/2024-11-18-strike.yaml:1:7: date: the file name says 2024-11-18 but the date is 2024-11-19",
            "rename the file 2024-11-19-strike.yaml, or correct `date:`",
        )
    ]


def test_a_field_indented_into_a_text_block_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = minimal("positions/zelensky-strikes.yaml").replace(
        "summary: Wants the restrictions lifted.\n",
        "summary: >-\n  Wants the restrictions lifted.\n  note: As of November.\n",
    )
    data = write_tree(tmp_path, MINIMAL | {"positions/zelensky-strikes.yaml": text})
    dataset = load_dataset(data)
    assert dataset.positions["zelensky-strikes"].summary == "Wants the restrictions lifted. note: As of November."
    assert [(str(p), p.help) for p in dataset.warnings] == [
        (
            "data/positions/zelensky-strikes.yaml:5:10: summary: the text has 'note: ' in it:"
            " is `note:` a field indented into this text?",
            "start `note:` at the beginning of its line, where the other fields start",
        )
    ]
    status, stderr = check(tmp_path, capsys, monkeypatch)
    assert status == 0
    assert stderr.startswith("warning: data/positions/zelensky-strikes.yaml:5:10: summary:")


def test_a_field_name_in_prose_that_the_record_also_sets_is_no_warning(minimal_data: Path) -> None:
    path = minimal_data / "positions" / "zelensky-strikes.yaml"
    path.write_text(
        path.read_text().replace("summary: Wants the restrictions lifted.", 'summary: "Lifted. His quote: firm."'),
        encoding="utf-8",
    )
    assert load_dataset(minimal_data).warnings == ()
