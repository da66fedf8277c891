"""`explainer diff`: which facts a change makes, compared record by record between two versions of the data."""

from __future__ import annotations

import re
import subprocess
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explainer.loading import read_records, validate_records
from explainer.report import markdown_text
from explainer.rules import iter_claims, iter_refs
from explainer.schema import COLLECTIONS

if TYPE_CHECKING:
    from explainer.loading import Problem
    from explainer.schema import Claim, Record

__all__ = [
    "COMMENT_LIMIT",
    "COMMENT_MARKER",
    "NO_CHANGES",
    "Records",
    "compare",
    "records_at",
    "render_comment",
    "render_diff",
]

COMMENT_MARKER = "<!-- explainer-diff -->"
"""The first line of the pull-request comment, by which CI finds its own comment to update."""
COMMENT_LIMIT = 65_536
"""The most characters GitHub takes in a comment."""
NO_CHANGES = "No record changes."
"""What the report says when no record changed (CI then posts no new comment, only updates its own)."""

Change = tuple[str, list[str]]
"""A heading and its lines."""
Records = dict[str, dict[str, "Record"]]
"""Records by collection and id."""


def _records(data_dir: Path, root: Path) -> tuple[Records, list[Problem]]:
    raw, problems, _ids = read_records(data_dir, root)
    good, invalid = validate_records(raw)
    records: Records = {name: {} for name in COLLECTIONS}
    for item, record in good:
        records[item.collection][record.id] = record
    return records, [*problems, *invalid]


def records_at(root: Path, data_folder: str, commit: str | None) -> tuple[Records, list[Problem]]:
    """The records of `commit` (the files as they are now, when None) and the files that do not load.

    Each file is read and validated on its own, without the rules across records: an
    older commit's data is compared as it was, even where today's rules would refuse it.
    """
    if commit is None:
        return _records(root / data_folder, root)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "--", data_folder],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="explainer-diff-") as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        return _records(Path(folder) / data_folder, Path(folder))


def _claim_text(claim: Claim) -> str:
    if claim.value is not None:
        figure = f"{claim.value:g}"
    elif claim.min is not None or claim.max is not None:
        figure = f"{claim.min:g}–{claim.max:g}" if claim.min is not None and claim.max is not None else "a range"
    else:
        figure = claim.text or "?"
    unit = f" {claim.unit.value}" if claim.unit else ""
    return f"{figure}{unit} ({claim.status.value}; {', '.join(claim.sources)})"


def _loc(loc: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))


def _claims(record: Record) -> dict[str, Claim]:
    return {_loc(loc): claim for loc, claim in iter_claims(record)}


def _cited(record: Record) -> set[str]:
    return {ref for _loc_, target, ref in iter_refs(record) if target == "sources"}


def _fields(record: Record) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude={"id"})


def _record_changes(key: str, old: Record, new: Record) -> tuple[list[str], list[str], list[str]]:
    """Lines for changed claims, changed citations and other changed fields of one record."""
    claims: list[str] = []
    before, after = _claims(old), _claims(new)
    for loc in sorted(before.keys() | after.keys()):
        was, now = before.get(loc), after.get(loc)
        if was is None and now is not None:
            claims.append(f"{key} {loc}: added {_claim_text(now)}")
        elif now is None and was is not None:
            claims.append(f"{key} {loc}: removed {_claim_text(was)}")
        elif was is not None and now is not None and was != now:
            old_text, new_text = _claim_text(was), _claim_text(now)
            change = f"{old_text} → {new_text}" if old_text != new_text else f"{new_text}: its wording or attribution"
            claims.append(f"{key} {loc}: {change}")
    cited = []
    gained, lost = _cited(new) - _cited(old), _cited(old) - _cited(new)
    if gained or lost:
        parts = [*(f"+{s}" for s in sorted(gained)), *(f"−{s}" for s in sorted(lost))]
        cited.append(f"{key}: {' '.join(parts)}")
    old_fields, new_fields = _fields(old), _fields(new)
    claim_roots = {loc.split("[")[0].split(".")[0] for loc in before.keys() | after.keys()}
    changed = sorted(
        name
        for name in old_fields.keys() | new_fields.keys()
        if old_fields.get(name) != new_fields.get(name) and name not in claim_roots and name != "sources"
    )
    other = [f"{key}: {', '.join(changed)}"] if changed else []
    return claims, cited, other


def _name(record: Record) -> str:
    name = getattr(record, record.display_field, None)
    return f" ({name})" if isinstance(name, str) and name != record.id else ""


def compare(old: Records, new: Records) -> list[Change]:
    """What changed from `old` to `new`, by record id, as headed lists; empty when no record changed."""
    added, removed, claims, cited, other = [], [], [], [], []
    for collection in COLLECTIONS:
        before, after = old.get(collection, {}), new.get(collection, {})
        for record_id in sorted(after.keys() - before.keys()):
            added.append(f"{collection}/{record_id}{_name(after[record_id])}")
        for record_id in sorted(before.keys() - after.keys()):
            removed.append(f"{collection}/{record_id}{_name(before[record_id])}")
        for record_id in sorted(before.keys() & after.keys()):
            found = _record_changes(f"{collection}/{record_id}", before[record_id], after[record_id])
            claims += found[0]
            cited += found[1]
            other += found[2]
    sections = [
        ("Records added", added),
        ("Records removed", removed),
        ("Figures changed (value, status and sources, old → new)", claims),
        ("Sources cited (+ added, − dropped)", cited),
        ("Other fields changed", other),
    ]
    return [(title, lines) for title, lines in sections if lines]


def render_diff(changes: list[Change], base: str, head: str) -> str:
    """The changes as Markdown, for a terminal and for a pull request's job summary."""
    out = [f"## What facts change from {base} to {head}", ""]
    if not changes:
        return "\n".join([*out, NO_CHANGES, ""])
    for title, lines in changes:
        out += [f"### {title}", "", *(f"- {line}" for line in lines), ""]
    return "\n".join(out)


def render_comment(changes: list[Change], base: str, head: str, details_url: str = "") -> str:
    """The changes as a pull-request comment: the marker, then every line as plain text, cut to GitHub's limit.

    Data text is escaped (no HTML, links or mentions). Where the lines do not fit, the
    comment says how many are left out and links to the job summary, which lists them all.
    """
    top = [COMMENT_MARKER, f"## What facts change from {markdown_text(base)} to {markdown_text(head)}", ""]
    if not changes:
        return "\n".join([*top, NO_CHANGES, ""])
    where = (
        f" ([the job summary]({details_url}) lists all)" if re.fullmatch(r"https://[^\s()<>\[\]]+", details_url) else ""
    )
    body: list[str] = []
    for title, lines in changes:
        body += [f"### {title}", "", *(f"- {markdown_text(line)}" for line in lines), ""]
    size = sum(len(line) + 1 for line in top)
    kept: list[str] = []
    room = COMMENT_LIMIT - size - len(where) - 100  # the note on what is left out
    for line in body:
        if room - (len(line) + 1) < 0:
            break
        room -= len(line) + 1
        kept.append(line)
    left = sum(1 for line in body[len(kept) :] if line.startswith("- "))
    note = [f"_{left} more change(s) are not shown here{where}._", ""] if left else []
    return "\n".join([*top, *kept, *note])
