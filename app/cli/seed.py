"""python -m app seed: screen made-up declarations with inspections, as demo data (app.seeding)."""

import argparse
import sys

from app.cli.common import Subparsers
from app.config import get_settings
from app.db.migrate import upgrade
from app.db.session import Database


def cmd_seed(args: argparse.Namespace) -> int:
    from app.screening.pipeline import load_resources
    from app.seeding import seed

    settings = get_settings()
    upgrade(settings.database_url)
    db = Database(settings.database_url)
    try:
        report = seed(
            db, load_resources(cache_dir=settings.cache_dir), count=args.count, days=args.days, seed=args.seed
        )
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(
        f"seeded {report.screenings} screenings ({report.amendments} amendments) over {args.days} days, "
        f"{report.resubmissions} identical resubmissions, {report.reviews} inspection results"
    )
    return 0


def register(sub: Subparsers) -> None:
    seed = sub.add_parser(
        "seed", help="screen a few hundred made-up declarations with inspections (demo data)"
    )
    seed.add_argument(
        "--count", type=int, default=300, help="declarations (amendments and resends come extra)"
    )
    seed.add_argument("--days", type=int, default=90, help="spread over this many past days")
    seed.add_argument(
        "--seed", type=int, default=1, help="the same seed gives the same data; once per database"
    )
    seed.set_defaults(func=cmd_seed)
