"""Explainer: turns validated YAML data into explainer pages and charts.

The package is plain Python (no MkDocs imports): `schema` defines the records,
`loading` reads files, `dataset` builds the `Dataset`, and `pages`, `charts` and
`linking` render it. The MkDocs adapter lives outside the package, in `hooks/`.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
