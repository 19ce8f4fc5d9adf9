"""python -m app reload: make the lexicon and rules files the deployment's data (every running worker switches
to them within DATA_CHECK_SECONDS and the time it takes to load them)."""

import argparse
import sys
from datetime import timedelta

from app.cli.common import Subparsers
from app.config import get_settings
from app.db import audit, data_versions
from app.db.migrate import upgrade
from app.db.models import utcnow
from app.db.session import Database
from app.errors import DataError


def cmd_reload(args: argparse.Namespace) -> int:
    from app.deployment_data import activate, version_of
    from app.screening.pipeline import load_resources

    settings = get_settings()
    try:
        fresh = load_resources(settings.lexicon_dir, settings.rules_dir, cache_dir=settings.cache_dir)
    except DataError as exc:
        print(f"the lexicon or rules failed validation: {exc}", file=sys.stderr)
        return 1
    upgrade(settings.database_url)
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            db.claim_writer(session)
            before = data_versions.active(session)
            at = utcnow() + timedelta(seconds=settings.data_switch_seconds)
            serial = activate(session, fresh, audit.cli_author(), fresh, at)
    finally:
        db.dispose()
    was = before.version if before else "none"
    when = f"loaded in {fresh.load_seconds:.2f}s; in force from {at:%H:%M:%S} UTC"
    print(f"data {version_of(fresh)} active (serial {serial}; was {was}), {when}")
    return 0


def register(sub: Subparsers) -> None:
    rl = sub.add_parser("reload", help="make the lexicon and rules files the data every worker screens with")
    rl.set_defaults(func=cmd_reload)
