"""Cross-record rules on statuses, flagged sources and citations in data text; data text is rendered inert."""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING

import markdown  # type: ignore[import-untyped]
import pytest

from explainer.dataset import load_dataset
from explainer.markup import References, data_text
from explainer.pages import generate_pages
from explainer.rules import count_cited_sentences
from explainer.schema import CITATION, COLLECTIONS, sentences

from .conftest import MINIMAL, ROOT, make_site_copy, minimal, run_build, write_tree
from .test_loading import problems_for

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

# The first ATACMS claim (assessed, 300 km) with a second claim on the same quantity.
_SECOND_CLAIM = """\
  - value: 280
    unit: km
    status: {status}
    sources: [s1]
summary: A missile."""


def _with_second_claim(status: str, first_status: str = "assessed") -> str:
    text = minimal("weapons/atacms.yaml").replace("summary: A missile.", _SECOND_CLAIM.format(status=status))
    return text.replace("status: assessed", f"status: {first_status}", 1)


def test_an_assessed_figure_may_not_sit_beside_a_disagreeing_claim(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"weapons/atacms.yaml": _with_second_claim("disputed")})
    assert found == [
        "data/weapons/atacms.yaml:11:13: range[0].status: an assessed figure may not sit beside a claim that "
        "disagrees with it (range[2]): mark both disputed, or give them different labels if they measure "
        "different things"
    ]


def test_claims_on_one_quantity_that_disagree_may_both_be_disputed(tmp_path: Path) -> None:
    data = write_tree(tmp_path, MINIMAL | {"weapons/atacms.yaml": _with_second_claim("disputed", "disputed")})
    assert len(load_dataset(data).weapons["atacms"].range) == 3


def test_a_differently_labelled_claim_is_another_quantity(tmp_path: Path) -> None:
    text = _with_second_claim("assessed").replace("  - value: 280\n", "  - value: 280\n    label: Export version\n")
    data = write_tree(tmp_path, MINIMAL | {"weapons/atacms.yaml": text})
    assert load_dataset(data).weapons["atacms"].range[2].label == "Export version"


def test_a_disputed_figure_needs_a_second_claim(tmp_path: Path) -> None:
    text = minimal("weapons/atacms.yaml").replace("status: assessed", "status: disputed", 1)
    found = problems_for(tmp_path, {"weapons/atacms.yaml": text})
    assert found == [
        "data/weapons/atacms.yaml:11:13: range[0].status: a disputed figure needs at least two claims on the "
        "same quantity (same label and unit): add the claim it disagrees with, or mark it assessed or claimed"
    ]


_EARLIER = "earlier:\n  - stance: opposes\n    as_of: 2024-06\n    summary: Was against.\n    sources: [s2]\n"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda text: text.replace("sources: [s1]", "sources: [s2]"),
            "data/positions/zelensky-strikes.yaml:8:10: sources: needs at least one source without reliability flags",
        ),
        (
            lambda text: text + _EARLIER,
            "data/positions/zelensky-strikes.yaml:13:14: earlier[0].sources: an earlier stance needs at least one "
            "source without reliability flags",
        ),
    ],
    ids=["position", "earlier-stance"],
)
def test_a_stance_backed_only_by_flagged_sources_is_refused(
    tmp_path: Path, change: Callable[[str], str], expected: str
) -> None:
    text = change(minimal("positions/zelensky-strikes.yaml"))
    assert problems_for(tmp_path, {"positions/zelensky-strikes.yaml": text}) == [expected]


def test_a_citation_in_text_names_a_known_source_the_record_lists(tmp_path: Path) -> None:
    text = minimal("actors/ukraine.yaml").replace("summary: A state.", "summary: A state.[@s2] At war.[@nope]")
    found = problems_for(tmp_path, {"actors/ukraine.yaml": text})
    assert found == [
        "data/actors/ukraine.yaml:5:10: summary: cites 's2', which is not in this record's `sources`: add it there",
        "data/actors/ukraine.yaml:5:10: summary: cites unknown source 'nope': no file data/sources/nope.yaml",
        "data/actors/ukraine.yaml:6:11: sources[0]: 's1' is listed in `sources` but no sentence or figure of this record cites it",
    ]


