"""A second, unrelated explainer builds right with the engine as it is.

The fixture in `tests/explainers/falklands/` is another story (another decade, another
continent, other weapons, its own vocabularies): only its `mkdocs.yml`, `docs/` and
`data/` are its own; the hooks, overrides and assets are the project's, untouched.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest

from explainer.dataset import load_dataset
from explainer.pages import PAGE_TYPES

from .conftest import ROOT, make_second_explainer, run_build
from .htmltree import main_content, parse

if TYPE_CHECKING:
    from pathlib import Path

FIXTURE = ROOT / "tests" / "explainers" / "falklands"

FIRST_STORY = (
    "Ukrain",
    "Russia",
    "Putin",
    "Biden",
    "Trump",
    "Scholz",
    "Oreshnik",
    "ATACMS",
    "Taurus",
    "Storm Shadow",
    "Kyiv",
    "Redzikowo",
    "NATO",
    "Western",
    "2024",
    "2025",
)
"""Words of this site's own story, none of which the second explainer's pages may carry."""


@pytest.fixture(scope="module")
def second_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second explainer, built strictly with the project's hooks, overrides and assets."""
    root = tmp_path_factory.mktemp("second")
    project = make_second_explainer(root / "project")
    site = root / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _csv(site: Path, pattern: str) -> list[dict[str, str]]:
    files = sorted((site / "charts").glob(pattern))
    assert files, f"no chart download {pattern}"
    return list(csv.DictReader(io.StringIO(files[0].read_text(encoding="utf-8"))))


def test_every_generated_page_of_the_second_story_is_built(second_site: Path) -> None:
    dataset = load_dataset(FIXTURE / "data")
    urls = [url for page_type in PAGE_TYPES for url in page_type.urls(dataset)]
    assert len(urls) >= 12
    missing = [url for url in urls if not (second_site / url / "index.html").is_file()]
    assert missing == []


def test_no_word_of_the_first_story_reaches_the_second(second_site: Path) -> None:
    found = []
    for path in sorted(second_site.rglob("*.html")):
        text = main_content(path.read_text(encoding="utf-8")).text()
        found += [f"{path.relative_to(second_site)}: {w}" for w in FIRST_STORY if w in text]
    index = json.loads((second_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        found += [f"search {doc['location']}: {w}" for w in FIRST_STORY if w in doc["title"] + doc["text"]]
    for path in sorted(p for p in (second_site / "charts").iterdir() if p.suffix != ".png"):  # SVG is text
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {w}" for w in FIRST_STORY if w in text]
    assert found == []


def test_the_map_draws_what_the_data_states_and_nothing_else(second_site: Path) -> None:
    rows = _csv(second_site, "chart-home-*-range-map.csv")
    layers = {(r["layer"], r["name"]) for r in rows}
    rings = [r for r in rows if r["layer"] == "Range ring"]
    assert [(r["name"], r["from"]) for r in rings] == [("Exocet MM38", "Stanley")]
    flights = [r for r in rows if r["layer"] == "Flight"]
    assert len(flights) == 1, "the one flight an event states"
    assert flights[0]["from"] == "Ascension Island"
    assert not any(what == "Avro Vulcan" for layer, what in layers if layer == "Range ring"), "bombers get no ring"


def test_the_story_s_own_vocabularies_label_its_pages(second_site: Path) -> None:
    weapons = main_content(_page(second_site, "weapons")).text()
    assert "Anti-ship missile" in weapons
    assert "Bomber" in weapons
    places = main_content(_page(second_site, "map")).text()
    assert "Airfield" in places
    assert "Settlement" in places


def test_places_sort_as_readers_expect(second_site: Path) -> None:
    content = main_content(_page(second_site, "map"))
    rows = [n for n in content.iter() if n.tag == "th" and n.attrs.get("scope") == "row" and n.attrs.get("id")]
    assert [n.attrs["id"] for n in rows] == ["ascension", "buenos-aires", "rio-gallegos", "stanley"]


def test_every_chart_has_a_description_and_the_empty_feed_a_real_date(second_site: Path) -> None:
    page = parse(_page(second_site, ""))
    figures = [n for n in page.iter() if n.tag == "figure" and "chart" in n.classes]
    assert len(figures) == 2
    descriptions = [n.text().strip() for n in page.iter() if "chart__description" in n.classes]
    assert len(descriptions) == 2
    assert all(len(d) > 20 for d in descriptions)
    feed = (second_site / "corrections" / "feed.xml").read_text(encoding="utf-8")
    assert "<entry>" not in feed
    assert "1970" not in feed
