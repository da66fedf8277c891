"""A small data tree with something for every chart: disputed ranges, a strike from a launch site, bases, capitals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path

EXTRA: dict[str, str] = {
    "weapons/atacms.yaml": minimal("weapons/atacms.yaml").replace(
        "range:\n", "launch_points:\n  - place: sumy\n    illustrative: true\nrange:\n", 1
    ),
    "actors/germany.yaml": """
        name: Germany
        kind: state
        role: NATO member
        role_as_of: 2024-11-18
        summary: A state.
        sources: [s1]
    """,
    "actors/united-kingdom.yaml": """
        name: United Kingdom
        kind: state
        role: NATO member
        role_as_of: 2024-11-18
        summary: A state.
        sources: [s1]
    """,
    "actors/united-states.yaml": """
        name: United States
        kind: state
        role: NATO member
        role_as_of: 2024-11-18
        summary: A state.
        sources: [s1]
    """,
    "actors/scholz.yaml": """
        name: Olaf Scholz
        kind: person
        role: Chancellor of Germany
        role_as_of: 2024-11-18
        affiliation: germany
        summary: The chancellor.
        sources: [s1]
    """,
    "weapons/storm-shadow.yaml": """
        name: Storm Shadow
        class: cruise-missile
        maker: MBDA
        suppliers: [united-kingdom]
        operators: [united-kingdom, ukraine]
        launch_points:
          - place: sumy
            illustrative: true
        range:
          - label: Export version
            value: 250
            unit: km
            status: assessed
            sources: [s1]
          - label: Full-range version
            value: 560
            unit: km
            status: disputed
            sources: [s1]
          - label: Full-range version
            value: 400
            unit: km
            status: disputed
            sources: [s1]
        summary: A cruise missile.
        sources: [s1]
    """,
    "weapons/oreshnik.yaml": """
        name: Oreshnik
        class: intermediate-range-ballistic-missile
        maker: Russia
        operators: [russia]
        range:
          - label: Ukrainian estimate
            value: 5500
            unit: km
            status: claimed
            claimed_by: ukraine
            sources: [s1]
          - label: Class label
            min: 500
            max: 5500
            unit: km
            status: claimed
            claimed_by: united-states
            sources: [s1]
          - label: Another estimate
            value: 6000
            unit: km
            status: claimed
            attributed_to: An analyst
            sources: [s1]
        summary: A missile.
        sources: [s1]
    """,
    "topics/talks.yaml": """
        question: Should leaders talk to Putin?
        short: Talks with Putin
        order: 2
        summary: The question.
        sources: [s1]
    """,
    "positions/scholz-strikes.yaml": """
        actor: scholz
        topic: strikes
        stance: opposes
        as_of: 2024-11-18
        summary: Refuses to send Taurus.
        sources: [s1]
    """,
    "positions/scholz-talks.yaml": """
        actor: scholz
        topic: talks
        stance: supports
        as_of: 2024-11-15
        summary: Called Putin.
        quote: It was important to talk
        sources: [s1]
    """,
    "positions/united-kingdom-strikes.yaml": """
        actor: united-kingdom
        topic: strikes
        stance: shifted
        as_of: 2024-11-20
        summary: Allowed Storm Shadow strikes.
        sources: [s1]
    """,
    "events/2024-11-20-storm-shadow.yaml": """
        date: 2024-11-20
        title: Storm Shadow fired into Russia
        chart_label: Storm Shadow strike
        summary: Missiles were fired at Karachev.
        actors: [ukraine, united-kingdom]
        weapons: [storm-shadow]
        places: [karachev]
        sources: [s1]
    """,
    "events/2024-11-21-oreshnik.yaml": """
        date: 2024-11-21
        title: Russia struck Dnipro with Oreshnik
        chart_label: Oreshnik strike
        summary: A new missile.
        actors: [russia]
        weapons: [oreshnik]
        places: [dnipro, kapustin-yar]
        flights:
          - {weapon: oreshnik, from: kapustin-yar, to: dnipro}
        sources: [s1]
    """,
    "events/2016-05-12-deveselu.yaml": """
        date: 2016-05
        title: A base was declared operational
        summary: Long before the story.
        actors: [united-states]
        places: [redzikowo]
        sources: [s1]
    """,
    "events/2024-11-17-scholz.yaml": """
        date: 2024-11-17
        title: Scholz repeated his refusal
        summary: No Taurus.
        actors: [scholz]
        sources: [s1]
    """,
    "places/sumy.yaml": """
        name: Sumy
        kind: city
        country: ukraine
        latitude: 50.9174
        longitude: 34.7991
        sources: [s1]
    """,
    "places/dnipro.yaml": """
        name: Dnipro
        kind: city
        country: ukraine
        latitude: 48.4666
        longitude: 35.0407
        sources: [s1]
    """,
    "places/kapustin-yar.yaml": """
        name: Kapustin Yar
        kind: test-range
        country: russia
        latitude: 48.584
        longitude: 45.734
        sources: [s1]
    """,
    "places/berlin.yaml": """
        name: Berlin
        kind: capital
        country: germany
        latitude: 52.5244
        longitude: 13.4105
        sources: [s1]
    """,
    "places/washington.yaml": """
        name: Washington, D.C.
        kind: capital
        country: united-states
        latitude: 38.8951
        longitude: -77.0364
        sources: [s1]
    """,
    "places/redzikowo.yaml": """
        name: Redzikowo
        kind: base
        latitude: 54.467
        longitude: 17.033
        sources: [s1]
    """,
}


def write_chart_data(root: Path, changes: dict[str, str] | None = None) -> Path:
    """Write MINIMAL plus `EXTRA` (and any `changes`) under `root/data`; return that folder."""
    return write_tree(root, {**MINIMAL, **EXTRA, **(changes or {})})
