"""What one preview session keeps between rebuilds: values stored under a key of everything they were made from.

`mkdocs serve` rebuilds the whole site after each save, though a data edit changes a few
pages. A `Memo` keeps a value under a key made of its inputs (a file's bytes, a page's
Markdown, a stamp of the code), so a rebuild reuses what no input of changed; it never
guesses, so the site is the same as a cold build's. The adapter holds one `SessionCache`
across rebuilds; a plain build makes none. Each build drops the entries it did not use,
so a session's memory stays the size of one site.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Sequence
    from pathlib import Path
    from types import TracebackType

__all__ = ["Memo", "Recorder", "Replay", "SessionCache", "digest", "tree_stamp"]


def digest(*parts: str | bytes) -> str:
    """A short hash of `parts`, in order (a key for large inputs such as a file's bytes)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


def tree_stamp(folders: Iterable[Path], suffixes: tuple[str, ...] = ()) -> str:
    """A stamp of every file under `folders` (its path, size and modification time); `suffixes` keeps only those."""
    entries: list[str] = []
    for folder in folders:
        for here, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if suffixes and not name.endswith(suffixes):
                    continue
                path = os.path.join(here, name)
                try:
                    info = os.stat(path, follow_symlinks=False)
                except OSError:
                    continue
                entries.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return digest(*entries)


@dataclass
class Memo:
    """Values under keys of their inputs, for one kind of work; `hits` and `misses` count this build's lookups."""

    entries: dict[Hashable, Any] = field(default_factory=dict)
    used: set[Hashable] = field(default_factory=set)
    hits: int = 0
    misses: int = 0

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value kept under `key`, or `make()`'s, kept for the next build."""
        self.used.add(key)
        if key in self.entries:
            self.hits += 1
            return self.entries[key]
        self.misses += 1
        value = self.entries[key] = make()
        return value

    def lookup(self, key: Hashable) -> tuple[bool, Any]:
        """Whether a value is kept under `key`, and that value (for work that decides itself whether to keep it)."""
        if key in self.entries:
            self.used.add(key)
            self.hits += 1
            return True, self.entries[key]
        self.misses += 1
        return False, None

    def keep(self, key: Hashable, value: Any) -> None:
        """Keep `value` under `key` for the next build."""
        self.used.add(key)
        self.entries[key] = value

    def end_build(self) -> None:
        """Drop what this build did not use, and start counting afresh."""
        self.entries = {key: value for key, value in self.entries.items() if key in self.used}
        self.used = set()
        self.hits = self.misses = 0


@dataclass
class SessionCache:
    """The memos of one preview session, by the work they save (`files`, `pages`, …)."""

    memos: dict[str, Memo] = field(default_factory=dict)

    def memo(self, name: str) -> Memo:
        """The memo for one kind of work, made on first use."""
        return self.memos.setdefault(name, Memo())

    def end_build(self) -> dict[str, tuple[int, int]]:
        """End a build in every memo; return each memo's `(hits, misses)` in it."""
        counts = {name: (memo.hits, memo.misses) for name, memo in sorted(self.memos.items())}
        for memo in self.memos.values():
            memo.end_build()
        return counts


if TYPE_CHECKING:
    from typing import TypeAlias

    Convert: TypeAlias = Callable[[str, Any], Any]
    """Turns one attribute's value into another form: `(name, value) -> value`."""


def _same(_name: str, value: Any) -> Any:
    return value


class _Subject:
    """Stands for the object a recorded piece of work was done on, in the calls it made."""


_SUBJECT = _Subject()


@dataclass(frozen=True)
class Replay:
    """What a piece of work did besides returning: attributes it set, calls it made, warnings it logged."""

    attributes: dict[str, Any]
    calls: tuple[tuple[int, str, tuple[Any, ...], dict[str, Any]], ...]
    """(index of the target, method name, arguments, keyword arguments); the subject is `_SUBJECT`."""
    logged: tuple[tuple[str, int, str], ...]
    """(logger name, level, message) of each warning or error."""

    def apply(self, subject: Any, targets: Sequence[tuple[Any, str]], restore: Convert | None = None) -> None:
        """Do to `subject` and `targets` (the same methods, in this build's objects) what the work did.

        `restore(name, value)` turns an attribute's kept value back into one of this build (see `Recorder`).
        """
        restore = restore or _same
        vars(subject).update({name: restore(name, copy.deepcopy(value)) for name, value in self.attributes.items()})
        objects = [target for target, _method in targets]
        for index, method, args, kwargs in self.calls:
            given = [subject if arg is _SUBJECT else arg for arg in args]
            getattr(objects[index], method)(*given, **kwargs)
        for name, level, message in self.logged:
            logging.getLogger(name).log(level, "%s", message)


class Recorder(logging.Handler):
    """Records, while a piece of work runs, what a `Replay` needs: `with Recorder(page, targets) as rec: page.render()`.

    `targets` are `(object, method name)` pairs whose calls the work makes and a later build
    must make again (registering an anchor with another plugin, say); calls that pass the
    subject are recorded with a stand-in, so a replay passes that build's subject.
    `store(name, value)` turns an attribute's value into one that outlives the build (an
    object of the build by its name, say); `Replay.apply`'s `restore` turns it back.
    """

    def __init__(self, subject: Any, targets: Sequence[tuple[Any, str]], store: Convert | None = None) -> None:
        super().__init__(logging.WARNING)
        self.subject = subject
        self.store = store or _same
        self.targets = list(targets)
        self.before: dict[str, Any] = {}
        self.own: list[tuple[Any, str, Any]] = []
        self.calls: list[tuple[int, str, tuple[Any, ...], dict[str, Any]]] = []
        self.logged: list[tuple[str, int, str]] = []
        self.replay: Replay | None = None

    def emit(self, record: logging.LogRecord) -> None:
        """Keep a warning or error for the replay."""
        self.logged.append((record.name, record.levelno, record.getMessage()))

    def __enter__(self) -> Recorder:
        self.before = dict(vars(self.subject))
        for index, (target, method) in enumerate(self.targets):
            self.own.append((target, method, vars(target).get(method, _SUBJECT)))
            setattr(target, method, self._wrap(index, method, getattr(target, method)))
        logging.getLogger().addHandler(self)
        return self

    def _wrap(self, index: int, method: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            shown = tuple(_SUBJECT if arg is self.subject else arg for arg in args)
            self.calls.append((index, method, shown, dict(kwargs)))
            return call(*args, **kwargs)

        return recorded

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        logging.getLogger().removeHandler(self)
        for target, method, own in reversed(self.own):
            if own is _SUBJECT:
                vars(target).pop(method, None)  # the class's method again
            else:
                setattr(target, method, own)
        if kind is None:
            after = vars(self.subject)
            changed = {
                key: copy.deepcopy(self.store(key, value))
                for key, value in after.items()
                if self.before.get(key, _SUBJECT) is not value
            }
            self.replay = Replay(changed, tuple(self.calls), tuple(self.logged))
