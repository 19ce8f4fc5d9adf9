"""A writable copy of the small fixture lexicon (tests/data/lexicon_min), and a helper that edits one of its
files, for the loader's tests."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "lexicon_min"


@pytest.fixture
def lexicon_dir(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def edit(directory: Path, file: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Load a YAML file of the copy, let `change` alter it, write it back."""
    path = directory / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
