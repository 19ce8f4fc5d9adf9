"""One data version for the deployment (app/deployment_data.py), on both backends: what a worker starts with,
what a reload records, how a worker follows the recorded version and when it switches."""

import gzip
import io
import shutil
import tarfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import data_versions
from app.db.models import utcnow
from app.db.repository import Author
from app.db.session import Database
from app.deployment_data import Follower, activate, adopt, from_archive, version_of
from app.errors import DataError
from app.lexicon.loader import LEXICON_DIR, lexicon_files
from app.main import create_app
from app.rules.loader import RULES_DIR, rule_files
from app.rules.snapshot import pack, unpack
from app.screening.pipeline import Resources, load_resources

CACHE = Path("var") / "cache"
ADMIN = Author("api_key", "k1", "admin key")


def load_from(lexicon_dir: Path, rules_dir: Path) -> Resources:
    return load_resources(lexicon_dir, rules_dir, cache_dir=CACHE)


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    """The shipped data with one rules file changed (a comment): another version, the same screening."""
    rules = tmp_path_factory.mktemp("other") / "rules"
    shutil.copytree(RULES_DIR, rules, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (rules / "rules.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# another version\n")
    return load_from(LEXICON_DIR, rules)


def active(db: Database) -> data_versions.Active:
    with db.transaction() as session:
        found = data_versions.active(session)
    assert found is not None
    return found


def test_a_snapshot_holds_the_data_files_and_the_same_files_give_the_same_bytes(tmp_path: Path) -> None:
    packed = pack(LEXICON_DIR, RULES_DIR)
    assert packed == pack(LEXICON_DIR, RULES_DIR)
    lexicon_dir, rules_dir = unpack(packed, tmp_path)
    for original, copy in ((LEXICON_DIR, lexicon_dir), (RULES_DIR, rules_dir)):
        files = lexicon_files if original == LEXICON_DIR else rule_files
        names = [p.relative_to(original) for p in files(original)]
        assert names == [p.relative_to(copy) for p in files(copy)]
        assert all(p.read_bytes() == (copy / p.relative_to(original)).read_bytes() for p in files(original))
    assert not list(lexicon_dir.glob("*.py"))


def _tar(names: list[str], link: bool = False) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            if link:
                info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            else:
                info.size = 2
            tar.addfile(info, None if link else io.BytesIO(b"x\n"))
    return gzip.compress(raw.getvalue())


@pytest.mark.parametrize(
    "archive",
    [
        b"not an archive",
        _tar(["lexicon/a.yaml", "rules/../../outside.yaml"]),
        _tar(["lexicon/a.yaml", "elsewhere/b.yaml", "rules/c.yaml"]),
        _tar(["lexicon/a.yaml", "rules/link.yaml"], link=True),
        _tar(["lexicon/a.yaml"]),
    ],
    ids=["garbage", "dot-dot", "other-folder", "symlink", "no-rules"],
)
def test_an_archive_that_is_not_a_snapshot_is_refused(archive: bytes, tmp_path: Path) -> None:
    with pytest.raises(DataError):
        unpack(archive, tmp_path / "out")
    assert not (tmp_path / "outside.yaml").exists()


def test_the_first_start_records_its_files_and_a_new_version_at_start_wins(
    db: Database, resources: Resources, other: Resources, tmp_path: Path
) -> None:
    first = adopt(db, resources, "service", load_from, tmp_path)
    assert (first.resources, first.serial, first.started_with) == (resources, 1, "files")
    assert active(db).version == version_of(resources)
    with db.transaction() as session:
        packed = data_versions.archive(session, version_of(resources))
    assert packed == pack(resources.lexicon.directory, resources.rules.directory)
    # a deploy brings data the deployment has never seen: it becomes the active version
    deployed = adopt(db, other, "service", load_from, tmp_path)
    assert (deployed.resources, deployed.serial) == (other, 2)
    assert active(db).version == version_of(other)
    # a machine still on the old files restarts: it screens with the active version, from its archive
    old = adopt(db, resources, "service", load_from, tmp_path)
    assert (old.serial, old.started_with) == (2, "archive")
    assert version_of(old.resources) == version_of(other)
    assert old.resources.lexicon.directory == tmp_path / "data" / version_of(other) / "lexicon"
    assert active(db).version == version_of(other)  # the deployment was not taken back


def test_a_reload_activates_any_version_and_every_worker_follows_at_its_time(
    db: Database, resources: Resources, other: Resources, tmp_path: Path
) -> None:
    adopt(db, resources, "service", load_from, tmp_path)
    follower = Follower(db, load_from, tmp_path, serial=1)
    follower.poll(resources)
    assert follower.due(utcnow()) is None  # nothing changed
    at = utcnow() + timedelta(seconds=30)
    with db.transaction() as session:
        serial = activate(session, other, ADMIN, resources, at)
    assert serial == 2
    recorded = active(db)
    assert (recorded.version, recorded.previous) == (version_of(other), version_of(resources))
    assert recorded.in_force(utcnow()) == version_of(resources)  # until its time, the version before
    follower.poll(resources)
    assert follower.serial == 2 and follower.pending is not None  # loaded ahead
    assert follower.due(utcnow()) is None  # not yet
    switched = follower.due(at)
    assert switched is not None and version_of(switched) == version_of(other)
    assert follower.due(at) is None  # handed over once
    # a reload back to a version seen before: activated all the same, and followed
    with db.transaction() as session:
        activate(session, resources, ADMIN, other)
    follower.poll(switched)
    back = follower.due(utcnow())
    assert back is not None and version_of(back) == version_of(resources) and follower.serial == 3


def test_a_version_that_loads_differently_here_is_not_used_and_not_tried_again(
    db: Database, resources: Resources, other: Resources, tmp_path: Path
) -> None:
    """A worker whose settings make the recorded files another version (PRECURSOR_LISTS) keeps its data."""
    adopt(db, resources, "service", load_from, tmp_path)
    loads: list[Path] = []

    def elsewhere(lexicon_dir: Path, rules_dir: Path) -> Resources:
        loads.append(rules_dir)
        return resources  # not the version asked for

    follower = Follower(db, elsewhere, tmp_path, serial=1)
    with db.transaction() as session:
        activate(session, other, ADMIN, resources)
    follower.poll(resources)
    follower.poll(resources)
    assert follower.due(utcnow() + timedelta(days=1)) is None
    assert (follower.serial, follower.failed, len(loads)) == (1, 2, 1)
    with db.transaction() as session:
        packed = data_versions.archive(session, version_of(other))
    assert packed is not None
    with pytest.raises(DataError, match="PRECURSOR_LISTS"):
        from_archive(packed, version_of(other), elsewhere, tmp_path)


@pytest.fixture
def following(db: Database, resources: Resources) -> Iterator[TestClient]:
    """A service that loads its data at start (the shipped files) and follows the deployment's."""
    settings = Settings(
        database_url=db.url,
        rate_limit_per_minute=0,
        retention_check_minutes=0,
        data_check_seconds=0.1,
        data_switch_seconds=30,  # the API test looks at the pending switch before its time
    )
    with TestClient(create_app(settings, loader=lambda: resources)) as c:
        yield c


def test_a_worker_switches_to_data_another_worker_activated(
    following: TestClient, db: Database, resources: Resources, other: Resources, auth: object
) -> None:
    state = following.app.state  # type: ignore[attr-defined]
    assert version_of(state.resources) == version_of(resources) == active(db).version
    at = utcnow() + timedelta(seconds=1)
    with db.transaction() as session:  # another worker's reload
        activate(session, other, ADMIN, resources, at)
    deadline = time.monotonic() + 60
    while version_of(state.resources) != version_of(other) and time.monotonic() < deadline:
        time.sleep(0.02)
    switched = utcnow()
    assert version_of(state.resources) == version_of(other)
    assert switched >= at  # not before its time


def test_a_reload_through_the_api_switches_this_worker_at_the_announced_time(
    following: TestClient, db: Database, resources: Resources, auth: object
) -> None:
    headers = auth("admin")  # type: ignore[operator]
    response = following.post("/v1/admin/reload", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["serial"] == active(db).serial == 2
    assert datetime.fromisoformat(body["effective_at"]) > utcnow()  # DATA_SWITCH_SECONDS ahead
    assert following.app.state.follower.pending is not None  # type: ignore[attr-defined]


def test_a_worker_starts_on_its_files_when_the_database_is_down(resources: Resources) -> None:
    settings = Settings(
        database_url="postgresql+psycopg://postgres@127.0.0.1:1/test",  # nothing listens there
        retention_check_minutes=0,
        rescreen_check_seconds=0,
        data_check_seconds=0.1,
    )
    with TestClient(create_app(settings, loader=lambda: resources)) as c:
        ready = c.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["database"].startswith("unavailable")
        time.sleep(0.3)  # the follower keeps looking, and fails quietly
        assert c.app.state.resources is resources and c.app.state.follower.serial == -1  # type: ignore[attr-defined]
