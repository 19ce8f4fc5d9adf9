"""python -m app keys {create,revoke,list}: API keys."""

import argparse
import sys

from app import access_and_retention
from app.cli.common import Subparsers
from app.config import get_settings
from app.db import audit, repository
from app.db.migrate import upgrade
from app.db.models import utcnow
from app.db.session import Database
from app.security.keys import ROLES


def cmd_keys_create(args: argparse.Namespace) -> int:
    settings = get_settings()
    upgrade(settings.database_url)
    db = Database(settings.database_url)
    with db.transaction() as session:
        new = access_and_retention.create_key(
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
        key = access_and_retention.revoke_key(session, audit.cli_author(), args.key_id)
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


def register(sub: Subparsers) -> None:
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
