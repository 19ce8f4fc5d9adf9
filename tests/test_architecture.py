"""The layer contracts of pyproject.toml ([tool.importlinter]) hold, and every module of app/ has a layer."""

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[1]


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "layers")
    return [m.strip() for layer in contract["layers"] for m in layer.replace("|", ":").split(":")]


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_every_module_has_a_layer() -> None:
    layered = _layers()
    modules = [m.name for m in pkgutil.walk_packages(app.__path__, "app.")]
    homeless = [
        m
        for m in modules
        if not any(m == layer or m.startswith(layer + ".") for layer in layered)
        and m != "app.screening"  # a package whose parts are layered one by one
    ]
    assert homeless == []


def test_a_service_worker_does_not_load_the_photo_readers_libraries() -> None:
    """numpy, onnxruntime and RapidOCR belong to the process that reads photos (started on the first photo):
    a worker importing the application never loads them (about 40 MB of memory each worker would carry)."""
    heavy = "('numpy', 'onnxruntime', 'rapidocr_onnxruntime', 'cv2')"
    code = f"import sys, app.main; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
