"""The command line: python -m app {migrate,serve,keys,users,...}; the commands live in app.cli."""

import sys

from app.cli import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
