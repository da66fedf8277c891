"""Command line: `explainer check` validates the data, `explainer new` starts a record, `explainer schemas` writes the editor's JSON Schemas (with the data's ids), `explainer diff` lists the facts two versions differ in."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import yaml

from explainer.dataset import load_dataset
from explainer.diff import compare, records_at, render_comment, render_diff
from explainer.editor import stale_files, write_files
from explainer.hints import ID_WORDS, did_you_mean
from explainer.linkcheck import check_links, format_report, source_urls
from explainer.loading import DataError, one_line, page_files
from explainer.provenance import git_dates
from explainer.report import markdown_text, render_problems
from explainer.rules import NameRules, count_cited_sentences
from explainer.scaffold import collection_named, template
from explainer.schema import COLLECTIONS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from explainer.loading import Problem

__all__ = [
    "GITHUB_ANNOTATION_LIMIT",
    "configured_data_dir",
    "format_github",
    "format_summary",
    "main",
]

GITHUB_ANNOTATION_LIMIT = 10
"""GitHub shows at most this many `::error` annotations per step; the job summary lists the rest."""


def _escape_data(value: str) -> str:
    """Escape a workflow command's message, as `@actions/core` does (`escapeData`)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    """Escape a workflow command's property value, as `@actions/core` does (`escapeProperty`)."""
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """One problem as a GitHub Actions `::error` workflow command (an annotation on its line).

    Args:
        problem: The problem to report.

    Returns:
        `::error file=…,line=…,col=…,title=…::message`, escaped by GitHub's rules, with the
        fix (`help:`) on a second line of the annotation.
    """
    loc = problem.location
    props = ",".join(
        f"{name}={_escape_property(str(value))}"
        for name, value in (("file", loc.path), ("line", loc.line), ("col", loc.col), ("title", problem.field))
    )
    fix = f"\nhelp: {problem.help}" if problem.help else ""
    return f"::error {props}::{_escape_data(problem.message + fix)}"


def format_summary(problems: Sequence[Problem]) -> str:
    """Every problem as a Markdown table for the job summary (`$GITHUB_STEP_SUMMARY`).

    Args:
        problems: Every problem found, in report order.

    Returns:
        Markdown: a heading, a count, a note when some were not annotated, and the table.
    """
    lines = ["## Data check failed", "", f"{len(problems)} problem(s) in the data.", ""]
    if len(problems) > GITHUB_ANNOTATION_LIMIT:
        lines += [
            f"The first {GITHUB_ANNOTATION_LIMIT} are annotated on their lines in the diff; "
            "GitHub shows no more per step, so this table lists all of them.",
            "",
        ]
    lines += ["| File | Line | Field | Problem | How to fix it |", "|---|---|---|---|---|"]
    for p in problems:
        loc = p.location
        cells = [loc.path, f"{loc.line}:{loc.col}", p.field, p.message, p.help]
        lines.append("| " + " | ".join(markdown_text(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _append_summary(text: str) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


def _report(problems: Sequence[Problem], fmt: str, out: TextIO, err: TextIO, root: Path) -> None:
    if fmt == "github":
        for problem in problems[:GITHUB_ANNOTATION_LIMIT]:
            print(format_github(problem), file=out)
        hidden = len(problems) - GITHUB_ANNOTATION_LIMIT
        if hidden > 0:
            # Notices have their own quota of ten, so this one is shown even when the errors' is full.
            message = f"{hidden} more problem(s) are not annotated: the job summary lists all {len(problems)}."
            print(f"::notice title=Data check::{_escape_data(message)}", file=out)
        _append_summary(format_summary(problems))
    if fmt == "github":
        # The runner reads workflow commands from any line of a step's output: one line per problem.
        for problem in problems:
            print(one_line(str(problem)), file=err)
    else:
        print(render_problems(problems, root), file=err)
    print(f"{len(problems)} problem(s) in the data", file=err)


def _data_folder_of(path: Path) -> Path | None:
    """The data folder that holds `path` (a collection folder or a file in one), or None if `path` is a data folder."""
    if path.is_dir() and any((path / name).is_dir() for name in COLLECTIONS):
        return None
    for folder in (path, *path.parents):
        if folder.name in COLLECTIONS and folder.is_dir():
            return folder.parent
    return None


def _within(problem: Problem, root: Path, path: Path) -> bool:
    target = (root / problem.location.path).resolve()
    return target == path or path in target.parents


def _check(target: Path, fmt: str) -> int:
    """Check the data as the build does: with the project's name rules and, where its docs folder is there, its pages."""
    started = time.perf_counter()
    holder = _data_folder_of(target.resolve())
    data_dir = target if holder is None else holder
    root = Path(data_dir).parent
    config = _config(root)
    docs = root / str(config.get("docs_dir", "docs"))
    pages = page_files(docs) if config and docs.is_dir() else None
    try:
        names = NameRules.from_settings(_explainer_settings(config), git_dates(root, first=True))
        dataset = load_dataset(data_dir, pages=pages, names=names)
    except DataError as error:
        problems = error.problems
        if holder is not None:
            # One file or folder, checked against the whole dataset: only its own problems are reported.
            problems = tuple(p for p in problems if _within(p, data_dir.parent, target.resolve()))
            others = len(error.problems) - len(problems)
            if others:
                print(f"{others} problem(s) in other files (`make check` lists them)", file=sys.stderr)
            if not problems:
                print(f"{target}: OK")
                return 0
        _report(problems, fmt, sys.stdout, sys.stderr, data_dir.parent)
        return 1
    elapsed = time.perf_counter() - started
    for warning in dataset.warnings:
        print("warning: " + render_problems([warning], data_dir.parent), file=sys.stderr)
    print(f"{dataset.count()} records OK ({elapsed:.2f} s)")
    if fmt == "github":
        _append_summary(f"## Data check passed\n\n{dataset.count()} records OK.\n")
    return 0


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads Python tags as nothing."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda _loader, _suffix, _node: None)


