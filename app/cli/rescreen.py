"""python -m app rescreen: screen stored declarations again under the lexicon and rules in force, as a job of
the deployment worked through by this process (app/rescreen.py)."""

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

    from app.deployment_data import in_force
    from app.reports.period import make_period
    from app.rescreen import RescreenBusy, rescreen
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
        files = load_resources(settings.lexicon_dir, settings.rules_dir, cache_dir=settings.cache_dir)
        res = in_force(
            db,
            files,
            lambda lex, rules: load_resources(lex, rules, cache_dir=settings.cache_dir),
            settings.cache_dir,
        )
        report = rescreen(db, res, make_period(since, until), audit.cli_author())
    except RescreenBusy as busy:
        print(
            f"{busy}: one at a time (GET /v1/admin/rescreens/{busy.job_id})",
            file=sys.stderr,
        )
        return 1
    finally:
        db.dispose()
    print(
        f"job {report.job_id}: lexicon {report.lexicon_version}, rules {report.rules_version}: "
        f"{report.examined} declarations, "
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
