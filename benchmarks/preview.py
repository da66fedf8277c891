"""Preview latency: from saving a data file to `mkdocs serve` serving the page with the change.

`make serve` rebuilds the whole site after each save. This measures what a contributor
waits for: a copy of the site with the real data (a git checkout, as a clone is) is served
with `mkdocs serve`; then, several times, one data file is edited and saved, and the page
that shows the edited text is asked for every 20 ms until it holds the new text. The time
from the save to that answer is one sample: it includes MkDocs noticing the change (it
polls the watched folders every 0.5 s, then waits 0.1 s for more changes), the rebuild,
and the request. The first edit warms the server up and is not counted. The CPU time
the server spent on each edit is reported too: unlike wall time, it barely moves when
other jobs share the machine. Run from the project folder:

    .venv/bin/python -m benchmarks.preview              # --edits 9
    .venv/bin/python -m benchmarks.preview --edits 15 --source ../other-checkout
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import yaml

from benchmarks.build_scale import ROOT, copy_site

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["EDITED_FILE", "EDITED_PAGE", "TARGET_MEDIAN_S", "measure_latency", "summarise"]

EDITED_FILE = "data/actors/biden.yaml"
"""The data file each sample edits (its summary's first words)."""
EDITED_PAGE = "actors/biden/"
"""The page, under the site's path, that shows the edited text."""
TARGET_MEDIAN_S = 1.5
_POLL_S = 0.02


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - http://127.0.0.1 only
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def _wait_for(url: str, text: str, seconds: float) -> float | None:
    """Seconds until `url` holds `text`, or None after `seconds`."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if text in _get(url):
            return time.perf_counter() - started
        time.sleep(_POLL_S)
    return None


def _base_url(project: Path, port: int) -> str:
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    return f"http://127.0.0.1:{port}{urlsplit(str(config.get('site_url') or '/')).path}"


class _Loader(yaml.SafeLoader):
    """Safe YAML that reads mkdocs.yml's Python tags as nothing."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda _loader, _suffix, _node: None)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux `/proc`; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_latency(project: Path, edits: int) -> tuple[list[float], list[float]]:
    """Serve `project`, edit its data `edits` + 1 times; return the save-to-served seconds and CPU seconds of each."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks")}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    log = project / "serve.log"
    with log.open("w", encoding="utf-8") as stderr:
        server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            return _edit_and_wait(project, _base_url(project, port) + EDITED_PAGE, edits, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _edit_and_wait(project: Path, url: str, edits: int, pid: int) -> tuple[list[float], list[float]]:
    log = project / "serve.log"
    if _wait_for(url, "<html", 900) is None:  # the first build draws every chart image
        raise SystemExit(f"the preview never came up; see {log}")
    path = project / EDITED_FILE
    original = path.read_text(encoding="utf-8")
    first = original.split("summary: >-\n", 1)[1].split()[0]
    samples: list[float] = []
    cpu: list[float] = []
    for index in range(edits + 1):
        token = f"{first} (edit {index})"
        before = _cpu_seconds(pid)
        path.write_text(original.replace(first, token, 1), encoding="utf-8")
        saved = time.perf_counter()
        if _wait_for(url, token, 120) is None:
            raise SystemExit(f"edit {index} never showed; see {log}")
        waited = time.perf_counter() - saved
        time.sleep(1.0)  # the rebuild is over; the server only polls now
        spent = _cpu_seconds(pid) - before
        if index:  # the first rebuild warms the server up
            samples.append(waited)
            cpu.append(spent)
        _log(f"edit {index}: {waited:.2f} s, {spent:.2f} s CPU{' (warm-up)' if not index else ''}")
    path.write_text(original, encoding="utf-8")
    return samples, cpu


def summarise(samples: Sequence[float], cpu: Sequence[float]) -> str:
    """The samples' median, spread and the target, then the server's CPU time per edit."""
    median = statistics.median(samples)
    verdict = "met" if median <= TARGET_MEDIAN_S else "MISSED"
    lines = [
        f"save to served, {len(samples)} edits of {EDITED_FILE}: median {median:.2f} s, "
        f"min {min(samples):.2f} s, max {max(samples):.2f} s (target median ≤ {TARGET_MEDIAN_S} s: {verdict})",
    ]
    if any(cpu):
        lines.append(f"CPU time of the server per edit (rebuild and polling): median {statistics.median(cpu):.2f} s")
    return "\n".join(lines)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print the summary."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=9, help="timed edits (default 9), after one warm-up edit")
    parser.add_argument("--keep", type=Path, help="copy the site into this folder and keep it")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="preview-") as temporary:
        folder = (args.keep or Path(temporary)).resolve() / "site"
        project = copy_site(folder, source=args.source.resolve()).root
        load = os.getloadavg()[0]
        samples, cpu = measure_latency(project, args.edits)
        print(f"{os.cpu_count()} CPUs; load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
        print(summarise(samples, cpu))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
