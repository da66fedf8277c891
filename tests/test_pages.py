"""Generated page Markdown: structure, numbered references, escaping of untrusted text."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import markdown  # type: ignore[import-untyped]
import pytest
from benchmarks.synthetic import write_dataset

from explainer.citations import CitationError, render_citations
from explainer.dataset import load_dataset
from explainer.markup import restore_html, stash_html
from explainer.pages import generate_pages
from explainer.wording import DEFAULT_TEXTS

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path

    from explainer.pages import GeneratedPage


def pages_of(data: Path) -> dict[str, GeneratedPage]:
    return {page.src_uri: page for page in generate_pages(load_dataset(data))}


def test_every_page_of_the_url_scheme_is_generated(minimal_data: Path) -> None:
    pages = pages_of(minimal_data)
    assert sorted(pages) == [
        "actors/index.md",
        "actors/russia.md",
        "actors/ukraine.md",
        "actors/zelensky.md",
        "corrections/index.md",
        "glossary/index.md",
        "map/index.md",
        "positions/index.md",
        "sources/index.md",
        "timeline/index.md",
        "weapons/atacms.md",
        "weapons/index.md",
    ]
    assert pages["weapons/atacms.md"].url == "weapons/atacms/"
    assert pages["weapons/atacms.md"].edit_path == "data/weapons/atacms.yaml"


def test_weapon_page_lists_every_claim_with_status_and_source(minimal_data: Path) -> None:
    content = pages_of(minimal_data)["weapons/atacms.md"].content
    assert "up to 300 km" in content
    assert "≈150–170 km" in content
    assert ">assessed<" in content
    assert ">claimed by Russia<" in content
    assert content.count('href="../../sources/#s2"') >= 1
    assert f"## {DEFAULT_TEXTS['weapon.positions']}" in content
    assert "Missiles will speak for themselves" in content


def test_references_are_numbered_in_order_of_first_use(minimal_data: Path) -> None:
    content = pages_of(minimal_data)["weapons/atacms.md"].content
    numbers = re.findall(r'data-source="(s\d)"[^>]*>(\d+)</a>', content)
    assert numbers[0] == ("s1", "1")
    assert ("s2", "2") in numbers
    assert '<li value="1" id="ref-1"><cite>Ukraine fires missiles</cite>' in content


def test_positions_matrix_links_each_cell_to_its_statement(minimal_data: Path) -> None:
    content = pages_of(minimal_data)["positions/index.md"].content
    assert '<a href="#zelensky-strikes" class="cell-link">' in content
    assert '<div class="position" id="zelensky-strikes">' in content
    assert "Supports</span>" in content


def test_timeline_groups_events_by_month(minimal_data: Path) -> None:
    content = pages_of(minimal_data)["timeline/index.md"].content
    assert "## November 2024 {: #month-2024-11 }" in content
    assert '<article class="event" id="2024-11-19-strike">' in content


def test_sources_page_lists_what_cites_each_source(minimal_data: Path) -> None:
    content = pages_of(minimal_data)["sources/index.md"].content
    entry = content.split('<li id="s2"', 1)[1].split("</li>", 1)[0]
    assert 'href="../weapons/atacms/"' in entry
    assert "state-media" in entry


HOSTILE = "<script>window.__pwned=1</script><img src=x onerror=alert(1)>\"' onmouseover=alert(2) *em* [x](javascript:alert(3))"


def test_untrusted_text_is_escaped_everywhere(tmp_path: Path) -> None:
    files = dict(MINIMAL)
    files["actors/zelensky.yaml"] = minimal("actors/zelensky.yaml").replace(
        "The president.", f"'{HOSTILE.replace(chr(39), chr(39) * 2)}'"
    )
    files["weapons/atacms.yaml"] = minimal("weapons/atacms.yaml").replace(
        "maker: Lockheed Martin", "maker: '<b>x</b>\" data-x=\"1'"
    )
    files["topics/strikes.yaml"] = minimal("topics/strikes.yaml").replace(
        "short: Long-range strikes", "short: '<i>s</i>'"
    )
    pages = pages_of(write_tree(tmp_path, files))
    for page in pages.values():
        assert "<script" not in page.content
        assert "<img" not in page.content
        assert "<b>x</b>" not in page.content
        assert "<i>s</i>" not in page.content
        assert '" data-x="1' not in page.content
    assert "&lt;script&gt;window.&#95;&#95;pwned&#61;1&lt;/script&gt;" in pages["actors/zelensky.md"].content


def test_untrusted_heading_text_cannot_inject_markdown(tmp_path: Path) -> None:
    files = dict(MINIMAL)
    files["actors/russia.yaml"] = minimal("actors/russia.yaml").replace(
        "name: Russia", "name: 'Russia {: onclick=alert(1) } [x](javascript:y)'"
    )
    content = pages_of(write_tree(tmp_path, files))["actors/russia.md"].content
    assert content.splitlines()[0] == r"# Russia \{: onclick=alert\(1\) \} \[x\]\(javascript:y\)"


def test_citations_in_hand_written_pages(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    out = render_citations("Text.[@s1; @s2]\n\n```\n[@nope]\n```\n", dataset, "")
    assert '<a href="sources/#s1" class="ref"' in out
    assert "[@nope]" in out
    assert out.rstrip().endswith("</ol></details>")
    with pytest.raises(CitationError, match="unknown source id"):
        render_citations("Text [@missing].", dataset, "")


def test_an_unknown_citation_names_its_line_and_the_closest_id(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    with pytest.raises(CitationError) as caught:
        render_citations("Text.\n\nMore [@s11; @s1] and [@s1].\n", dataset, "", first_line=5)
    assert caught.value.report("docs/page.md") == (
        "docs/page.md:7: [@s11]: unknown source id 's11': no file data/sources/s11.yaml; did you mean 's1'?"
    )


def _ranged_weapon(reach_km: int) -> str:
    return (
        minimal("weapons/atacms.yaml")
        .replace("ATACMS", f"Missile {reach_km}")
        .replace("[MGM-140]", f"[M-{reach_km}]")
        .replace("value: 300", f"value: {reach_km}")
    )


def _chart_fence(page: GeneratedPage) -> str:
    match = re.search(r"```chart\n(.*?)\n```", page.content, re.S)
    assert match is not None
    return match.group(1)


def test_a_weapon_page_charts_every_weapon_while_there_are_few(minimal_data: Path) -> None:
    fence = _chart_fence(pages_of(minimal_data)["weapons/atacms.md"])
    assert fence == 'name: weapon-ranges\nhighlight: "atacms"'


def test_a_weapon_page_charts_only_the_weapons_nearest_in_range_when_there_are_many(tmp_path: Path) -> None:
    reaches = [100 * 2**i for i in range(13)]  # 100 km to 409,600 km, each twice the last
    files = {**MINIMAL, **{f"weapons/m{r}.yaml": _ranged_weapon(r) for r in reaches}}
    fence = _chart_fence(pages_of(write_tree(tmp_path, files))["weapons/m6400.md"])
    charted = re.search(r"^weapons: (.*)$", fence, re.M)
    assert charted is not None
    # Itself, then by distance on a log scale: ×2, ×4, ×8, ×16, atacms (up to 300 km, ×21), ×32.
    nearest = ["m6400", "m3200", "m12800", "m1600", "m25600", "m800", "m51200", "m400", "m102400", "atacms"]
    assert json.loads(charted.group(1)) == sorted([*nearest, "m200", "m204800"])


def test_raw_html_passed_around_markdown_renders_every_generated_page_the_same(tmp_path: Path) -> None:
    extensions = ["abbr", "attr_list", "md_in_html", "tables", "footnotes", "admonition", "toc"]
    extensions += ["pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]
    write_dataset(tmp_path / "data", 200)
    pages = generate_pages(load_dataset(tmp_path / "data"))
    stashed = 0
    for page in pages:
        expected = markdown.Markdown(extensions=extensions).convert(page.content)
        text, blocks = stash_html(page.content)
        assert restore_html(markdown.Markdown(extensions=extensions).convert(text), blocks) == expected, page.src_uri
        stashed += len(blocks)
    assert stashed > len(pages)


def test_citation_syntax_in_a_code_span_is_shown_not_cited(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    out = render_citations("Write `[@s1]` after a sentence. A fact.[@s1]\n", dataset, "article/")
    assert "`[@s1]`" in out
    assert out.count('class="ref"') == 1


def test_sources_read_as_what_they_are(tmp_path: Path) -> None:
    copy = minimal("sources/s1.yaml") + "original_publisher: AP\ntitle_reconstructed: true\n"
    pages = pages_of(write_tree(tmp_path, MINIMAL | {"sources/s1.yaml": copy}))
    bibliography = pages["sources/index.md"].content
    assert "AP, via news.example.org" in bibliography, "the original outlet first, then the copy read"
    assert 'id="s1"' in bibliography, "ids stay as anchors"
    assert "<code>s1</code>" not in bibliography, "but are not shown"
    assert "[title reconstructed]" not in bibliography
    assert 'class="reconstructed"' in bibliography
    assert 'data-publisher="AP, via news.example.org"' in pages["actors/zelensky.md"].content


def test_a_maker_cites_the_sources_that_name_it(tmp_path: Path) -> None:
    atacms = minimal("weapons/atacms.yaml").replace(
        "maker: Lockheed Martin\n", "maker: Lockheed Martin\nmaker_sources: [s2]\n"
    )
    content = pages_of(write_tree(tmp_path, MINIMAL | {"weapons/atacms.yaml": atacms}))["weapons/index.md"].content
    cell = re.search(r"<td data-label=\"Maker\">Lockheed Martin(.*?)</td>", content)
    assert cell is not None
    assert re.findall(r'data-source="([^"]+)"', cell.group(1)) == ["s2"]


def test_a_weapons_spec_table_is_two_columns_with_each_figure_before_its_status(minimal_data: Path) -> None:
    content = pages_of(minimal_data)["weapons/atacms.md"].content
    specs = content.split('<table class="data specs">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="col">([^<]*)</th>', specs) == ["Property", "Figure and status"]
    for row in re.findall(r"<tr>(.*?)</tr>", specs.split("<tbody>", 1)[1]):
        assert row.count("<td") == 1, row
    claim = re.search(r'<td class="claim-cell"><span class="figure">([^<]+)</span> <span class="status', specs)
    assert claim is not None, "the figure, then its status, in one cell"
    assert '<th scope="row">Sources</th><td>\u2060<sup class="refs">' in specs, "the record's sources, in a row"


def test_index_tables_read_as_cards_on_phones_with_their_sources_merged(minimal_data: Path) -> None:
    pages = pages_of(minimal_data)
    weapons = pages["weapons/index.md"].content.split('<table class="data weapons cards">', 1)[1]
    assert re.findall(r'<th scope="col">([^<]*)</th>', weapons.split("</thead>")[0]) == [
        "Weapon",
        "Range claims",
        "Maker",
        "Operators",
    ]
    places = pages["map/index.md"].content.split('<table class="data places cards">', 1)[1].split("</table>")[0]
    assert "Sources" not in places.split("</thead>")[0], "a place's references sit beside its name"
    assert re.search(r'<th scope="row" id="[^"]+">[^<]+\u2060<sup class="refs">', places)
    assert re.search(r'<td class="figure" data-label="Coordinates">', places)


def infobox_of(content: str) -> str:
    """The at-a-glance box of a generated page."""
    return content.split('<div class="infobox">', 1)[1].split("</div>", 1)[0]


def test_an_actor_page_opens_with_an_infobox_and_keeps_aliases_at_its_foot(minimal_data: Path) -> None:
    content = pages_of(minimal_data)["actors/zelensky.md"].content
    box = infobox_of(content)
    assert re.findall(r"<dt>([^<]+)</dt>", box) == ["Role", "Country", "Key stance"], "no events, no key dates"
    assert "President of Ukraine (as of 19 November 2024)\u2060<sup" in box
    assert 'href="../../positions/#zelensky-strikes">Long-range strikes</a>\u2060<sup class="refs">' in box
    assert "Supports" in box
    assert "Also called" not in content.split("## Positions")[0], "the aliases are out of the reader's way"
    assert '<p class="aliases">Also called: Zelensky</p>' in content


def test_a_states_page_shows_the_stances_of_its_people(minimal_data: Path) -> None:
    content = pages_of(minimal_data)["actors/ukraine.md"].content
    assert "Wants the restrictions lifted." in content
    assert '<th scope="col">Actor and topic</th>' in content
    box = infobox_of(content)
    assert "Volodymyr Zelensky</a>: " in box, "its key stance says whose it is"
    assert '<dt>Key dates</dt><dd><time datetime="2024-11-19">19 November 2024</time>: <a href=' in box


def test_a_weapon_page_shows_class_maker_and_range_claims_at_a_glance(tmp_path: Path) -> None:
    atacms = minimal("weapons/atacms.yaml").replace(
        "maker: Lockheed Martin\n", "maker: Lockheed Martin\nmaker_sources: [s2]\n"
    )
    content = pages_of(write_tree(tmp_path, MINIMAL | {"weapons/atacms.yaml": atacms}))["weapons/atacms.md"].content
    box = infobox_of(content)
    assert re.findall(r"<dt>([^<]+)</dt>", box) == ["Class", "Maker", "Range"]
    maker = box.split("<dt>Maker</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert re.findall(r'data-source="([^"]+)"', maker) == ["s2"]
    rng = box.split("<dt>Range</dt><dd>", 1)[1]
    assert rng.count('class="claim"') == 2
    assert ">assessed<" in rng
    assert ">claimed by Russia<" in rng


def test_people_are_listed_by_surname(tmp_path: Path) -> None:
    extra = (
        minimal("actors/zelensky.yaml")
        .replace("Volodymyr Zelensky", "Andrzej Duda")
        .replace("aliases: [Zelensky]\n", "")
    )
    content = pages_of(write_tree(tmp_path, MINIMAL | {"actors/duda.yaml": extra}))["actors/index.md"].content
    people = content.split("## People", 1)[1].split("## ", 1)[0]
    assert people.index("Andrzej Duda") < people.index("Volodymyr Zelensky")
    other = (
        minimal("actors/zelensky.yaml")
        .replace("Volodymyr Zelensky", "Zbigniew Adamczyk")
        .replace("aliases: [Zelensky]\n", "")
    )
    content = pages_of(write_tree(tmp_path / "b", MINIMAL | {"actors/adamczyk.yaml": other}))["actors/index.md"].content
    people = content.split("## People", 1)[1].split("## ", 1)[0]
    assert people.index("Zbigniew Adamczyk") < people.index("Volodymyr Zelensky"), "by surname, not by first name"


def test_the_bibliography_is_grouped_by_original_outlet_with_a_finder(tmp_path: Path) -> None:
    copy = minimal("sources/s1.yaml").replace("publisher: Example News", "publisher: State Wire Mirror")
    copy += "original_publisher: State Wire\n"
    content = pages_of(write_tree(tmp_path, MINIMAL | {"sources/s1.yaml": copy}))["sources/index.md"].content
    groups = re.findall(r'<h2 id="outlet-\d+">([^<]+) <span class="count">\((\d+)\)</span></h2>', content)
    assert groups == [("State Wire", "2")], "a copy is filed under the outlet that first published it"
    assert content.count('data-outlet="State Wire"') == 2
    finder = content.split('<form class="source-finder"', 1)[1].split("</form>", 1)[0]
    assert " hidden>" in finder.split("<label>", 1)[0], "hidden until the script makes it work"
    assert '<input type="search" name="q"' in finder
    assert re.findall(r'<option value="([^"]*)">', finder) == ["", "State Wire", "", "state-media"]
    assert ">s1<" not in content, "no internal ids shown"
    assert ">s2<" not in content
