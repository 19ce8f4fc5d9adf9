"""python -m app rescreen: screen stored declarations again under the current lexicon and rules."""

import argparse
import json
import sys
from pathlib import Path

from app.cli.common import Subparsers
from app.config import get_settings
from app.db import audit
from app.db.migrate import upgrade
from app.db.session import Database


def cmd_rescreen(args: argparse.Namespace) -> int:
    from datetime import date

    from app.reports.period import make_period
    from app.rescreen import rescreen
    from app.screening.pipeline import load_resources

    try:
        since = date.fromisoformat(args.since)
        until = date.fromisoformat(args.until) if args.until else None
    except ValueError:
        print("--since and --until take dates: YYYY-MM-DD", file=sys.stderr)
        return 2
    settings = get_settings()
    upgrade(settings.database_url)
    db = Database(settings.database_url)
    try:
        report = rescreen(
            db, load_resources(cache_dir=settings.cache_dir), make_period(since, until), audit.cli_author()
        )
    finally:
        db.dispose()
    print(
        f"lexicon {report.lexicon_version}, rules {report.rules_version}: {report.examined} declarations, "
        f"{report.rescreened} screened again ({report.current_already} already current), "
        f"risk rose for {len(report.rose)}, fell for {report.fell}"
    )
    for r in report.rose:
        codes = ", ".join(dict.fromkeys(x["code"] for x in r.reasons))
        print(
            f"  {r.reference}  {r.screened_at:%Y-%m-%d}  {r.previous_risk_level} -> {r.risk_level}  {codes}"
        )
    if args.out:
        rows = [{**r.__dict__, "screened_at": r.screened_at.isoformat()} for r in report.rose]
        args.out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows), encoding="utf-8")
    return 0


def register(sub: Subparsers) -> None:
    rs = sub.add_parser(
        "rescreen", help="screen stored declarations again under the current lexicon and rules"
    )
    rs.add_argument("--since", required=True, help="first day (YYYY-MM-DD) of screenings to look at again")
    rs.add_argument("--until", default=None, help="last day, included (default: today)")
    rs.add_argument(
        "--out", type=Path, default=None, help="also write the declarations whose risk rose (JSONL)"
    )
    rs.set_defaults(func=cmd_rescreen)
