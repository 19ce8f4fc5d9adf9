"""A snapshot of the data files: the lexicon's and the rules' files packed into one archive, so that every
worker of a deployment, on any machine, can screen with exactly the data version the database records as
active (app/deployment_data.py), whatever files its own machine has.

The archive is a gzipped tar with the files under `lexicon/` and `rules/`, in name order, with no times or
owners: the same files always make the same bytes. Unpacking accepts nothing else (no links, no paths outside
those two folders)."""

import gzip
import io
import tarfile
from pathlib import Path, PurePosixPath

from app.errors import DataError
from app.lexicon.loader import lexicon_files
from app.rules.loader import rule_files

PARTS = ("lexicon", "rules")
_MAX_BYTES = 64_000_000  # unpacked: the data is a few MB; anything near this is not a snapshot of it


def pack(lexicon_dir: Path, rules_dir: Path) -> bytes:
    """The lexicon's and rules' data files as one archive (the same files give the same bytes)."""
    members = [("lexicon", lexicon_dir, p) for p in lexicon_files(lexicon_dir)]
    members += [("rules", rules_dir, p) for p in rule_files(rules_dir)]
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for part, root, path in sorted(members, key=lambda m: (m[0], m[2].relative_to(m[1]).as_posix())):
            data = path.read_bytes()
            info = tarfile.TarInfo(f"{part}/{path.relative_to(root).as_posix()}")
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)


def unpack(archive: bytes, target: Path) -> tuple[Path, Path]:
    """The archive's files written under `target`: (lexicon directory, rules directory). DataError when it is
    not such an archive."""
    try:
        raw = gzip.decompress(archive)
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r") as tar:
            members = tar.getmembers()
            _check(members)
            for member in members:
                source = tar.extractfile(member)
                assert source is not None  # _check: regular files only
                path = target / member.name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(source.read())
    except (OSError, EOFError, tarfile.TarError) as exc:
        raise DataError(f"the data snapshot could not be read: {exc}") from exc
    return target / "lexicon", target / "rules"


def _check(members: list[tarfile.TarInfo]) -> None:
    total = 0
    for m in members:
        parts = PurePosixPath(m.name).parts
        outside = len(parts) < 2 or parts[0] not in PARTS or ".." in parts or m.name.startswith("/")
        if outside or not m.isfile():
            raise DataError(f"the data snapshot holds {m.name!r}: only lexicon/ and rules/ files belong")
        total += m.size
    if total > _MAX_BYTES:
        raise DataError(f"the data snapshot unpacks to {total} bytes (at most {_MAX_BYTES})")
    if {PurePosixPath(m.name).parts[0] for m in members} != set(PARTS):
        raise DataError("the data snapshot lacks the lexicon or the rules")
