"""Writing the register of authorisations and pre-export notifications: checked records in, every change in
the audit log, and the authority's CSV export read all-or-nothing. Functions take the request's session and
never commit: the shell's session dependency does."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy.orm import Session

from app.db import audit, register
from app.db.models import Authorisation, Notification
from app.db.repository import Author
from app.db.session import Database
from app.lexicon.loader import name_key
from app.screening.pipeline import Resources


class RegisterError(ValueError):
    """A record the register cannot take: `details` say which field and why ({"field", "message"})."""

    def __init__(self, message: str, details: list[dict[str, str]], status: int = 422) -> None:
        super().__init__(message)
        self.details = details
        self.status = status


@dataclass(frozen=True)
class PartyData:
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    registration: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "country": self.country,
            "registration": self.registration,
        }


@dataclass(frozen=True)
class AuthorisationData:
    number: str
    kind: Literal["import", "export"]
    holder: PartyData
    substance: str  # a lexicon id or a CAS number
    quantity: float
    unit: str
    valid_from: date
    valid_to: date
    crossings: tuple[str, ...] = ()
    counterparty: PartyData | None = None


@dataclass(frozen=True)
class NotificationData:
    number: str
    exporter: PartyData
    importer: PartyData
    substance: str
    quantity: float
    unit: str
    valid_from: date | None = None
    valid_to: date | None = None


def resolve_substance(res: Resources, value: str, field: str = "substance") -> str:
    """A lexicon id or a CAS number of a controlled substance -> its id."""
    if value in res.lexicon.substances:
        return value
    target = res.index.cas.get(value.strip())
    if target is not None and target.controlled:
        return target.owner
    raise RegisterError(
        "unknown substance", [{"field": field, "message": f"{value!r} is no lexicon id or CAS number"}]
    )


def _unit(value: str, field: str = "unit") -> str:
    unit = value.strip().lower()
    if unit not in ("kg", "l"):
        raise RegisterError("unknown unit", [{"field": field, "message": "kg or L"}])
    return unit


def _crossings(res: Resources, names: tuple[str, ...]) -> list[str]:
    out, unknown = [], []
    for n in names:
        crossing = res.rules.crossing_by_name.get(name_key(n))
        if crossing is None:
            unknown.append(n)
        elif crossing.id not in out:
            out.append(crossing.id)
    if unknown:
        raise RegisterError("unknown crossing", [{"field": "crossings", "message": f"unknown {unknown}"}])
    return out


def add_authorisation(
    session: Session, db: Database, res: Resources, data: AuthorisationData, author: Author
) -> Authorisation:
    """Store a new authorisation; a number already in the register is refused (409)."""
    sid = resolve_substance(res, data.substance)
    unit = _unit(data.unit)
    if data.valid_to < data.valid_from:
        raise RegisterError("bad dates", [{"field": "valid_to", "message": "before valid_from"}])
    crossings = _crossings(res, data.crossings)
    db.claim_writer(session)
    if register.find_authorisation(session, data.number) is not None:
        raise RegisterError("number taken", [{"field": "number", "message": "already in the register"}], 409)
    row = Authorisation(
        number=data.number,
        kind=data.kind,
        holder=data.holder.as_json(),
        counterparty=data.counterparty.as_json() if data.counterparty else None,
        substance_id=sid,
        quantity=data.quantity,
        unit=unit,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        crossings=crossings,
        created_by=author.name,
    )
    register.add(session, row)
    audit.record(
        session,
        author,
        "authorisation.create",
        target_kind="authorisation",
        target_id=row.number,
        details={"substance_id": sid, "quantity": row.quantity, "unit": unit, "holder": row.holder["name"]},
    )
    return row


def add_notification(
    session: Session, db: Database, res: Resources, data: NotificationData, author: Author
) -> Notification:
    sid = resolve_substance(res, data.substance)
    unit = _unit(data.unit)
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        raise RegisterError("bad dates", [{"field": "valid_to", "message": "before valid_from"}])
    db.claim_writer(session)
    if register.find_notification(session, data.number) is not None:
        raise RegisterError("number taken", [{"field": "number", "message": "already in the register"}], 409)
    row = Notification(
        number=data.number,
        exporter=data.exporter.as_json(),
        importer=data.importer.as_json(),
        substance_id=sid,
        quantity=data.quantity,
        unit=unit,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        created_by=author.name,
    )
    register.add(session, row)
    audit.record(
        session,
        author,
        "notification.create",
        target_kind="notification",
        target_id=row.number,
        details={"substance_id": sid, "exporter": row.exporter["name"], "importer": row.importer["name"]},
    )
    return row


def revoke(
    session: Session, db: Database, row: Authorisation | Notification, reason: str, author: Author
) -> None:
    """Revoke a document (409 if it was revoked before); declarations screened later no longer match it."""
    db.claim_writer(session)
    if row.revoked_at is not None:
        raise RegisterError("already revoked", [{"field": "number", "message": "revoked before"}], 409)
    register.revoke(session, row, author.name, reason)
    kind = "authorisation" if isinstance(row, Authorisation) else "notification"
    audit.record(
        session, author, f"{kind}.revoke", target_kind=kind, target_id=row.number, details={"reason": reason}
    )


CSV_COLUMNS = (
    "number",
    "kind",
    "holder_name",
    "holder_aliases",
    "holder_country",
    "substance",
    "quantity",
    "unit",
    "valid_from",
    "valid_to",
    "crossings",
)


def import_authorisations(
    session: Session, db: Database, res: Resources, text: str, author: Author
) -> list[Authorisation]:
    """The authority's export as CSV (CSV_COLUMNS; aliases and crossings separated by ";"; comma or
    semicolon delimited): every row checked first, then all stored, or none with every row's errors."""
    rows = _read_csv(text)
    errors: list[dict[str, str]] = []
    parsed: list[AuthorisationData] = []
    numbers: set[str] = set()
    for line, row in rows:
        try:
            data = _row_data(row)
            resolve_substance(res, data.substance)
            _unit(data.unit)
            _crossings(res, data.crossings)
            if data.valid_to < data.valid_from:
                raise RegisterError("bad dates", [{"field": "valid_to", "message": "before valid_from"}])
            if data.number in numbers or register.find_authorisation(session, data.number) is not None:
                raise RegisterError(
                    "number taken", [{"field": "number", "message": "already in the register"}]
                )
            numbers.add(data.number)
            parsed.append(data)
        except RegisterError as e:
            errors += [{"field": f"line {line}: {d['field']}", "message": d["message"]} for d in e.details]
    if errors:
        raise RegisterError("the file has errors; nothing was stored", errors)
    return [add_authorisation(session, db, res, data, author) for data in parsed]


