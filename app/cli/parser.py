"""The parser, built from each command group's `register(subparsers)`, and the entry point."""

import argparse
from collections.abc import Callable, Sequence

from app.cli import keys, migrate, reload, rescreen, retention, screen, seed, serve, users
from app.cli.common import Subparsers

# In the order `python -m app --help` lists them.
GROUPS: tuple[Callable[[Subparsers], None], ...] = (
    migrate.register,
    serve.register,
    keys.register,
    users.register,
    retention.register,
    screen.register,
    rescreen.register,
    reload.register,
    seed.register,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="Precursor screening service")
    sub = parser.add_subparsers(dest="command", required=True)
    for register in GROUPS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result
