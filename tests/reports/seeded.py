"""The figures of seeded data computed the plain way, straight from the tables, for the report tests to
compare the service's answers with (none of app.reports is used here)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import text

from app.db.session import Database

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def crossing_ids() -> dict[str, str]:
    """Every crossing name in routes.yaml, case-folded -> the crossing's id."""
    routes = yaml.safe_load((ROOT / "app/rules/routes.yaml").read_text(encoding="utf-8"))
    return {
        name.casefold(): c["id"]
        for c in routes["crossings"]
        for names in c["names"].values()
        for name in names
    }


def liquid_categories() -> set[str]:
    data = yaml.safe_load((ROOT / "app/lexicon/cover_goods.yaml").read_text(encoding="utf-8"))
    return {c["id"] for c in data["categories"] if c["liquid"] is True}


@dataclass
class Row:
    id: str
    reference: str
    screened_at: datetime
    risk: str
    crossing: str | None
    codes: set[str]
    outcome: str | None
    substances: set[str] = field(default_factory=set)


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def current_rows(db: Database) -> list[Row]:
    """Screenings no other screening amends, with their reason codes and their reference's last review."""
    names = crossing_ids()
    with db.engine.connect() as conn:
        screenings = conn.execute(
            text("SELECT id, reference, screened_at, risk_level, crossing, amends_id FROM screenings")
        ).all()
        reasons = conn.execute(text("SELECT screening_id, code, substance_id FROM screening_reasons")).all()
        reviews = conn.execute(
            text(
                "SELECT s.reference, r.outcome, r.created_at, r.id FROM reviews r "
                "JOIN screenings s ON s.id = r.screening_id"
            )
        ).all()
    amended = {s.amends_id for s in screenings if s.amends_id}
    codes: dict[str, set[str]] = defaultdict(set)
    substances: dict[str, set[str]] = defaultdict(set)
    for screening_id, code, substance_id in reasons:
        codes[screening_id].add(code)
        if substance_id:
            substances[screening_id].add(substance_id)
    last: dict[str, tuple[datetime, int, str]] = {}
    for reference, outcome, created_at, review_id in reviews:
        stamp = (_aware(created_at), review_id, outcome)
        if reference not in last or stamp[:2] > last[reference][:2]:
            last[reference] = stamp
    return [
        Row(
            s.id,
            s.reference,
            _aware(s.screened_at),
            s.risk_level,
            names.get(s.crossing.casefold(), s.crossing) if s.crossing else None,
            codes[s.id],
            last[s.reference][2] if s.reference in last else None,
            substances[s.id],
        )
        for s in screenings
        if s.id not in amended
    ]


def outcome_counts(rows: list[Row]) -> Counter[str]:
    return Counter(r.outcome for r in rows if r.outcome)


def hit_rate(rows: list[Row]) -> float | None:
    c = outcome_counts(rows)
    done = c["confirmed_precursor"] + c["false_alarm"]
    return round(c["confirmed_precursor"] / done, 4) if done else None


def item_facts(db: Database) -> list[tuple[str, dict[str, Any]]]:
    import json

    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT screening_id, facts FROM screening_items")).all()
    return [(sid, json.loads(f) if isinstance(f, str) else f) for sid, f in rows if f]
