"""The command line: python -m app {migrate,serve,keys,users} ..."""

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from app import admin
from app.config import get_settings
from app.db import accounts, audit, repository
from app.db.migrate import upgrade
from app.db.models import User, utcnow
from app.db.session import Database
from app.security.keys import ROLES
from app.security.passwords import hash_password
from app.web.security import WEB_ROLES


def cmd_migrate(_: argparse.Namespace) -> int:
    url = get_settings().database_url
    upgrade(url)
    print(f"database migrated to head: {_safe(url)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    upgrade(get_settings().database_url)
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=get_settings().log_level.lower(),
        timeout_graceful_shutdown=30,
    )
    return 0


def cmd_keys_create(args: argparse.Namespace) -> int:
    settings = get_settings()
    upgrade(settings.database_url)
    db = Database(settings.database_url)
    with db.transaction() as session:
        new = admin.create_key(
            session, audit.cli_author(), name=args.name, role=args.role, expires_days=args.expires_days
        )
        key_id, expires = new.row.id, new.row.expires_at
    db.dispose()
    until = f", valid until {expires:%Y-%m-%d %H:%M} UTC" if expires else ""
    print(f"created {args.role} key {key_id} named {args.name!r}{until}; it is shown only once:")
    print(new.secret)
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    db = Database(get_settings().database_url)
    with db.transaction() as session:
        key = admin.revoke_key(session, audit.cli_author(), args.key_id)
    db.dispose()
    if key is None:
        print(f"no key with id {args.key_id}", file=sys.stderr)
        return 1
    print(f"revoked key {args.key_id} ({key.name})")
    return 0


