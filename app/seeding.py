"""`python -m app seed`: a few hundred realistic screenings and inspections for demonstrations, the
dashboard and the report tests. Declarations are built from the lexicon (goods categories, substances) and
the crossings of routes.yaml, spread over past days, and screened by the real pipeline; some are amended or
sent twice, many of the flagged ones get inspection results, a few of those a later, superseding one.
The same seed gives the same declarations."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app import access_and_retention
from app.db import audit, repository
from app.db.models import Screening, utcnow
from app.db.repository import Author
from app.db.session import Database
from app.declarations import ScreeningRequest
from app.lexicon.schema import Substance
from app.lexicon.schema_cargo import Category
from app.screening.pipeline import Resources
from app.services import record_review, submit_screening

DESTINATIONS = ("KZ", "KZ", "KG", "KG", "TJ", "UZ", "RU", "AF")
ORIGINS = ("CN",) * 8 + ("IN", "DE", "KR", "TR")
LANGUAGES = ("zh",) * 9 + ("ru",) * 8 + ("en",) * 3
# (what is declared, weight): ordinary goods, liquids honestly declared as the goods they are, liquids
# whose net weight per litre is acetic anhydride's, controlled substances by name, vague chemical wording.
KINDS = (("ordinary", 45), ("cover", 25), ("cover_heavy", 10), ("substance", 12), ("vague", 8))


@dataclass
class SeedReport:
    screenings: int = 0
    amendments: int = 0
    resubmissions: int = 0
    reviews: int = 0
    references: list[str] = field(default_factory=list)


def _name(names: Any, lang: str) -> str | None:
    listed: list[str] = getattr(names, lang) or []
    return listed[0] if listed else None


def _liquid_text(name: str, lang: str, drum: int, drums: int) -> str:
    if lang == "zh":
        return f"{name} {drum}升/桶×{drums}桶"
    if lang == "ru":
        return f"{name}, {drums} бочек по {drum} л"
    return f"{name}, {drums} drums x {drum} L"


def _pieces_text(name: str, lang: str, count: int) -> str:
    return {"zh": f"{name} {count}件", "ru": f"{name}, {count} шт."}.get(lang, f"{name}, {count} pcs")


class DeclarationMaker:
    def __init__(self, res: Resources, rng: random.Random) -> None:
        self.rng = rng
        cats = list(res.lexicon.categories.values())
        self.ordinary = [c for c in cats if c.kind == "ordinary" and c.liquid is False]
        self.cover = [c for c in cats if c.kind == "cover" and c.liquid and c.density_kg_l]
        # Acetic anhydride's density, as the lexicon has it (from shared/reference/densities.yaml).
        self.anhydride = res.lexicon.substances["acetic_anhydride"].density_kg_l or 1.08
        # Covers whose plausible density leaves acetic anhydride out: a heavy drum of these is telling.
        self.cover_light = [
            c for c in self.cover if c.density_kg_l and c.density_kg_l[1] < self.anhydride - 0.03
        ]
        self.vague = [c for c in cats if c.kind == "vague"]
        self.substances = list(res.lexicon.substances.values())
        self.crossings = list(res.rules.routes.crossings)

    def item(self, kind: str, lang: str) -> dict[str, Any]:
        rng = self.rng
        if kind == "ordinary":
            return self._ordinary(rng.choice(self.ordinary), lang)
        if kind == "substance":
            return self._substance(rng.choice(self.substances), lang)
        pool = {"cover": self.cover, "cover_heavy": self.cover_light or self.cover, "vague": self.vague}[kind]
        category = rng.choice(pool)
        name = _name(category.names, lang) or _name(category.names, "en") or category.id
        drum, drums = rng.choice((20, 25, 200, 200, 1000)), rng.randint(4, 80)
        litres = drum * drums
        if kind == "cover" and category.density_kg_l:
            low, high = category.density_kg_l
            density = rng.uniform(low, high)
        elif kind == "cover_heavy":
            density = self.anhydride
        else:
            density = rng.uniform(0.8, 1.3)
        hs = rng.choice(category.hs_headings) if category.hs_headings else None
        return {
            "description": _liquid_text(name, lang, drum, drums),
            "hs_code": hs,
            "net_weight_kg": round(litres * density, 1),
            "package_count": drums,
        }

    def _ordinary(self, category: Category, lang: str) -> dict[str, Any]:
        name = _name(category.names, lang) or _name(category.names, "en") or category.id
        count = self.rng.randint(50, 5000)
        hs = self.rng.choice(category.hs_headings) if category.hs_headings else None
        return {
            "description": _pieces_text(name, lang, count),
            "hs_code": hs,
            "net_weight_kg": round(count * self.rng.uniform(0.2, 3.0), 1),
        }

    def _substance(self, s: Substance, lang: str) -> dict[str, Any]:
        name = _name(s.names, lang) or _name(s.names, "en") or s.id
        if s.form in ("liquid", "solution"):
            drums = self.rng.randint(2, 60)
            return {
                "description": _liquid_text(name, lang, 200, drums),
                "net_weight_kg": round(200 * drums * (s.density_kg_l or 1.0), 1),
                "package_count": drums,
            }
        kg = self.rng.choice((25, 50, 500, 1000, 5000))
        return {"description": f"{name} {kg} kg", "net_weight_kg": float(kg)}

    def declaration(self, reference: str) -> dict[str, Any]:
        rng = self.rng
        lang = rng.choice(LANGUAGES)
        kinds, weights = [k for k, _ in KINDS], [w for _, w in KINDS]
        items = [self.item(rng.choices(kinds, weights)[0], lang) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        body: dict[str, Any] = {
            "reference": reference,
            "direction": rng.choice(("import", "import", "transit")),
            "origin_country": rng.choice(ORIGINS),
            "destination_country": rng.choice(DESTINATIONS),
            "items": items,
        }
        if rng.random() < 0.9:
            crossing = rng.choice(self.crossings)
            names = [n for _, n in crossing.names.all()]
            body["crossing"] = rng.choice(names)
        return body


def _review_outcome(rng: random.Random, risk: str) -> str:
    if risk == "high":
        return rng.choices(
            ("confirmed_precursor", "false_alarm", "other_violation", "not_inspected"), (5, 3, 1, 1)
        )[0]
    return rng.choices(
        ("confirmed_precursor", "false_alarm", "other_violation", "not_inspected"), (1, 6, 2, 1)
    )[0]


def seeded(session: Session, prefix: str) -> bool:
    return repository.any_reference_starts_with(session, prefix)


def seed(
    db: Database,
    res: Resources,
    *,
    count: int = 300,
    days: int = 90,
    seed: int = 1,
    now: datetime | None = None,
) -> SeedReport:
    """Screen `count` declarations dated over the last `days` days (plus amendments and resubmissions) and
    record inspections. Refuses to seed the same seed twice (ValueError)."""
    rng = random.Random(seed)
    now = now or utcnow()
    prefix = f"SEED{seed}-"
    maker = DeclarationMaker(res, rng)
    with db.transaction() as session:
        if seeded(session, prefix):
            raise ValueError(f"declarations {prefix}* exist already: choose another --seed")
        key = access_and_retention.create_key(
            session, audit.cli_author(), name=f"seed {seed}", role="system", expires_days=None
        )
        # The key only authors the seeded rows: revoked at once.
        access_and_retention.revoke_key(session, audit.cli_author(), key.row.id)
        author = Author("api_key", key.row.id, f"seed {seed}")
    # Every event with its time, played in time order: (at, order, kind, reference, body).
    events: list[tuple[datetime, int, str, dict[str, Any]]] = []
    for i in range(count):
        at = now - timedelta(seconds=rng.uniform(3600, days * 86400))
        body = maker.declaration(f"{prefix}{i:05d}")
        events.append((at, i, "screen", body))
        roll = rng.random()
        later = min(now, at + timedelta(hours=rng.uniform(1, 48)))
        if roll < 0.06:  # an amendment: the weight corrected
            amended = {
                **body,
                "items": [{**body["items"][0], "net_weight_kg": body["items"][0]["net_weight_kg"] + 10}],
            }
            amended["items"] += body["items"][1:]
            events.append((later, i, "amend", amended))
        elif roll < 0.10:  # the same declaration sent again
            events.append((later, i, "resend", body))
    events.sort(key=lambda e: (e[0], e[1]))
    report = SeedReport()
    for at, _, kind, body in events:
        with db.transaction() as session:
            submitted = submit_screening(
                session, db, res, ScreeningRequest.model_validate(body), author, at=at
            )
            row = submitted.screening
            if not submitted.created:
                report.resubmissions += 1
                continue
            report.screenings += 1
            report.amendments += kind == "amend"
            if kind == "screen":
                report.references.append(row.reference)
            report.reviews += _inspect(session, db, rng, row, author, now)
    return report


def _inspect(
    session: Session, db: Database, rng: random.Random, row: Screening, author: Author, now: datetime
) -> int:
    """Inspection results for most flagged screenings and a few others; a later one now and then."""
    chance = {"high": 0.8, "medium": 0.6}.get(row.risk_level, 0.05)
    if rng.random() >= chance:
        return 0
    at = min(now, row.screened_at + timedelta(hours=rng.uniform(2, 72)))
    outcome = _review_outcome(rng, row.risk_level)
    substance = next((r.substance_id for r in row.reasons if r.substance_id), None)
    found = outcome == "confirmed_precursor" and substance is not None
    record_review(
        session,
        db,
        row,
        outcome=outcome,
        note="seeded",
        author=author,
        substance_id=substance if found else None,
        quantity=round(rng.uniform(100, 20000), 1) if found else None,
        quantity_unit="kg" if found else None,
        at=at,
    )
    if rng.random() < 0.1:  # a laboratory result later corrects the first finding
        correction = "false_alarm" if outcome == "confirmed_precursor" else "confirmed_precursor"
        confirms = correction == "confirmed_precursor"
        if confirms and substance is None:
            return 1  # a confirmation names the substance: none to name
        record_review(
            session,
            db,
            row,
            outcome=correction,
            note="seeded: laboratory result",
            author=author,
            substance_id=substance if confirms else None,
            quantity=round(rng.uniform(100, 20000), 1) if confirms else None,
            quantity_unit="kg" if confirms else None,
            at=min(now, at + timedelta(hours=rng.uniform(1, 48))),
        )
        return 2
    return 1
