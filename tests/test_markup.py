"""Numbered references: runs sorted and collapsed, joined to their word, and the page's list collapsed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from explainer.citations import render_citations
from explainer.dataset import load_dataset
from explainer.markup import References

if TYPE_CHECKING:
    from pathlib import Path

WORD_JOINER = "\u2060"


def references(minimal_data: Path, count: int = 20) -> References:
    """References over `count` sources (`x1` …), all the same source record, on a page at `actors/x/`."""
    source = load_dataset(minimal_data).sources["s1"]
    return References({f"x{n}": source for n in range(1, count + 1)}, "actors/x/", "Read {count} sources")


def shown(run: str) -> str:
    """A run as a reader sees it: `[1–3, 6]`."""
    text = re.sub(r"<[^>]+>", "", run).replace("&#91;", "[").replace("&#93;", "]")
    return text.replace(WORD_JOINER, "").replace(",", ", ")


def test_a_run_of_references_is_sorted_and_collapsed(minimal_data: Path) -> None:
    refs = references(minimal_data)
    refs.cite([f"x{n}" for n in range(1, 20)])  # numbers 1-19 in order of first use
    run = refs.cite(["x1", "x6", "x7", "x18", "x2", "x3", "x17", "x19", "x16"])
    assert shown(run) == "[1–3, 6, 7, 16–19]"


def test_each_number_shown_is_its_own_link_to_its_source(minimal_data: Path) -> None:
    refs = references(minimal_data)
    run = refs.cite(["x3", "x1", "x2", "x1"])
    links = re.findall(r'<a href="\.\./\.\./sources/#(x\d)" class="ref" data-source="\1"[^>]*>(\d)</a>', run)
    assert links == [("x3", "1"), ("x2", "3")], "the ends of a range, each linking to its own source"
    assert shown(run) == "[1–3]", "a source cited twice in a run is shown once"


def test_a_run_is_joined_to_the_word_before_it(minimal_data: Path) -> None:
    refs = references(minimal_data)
    assert refs.cite(["x1"]).startswith(WORD_JOINER + '<sup class="refs">')
    assert refs.cite([]) == ""


def test_hand_written_citations_lose_the_space_before_them(minimal_data: Path) -> None:
    out = render_citations("Sentence one [@s1; @s2] and more.\n", load_dataset(minimal_data), "")
    assert f"Sentence one{WORD_JOINER}<sup" in out


def test_the_list_of_a_pages_sources_is_collapsed_behind_its_count(minimal_data: Path) -> None:
    refs = references(minimal_data)
    refs.cite(["x2", "x1", "x3"])
    section = refs.section()
    assert section.startswith('<details class="references-block" id="references"><summary>Read 3 sources</summary>')
    assert " open" not in section.split(">", 1)[0], "closed until a reader opens it"
    assert re.findall(r'<li value="(\d)" id="ref-(\d)">', section) == [("1", "1"), ("2", "2"), ("3", "3")]
