"""The site's own scripts parse: a syntax error (a merge that drops a brace) would leave every chart a poster."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js"))


def test_there_are_scripts_to_check() -> None:
    assert SCRIPTS, "no scripts under docs/assets/javascripts/"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_each_script_parses(script: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to check the site's scripts (the workflow lint test needs it too)"
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
