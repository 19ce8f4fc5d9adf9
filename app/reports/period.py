"""The reporting period: `from` and `to` as dates (whole UTC days, `to` included) or date-times (`to`
excluded). A period whose end is not after its start is empty: it counts nothing."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.db.models import utcnow

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Period:
    start: datetime  # included
    end: datetime  # excluded


def bound(value: date | datetime, *, upper: bool) -> datetime:
    """A date -> that day's start (for the upper bound, the next day's start); a date-time as given, UTC
    when it has no offset."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    start = datetime.combine(value, time(), tzinfo=UTC)
    return start + timedelta(days=1) if upper else start


def make_period(
    start: date | datetime | None, end: date | datetime | None, now: datetime | None = None
) -> Period:
    """Defaults: the 30 days up to now."""
    until = bound(end, upper=True) if end is not None else (now or utcnow())
    since = bound(start, upper=False) if start is not None else until - timedelta(days=DEFAULT_DAYS)
    return Period(since, until)
