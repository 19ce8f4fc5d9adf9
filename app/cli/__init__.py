"""The command line, one module per command group; `python -m app` calls `main`."""

from app.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