def test_sentences_cite_their_own_sources_in_the_page_numbering(tmp_path: Path) -> None:
    text = (
        minimal("actors/zelensky.yaml")
        .replace("summary: The president.", "summary: The president.[@s2] Elected in 2019.[@s1]")
        .replace("sources: [s1]", "sources: [s1, s2]")
    )
    pages = {
        p.src_uri: p
        for p in generate_pages(load_dataset(write_tree(tmp_path, MINIMAL | {"actors/zelensky.yaml": text})))
    }
    content = pages["actors/zelensky.md"].content
    summary = next(line for line in content.split("\n\n") if "The president." in line)
    # The role line cites first (s1 is [1]); the summary's sentences reuse that numbering.
    assert re.findall(
        r"The president\.\u2060<sup.*?>\[<a.*?>(\d)</a>\]</sup> Elected in 2019\.\u2060<sup.*?>\[<a.*?>(\d)</a>",
        summary,
    ) == [("2", "1")]
    assert "[@" not in content


def test_text_that_cites_nothing_cites_its_record_sources_at_its_end() -> None:
    assert (
        data_text("One. Two.", lambda ids: f"<sup>{','.join(ids)}</sup>", ["a", "b"])
        == "<p>One. Two.<sup>a,b</sup></p>"
    )


HOSTILE_BLOCKS = '# h\n\n- x\n\n| a | b |\n|---|---|\n\n```chart\nname: range-map\n```\n\n<div id="__config">{}</div>'


def test_data_text_is_inert_to_markdown() -> None:
    html = data_text(HOSTILE_BLOCKS, lambda ids: "")
    assert html.count("<p>") == 5
    assert "\n" not in html, "one line, so no line of it can start a Markdown block"
    for forbidden in ("<h1", "<li", "<table", "<div", "```", "|", "# h"):
        assert forbidden not in html
    extensions = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.superfences"]
    rendered = markdown.Markdown(extensions=extensions).convert(f"Before.\n\n{html}\n\nAfter.")
    for forbidden in ("<h1", "<li", "<table", "<pre", "<code", '<div id="__config"'):
        assert forbidden not in rendered


