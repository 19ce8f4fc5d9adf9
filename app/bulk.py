"""`python -m app screen FILE...`: screen declarations from JSON Lines or CSV files on every core.

Reading: a .jsonl file holds one declaration per line (the body of POST /v1/screenings); a .csv file holds
one item per row, grouped into declarations by `reference` (rows of one reference need not be adjacent;
declaration-level columns are read from its first row). A declaration that does not validate is reported
with its errors and skipped.
Work: worker processes (`--workers`, default every core) each load the lexicon once and screen; the main
process writes the results, in input order, as JSON Lines (`--out`) and/or stores them (`--store`, through the
same service as the API, so resends are recognised). Progress (done, rate, ETA) goes to stderr.
Resuming: after every chunk of 64 declarations written, `<out or first input>.progress` records how many are
done and how long the output was; a run stopped for any reason (Ctrl-C, a crash, a reboot) starts again from
there, with the output cut back to the last complete chunk. The state names the input files' sizes and
times: changed inputs start over.
"""

import csv
import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from app.core.types import ScreeningResult
from app.db.repository import Author
from app.db.session import Database
from app.declarations import ScreeningRequest
from app.screening.pipeline import Resources, load_resources, screen
from app.services import submit_screening, to_declaration

ITEM_COLUMNS = (
    "description",
    "hs_code",
    "quantity",
    "unit",
    "gross_weight_kg",
    "net_weight_kg",
    "packaging",
    "package_count",
)
DECLARATION_COLUMNS = ("language", "direction", "crossing", "origin_country", "destination_country")
CHUNK = 64  # declarations sent to a worker at once


@dataclass(frozen=True)
class Entry:
    """One declaration read from a file: its body, or why it could not be read."""

    position: int
    source: str  # "file:line"
    body: dict[str, Any] | None
    problem: str | None = None


def read_jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    with path.open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"{path.name}:{number}", None, f"not JSON: {exc.msg}"
                continue
            if isinstance(value, dict):
                yield f"{path.name}:{number}", value, None
            else:
                yield f"{path.name}:{number}", None, "not a JSON object"


def _number(text: str) -> float | str:
    try:
        return float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return text  # left for validation to report


def read_csv(path: Path) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "reference" not in reader.fieldnames:
            yield f"{path.name}:1", None, "a CSV file needs a header with `reference` and `description`"
            return
        grouped: dict[str, tuple[str, dict[str, Any]]] = {}
        for number, row in enumerate(reader, 2):
            reference = (row.get("reference") or "").strip()
            if reference not in grouped:
                body: dict[str, Any] = {"reference": reference, "items": []}
                for column in DECLARATION_COLUMNS:
                    if row.get(column):
                        body[column] = row[column].strip()
                if row.get("transit_countries"):
                    body["transit_countries"] = [
                        c.strip() for c in row["transit_countries"].split(";") if c.strip()
                    ]
                grouped[reference] = (f"{path.name}:{number}", body)
            item: dict[str, Any] = {}
            for column in ITEM_COLUMNS:
                value = (row.get(column) or "").strip()
                if value:
                    item[column] = _number(value) if column.endswith(("_kg", "quantity", "count")) else value
            grouped[reference][1]["items"].append(item)
        for source, body in grouped.values():
            yield source, body, None


def read_inputs(paths: Sequence[Path]) -> list[Entry]:
    entries: list[Entry] = []
    for path in paths:
        reader = read_csv if path.suffix.lower() == ".csv" else read_jsonl
        for source, body, problem in reader(path):
            entries.append(Entry(len(entries), source, body, problem))
    return entries


# --- worker processes: the lexicon is loaded once per process --------------------------------------------

_RESOURCES: Resources | None = None


def _init_worker(cache_dir: str) -> None:
    global _RESOURCES
    _RESOURCES = load_resources(cache_dir=Path(cache_dir))


def _screen_chunk(bodies: list[dict[str, Any] | None]) -> list[ScreeningResult | str]:
    """Validate and screen; a validation problem comes back as its message."""
    assert _RESOURCES is not None
    out: list[ScreeningResult | str] = []
    for body in bodies:
        if body is None:
            out.append("unreadable")
            continue
        try:
            request = ScreeningRequest.model_validate(body)
        except ValidationError as exc:
            out.append(
                "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())
            )
            continue
        out.append(screen(to_declaration(request), _RESOURCES))
    return out