def _read_csv(text: str) -> list[tuple[int, dict[str, str]]]:
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.DictReader(io.StringIO(lines, newline=""), delimiter=delimiter)
    try:
        missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RegisterError("missing columns", [{"field": "header", "message": f"missing {missing}"}])
        return [(i + 2, row) for i, row in enumerate(reader)]
    except csv.Error as e:
        raise RegisterError("not CSV", [{"field": f"line {reader.line_num}", "message": str(e)}]) from e


def _row_data(row: dict[str, str]) -> AuthorisationData:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    def parts(name: str) -> tuple[str, ...]:
        return tuple(p.strip() for p in cell(name).split(";") if p.strip())

    kind = cell("kind").lower()
    if kind not in ("import", "export"):
        raise RegisterError("bad kind", [{"field": "kind", "message": "import or export"}])
    if not cell("number") or not cell("holder_name"):
        raise RegisterError("missing", [{"field": "number/holder_name", "message": "required"}])
    try:
        quantity = float(cell("quantity").replace(" ", "").replace(",", "."))
        valid_from, valid_to = date.fromisoformat(cell("valid_from")), date.fromisoformat(cell("valid_to"))
    except ValueError as e:
        raise RegisterError(
            "bad value", [{"field": "quantity/valid_from/valid_to", "message": str(e)}]
        ) from e
    if not 0 < quantity <= 1e12:
        raise RegisterError("bad quantity", [{"field": "quantity", "message": "a positive number"}])
    return AuthorisationData(
        number=cell("number"),
        kind="import" if kind == "import" else "export",
        holder=PartyData(
            cell("holder_name"), parts("holder_aliases"), cell("holder_country").upper() or None
        ),
        substance=cell("substance"),
        quantity=quantity,
        unit=cell("unit"),
        valid_from=valid_from,
        valid_to=valid_to,
        crossings=parts("crossings"),
    )
