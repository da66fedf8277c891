"""Build time as the data grows: the site with its hooks against plain Material on the same pages.

For each size N, a synthetic dataset of N records (`benchmarks.synthetic`) is written into
a copy of the site. Two projects are built from it, alternately, several times each:

- **hooks**: the site as it is (mkdocs.yml with `hooks:`), which loads and validates the
  data and generates its pages during the build;
- **plain**: the same Markdown pages, generated once beforehand and written into `docs/`,
  built with the same theme, extensions and plugins but no hooks: the physical baseline.

Each build is a fresh `mkdocs build --strict` process, timed from start to exit (what a
contributor or CI waits for); the best of the runs is kept, since other work on the
machine can only slow a run down. The CPU time of each build process is reported too: it
barely moves when other jobs share the machine. Peak memory is the child's maximum
resident set size.
`explainer check` is timed on the same data. Run from the project folder:

    .venv/bin/python -m benchmarks.build_scale --sizes 100,1000,3000 --runs 3
    .venv/bin/python -m benchmarks.build_scale --profile 1000   # where the hooks build spends its time
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from benchmarks.synthetic import referenced_ids, write_dataset
from explainer.dataset import load_dataset
from explainer.pages import generate_pages
from explainer.posters import CACHE_VARIABLE
from explainer.provenance import render_atom

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "ROOT",
    "Project",
    "copy_site",
    "make_plain_project",
    "make_project",
    "plain_config",
    "read_config",
    "run_timed",
]

ROOT = Path(__file__).resolve().parent.parent
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "hooks")
"""What a build of the site reads, besides `data/`."""

TARGET_RATIO = 1.10
TARGET_SCALING = 3.3
TARGET_CHECK_S = 3.0
TARGET_PEAK_MB = 2048


@dataclass(frozen=True)
class Project:
    """A buildable copy of the site."""

    root: Path

    @property
    def config(self) -> Path:
        """The project's mkdocs.yml."""
        return self.root / "mkdocs.yml"

    @property
    def data(self) -> Path:
        """Its data folder."""
        return self.root / "data"

    @property
    def site(self) -> Path:
        """Where it builds to."""
        return self.root / "site"


@dataclass(frozen=True)
class Run:
    """One timed child process."""

    seconds: float
    cpu_s: float
    peak_mb: float
    returncode: int
    stderr: str


def _env(project: Path) -> dict[str, str]:
    # The project's own engine, not the one installed in the environment, so that each copy builds with its code;
    # and its own image cache, empty until its first build, whatever the environment says.
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONPATH": str(project / "hooks"),
        CACHE_VARIABLE: str(project / ".image-cache"),
    }


def run_timed(command: Sequence[str], project: Path) -> Run:
    """Run `command` in `project`; return its wall time, its own peak memory and its exit status."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, stdout=out, stderr=err, env=_env(project))
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, stderr)


def build_command(project: Project) -> list[str]:
    """The `mkdocs build` a contributor runs (`make site`), on `project`."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.config), "-d", str(project.site)]


def check_command(project: Project) -> list[str]:
    """`explainer check` on the project's data."""
    return [sys.executable, "-m", "explainer", "check", str(project.data)]


def _copy_sources(dest: Path, root: Path = ROOT) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in SITE_SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)


def _git_commit(root: Path) -> None:
    """Make the copy a git checkout with one commit, so last-updated dates are computed as in CI."""
    if shutil.which("git") is None:
        return
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_AUTHOR_DATE": "2025-01-20T12:00:00Z",
        "GIT_COMMITTER_DATE": "2025-01-20T12:00:00Z",
    }
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-q", "-m", "Synthetic data"]):
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)


def copy_site(dest: Path, *, source: Path = ROOT, git: bool = True) -> Project:
    """A copy of the site in `source` with its data, a git checkout with one commit (as a contributor's clone)."""
    _copy_sources(dest, source)
    shutil.copytree(source / "data", dest / "data")
    if git:
        _git_commit(dest)
    return Project(dest)


