"""Markdown for the generated pages: actors, weapons, positions, timeline, map, sources, glossary, corrections.

Each page type is a module of this package and a line in the registry (`PAGE_TYPES`);
`generate_pages` makes them all. Every string from the data is escaped where it lands
(`explainer.markup`), and every figure, date and stance carries numbered references to
`/sources/`. Pages are plain strings; the adapter hands them to MkDocs as generated files.
"""

from __future__ import annotations

from explainer.pages.builder import GeneratedPage, chart_fence
from explainer.pages.registry import PAGE_TYPES, PageType, generate_pages

__all__ = ["PAGE_TYPES", "GeneratedPage", "PageType", "chart_fence", "generate_pages"]