def _config(root: Path) -> dict[str, Any]:
    """`mkdocs.yml` in `root`, or nothing when it is missing or unreadable.

    It is read as safe YAML whose Python tags (SuperFences' `!!python/name:`) are left
    unresolved: nothing in it is imported or run.
    """
    config = root / "mkdocs.yml"
    if not config.is_file() or config.is_symlink():
        return {}
    try:
        settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError:
        return {}
    return settings if isinstance(settings, dict) else {}


def _explainer_settings(config: dict[str, Any]) -> dict[str, Any]:
    extra = config.get("extra")
    explainer = extra.get("explainer") if isinstance(extra, dict) else None
    return explainer if isinstance(explainer, dict) else {}


def configured_data_dir(root: Path) -> str:
    """The data folder that `mkdocs.yml` in `root` names (`extra.explainer.data_dir`), else `data`."""
    folder = _explainer_settings(_config(root)).get("data_dir")
    return str(folder) if folder else "data"


def _schemas(root: Path, *, check: bool) -> int:
    data_folder = configured_data_dir(root)
    if check:
        stale = stale_files(root, data_folder)
        for path in stale:
            print(f"{path}: out of date; run `make schemas`", file=sys.stderr)
        return 1 if stale else 0
    for path in write_files(root, data_folder):
        print(f"wrote {path}")
    return 0


def _new(kind: str, record_id: str, data_dir: Path) -> int:
    collection = collection_named(kind)
    if collection is None:
        hint = did_you_mean(kind, [*COLLECTIONS, *(c.removesuffix("s") for c in COLLECTIONS)])
        print(f"unknown kind '{kind}'{hint} (one of: {', '.join(COLLECTIONS)})", file=sys.stderr)
        return 1
    if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record_id) is None or len(record_id) > 80:
        print(f"'{record_id}' is not an id: an id is {ID_WORDS}, for example united-kingdom", file=sys.stderr)
        return 1
    path = data_dir / collection / f"{record_id}.yaml"
    if path.exists():
        print(f"{path} exists already; edit it, or choose another id", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template(collection, record_id), encoding="utf-8")
    print(f"wrote {path}: replace each TODO, then run `make check`")
    return 0


