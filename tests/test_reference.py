"""The reference pages (mkdocstrings) and the contributor guide, in the real built site."""

from __future__ import annotations

import importlib
import inspect
import re
from enum import Enum
from typing import TYPE_CHECKING

import pytest
import yaml
from pydantic import BaseModel

from explainer import schema
from explainer.charts import CHARTS
from explainer.schema import COLLECTIONS

from .conftest import ROOT
from .htmltree import main_content

if TYPE_CHECKING:
    from pathlib import Path

    from .htmltree import Node

ENGINE = ROOT / "hooks" / "explainer"
ENGINE_MODULES = sorted(
    p.stem
    for p in (ROOT / "hooks" / "explainer").iterdir()
    if (p.suffix == ".py" or (p / "__init__.py").is_file())
    and p.stem not in {"__init__", "__main__", "schema", "fields"}
)
"""The engine's modules and packages (a package documents what its `__init__` exports)."""


def page(site: Path, url: str) -> Node:
    return main_content((site / url / "index.html").read_text(encoding="utf-8"))


def ids(node: Node) -> set[str]:
    return {n.attrs["id"] for n in node.iter() if "id" in n.attrs}


def plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def schema_models() -> list[type[BaseModel]]:
    return [cls for cls in vars(schema).values() if is_own_subclass(cls, BaseModel)]


def schema_enums() -> list[type[Enum]]:
    return [cls for cls in vars(schema).values() if is_own_subclass(cls, Enum)]


def is_own_subclass(cls: object, base: type) -> bool:
    return inspect.isclass(cls) and cls.__module__ == schema.__name__ and issubclass(cls, base) and cls is not base


def test_data_reference_lists_every_model_and_field_with_its_description(built_site: Path) -> None:
    content = page(built_site, "reference/data/")
    anchors, text = ids(content), plain(content.text())
    models = schema_models()
    assert set(COLLECTIONS.values()) <= set(models)
    missing = []
    for model in models:
        if f"explainer.schema.{model.__name__}" not in anchors:
            missing.append(model.__name__)
        own = inspect.get_annotations(model)  # inherited fields are documented on the base
        for name, info in model.model_fields.items():
            if name not in own:
                continue
            if f"explainer.schema.{model.__name__}.{name}" not in anchors:
                missing.append(f"{model.__name__}.{name}")
            elif info.description and plain(info.description) not in text:
                missing.append(f"{model.__name__}.{name} (description)")
    assert missing == []


def test_data_reference_lists_every_allowed_value(built_site: Path) -> None:
    content = page(built_site, "reference/data/")
    anchors, text = ids(content), content.text()
    missing = [
        f"{enum.__name__}.{member.name}"
        for enum in schema_enums()
        for member in enum
        if f"explainer.schema.{enum.__name__}" not in anchors
        or not re.search(f"['\"]{re.escape(member.value)}['\"]", text)
    ]
    assert missing == []


def test_data_reference_table_names_the_folder_and_schema_of_each_collection(built_site: Path) -> None:
    text = page(built_site, "reference/data/").text()
    for collection in COLLECTIONS:
        assert f"data/{collection}/" in text
        assert f"schemas/{collection}.schema.json" in text


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_engine_reference_documents_each_modules_public_api(built_site: Path, module: str) -> None:
    source = (ROOT / "docs" / "reference" / "engine.md").read_text(encoding="utf-8")
    assert f"::: explainer.{module}\n" in source, f"add `::: explainer.{module}` to docs/reference/engine.md"
    anchors = ids(page(built_site, "reference/engine/"))
    imported = importlib.import_module(f"explainer.{module}")
    public = getattr(imported, "__all__", [])
    assert public, f"explainer.{module} declares no __all__"
    # A name a module re-exports is documented with the module that defines it (twice would duplicate landmarks).
    source_text = inspect.getsource(imported)
    defined = {name for name in public if re.search(rf"^(?:class |def )?{re.escape(name)}\b", source_text, re.M)}
    elsewhere = {a.rsplit(".", 1)[-1] for a in anchors if a.startswith("explainer.") and a.count(".") >= 2}
    missing = [
        name
        for name in public
        if f"explainer.{module}.{name}" not in anchors and (name in defined or name not in elsewhere)
    ]
    assert missing == []


def test_reference_and_contributing_are_linked_from_every_pages_footer(built_site: Path) -> None:
    # Out of the readers' tabs, but one click away from any page: the footer links to both,
    # and the reference's index links to its two pages.
    for page in ("index.html", "actors/scholz/index.html", "sources/index.html"):
        footer = (built_site / page).read_text(encoding="utf-8").split('class="reader-footer-links"')[1]
        for url in ("contributing/", "reference/"):
            assert re.search(rf'href="(\.\./)*(\./)?{re.escape(url)}"', footer.split("</nav>")[0]), f"{page}: {url}"
    index = (built_site / "reference" / "index.html").read_text(encoding="utf-8")
    for url in ("data/", "engine/"):
        assert re.search(rf'href="(\./)?{re.escape(url)}"', index), url


def yaml_examples(markdown: str) -> list[tuple[str, str, str]]:
    """(collection, id, text) of each ```yaml block that follows a mention of `data/<collection>/<id>.yaml`."""
    examples = []
    for match in re.finditer(r"```yaml\n(.*?)```", markdown, re.S):
        before = markdown[max(0, match.start() - 400) : match.start()]
        named = re.findall(r"`data/(\w+)/([a-z0-9-]+)\.yaml`", before)
        if named:
            collection, record_id = named[-1]
            examples.append((collection, record_id, match.group(1)))
    return examples


def test_contributing_examples_are_valid_records_of_their_collection() -> None:
    examples = yaml_examples((ROOT / "docs" / "contributing.md").read_text(encoding="utf-8"))
    assert {c for c, _, _ in examples} >= {"sources", "actors", "weapons", "topics", "positions", "events"}
    for collection, record_id, text in examples:
        COLLECTIONS[collection].model_validate({**yaml.safe_load(text), "id": record_id})


def test_contributing_examples_cite_records_that_exist() -> None:
    examples = yaml_examples((ROOT / "docs" / "contributing.md").read_text(encoding="utf-8"))
    fields = {"sources": "sources", "affiliation": "actors", "actor": "actors", "topic": "topics", "places": "places"}
    fields |= {"suppliers": "actors", "operators": "actors", "actors": "actors", "weapons": "weapons"}
    missing = []
    for _, _, text in examples:
        for key, value in yaml.safe_load(text).items():
            if key in fields:
                for ref in value if isinstance(value, list) else [value]:
                    if not (ROOT / "data" / fields[key] / f"{ref}.yaml").is_file():
                        missing.append(f"{fields[key]}/{ref}")
    assert missing == []


def test_contributing_documents_every_chart_a_fence_can_draw() -> None:
    text = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert "```chart\nname: weapon-ranges\n" in text
    assert [name for name in CHARTS if f"| `{name}` |" not in text] == []


def test_root_contributing_file_points_to_the_contributing_page() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "docs/contributing.md" in text
    assert "/contributing/" in text
