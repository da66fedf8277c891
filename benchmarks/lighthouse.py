"""Lighthouse, mobile preset, on each page type of the site served with gzip on 127.0.0.1.

Prints the four category scores per page (performance, accessibility, best practices,
SEO), the performance metrics behind the first, and every audit that kept a category
below 1. Lighthouse comes from npm (`benchmarks/package.json`, installed by
`make lighthouse` with `npm ci --prefix benchmarks`); Chromium from `CHROMIUM_PATH` or the
Debian paths. The JSON reports are written to `benchmarks/out/lighthouse/`.

    .venv/bin/python -m benchmarks.lighthouse [--site DIR] [--runs 3] [--pages home,map]

Targets: performance at least 0.95; accessibility, best practices and SEO 1.00 on every
page type. The exit status is 0 even when a target is missed: this is a measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.build_scale import ROOT
from benchmarks.page_weight import CHROMIUM_ARGS, build_plain_material, build_site, chromium_path, page_types
from benchmarks.serve import serve
from explainer.dataset import load_dataset

if TYPE_CHECKING:
    from collections.abc import Sequence

    from benchmarks.serve import SiteServer

__all__ = ["Report", "run_lighthouse"]

CLI = ROOT / "benchmarks" / "node_modules" / "lighthouse" / "cli" / "index.js"
OUT = ROOT / "benchmarks" / "out" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": ("FCP", "s"),
    "largest-contentful-paint": ("LCP", "s"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "speed-index": ("SI", "s"),
}
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


@dataclass(frozen=True)
class Report:
    """The scores of one Lighthouse run on one page, and what held them back."""

    name: str
    scores: dict[str, float]
    metrics: dict[str, float]
    failures: dict[str, list[str]]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("Node.js is needed for Lighthouse (Node 18 or newer)")
    if not CLI.is_file():
        raise SystemExit("Lighthouse is not installed: run `npm ci --prefix benchmarks` (or `make lighthouse`)")
    return node


def _failures(result: dict[str, Any], category: str) -> list[str]:
    """Audits of `category` that scored below 1 and count towards its score."""
    out = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            out.append(f"{ref['id']}: {audit['score']:.2f}{value}")
    return out


def run_lighthouse(url: str, name: str, out: Path, chromium: str | None) -> Report:
    """One Lighthouse run (mobile preset, simulated throttling) on `url`; its JSON goes to `out`."""
    env = {**os.environ}
    if chromium:
        env["CHROME_PATH"] = chromium
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        _node(),
        str(CLI),
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0 or not out.is_file():
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-4000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: float(data["categories"][c]["score"] or 0) for c in CATEGORIES}
    metrics = {key: float(data["audits"][key].get("numericValue") or 0) for key in METRICS}
    failures = {c: _failures(data, c) for c in CATEGORIES}
    return Report(name, scores, metrics, failures)


def _median_run(runs: list[Report]) -> Report:
    """The run with the median performance score (Lighthouse's advice for noisy metrics)."""
    ordered = sorted(runs, key=lambda r: r.scores["performance"])
    return ordered[(len(ordered) - 1) // 2]


def measure(site: SiteServer, pages: dict[str, str], runs: int, out: Path) -> list[Report]:
    """Run Lighthouse `runs` times on every page; keep the median run of each."""
    out.mkdir(parents=True, exist_ok=True)
    chromium = chromium_path()
    reports = []
    for name, path in pages.items():
        slug = name.replace(" ", "-")
        done = [run_lighthouse(site.url(path), name, out / f"{slug}-{i + 1}.json", chromium) for i in range(runs)]
        reports.append(_median_run(done))
        scores = " ".join(f"{c} {reports[-1].scores[c]:.2f}" for c in CATEGORIES)
        print(f"  {name}: {scores}", flush=True)
    return reports


def _metric(key: str, value: float) -> str:
    label, unit = METRICS[key]
    if unit == "s":
        return f"{label} {value / 1000:.1f} s"
    if unit == "ms":
        return f"{label} {value:.0f} ms"
    return f"{label} {value:.3f}"


def format_table(plain: Sequence[Report], reports: Sequence[Report], pages: dict[str, str], runs: int) -> str:
    """Scores per page (plain Material's first, for reference), the metrics, the misses and their causes."""
    lines = [
        f"Lighthouse 12.2.3, mobile preset (simulated slow 4G, 4× CPU slowdown); median of {runs} run(s) per page",
        f"{'page':<15} {'url':<26} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}  metrics",
    ]
    for r in (*plain, *reports):
        s = r.scores
        metrics = ", ".join(_metric(k, v) for k, v in r.metrics.items())
        lines.append(
            f"{r.name:<15} {'/' + pages.get(r.name, ''):<26} {s['performance']:>5.2f} {s['accessibility']:>5.2f} "
            f"{s['best-practices']:>5.2f} {s['seo']:>5.2f}  {metrics}"
        )
    missed = [
        f"{r.name}: {c} {r.scores[c]:.2f} < {TARGETS[c]:.2f}"
        for r in reports
        for c in CATEGORIES
        if r.scores[c] < TARGETS[c]
    ]
    lines.append("targets (performance ≥ 0.95, the others 1.00): " + ("all met" if not missed else "MISSED"))
    lines += [f"  {m}" for m in missed]
    for r in reports:
        held = [(c, f) for c in CATEGORIES for f in r.failures[c] if r.scores[c] < 1]
        if held:
            lines.append(f"{r.name}, audits below 1:")
            lines += [f"  [{c}] {f}" for c, f in held]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or take) the site, serve it with gzip, run Lighthouse on every page type."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site (default: build the project)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is reported (default 1)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the JSON reports go (default {OUT})")
    parser.add_argument("--pages", help="only these page types, comma-separated (default: every one)")
    args = parser.parse_args(argv)
    _node()
    pages = page_types(load_dataset(ROOT / "data"))
    if args.pages:
        wanted = [name.strip() for name in args.pages.split(",") if name.strip()]
        unknown = [name for name in wanted if name not in pages]
        if unknown:
            raise SystemExit(f"no page type {', '.join(unknown)}; the page types are: {', '.join(pages)}")
        pages = {name: pages[name] for name in wanted}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as temporary:
        site_dir = args.site.resolve() if args.site else build_site(Path(temporary) / "site")
        if not (site_dir / "index.html").is_file():
            raise SystemExit(f"{site_dir} holds no built site (no index.html)")
        plain_dir = build_plain_material(Path(temporary))
        with serve(plain_dir) as server:
            plain = measure(server, {"plain Material": ""}, args.runs, args.out)
        with serve(site_dir) as server:
            reports = measure(server, pages, args.runs, args.out)
    print(format_table(plain, reports, pages, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