def _diff(base: str, head: str | None, comment: Path | None = None, details_url: str = "") -> int:
    root = Path()
    folder = configured_data_dir(root)
    versions = []
    for commit in (base, head):
        try:
            records, problems = records_at(root, folder, commit)
        except (subprocess.CalledProcessError, OSError) as error:
            stderr = getattr(error, "stderr", b"") or b""
            print(
                f"cannot read the data at {commit}: {stderr.decode(errors='replace').strip() or error}", file=sys.stderr
            )
            return 1
        if problems:
            print(
                f"{len(problems)} file problem(s) at {commit or 'the working tree'}: those files are left out",
                file=sys.stderr,
            )
        versions.append(records)
    changes = compare(*versions)
    report = render_diff(changes, base, head or "the working tree")
    print(report)
    _append_summary(report)
    if comment is not None:
        body = render_comment(changes, base[:12], (head or "the working tree")[:12], details_url)
        comment.write_text(body, encoding="utf-8")
    return 0


def _links(report: Path | None) -> int:
    """Print every source address (`id url`, one a line); with `report`, check each and write the dead ones there."""
    dataset = load_dataset(Path(configured_data_dir(Path())))
    urls = source_urls(dataset.sources)
    if report is None:
        for source_id, url in urls:
            print(f"{source_id} {url}")
        return 0
    results = check_links(urls)
    report.write_text(format_report(results), encoding="utf-8")
    dead = sum(result.dead for result in results)
    print(f"{dead} of {len(results)} source addresses dead; report in {report}")
    return 0


def _citations() -> int:
    """Print, per collection, how many sentences of free text carry their own citation."""
    dataset = load_dataset(Path(configured_data_dir(Path())))
    counts = count_cited_sentences({c: dataset.collection(c) for c in COLLECTIONS})
    for collection, (cited, total) in counts.items():
        print(f"{collection}: {cited} of {total} sentences cite their own source")
    cited, total = (sum(pair[i] for pair in counts.values()) for i in (0, 1))
    print(f"all: {cited} of {total}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments, without the program name; `sys.argv[1:]` when None.

    Returns:
        The exit status: 0 when all is well, 1 when the data or the schemas need fixing.
    """
    parser = argparse.ArgumentParser(prog="explainer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data files and report every problem")
    check.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        help="data folder (default: extra.explainer.data_dir of mkdocs.yml here, else data); or one data file or"
        " collection folder, checked against the whole data and reported alone",
    )
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: also print workflow annotations and write the job summary",
    )
    schemas = commands.add_parser(
        "schemas", help="write the JSON Schemas (fields and the data's ids) and editor settings for the data files"
    )
    schemas.add_argument("root", nargs="?", default=".", type=Path, help="project folder (default: .)")
    schemas.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    diff = commands.add_parser("diff", help="list the facts that differ between two versions of the data")
    diff.add_argument("base", nargs="?", default="main", help="commit to compare from (default: main)")
    diff.add_argument("head", nargs="?", help="commit to compare to (default: the files as they are)")
    diff.add_argument("--comment", type=Path, help="also write the pull-request comment (Markdown, escaped) here")
    diff.add_argument("--details-url", default="", help="with --comment: where the full list is (the job summary)")
    new = commands.add_parser("new", help="write a new data file with every field named and described")
    new.add_argument("kind", help=f"the kind of record: {', '.join(c.removesuffix('s') for c in COLLECTIONS)}")
    new.add_argument("id", help=f"its id, the file name without .yaml ({ID_WORDS})")
    links = commands.add_parser("links", help="print every source address, or check them and write a report")
    links.add_argument("--report", type=Path, help="check each address and write the dead ones to this Markdown file")
    commands.add_parser("citations", help="count the sentences of free text that cite their own source")
    args = parser.parse_args(argv)
    if args.command == "citations":
        return _citations()
    if args.command == "links":
        return _links(args.report)
    if args.command == "schemas":
        return _schemas(args.root, check=args.check)
    if args.command == "diff":
        return _diff(args.base, args.head, args.comment, args.details_url)
    if args.command == "new":
        return _new(args.kind, args.id, Path(configured_data_dir(Path())))
    return _check(args.data_dir or Path(configured_data_dir(Path())), args.format)
