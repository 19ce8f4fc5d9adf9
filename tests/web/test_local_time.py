"""The pages show times in the deployment's time zone, with the zone (TIME_ZONE, issue 17 point 7); the API
keeps UTC; an unknown zone stops start-up."""

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import Settings
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from app.web.render import local_time
from tests.web.helpers import login, screen


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("UTC", "2026-12-05 13:14 (UTC)"),
        ("Asia/Almaty", "2026-12-05 18:14 (UTC+05:00)"),  # Kazakhstan: UTC+5 since 2024-03-01
        ("Asia/Bishkek", "2026-12-05 19:14 (UTC+06:00)"),
        ("Asia/Dushanbe", "2026-12-05 18:14 (UTC+05:00)"),
        ("Asia/Urumqi", "2026-12-05 19:14 (UTC+06:00)"),
    ],
)
def test_a_moment_in_the_deployments_zone(zone: str, shown: str) -> None:
    assert local_time(datetime(2026, 12, 5, 13, 14, tzinfo=UTC), zone) == shown


def test_an_unknown_zone_stops_start_up() -> None:
    with pytest.raises(ValidationError, match="TIME_ZONE"):
        Settings(time_zone="Asia/Khorgos")


@pytest.fixture
def bishkek(db: Database, resources: Resources) -> Iterator[TestClient]:
    settings = Settings(
        database_url=db.url, rate_limit_per_minute=0, retention_check_minutes=0, time_zone="Asia/Bishkek"
    )
    with TestClient(create_app(settings, resources, loader=lambda: resources)) as c:
        yield c


def test_the_result_page_shows_local_time_and_the_api_utc(
    bishkek: TestClient, create_user: Callable[..., str], auth: Callable[[str], dict[str, str]]
) -> None:
    login(bishkek, create_user("officer"))
    result = bishkek.get(screen(bishkek, "уксусный ангидрид 200 л").headers["location"]).text
    shown = re.search(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) \(UTC\+06:00\)", result)
    assert shown, "no local time on the result page"
    stored = bishkek.get("/v1/screenings", headers=auth("admin")).json()["items"][0]["screened_at"]
    moment = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0  # the API: UTC
    assert local_time(moment, "Asia/Bishkek").startswith(shown.group(1))