def cmd_keys_list(_: argparse.Namespace) -> int:
    settings = get_settings()
    db = Database(settings.database_url)
    with db.transaction() as session:
        for k in repository.list_api_keys(session):
            state = (
                "revoked"
                if k.revoked_at
                else ("expired" if k.expires_at and k.expires_at <= utcnow() else "active")
            )
            print(f"{k.id}  {k.prefix}…  {k.role:<10} {state:<8} {k.created_at:%Y-%m-%d}  {k.name}")
    db.dispose()
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """From stdin with --password-stdin (one line, for scripts), else asked twice at the terminal."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise SystemExit("the two passwords differ")
    return first


def cmd_users_create(args: argparse.Namespace) -> int:
    settings = get_settings()
    upgrade(settings.database_url)
    try:
        password_hash = hash_password(_read_password(args))
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            if accounts.find_user(session, args.name) is not None:
                print(f"a user named {args.name!r} exists already", file=sys.stderr)
                return 1
            admin.create_user(
                session,
                audit.cli_author(),
                username=args.name,
                display_name=args.full_name or args.name,
                role=args.role,
                password_hash=password_hash,
            )
    finally:
        db.dispose()
    print(f"created {args.role} user {args.name!r}")
    return 0


def cmd_users_list(_: argparse.Namespace) -> int:
    db = Database(get_settings().database_url)
    with db.transaction() as session:
        for u in accounts.list_users(session):
            state = "disabled" if u.disabled_at else "active"
            print(f"{u.username:<20} {u.role:<10} {state:<8} {u.created_at:%Y-%m-%d}  {u.display_name}")
    db.dispose()
    return 0


def _change_user(name: str, change: Callable[[Session, User], None]) -> int:
    """Apply `change` to the user called `name` in one transaction; 1 if there is no such user."""
    db = Database(get_settings().database_url)
    try:
        with db.transaction() as session:
            user = accounts.find_user(session, name)
            if user is None:
                print(f"no user named {name!r}", file=sys.stderr)
                return 1
            change(session, user)
    finally:
        db.dispose()
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    code = _change_user(
        args.name,
        lambda session, user: admin.set_user_disabled(session, audit.cli_author(), user, args.disable),
    )
    if code == 0:
        print(f"{'disabled' if args.disable else 'enabled'} user {args.name!r}")
    return code


def cmd_users_password(args: argparse.Namespace) -> int:
    try:
        password_hash = hash_password(_read_password(args))
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2

    code = _change_user(
        args.name,
        lambda session, user: admin.set_user_password(session, audit.cli_author(), user, password_hash),
    )
    if code == 0:
        print(f"password of {args.name!r} changed")
    return code


def cmd_purge_bodies(args: argparse.Namespace) -> int:
    settings = get_settings()
    days = settings.body_retention_days if args.days is None else args.days
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            purged = admin.purge_request_bodies(session, audit.cli_author(), days)
    finally:
        db.dispose()
    print(
        f"removed the request bodies of {purged} screenings older than {days} days"
        if days > 0
        else "retention is 0: request bodies are kept"
    )
    return 0


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


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="Precursor screening service")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="apply the database migrations (DATABASE_URL)").set_defaults(
        func=cmd_migrate
    )

    serve = sub.add_parser("serve", help="migrate, then serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    keys = sub.add_parser("keys", help="API keys").add_subparsers(dest="keys_command", required=True)
    create = keys.add_parser("create", help="create a key; the key is the last line printed")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--expires-days", type=int, default=None, help="the key stops working after N days")
    create.set_defaults(func=cmd_keys_create)
    revoke = keys.add_parser("revoke", help="revoke a key by its id (keys list shows ids)")
    revoke.add_argument("key_id")
    revoke.set_defaults(func=cmd_keys_revoke)
    keys.add_parser("list", help="list keys (never the keys themselves)").set_defaults(func=cmd_keys_list)

    users = sub.add_parser("users", help="web users (officers, supervisors, admins)").add_subparsers(
        dest="users_command", required=True
    )
    ucreate = users.add_parser("create", help="create a user; the password is asked for (or read from stdin)")
    ucreate.add_argument("--role", choices=WEB_ROLES, required=True)
    ucreate.add_argument("--name", required=True, help="the login name")
    ucreate.add_argument("--full-name", default=None, help="the name shown on pages and inspection records")
    ucreate.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    ucreate.set_defaults(func=cmd_users_create)
    users.add_parser("list", help="list users").set_defaults(func=cmd_users_list)
    for verb, disable in (("disable", True), ("enable", False)):
        p = users.add_parser(verb, help=f"{verb} a user (disabling ends their sessions)")
        p.add_argument("name")
        p.set_defaults(func=cmd_users_disable, disable=disable)
    upw = users.add_parser("password", help="set a user's password (and lift a login lock)")
    upw.add_argument("name")
    upw.add_argument("--password-stdin", action="store_true")
    upw.set_defaults(func=cmd_users_password)

    purge = sub.add_parser(
        "purge-bodies",
        help="remove raw request bodies past the retention period (results and statistics stay)",
    )
    purge.add_argument("--days", type=int, default=None, help="override BODY_RETENTION_DAYS")
    purge.set_defaults(func=cmd_purge_bodies)

    scr = sub.add_parser("screen", help="screen JSON Lines or CSV declaration files on every core")
    scr.add_argument(
        "files", nargs="+", type=Path, help=".jsonl (one declaration a line) or .csv (one item a row)"
    )
    scr.add_argument("--out", type=Path, default=None, help="write results as JSON Lines here")
    scr.add_argument("--store", action="store_true", help="store screenings in DATABASE_URL, as the API does")
    scr.add_argument("--workers", type=int, default=0, help="worker processes (default: every core)")
    scr.set_defaults(func=cmd_screen)

    rs = sub.add_parser(
        "rescreen", help="screen stored declarations again under the current lexicon and rules"
    )
    rs.add_argument("--since", required=True, help="first day (YYYY-MM-DD) of screenings to look at again")
    rs.add_argument("--until", default=None, help="last day, included (default: today)")
    rs.add_argument(
        "--out", type=Path, default=None, help="also write the declarations whose risk rose (JSONL)"
    )
    rs.set_defaults(func=cmd_rescreen)

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
