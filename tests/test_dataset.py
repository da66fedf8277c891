"""The Dataset: references resolved, derived views, and the cross-record rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from explainer.dataset import Citation, load_dataset
from explainer.loading import DataError
from explainer.rules import iter_refs

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path


def test_derived_views_follow_the_references(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    assert [p.id for p in dataset.positions_of("zelensky")] == ["zelensky-strikes"]
    assert [p.id for p in dataset.positions_on("strikes")] == ["zelensky-strikes"]
    assert [p.id for p in dataset.positions_about_weapon("atacms")] == ["zelensky-strikes"]
    assert [e.id for e in dataset.events_of("ukraine")] == ["2024-11-19-strike"]
    assert [e.id for e in dataset.events_with_weapon("atacms")] == ["2024-11-19-strike"]
    assert [e.id for e in dataset.events_at("karachev")] == ["2024-11-19-strike"]
    assert [(w.id, roles) for w, roles in dataset.weapons_of("ukraine")] == [("atacms", ["supplied", "operates"])]
    assert [a.id for a in dataset.members_of("ukraine")] == ["zelensky"]
    assert dataset.position("russia", "strikes") is None


def test_citations_list_every_citing_record(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    assert Citation("weapons", "atacms") in dataset.cited_by("s2")
    assert {c.collection for c in dataset.cited_by("s1")} == {
        "actors",
        "weapons",
        "topics",
        "positions",
        "events",
        "places",
    }


def test_refs_are_found_in_nested_claims(minimal_data: Path) -> None:
    weapon = load_dataset(minimal_data).weapons["atacms"]
    refs = set(iter_refs(weapon))
    assert (("range", 1, "claimed_by"), "actors", "russia") in refs
    assert (("range", 1, "sources", 0), "sources", "s2") in refs
    assert (("suppliers", 0), "actors", "ukraine") in refs


def test_dataset_is_immutable(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    with pytest.raises(TypeError):
        dataset.actors["x"] = dataset.actors["russia"]  # type: ignore[index]
    with pytest.raises(ValueError, match="frozen"):
        dataset.actors["russia"].name = "Other"  # type: ignore[misc]


def test_timeline_is_sorted_by_date_with_partial_dates(tmp_path: Path) -> None:
    extra = {
        "events/2022-12-call.yaml": minimal("events/2024-11-19-strike.yaml").replace(
            "date: 2024-11-19", "date: 2022-12"
        ),
        "events/2023-strike.yaml": minimal("events/2024-11-19-strike.yaml").replace("date: 2024-11-19", "date: '2023'"),
    }
    dataset = load_dataset(write_tree(tmp_path, MINIMAL | extra))
    assert [e.date for e in dataset.timeline()] == ["2022-12", "2023", "2024-11-19"]


def test_two_positions_for_one_actor_and_topic(tmp_path: Path) -> None:
    extra = {"positions/zelensky-strikes-again.yaml": MINIMAL["positions/zelensky-strikes.yaml"]}
    with pytest.raises(DataError) as caught:
        load_dataset(write_tree(tmp_path, MINIMAL | extra))
    assert [str(p) for p in caught.value.problems] == [
        "data/positions/zelensky-strikes.yaml:2:8: topic: 'zelensky' already has a position on 'strikes' in data/positions/zelensky-strikes-again.yaml"
    ]


def test_an_alias_may_name_only_one_record(tmp_path: Path) -> None:
    text = minimal("actors/russia.yaml") + "aliases: [Zelensky]\n"
    with pytest.raises(DataError) as caught:
        load_dataset(write_tree(tmp_path, MINIMAL | {"actors/russia.yaml": text}))
    # Outside git, the later id counts as the newer file, and the collision is reported there.
    assert [str(p) for p in caught.value.problems] == [
        "data/actors/zelensky.yaml:6:11: aliases[0]: 'Zelensky' also names data/actors/russia.yaml",
    ]


def test_syntax_error_in_one_file_does_not_hide_others_or_break_references(tmp_path: Path) -> None:
    changes = {
        "places/karachev.yaml": "name: [\n",
        "actors/russia.yaml": minimal("actors/russia.yaml").replace("kind: state", "kind: empire"),
    }
    with pytest.raises(DataError) as caught:
        load_dataset(write_tree(tmp_path, MINIMAL | changes))
    paths = [p.location.path for p in caught.value.problems]
    assert paths == ["data/actors/russia.yaml", "data/places/karachev.yaml"]


def test_real_data_passes() -> None:
    from .conftest import ROOT

    dataset = load_dataset(ROOT / "data")
    assert len(dataset.actors) >= 14
    assert len(dataset.weapons) >= 8
    assert len(dataset.topics) >= 4
    assert len(dataset.events) >= 15
    missiles = [w for w in dataset.weapons.values() if w.weapon_class.endswith("missile") and w.id != "sm-3"]
    assert len(missiles) >= 5
    assert [w.id for w in missiles if not w.range] == []


def test_real_data_keeps_every_oreshnik_range_claim_and_gives_it_no_rs26_figure() -> None:
    from .conftest import ROOT

    oreshnik = load_dataset(ROOT / "data").weapons["oreshnik"]
    assert len(oreshnik.range) >= 2
    assert all(c.status.value != "assessed" for c in oreshnik.range)
    assert {c.claimed_by for c in oreshnik.range} == {"ukraine", "united-states"}
    assert max(c.high or 0 for c in oreshnik.range) == 5500, "no source gives Oreshnik more than 5,500 km"
    # The RS-26 figures are kept, as estimates for the RS-26 by the outlets that gave them, not by Russia.
    rs26 = next(spec for spec in oreshnik.specs if "RS-26" in spec.name)
    assert sorted(c.value or 0 for c in rs26.claims) == [5800, 6000]
    assert all(c.claimed_by is None and c.attributed_to for c in rs26.claims)


def test_claims_are_found_from_type_annotations_in_any_field() -> None:
    from typing import ClassVar

    from explainer.rules import iter_claims
    from explainer.schema import Claim, Record, Sources

    class Treaty(Record):
        collection: ClassVar[str] = "treaties"
        reach: list[Claim]
        sources: Sources

    claim = {"value": 500, "unit": "km", "status": "assessed", "sources": ["s1"]}
    treaty = Treaty.model_validate({"id": "inf", "reach": [claim, claim], "sources": ["s1"]})
    assert [loc for loc, _ in iter_claims(treaty)] == [("reach", 0), ("reach", 1)]


def test_weapon_claims_include_range_speed_and_specs(minimal_data: Path) -> None:
    from explainer.rules import iter_claims

    weapon = load_dataset(minimal_data).weapons["atacms"]
    roots = {loc[0] for loc, _ in iter_claims(weapon)}
    assert "range" in roots
    assert len(list(iter_claims(weapon))) == len(weapon.range) + len(weapon.speed) + sum(
        len(s.claims) for s in weapon.specs
    )


def test_real_data_keeps_the_audited_corrections() -> None:
    """The errors of the 2026-12-01 audit stay corrected (see data/corrections/2026-12-01-*)."""
    from .conftest import ROOT

    dataset = load_dataset(ROOT / "data")
    inauguration = dataset.events["2024-11-13-redzikowo-inaugurated"]
    assert "rutte" not in inauguration.actors
    assert "Redzikowo" not in dataset.actors["rutte"].summary
    assert "answered" not in dataset.actors["russia"].summary
    for record in (
        dataset.actors["poland"],
        dataset.weapons["aegis-ashore-redzikowo"],
        inauguration,
        dataset.topics["us-commitment-to-europe"],
    ):
        assert "Polish officials call" in record.summary, record.id
    assert "near Słupsk" in dataset.places["redzikowo"].name
    assert dataset.sources["s140"].is_flagged
    assert dataset.sources["s058"].is_flagged
    assert dataset.positions["macron-long-range-strikes"].as_of >= "2024-11"
