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
    when it has no offset. Moments beyond what a UTC date-time can hold (0001-01-01T00:00+01:00, the day after
    9999-12-31) are held at its ends: they bound nothing."""
    if isinstance(value, datetime):
        return in_utc(value)
    start = datetime.combine(value, time(), tzinfo=UTC)
    if not upper:
        return start
    try:
        return start + timedelta(days=1)
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC)


def in_utc(value: datetime) -> datetime:
    """A date-time in UTC (UTC when it has no offset), held at the ends of the representable range."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return aware.astimezone(UTC)
    except OverflowError:
        return (datetime.min if aware.year == datetime.min.year else datetime.max).replace(tzinfo=UTC)


def make_period(
    start: date | datetime | None, end: date | datetime | None, now: datetime | None = None
) -> Period:
    """Defaults: the 30 days up to now."""
    until = bound(end, upper=True) if end is not None else (now or utcnow())
    since = bound(start, upper=False) if start is not None else _days_before(until, DEFAULT_DAYS)
    return Period(since, until)


def _days_before(moment: datetime, days: int) -> datetime:
    """`days` before `moment`, held at the start of the representable range ("to=0001-01-01")."""
    try:
        return moment - timedelta(days=days)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)
