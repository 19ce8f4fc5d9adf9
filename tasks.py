#!/usr/bin/env python3
"""The project's commands, runnable with nothing but Python 3.11:

    python3 tasks.py run     set up .venv, migrate the SQLite database, serve on http://127.0.0.1:8000
    python3 tasks.py test    set up .venv with the test tools (and Debian's chromium for the browser tests),
                             lint, type-check, run the whole suite
    python3 tasks.py eval    print precision and recall of the matcher per category of the corpus
    python3 tasks.py bench   run the pipeline benchmark

The virtual environment is created on first use and reinstalled when pyproject.toml changes.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def sh(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    code = subprocess.call([str(a) for a in args], cwd=ROOT, env=env)
    if code != 0:
        sys.exit(code)


def ensure_venv(extra: str) -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is required (this is {sys.version.split()[0]}): run this file with python3.11")
    stamp = VENV / f".installed-{extra or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PY.exists():
        return
    if not PY.exists():
        sh(sys.executable, "-m", "venv", VENV)
    sh(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    sh(PY, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


def run() -> None:
    ensure_venv("")
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    sh(PY, "-m", "app", "serve", "--host", host, "--port", port)


# The browser tests drive Debian's Chromium (Playwright's own browser download does not work here); CJK fonts
# make the Chinese text in their screenshots legible, and they and DejaVu set the photo tests' printed pages
# (tests/ocr_images.py); Tesseract with its Russian model reads the Russian lines of photos
# (app/ocr/cyrillic.py). Each package is installed when the file that stands for it is missing.
SYSTEM_PACKAGES = {
    "chromium": "/usr/bin/chromium",
    "fonts-noto-cjk": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "fonts-dejavu-core": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "tesseract-ocr": "/usr/bin/tesseract",
    "tesseract-ocr-rus": "/usr/share/tesseract-ocr/5/tessdata/rus.traineddata",
}


def ensure_system_packages() -> None:
    """Install Debian's chromium, the fonts and Tesseract when missing and this user may (root, apt-get
    present)."""
    missing = [package for package, path in SYSTEM_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    if os.geteuid() != 0 or not Path("/usr/bin/apt-get").exists():
        print(
            f"{', '.join(missing)} missing and cannot be installed here: the browser and photo tests will be "
            "skipped",
            flush=True,
        )
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sh("apt-get", "update", "-qq", env=env)
    sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def test() -> None:
    ensure_venv("test")
    ensure_system_packages()
    sh(PY, "-m", "ruff", "check", "app", "tests", "bench", "migrations", "scripts", "tasks.py")
    sh(PY, "-m", "ruff", "format", "--check", "app", "tests", "bench", "migrations", "scripts", "tasks.py")
    sh(PY, "-m", "mypy", "app")
    sh(BIN / "hadolint", "Dockerfile")
    # two processes, each test file whole on one of them (its module fixtures built once): the suite took 24
    # minutes on one process of a slow machine here, 16 on two
    sh(PY, "-m", "pytest", "-n", "2", "--dist", "loadfile", *sys.argv[2:])


def evaluate() -> None:
    ensure_venv("test")
    sh(PY, "-m", "tests.evaluation", *sys.argv[2:])


def bench() -> None:
    ensure_venv("test")
    sh(PY, "bench/pipeline.py", *(sys.argv[2:] or ["--scale", "1", "10", "100"]))


COMMANDS = {"run": run, "test": test, "eval": evaluate, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
