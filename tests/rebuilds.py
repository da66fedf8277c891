"""Builds of one project in one process, as `mkdocs serve` makes them: `python -m tests.rebuilds PROJECT SITE…`.

Each SITE after the first is built after an edit, given as `FILE=OLD=>NEW` before it
(`data/actors/x.yaml=Old text=>New text`): the way a preview session rebuilds, with
whatever the hooks keep between rebuilds. Used by the tests that compare a rebuild with a
cold build.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


def _edit(project: Path, spec: str) -> None:
    name, change = spec.split("=", 1)
    old, new = change.split("=>", 1)
    path = project / name
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{name}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def main(argv: list[str]) -> int:
    """Build each site in turn, editing before each but the first; exit 0 when all built."""
    project, *steps = argv
    os.chdir(project)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")  # as `mkdocs serve` logs
    started = False
    for step in steps:
        if not step.startswith("site="):
            _edit(Path(project), step)
            continue
        config = load_config("mkdocs.yml", site_dir=step.removeprefix("site="))
        if not started:
            config.plugins.on_startup(command="serve", dirty=False)
            started = True
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
