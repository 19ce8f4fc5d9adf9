"""Queries for retrospective screening (app/rescreen.py) and its results in `rescreenings`. Functions take a
session and never commit: the caller owns it."""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from app.db.models import Rescreening, Screening


def screening_ids(session: Session, screenings: Select[Any]) -> list[str]:
    """The ids of the screenings a statement selects (such as app.reports.data.current_screenings)."""
    return list(session.scalars(screenings.with_only_columns(Screening.id)))


def screenings_with_items(session: Session, ids: list[str]) -> list[Screening]:
    """The screenings with these ids, their items loaded: what a declaration is rebuilt from."""
    stmt = select(Screening).where(Screening.id.in_(ids)).options(selectinload(Screening.items))
    return list(session.scalars(stmt))


def latest_rescreenings(session: Session, screening_ids: list[str]) -> dict[str, Rescreening]:
    """screening id -> its latest rescreening, for those of these screenings that have one."""
    rows = session.scalars(
        select(Rescreening).where(Rescreening.screening_id.in_(screening_ids)).order_by(Rescreening.id)
    )
    return {r.screening_id: r for r in rows}  # later rows overwrite


def add_rescreening(
    session: Session,
    *,
    screening_id: str,
    rescreened_at: datetime,
    lexicon_version: str,
    rules_version: str,
    previous_risk_level: str,
    risk_level: str,
    rose: bool,
    reasons: list[dict[str, Any]],
    job_id: int | None = None,
) -> None:
    session.add(
        Rescreening(
            job_id=job_id,
            screening_id=screening_id,
            rescreened_at=rescreened_at,
            lexicon_version=lexicon_version,
            rules_version=rules_version,
            previous_risk_level=previous_risk_level,
            risk_level=risk_level,
            rose=rose,
            reasons=reasons,
        )
    )


def latest_risers(session: Session, since: datetime, until: datetime, limit: int = 15) -> list[Rescreening]:
    """Rescreenings of the period that raised a declaration's risk, newest first (for the dashboard)."""
    stmt = (
        select(Rescreening)
        .where(
            Rescreening.rose.is_(True), Rescreening.rescreened_at >= since, Rescreening.rescreened_at < until
        )
        .order_by(Rescreening.rescreened_at.desc(), Rescreening.id.desc())
        .limit(limit)
        .options(selectinload(Rescreening.screening))
    )
    return list(session.scalars(stmt))
