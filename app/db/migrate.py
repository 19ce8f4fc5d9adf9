"""Run the Alembic migrations programmatically (used by the CLI, the server start and the tests)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from app.db.session import make_engine


def _project_root() -> Path:
    """The folder holding alembic.ini and migrations/: the source checkout, or the working directory of an
    installed package (the Docker image runs from /srv)."""
    for candidate in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (candidate / "alembic.ini").exists():
            return candidate
    raise FileNotFoundError("alembic.ini not found beside the package or in the working directory")


def alembic_config(url: str) -> Config:
    root = _project_root()
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    engine = make_engine(url)  # creates the SQLite file's folder and sets its pragmas
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def downgrade(url: str, revision: str = "base") -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()