# --- resuming --------------------------------------------------------------------------------------------


def fingerprint(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        st = p.stat()
        h.update(f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


@dataclass
class Progress:
    path: Path
    inputs: str
    done: int = 0
    out_bytes: int = 0

    @classmethod
    def load(cls, path: Path, inputs: str) -> "Progress":
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return cls(path, inputs)
        if data.get("inputs") != inputs:
            return cls(path, inputs)  # other or changed inputs: start over
        return cls(path, inputs, int(data["done"]), int(data["out_bytes"]))

    def save(self) -> None:
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps({"inputs": self.inputs, "done": self.done, "out_bytes": self.out_bytes}))
        os.replace(tmp, self.path)  # atomic: a crash leaves the old state or the new one


def _eta(done: int, total: int, started: float, first: int) -> str:
    elapsed = time.monotonic() - started
    rate = (done - first) / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else 0.0
    return f"\r{done:,}/{total:,} declarations · {rate:,.0f}/s · ETA {int(left // 60)}:{int(left % 60):02d} "


@dataclass(frozen=True)
class Summary:
    total: int
    skipped: int  # done by an earlier run
    screened: int
    refused: int
    by_risk: dict[str, int]
    seconds: float


def run(
    paths: Sequence[Path],
    *,
    out: Path | None,
    db: Database | None,
    res: Resources | None,
    workers: int,
    cache_dir: Path,
    author: Author,
    progress_to: TextIO = sys.stderr,
) -> Summary:
    entries = read_inputs(paths)
    state = Progress.load(Path(f"{out or paths[0]}.progress"), fingerprint(paths))
    todo = entries[state.done :]
    out_file = None
    if out is not None:
        out_file = out.open("a+b")
        out_file.truncate(state.out_bytes)  # drop a line half-written when the last run stopped
        out_file.seek(state.out_bytes)
    by_risk: dict[str, int] = {}
    refused = 0
    started, first = time.monotonic(), state.done
    context = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited database connections
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(str(cache_dir),)
    ) as pool:
        chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
        results = pool.map(_screen_chunk, [[e.body for e in chunk] for chunk in chunks])
        for chunk, screened in zip(chunks, results, strict=True):
            for entry, outcome in zip(chunk, screened, strict=True):
                record = _record(entry, outcome, db, res, author)
                if isinstance(outcome, str):
                    refused += 1
                else:
                    by_risk[outcome.risk_level.name] = by_risk.get(outcome.risk_level.name, 0) + 1
                if out_file is not None:
                    out_file.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
                    out_file.flush()
                    state.out_bytes = out_file.tell()
                state.done += 1
            state.save()
            print(_eta(state.done, len(entries), started, first), end="", file=progress_to, flush=True)
    if out_file is not None:
        out_file.close()
    print(file=progress_to)
    return Summary(len(entries), first, len(todo) - refused, refused, by_risk, time.monotonic() - started)


def _record(
    entry: Entry, outcome: ScreeningResult | str, db: Database | None, res: Resources | None, author: Author
) -> dict[str, Any]:
    reference = (entry.body or {}).get("reference")
    if isinstance(outcome, str):
        return {"source": entry.source, "reference": reference, "error": entry.problem or outcome}
    record: dict[str, Any] = {
        "source": entry.source,
        "reference": reference,
        "risk_level": outcome.risk_level.name,
        "reasons": [
            {
                "code": r.code,
                "severity": r.severity.name,
                "item_index": r.item_index,
                "substance": r.substance_id,
                "message": r.messages.get("en", ""),
            }
            for r in outcome.reasons
        ],
        "lexicon_version": outcome.lexicon_version,
        "rules_version": outcome.rules_version,
    }
    if db is not None and res is not None:
        request = ScreeningRequest.model_validate(entry.body)
        with db.transaction() as session:
            submitted = submit_screening(session, db, res, request, author, result=outcome)
            record["screening_id"] = submitted.screening.id
    return record
