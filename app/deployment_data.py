"""One data version for the whole deployment: the lexicon and rules every worker, on every machine, screens
with are the ones the database records as active (`active_data`), each version kept there as an archive of its
files (`data_versions`, app/rules/snapshot.py).

- A reload (POST /v1/admin/reload, `python -m app reload`) loads the files, records them when new and makes
  them active, whatever was active before.
- A worker starting records its files' version when the deployment has never seen it and makes it active
  (a deploy brings new data); when the version was seen before but another one is active (an older machine
  restarted, a reload ran since), it screens with the active one, loaded from its archive. So the newest data
  a deploy or a reload brought wins, and a restarted old machine never takes the deployment back.
- A reload's data is in force DATA_SWITCH_SECONDS after it (`effective_at`): every worker looks at the active
  row every DATA_CHECK_SECONDS (one primary-key read), loads a new version at once (loading takes seconds)
  and switches to it when its time comes, so all of them switch together; until then they screen with the
  version before. A worker that has not loaded it by then switches as soon as it has.
"""

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from app.db import audit, data_versions
from app.db.models import utcnow
from app.db.repository import Author
from app.db.session import Database
from app.errors import DataError
from app.rules.snapshot import pack, unpack
from app.screening.pipeline import Resources

log = logging.getLogger(__name__)

# loads the data of a lexicon directory and a rules directory (the settings' list policy applied)
LoadFrom = Callable[[Path, Path], Resources]


def version_of(res: Resources) -> str:
    return f"{res.lexicon.version}-{res.rules.version}"


def keep(session: Session, res: Resources, by: str) -> bool:
    """Record the version of loaded data with its files' archive, unless the deployment has it already."""
    version = version_of(res)
    if data_versions.known(session, version):
        return False
    packed = pack(res.lexicon.directory, res.rules.directory)
    return data_versions.record(session, version, res.lexicon.version, res.rules.version, packed, by)


def versions(res: Resources) -> dict[str, str]:
    return {"lexicon_version": res.lexicon.version, "rules_version": res.rules.version}


def activate(
    session: Session, res: Resources, author: Author, previous: Resources, at: datetime | None = None
) -> int:
    """Loaded data made the deployment's active version (a reload), in force from `at` (default now):
    recorded, activated, audited. Its serial."""
    keep(session, res, author.name)
    serial = data_versions.activate(session, version_of(res), author.name, at)
    details = {"previous": versions(previous), "current": versions(res), "serial": serial}
    if at is not None:
        details["effective_at"] = at.isoformat()
    audit.record(session, author, "data.reload", details=details)
    return serial


@dataclass(frozen=True)
class Adopted:
    resources: Resources
    serial: int
    started_with: str  # "files" (this worker's files are the active version) or "archive"


def adopt(db: Database, res: Resources, by: str, load_from: LoadFrom, work_dir: Path) -> Adopted:
    """At a worker's start: the data it screens with, `res` (its files) or the active version (module doc)."""
    version = version_of(res)
    with db.transaction() as session:
        db.claim_writer(session)
        new = keep(session, res, by)
        current = data_versions.active(session)
        if current is None or new:
            serial = data_versions.activate(session, version, by)
            if current is not None:
                log.info("data %s recorded and made active (was %s)", version, current.version)
            return Adopted(res, serial, "files")
        if current.version == version:
            return Adopted(res, current.serial, "files")
        packed = data_versions.archive(session, current.version)
    assert packed is not None  # active_data's foreign key
    log.info("data %s is the deployment's: loaded instead of this worker's %s", current.version, version)
    return Adopted(from_archive(packed, current.version, load_from, work_dir), current.serial, "archive")


def in_force(db: Database, files: Resources, load_from: LoadFrom, work_dir: Path) -> Resources:
    """The data the deployment screens with now, for a command that screens (a rescreen from the command
    line): `files` when they are that version or the deployment has none yet, otherwise from its archive.
    Records nothing."""
    with db.transaction() as session:
        act = data_versions.active(session)
        version = act.in_force(utcnow()) if act else None
        if version is None or version == version_of(files):
            return files
        packed = data_versions.archive(session, version)
    assert packed is not None
    return from_archive(packed, version, load_from, work_dir)


def from_archive(packed: bytes, version: str, load_from: LoadFrom, work_dir: Path) -> Resources:
    """A recorded version loaded from its archive (unpacked once under work_dir/data/<version>). DataError
    when it does not load as that version (such as a worker whose PRECURSOR_LISTS differ from the one that
    recorded it)."""
    target = work_dir / "data" / version
    if not (target / "rules").is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{version}.", dir=target.parent))
        try:
            unpack(packed, staging)
            staging.rename(target)  # whole or not at all (another worker may have won the race: fine)
        except OSError:
            if not (target / "rules").is_dir():
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    res = load_from(target / "lexicon", target / "rules")
    if version_of(res) != version:
        raise DataError(
            f"the recorded data {version} loads here as {version_of(res)}: this worker's settings "
            "(PRECURSOR_LISTS, PRECURSOR_LIST_SEVERITY) differ from those of the worker that recorded it"
        )
    return res


@dataclass(frozen=True)
class Switch:
    resources: Resources
    serial: int
    at: datetime  # when the deployment's data becomes these


class Follower:
    """Keeps a worker on the deployment's active version: poll() looks at the active row and loads a new
    version ahead of its time; due() hands it over when that time has come."""

    def __init__(
        self,
        db: Database,
        load_from: LoadFrom,
        work_dir: Path,
        serial: int,
        prepare: Callable[[Resources], None] = lambda _: None,
    ) -> None:
        self.db = db
        self.load_from = load_from
        self.work_dir = work_dir
        self.prepare = prepare  # run on newly loaded data before it is handed over (the warm-up)
        self.serial = serial
        self.pending: Switch | None = None
        self.failed: int | None = None  # the serial whose data failed to load here (not tried again)
        self._lock = threading.Lock()

    def schedule(self, res: Resources, serial: int, at: datetime) -> None:
        """Data this worker loaded and activated itself (a reload), to switch to at `at` like every worker."""
        with self._lock:
            self.serial, self.pending = serial, Switch(res, serial, at)

    def due(self, now: datetime) -> Resources | None:
        """The data to screen with from now on, or None to keep the current."""
        with self._lock:
            if self.pending is None or self.pending.at > now:
                return None
            res, self.pending = self.pending.resources, None
            return res

    def poll(self, current: Resources) -> None:
        """One look at the active row: a new version is loaded and prepared now, handed over at its time."""
        before = self.serial
        with self.db.transaction() as session:
            act = data_versions.active(session)
            if act is None or act.serial in (self.serial, self.failed):
                return
            if act.version == version_of(current):
                with self._lock:
                    if self.serial == before:
                        self.serial, self.pending = act.serial, None
                return
            packed = data_versions.archive(session, act.version)
        assert packed is not None
        try:
            fresh = from_archive(packed, act.version, self.load_from, self.work_dir)
        except DataError:
            self.failed = act.serial
            log.exception("data %s, active for the deployment, failed to load here: keeping %s", act.version,
                          version_of(current))  # fmt: skip
            return
        self.prepare(fresh)
        with self._lock:
            if self.serial != before:
                return  # this worker reloaded while that loaded: its reload is the newer
            self.serial, self.pending = act.serial, Switch(fresh, act.serial, act.effective_at)
        log.info("data %s (serial %d) loaded, in force from %s", act.version, act.serial, act.effective_at)
