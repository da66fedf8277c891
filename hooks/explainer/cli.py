"""Command line: `explainer check [DATA_DIR]` validates the data without building the site."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from explainer.loading import DataError
from explainer.model import load_dataset

if TYPE_CHECKING:
    from collections.abc import Sequence

    from explainer.loading import Problem

__all__ = ["format_github", "main"]

GITHUB_ANNOTATION_LIMIT = 10


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """One problem as a GitHub Actions `::error` workflow command."""
    loc = problem.location
    props = ",".join(
        f"{name}={_escape_property(str(value))}"
        for name, value in (("file", loc.path), ("line", loc.line), ("col", loc.col), ("title", problem.field))
    )
    return f"::error {props}::{_escape_data(problem.message)}"


def _summary(problems: Sequence[Problem]) -> str:
    lines = [
        "## Data check failed",
        "",
        f"{len(problems)} problem(s):",
        "",
        "| File | Line | Field | Problem |",
        "|---|---|---|---|",
    ]
    for p in problems:
        cells = [p.location.path, f"{p.location.line}:{p.location.col}", p.field, p.message]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _report(problems: Sequence[Problem], fmt: str) -> None:
    if fmt == "github":
        for problem in problems[:GITHUB_ANNOTATION_LIMIT]:
            print(format_github(problem))
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as handle:
                handle.write(_summary(problems))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) in the data", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="explainer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data files and report every problem")
    check.add_argument("data_dir", nargs="?", default="data", type=Path, help="data folder (default: data)")
    check.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        dataset = load_dataset(args.data_dir)
    except DataError as error:
        _report(error.problems, args.format)
        return 1
    elapsed = time.perf_counter() - started
    print(f"{dataset.count()} records OK ({elapsed:.2f} s)")
    return 0
