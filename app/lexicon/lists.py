"""Further precursor lists (lists/*.yaml): China's 易制毒化学品 categories, Russia's list IV, the chemicals
the region's seizures name. Each file is one list; a chemical is defined once (in any list file) and
referenced by id elsewhere; 1988 Table substances are referenced by their ids. A deployment chooses which
lists are in force and may change a list's severity (`ListPolicy`)."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from app.errors import DataError
from app.lexicon.schema import ListFile, ListInfo, SeverityWord, Substance

LISTS_SUBDIR = "lists"
_SEVERITIES: tuple[str, ...] = get_args(SeverityWord)


@dataclass(frozen=True)
class ListPolicy:
    """Which lists are in force (None: all) and the severities a deployment sets instead of the defaults."""

    in_force: frozenset[str] | None = None
    severity: Mapping[str, SeverityWord] = field(default_factory=dict)

    @classmethod
    def parse(cls, in_force: str = "all", severity: str = "") -> "ListPolicy":
        """`in_force`: "all", "none" or list ids separated by commas; `severity`: "id=high,id=medium"."""
        words = [w.strip() for w in in_force.split(",") if w.strip()]
        chosen: frozenset[str] | None
        if words == ["all"] or not words:
            chosen = None
        elif words == ["none"]:
            chosen = frozenset()
        else:
            chosen = frozenset(words)
        levels: dict[str, SeverityWord] = {}
        for pair in (p.strip() for p in severity.split(",") if p.strip()):
            list_id, sep, level = (x.strip() for x in pair.partition("="))
            if not sep or not list_id or level not in _SEVERITIES:
                raise DataError(
                    f"list severity {pair!r}: write <list id>=<{'|'.join(_SEVERITIES)}>, separated by commas"
                )
            levels[list_id] = level  # type: ignore[assignment]  # checked against _SEVERITIES above
        return cls(chosen, levels)

    def describe(self) -> str:
        """A stable text of the policy, part of the lexicon version ("" for the default: all lists, their own
        severities)."""
        if self.in_force is None and not self.severity:
            return ""
        force = "all" if self.in_force is None else ",".join(sorted(self.in_force)) or "none"
        return f"lists={force};severity=" + ",".join(f"{k}={v}" for k, v in sorted(self.severity.items()))


@dataclass(frozen=True)
class Membership:
    list_id: str
    category: str | None
    where: str


@dataclass(frozen=True)
class PrecursorList:
    info: ListInfo
    severity: SeverityWord  # the default, or the deployment's
    members: tuple[str, ...]  # substance ids, in file order
    overridden: bool = False  # the deployment set the severity: it holds for every category

    def severity_of(self, category: str | None) -> SeverityWord:
        """A member's severity: its category's own, unless the deployment set the list's."""
        if self.overridden or category is None:
            return self.severity
        return self.info.category_severity.get(category, self.severity)


@dataclass(frozen=True)
class ListsData:
    lists: dict[str, PrecursorList]  # in force only, in file-name order
    memberships: dict[str, tuple[Membership, ...]]  # substance id -> its lists in force
    defined: dict[str, Substance]  # chemicals beyond the 1988 Tables on at least one list in force
    all_defined: dict[str, Substance]  # every chemical the list files define, in force or not
    files: tuple[Path, ...]


def list_files(directory: Path) -> list[Path]:
    folder = directory / LISTS_SUBDIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_lists(
    directory: Path,
    tabled: Mapping[str, Substance],
    policy: ListPolicy,
    read: Callable[[Path, type[ListFile]], ListFile],
) -> ListsData:
    files = list_files(directory)
    parsed = [(path, read(path, ListFile)) for path in files]
    defined: dict[str, Substance] = {}
    where_defined: dict[str, str] = {}
    for path, data in parsed:
        if data.info.id != path.stem:
            raise DataError(f"{LISTS_SUBDIR}/{path.name}: list id {data.info.id!r} must be the file's name")
        for e in data.entries:
            if e.define is None:
                continue
            if e.id in tabled or e.id in defined:
                other = "a 1988 Table substance" if e.id in tabled else f"defined in {where_defined[e.id]}"
                raise DataError(f"{LISTS_SUBDIR}/{path.name}: entry {e.id!r}: id already {other}")
            defined[e.id] = Substance(id=e.id, table=None, **dict(e.define))
            where_defined[e.id] = path.name
    known = set(tabled) | set(defined)
    for path, data in parsed:
        unknown = [e.id for e in data.entries if e.id not in known]
        if unknown:
            raise DataError(
                f"{LISTS_SUBDIR}/{path.name}: entries {unknown} are neither defined nor in the Tables"
            )
    ids = {data.info.id for _, data in parsed}
    asked = set(policy.in_force or ()) | set(policy.severity)
    if asked - ids:
        raise DataError(f"precursor lists {sorted(asked - ids)} do not exist (lists: {sorted(ids)})")

    lists: dict[str, PrecursorList] = {}
    memberships: dict[str, list[Membership]] = {}
    for _, data in parsed:
        info = data.info
        if policy.in_force is not None and info.id not in policy.in_force:
            continue
        severity = policy.severity.get(info.id, info.default_severity)
        members = tuple(e.id for e in data.entries)
        lists[info.id] = PrecursorList(info, severity, members, info.id in policy.severity)
        for e in data.entries:
            memberships.setdefault(e.id, []).append(Membership(info.id, e.category, e.where))
    return ListsData(
        lists=lists,
        memberships={sid: tuple(ms) for sid, ms in memberships.items()},
        defined={sid: s for sid, s in defined.items() if sid in memberships},
        all_defined=defined,
        files=tuple(files),
    )


def strongest(levels: Iterable[SeverityWord]) -> SeverityWord:
    """The highest of some severities (high > medium > low)."""
    return max(levels, key=_SEVERITIES[::-1].index)