def make_project(dest: Path, records: int, *, seed: int = 1, git: bool = True) -> Project:
    """A copy of the site with `records` synthetic records in `data/`."""
    _copy_sources(dest)
    texts = [path.read_text(encoding="utf-8") for path in sorted((dest / "docs").rglob("*.md"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted((dest / "hooks").rglob("*.py"))]
    write_dataset(dest / "data", records, required=referenced_ids(texts), seed=seed)
    if git:
        _git_commit(dest)
    return Project(dest)


class _Tagged:
    """A YAML value with a tag the safe loader does not know (`!!python/name:…`, `!ENV`), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, value: _Tagged) -> yaml.Node:
    return dumper.represent_scalar(value.tag, value.value or "")


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def _third_party(value: object) -> bool:
    """Whether a fence's formatter comes with pymdownx rather than with the project's hooks."""
    return not isinstance(value, _Tagged) or value.tag.rsplit(":", 1)[-1].startswith("pymdownx.")


def read_config(text: str) -> dict[str, Any]:
    """mkdocs.yml as data; tags such as `!!python/name:` are kept, to be written back as they were."""
    config: dict[str, Any] = yaml.load(text, Loader=_Loader)  # noqa: S506 - a loader derived from SafeLoader
    return config


def plain_config(text: str) -> str:
    """mkdocs.yml without the hooks, and without custom fences that the hooks' code renders.

    `watch` goes too: it names `data/`, which the baseline has no use for, and it only
    matters to `mkdocs serve`.
    """
    config = read_config(text)
    config.pop("hooks", None)
    config.pop("watch", None)
    for index, extension in enumerate(config.get("markdown_extensions", [])):
        if isinstance(extension, dict) and "pymdownx.superfences" in extension:
            options = extension["pymdownx.superfences"] or {}
            fences = [fence for fence in options.get("custom_fences", []) if _third_party(fence.get("format"))]
            options["custom_fences"] = fences
            config["markdown_extensions"][index] = {"pymdownx.superfences": options}
    return str(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True))


def make_plain_project(source: Project, dest: Path) -> Project:
    """The baseline: `source`'s generated pages written into `docs/`, built with no hooks."""
    _copy_sources(dest)
    shutil.rmtree(dest / "data", ignore_errors=True)
    config = plain_config((source.config).read_text(encoding="utf-8"))
    dest.joinpath("mkdocs.yml").write_text(config, encoding="utf-8")
    dataset = load_dataset(source.data)
    for page in generate_pages(dataset):
        path = dest / "docs" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
    feed = render_atom(list(dataset.corrections.values()), "https://example.org/", "Explainer", "2024-12-01")
    (dest / "docs" / "corrections" / "feed.xml").write_text(feed, encoding="utf-8")
    return Project(dest)


@dataclass
class Result:
    """Every measure for one size."""

    records: int
    hooks: list[Run]
    plain: list[Run]
    checks: list[Run]
    pages: int
    cold: Run
    """The first hooks build, with an empty image cache: every chart image and share card drawn."""

    @property
    def images(self) -> tuple[int, int]:
        """The images of the cold build and how many it drew (from its log)."""
        found = re.search(r"chart images and share cards: (\d+), (\d+) drawn", self.cold.stderr)
        return (int(found[1]), int(found[2])) if found else (0, 0)

    @property
    def cold_ratio(self) -> float:
        """The cold hooks build over the plain build, wall time."""
        return self.cold.seconds / self.plain_s

    @property
    def hooks_s(self) -> float:
        """Wall time of the hooks build: the best of the runs (other work on the machine only adds)."""
        return min(r.seconds for r in self.hooks)

    @property
    def plain_s(self) -> float:
        """Wall time of the plain build, best of the runs."""
        return min(r.seconds for r in self.plain)

    @property
    def ratio(self) -> float:
        """Hooks over plain, wall time."""
        return self.hooks_s / self.plain_s

    @property
    def cpu_ratio(self) -> float:
        """Hooks over plain, CPU time of the build process (steadier when the machine is shared)."""
        return min(r.cpu_s for r in self.hooks) / min(r.cpu_s for r in self.plain)

    @property
    def check_s(self) -> float:
        """Wall time of `explainer check`, best of the runs."""
        return min(r.seconds for r in self.checks)

    @property
    def hooks_mb(self) -> float:
        """Peak memory of a hooks build."""
        return max(r.peak_mb for r in self.hooks)

    @property
    def plain_mb(self) -> float:
        """Peak memory of a plain build."""
        return max(r.peak_mb for r in self.plain)


def _must(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.stderr[-4000:]}")
    return run


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(records: int, runs: int, workdir: Path, seed: int) -> Result:
    """Build both projects of `records` records `runs` times each, alternating, after one warm-up each."""
    hooks_project = make_project(workdir / f"hooks-{records}", records, seed=seed)
    plain_project = make_plain_project(hooks_project, workdir / f"plain-{records}")
    _log(f"{records} records: warm-up builds (the hooks one draws every image: the cold build)")
    cold = _must(run_timed(build_command(hooks_project), hooks_project.root), f"hooks build of {records}")
    _must(run_timed(build_command(plain_project), plain_project.root), f"plain build of {records}")
    hooks: list[Run] = []
    plain: list[Run] = []
    checks: list[Run] = []
    for index in range(runs):
        # Alternate which goes first, so neither always inherits a warm or a cold machine.
        order = [(hooks_project, hooks), (plain_project, plain)]
        for project, into in order if index % 2 == 0 else order[::-1]:
            into.append(_must(run_timed(build_command(project), project.root), f"build of {project.root.name}"))
        checks.append(_must(run_timed(check_command(hooks_project), hooks_project.root), "explainer check"))
        _log(
            f"{records} records, run {index + 1}/{runs}: hooks {hooks[-1].seconds:.2f} s ({hooks[-1].cpu_s:.2f} cpu), "
            f"plain {plain[-1].seconds:.2f} s ({plain[-1].cpu_s:.2f} cpu), check {checks[-1].seconds:.2f} s, "
            f"load {os.getloadavg()[0]:.1f}"
        )
    pages = sum(1 for _ in hooks_project.site.rglob("index.html"))
    return Result(records, hooks, plain, checks, pages, cold)


def format_table(results: Sequence[Result], runs: int) -> str:
    """The results as a fixed-width table, then the scaling and the ratio at 1,000."""
    lines = [
        f"seconds: best of {runs} builds each, wall clock, the hooks' with the images cached; cpu ratio: the same "
        "from CPU time; cold: one hooks build drawing every image (chart posters, downloads, share cards); "
        "MB: largest resident set of one build process",
        f"{'records':>8} {'pages':>6} {'hooks s':>8} {'plain s':>8} {'ratio':>6} {'cpu ratio':>9} "
        f"{'cold s':>8} {'cold ratio':>10} {'images':>7} {'hooks MB':>9} {'plain MB':>9} {'check s':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.records:>8} {r.pages:>6} {r.hooks_s:>8.2f} {r.plain_s:>8.2f} {r.ratio:>6.3f} {r.cpu_ratio:>9.3f} "
            f"{r.cold.seconds:>8.2f} {r.cold_ratio:>10.2f} {r.images[1]:>7} "
            f"{r.hooks_mb:>9.0f} {r.plain_mb:>9.0f} {r.check_s:>8.2f}"
        )
    by_size = {r.records: r for r in results}
    if 1000 in by_size and 3000 in by_size:
        scaling = by_size[3000].hooks_s / by_size[1000].hooks_s
        lines.append(f"t(3000)/t(1000) with hooks: {scaling:.2f} (target ≤ {TARGET_SCALING})")
    if 3000 in by_size:
        big = by_size[3000]
        lines.append(
            f"at 3000: ratio {big.ratio:.3f} (target ≤ {TARGET_RATIO}), check {big.check_s:.2f} s "
            f"(target < {TARGET_CHECK_S:.0f} s), peak {big.hooks_mb:.0f} MB (target < {TARGET_PEAK_MB} MB)"
        )
    if 1000 in by_size:
        at = by_size[1000]
        lines.append(
            f"ratio at 1000 records: {at.ratio:.3f} (target ≤ {TARGET_RATIO}; from CPU time {at.cpu_ratio:.3f})"
        )
    return "\n".join(lines)


def profile(records: int, workdir: Path, seed: int, out: Path | None) -> None:
    """Build the hooks project once in this process under cProfile; print where the time goes."""
    project = make_project(workdir / f"profile-{records}", records, seed=seed)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    here = Path.cwd()
    os.chdir(project.root)
    profiler = cProfile.Profile()
    profiler.enable()
    config = load_config(str(project.config), site_dir=str(project.site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
        profiler.disable()
        os.chdir(here)
    if out is not None:
        profiler.dump_stats(out)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,3000", help="record counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed builds of each project per size (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one hooks build of N records instead")
    parser.add_argument("--profile-out", type=Path, help="with --profile: also write the cProfile stats here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="build-scale-") as temporary:
        workdir = args.keep.resolve() if args.keep else Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.profile:
            profile(args.profile, workdir, args.seed, args.profile_out.resolve() if args.profile_out else None)
            return 0
        sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
        load = os.getloadavg()[0]
        results = [measure(size, args.runs, workdir, args.seed) for size in sizes]
        print(f"{os.cpu_count()} CPUs; load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
        print(format_table(results, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