@pytest.mark.slow
def test_data_text_makes_no_block_in_the_built_site(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "actors" / "zelensky.yaml"
    text = path.read_text(encoding="utf-8")
    cite = "[" + "; ".join(f"@{i}" for i in re.findall(r"(?m)^  - (s\w+)$", text)) + "]"  # it cites per sentence
    blocks = HOSTILE_BLOCKS + cite
    block = "summary: |-\n" + "".join(f"  {line}\n" if line else "\n" for line in blocks.split("\n"))
    path.write_text(
        re.sub(r"(?m)^summary: .*(\n  .*)*\n", block.replace("\\", "\\\\"), text, count=1), encoding="utf-8"
    )
    project = make_site_copy(tmp_path / "project", data)
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "actors" / "zelensky" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert article.count("<h1") == 1, "only the page's own heading"
    assert "<table" not in article.split('class="infobox"')[1].split("## Positions")[0].split("<h2")[0]
    assert '<div id="__config"' not in article
    assert html.count('id="__config"') == 1, "only Material's own configuration"
    assert "&#35; h" in article
    assert "<li>x</li>" not in article
    assert 'class="chart' not in article.split('class="infobox"')[1].split("<h2")[0]


def test_references_number_data_text_and_the_rest_of_a_page_alike(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    refs = References(dataset.sources, "actors/x/")
    first = refs.cite(["s2"])
    text = data_text("A.[@s1] B.[@s2]", refs.cite)
    assert re.findall(r">(\d)</a>", first) == ["1"]
    assert re.findall(r">(\d)</a>", text) == ["2", "1"]


def test_sentences_keep_the_citations_written_after_them() -> None:
    text = "Fired on 19 November.[@s1] It was 'new'.[@s1; @s2] Since 2022 (computed), it says? Yes"
    assert sentences(text) == [
        "Fired on 19 November.[@s1]",
        "It was 'new'.[@s1; @s2]",
        "Since 2022 (computed), it says?",
        "Yes",
    ]


def test_a_sentence_with_a_figure_cites_a_source_unless_it_says_it_is_computed(tmp_path: Path) -> None:
    summary = "summary: A state.[@s1] At war since 2022. About 226 km (computed from the points). Its RS-26 flew."
    text = minimal("actors/ukraine.yaml").replace("summary: A state.", summary)
    assert problems_for(tmp_path, {"actors/ukraine.yaml": text}) == [
        "data/actors/ukraine.yaml:5:10: summary: a sentence with a figure or a date cites no source: 'At war since 2022.'"
    ]


def test_a_listed_source_no_sentence_cites_is_refused(tmp_path: Path) -> None:
    text = minimal("actors/ukraine.yaml").replace("summary: A state.", "summary: A state.[@s1]")
    text = text.replace("sources: [s1]", "sources: [s1, s2]")
    assert problems_for(tmp_path, {"actors/ukraine.yaml": text}) == [
        "data/actors/ukraine.yaml:6:15: sources[1]: 's2' is listed in `sources` but no sentence or figure of this record cites it"
    ]


def test_a_figure_claimed_by_an_actor_rests_on_that_actors_statement(tmp_path: Path) -> None:
    weapon = minimal("weapons/atacms.yaml").replace("summary: A missile.", "summary: A missile.[@s1]")
    weapon = weapon[: weapon.rindex("sources:")] + "sources: [s1, s2]\n"
    assert problems_for(tmp_path, {"weapons/atacms.yaml": weapon}) == [
        "data/weapons/atacms.yaml:17:17: range[1].claimed_by: claimed by 'russia', but none of its sources carries "
        "that actor's own statement (`statement_by` in the source)"
    ]
    speaker = minimal("sources/s2.yaml") + "statement_by: [russia]\n"
    data = write_tree(tmp_path / "ok", {**MINIMAL, "weapons/atacms.yaml": weapon, "sources/s2.yaml": speaker})
    assert load_dataset(data).count() > 0


def test_two_sources_with_one_address_are_refused(tmp_path: Path) -> None:
    copy = minimal("sources/s1.yaml").replace(
        "https://news.example.org/story", "http://www.news.example.org/story/#top"
    )
    assert problems_for(tmp_path, {"sources/s3.yaml": copy}) == [
        "data/sources/s3.yaml:3:6: url: the same page as 's1' (http://www.news.example.org/story/#top)"
    ]


def test_every_factual_record_of_the_site_cites_sentence_by_sentence() -> None:
    dataset = load_dataset(ROOT / "data")
    plain = [
        f"{collection}/{record_id}"
        for collection in COLLECTIONS
        for record_id, record in dataset.collection(collection).items()
        if record.factual and not any(CITATION.search(str(value)) for value in record.model_dump().values())
    ]
    assert plain == [], "these records cite only as a whole: write [@id] after the sentences"


def test_the_count_of_cited_sentences_uses_the_rules_sentences(minimal_data: Path) -> None:
    dataset = load_dataset(minimal_data)
    text = minimal("actors/ukraine.yaml").replace(
        "summary: A state.", "summary: A state.[@s1] At war. Since 2022.[@s1]"
    )
    data = write_tree(minimal_data.parent / "counted", {**MINIMAL, "actors/ukraine.yaml": text})
    counts = count_cited_sentences({c: load_dataset(data).collection(c) for c in COLLECTIONS})
    before = count_cited_sentences({c: dataset.collection(c) for c in COLLECTIONS})
    assert counts["actors"] == (before["actors"][0] + 2, before["actors"][1] + 2)
