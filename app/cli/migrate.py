"""python -m app migrate: apply the database migrations."""

import argparse

from app.cli.common import Subparsers
from app.config import get_settings
from app.db.migrate import upgrade


def cmd_migrate(_: argparse.Namespace) -> int:
    url = get_settings().database_url
    upgrade(url)
    print(f"database migrated to head: {_safe(url)}")
    return 0


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url


def register(sub: Subparsers) -> None:
    sub.add_parser("migrate", help="apply the database migrations (DATABASE_URL)").set_defaults(
        func=cmd_migrate
    )
