"""python -m app screen: screen JSON Lines or CSV declaration files in bulk (app.bulk)."""

import argparse
import os
import sys
from pathlib import Path

from app.cli.common import Subparsers
from app.config import get_settings
from app.db import audit
from app.db.migrate import upgrade
from app.db.session import Database


def cmd_screen(args: argparse.Namespace) -> int:
    from app.bulk import run
    from app.screening.pipeline import load_resources

    if args.out is None and not args.store:
        print("give --out FILE, --store, or both", file=sys.stderr)
        return 2
    missing = [p for p in args.files if not p.is_file()]
    if missing:
        print(f"no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    settings = get_settings()
    db = res = None
    if args.store:
        upgrade(settings.database_url)
        db, res = Database(settings.database_url), load_resources(cache_dir=settings.cache_dir)
    try:
        summary = run(
            args.files,
            out=args.out,
            db=db,
            res=res,
            workers=args.workers or os.cpu_count() or 1,
            cache_dir=settings.cache_dir,
            author=audit.cli_author(),
        )
    except KeyboardInterrupt:
        print("\ninterrupted: run the same command again to resume", file=sys.stderr)
        return 130
    finally:
        if db is not None:
            db.dispose()
    risks = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_risk.items()))
    resumed = f" (resumed after {summary.skipped})" if summary.skipped else ""
    print(
        f"{summary.total} declarations{resumed}: {summary.screened} screened ({risks}), "
        f"{summary.refused} refused, {summary.seconds:.1f} s"
    )
    return 0


def register(sub: Subparsers) -> None:
    scr = sub.add_parser("screen", help="screen JSON Lines or CSV declaration files on every core")
    scr.add_argument(
        "files", nargs="+", type=Path, help=".jsonl (one declaration a line) or .csv (one item a row)"
    )
    scr.add_argument("--out", type=Path, default=None, help="write results as JSON Lines here")
    scr.add_argument("--store", action="store_true", help="store screenings in DATABASE_URL, as the API does")
    scr.add_argument("--workers", type=int, default=0, help="worker processes (default: every core)")
    scr.set_defaults(func=cmd_screen)
