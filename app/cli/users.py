"""python -m app users {create,list,disable,enable,password}: web users."""

import argparse
import getpass
import sys
from collections.abc import Callable

from sqlalchemy.orm import Session

from app import access_and_retention
from app.cli.common import Subparsers
from app.config import get_settings
from app.db import accounts, audit
from app.db.migrate import upgrade
from app.db.models import User
from app.db.session import Database
from app.security.passwords import hash_password
from app.web.security import WEB_ROLES


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
            access_and_retention.create_user(
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
        lambda session, user: access_and_retention.set_user_disabled(
            session, audit.cli_author(), user, args.disable
        ),
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
        lambda session, user: access_and_retention.set_user_password(
            session, audit.cli_author(), user, password_hash
        ),
    )
    if code == 0:
        print(f"password of {args.name!r} changed")
    return code


def register(sub: Subparsers) -> None:
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
