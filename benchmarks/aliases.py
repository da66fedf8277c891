"""How long the data check takes on 100,000 aliases: one list of them, and 100 files of 1,000.

Run `.venv/bin/python -m benchmarks.aliases`; it prints the seconds of each. The issue this
answers measured 86 s for one list of 100,000 (uniqueness was quadratic); the bound is two.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from explainer.dataset import build_dataset
from explainer.loading import read_records
from explainer.rules import NameRules
from explainer.schema import Actor

_SOURCE = "title: A source\npublisher: P\nurl: https://news.example.org/a\npublished: 2024-11-19\n"
_ACTOR = "name: {name}\nkind: state\nrole: R\nrole_as_of: 2024\nsummary: S.\nsources: [s1]\naliases: [{aliases}]\n"


def one_list(count: int) -> float:
    """Seconds to validate one actor with `count` aliases (the list's uniqueness check)."""
    record = {"id": "x", "name": "X Y", "kind": "state", "role": "R", "role_as_of": "2024", "summary": "S."}
    aliases = [f"Alias {i:06d}" for i in range(count)]
    started = time.perf_counter()
    Actor.model_validate({**record, "sources": ["s1"], "aliases": aliases})
    return time.perf_counter() - started


def many_files(files: int, per_file: int) -> tuple[float, float]:
    """Seconds to read (YAML) and to check (validate, every rule) `files` actors of `per_file` aliases each."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        (data / "sources").mkdir(parents=True)
        (data / "actors").mkdir()
        (data / "sources" / "s1.yaml").write_text(_SOURCE, encoding="utf-8")
        for n in range(files):
            aliases = ", ".join(f"Name{n:04d}x{i:05d}" for i in range(per_file))
            text = _ACTOR.format(name=f"Actor {n:04d}", aliases=aliases)
            (data / "actors" / f"a{n:04d}.yaml").write_text(text, encoding="utf-8")
        rules = NameRules.from_settings({"stop_words": ["the"], "name_overlaps": []})
        started = time.perf_counter()
        raw, problems, ids = read_records(data)
        read = time.perf_counter()
        build_dataset(raw, problems, ids, names=rules)
        return read - started, time.perf_counter() - read


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="aliases in all (default 100,000)")
    args = parser.parse_args()
    print(f"one list of {args.count:,} aliases: {one_list(args.count):.3f} s")
    read, check = many_files(args.count // 1000, 1000)
    print(f"{args.count // 1000} files of 1,000 aliases: read {read:.3f} s, checked {check:.3f} s")


if __name__ == "__main__":
    main()
