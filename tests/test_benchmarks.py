"""The build-scaling benchmark keeps working: its synthetic data is valid and both of its sites build."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.build_scale import make_plain_project, make_project, plain_config, read_config
from benchmarks.preview import summarise
from benchmarks.synthetic import plan_counts, referenced_ids, write_dataset

from explainer.cli import main as explainer_main

from .conftest import ROOT, run_build

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_synthetic_data_passes_explainer_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = write_dataset(tmp_path / "data", 60, required={"sources": ["s076", "s009b"], "weapons": ["atacms"]})
    assert explainer_main(["check", str(tmp_path / "data")]) == 0
    vocabularies = sum(len(list((tmp_path / "data" / c).glob("*.yaml"))) for c in ("weapon-classes", "place-kinds"))
    assert vocabularies > 0
    assert capsys.readouterr().out.startswith(f"{60 + vocabularies} records OK")
    assert sum(counts.values()) == 60
    assert (tmp_path / "data" / "sources" / "s009b.yaml").is_file()
    assert (tmp_path / "data" / "weapons" / "atacms.yaml").is_file()


def test_ids_named_by_citations_and_chart_fences_are_found() -> None:
    page = "Text.[@s001; @s003b]\n\n```chart\nname: range-map\norigin: kyiv\nweapons: [atacms, taurus]\n```\n"
    docstring = '"""Example.\n\n    ```chart\n    name: weapon-ranges\n    highlight: oreshnik\n    ```\n"""'
    assert referenced_ids([page, docstring]) == {
        "sources": ["s001", "s003b"],
        "places": ["kyiv"],
        "weapons": ["atacms", "oreshnik", "taurus"],
    }


def test_synthetic_data_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    write_dataset(tmp_path / "a", 40, seed=7)
    write_dataset(tmp_path / "b", 40, seed=7)
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.yaml")}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.yaml")}
    assert first == second


def test_record_counts_keep_the_proportions_and_add_up() -> None:
    counts = plan_counts(3000)
    assert sum(counts.values()) == 3000
    assert counts["sources"] > counts["events"] > counts["actors"] > counts["weapons"] > counts["topics"]


def test_plain_config_drops_the_hooks_and_keeps_the_theme() -> None:
    original = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plain = read_config(plain_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    assert "hooks" in original
    assert "hooks" not in plain
    assert plain["theme"] == original["theme"]
    assert len(plain["markdown_extensions"]) == len(original["markdown_extensions"])
    assert plain["plugins"] == original["plugins"]


def test_plain_config_keeps_pymdownx_fences_and_drops_the_projects_own() -> None:
    text = """
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
        - name: chart
          class: chart
          format: !!python/name:explainer.fences.format_chart
"""
    fences = read_config(plain_config(text))["markdown_extensions"][0]["pymdownx.superfences"]["custom_fences"]
    assert [fence["name"] for fence in fences] == ["mermaid"]


def test_both_benchmark_sites_build_the_same_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "hooks", 30)
    plain = make_plain_project(project, tmp_path / "plain")
    hooks_result = run_build(project.root, tmp_path / "hooks-site")
    assert hooks_result.returncode == 0, hooks_result.stderr
    plain_result = run_build(plain.root, tmp_path / "plain-site")
    assert plain_result.returncode == 0, plain_result.stderr
    hooks_pages = sorted(p.relative_to(tmp_path / "hooks-site") for p in (tmp_path / "hooks-site").rglob("*.html"))
    plain_pages = sorted(p.relative_to(tmp_path / "plain-site") for p in (tmp_path / "plain-site").rglob("*.html"))
    assert hooks_pages == plain_pages
    assert len(hooks_pages) > 10


def test_the_preview_summary_gives_the_median_against_its_target() -> None:
    text = summarise([1.0, 2.0, 1.2], [0.9, 1.1, 1.0])
    assert "median 1.20 s, min 1.00 s, max 2.00 s (target median ≤ 1.5 s: met)" in text
    assert "CPU time of the server per edit (rebuild and polling): median 1.00 s" in text
    assert "MISSED" in summarise([1.6, 1.7], [0.0, 0.0])
