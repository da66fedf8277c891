"""Dates, figures, claims and relative URLs as readers see them."""

from __future__ import annotations

import pytest

from explainer.formatting import format_claim, format_date, format_figure, format_number, md_escape, sentence_case
from explainer.schema import Claim
from explainer.urls import relative_url


@pytest.mark.parametrize(
    ("value", "shown"), [("2024-11-19", "19 November 2024"), ("2022-12", "December 2022"), ("2024", "2024")]
)
def test_dates_read_as_words(value: str, shown: str) -> None:
    assert format_date(value) == shown


@pytest.mark.parametrize(("value", "shown"), [(5500.0, "5,500"), (2.5, "2.5"), (0.8, "0.8"), (300, "300")])
def test_numbers_keep_meaningful_digits(value: float, shown: str) -> None:
    assert format_number(value) == shown


def claim(**fields: object) -> Claim:
    return Claim.model_validate({"status": "assessed", "sources": ["s1"], **fields})


def test_figures_show_qualifier_and_unit() -> None:
    assert format_figure(claim(value=300, unit="km", qualifier="up-to")) == "up to 300 km"
    assert format_figure(claim(min=500, max=5500, unit="km")) == "≈500–5,500 km"
    assert format_figure(claim(value=10, unit="mach", qualifier="exactly")) == "Mach 10"
    assert format_figure(claim(text="SM-3 Block IIA")) == "SM-3 Block IIA"


def test_claim_names_its_claimant() -> None:
    text = format_claim(
        claim(value=5500, unit="km", status="claimed", claimed_by="ukraine", label="Ukrainian estimate")
    )
    assert text == "≈5,500 km (Ukrainian estimate), claimed by ukraine"


@pytest.mark.parametrize(
    ("src", "dest", "href"),
    [
        ("actors/biden/", "sources/#s001", "../../sources/#s001"),
        ("", "sources/", "sources/"),
        ("actors/", "actors/biden/", "biden/"),
        ("actors/biden/", "", "../../"),
        ("sources/", "sources/#a", "./#a"),
        ("timeline/", "#x", "#x"),
    ],
)
def test_relative_urls_work_under_any_prefix(src: str, dest: str, href: str) -> None:
    assert relative_url(src, dest) == href


def test_markdown_escape_neutralises_markup() -> None:
    assert md_escape("<b>*x*</b> [a](b) {: #id }") == r"&lt;b&gt;\*x\*&lt;/b&gt; \[a\]\(b\) \{: \#id \}"


def test_a_status_begins_a_line_without_lower_casing_the_names_in_it() -> None:
    assert sentence_case("claimed by United States") == "Claimed by United States"
    assert sentence_case("claimed by BelTA (Belarusian state media)") == "Claimed by BelTA (Belarusian state media)"
    assert sentence_case("") == ""


def test_names_sort_with_accented_letters_beside_plain_ones() -> None:
    from explainer.formatting import sort_key

    assert sorted(["Zagreb", "Évora", "Essen", "ändern", "Bonn"], key=sort_key) == [
        "ändern",
        "Bonn",
        "Essen",
        "Évora",
        "Zagreb",
    ]
