"""`python -m app screen`: JSON Lines and CSV in, results out in input order, stored like API screenings, and
an interrupted run resumed to the same output a clean run gives."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.bulk import read_inputs, run
from app.db.repository import Author
from app.db.session import Database
from app.screening.pipeline import Resources
from tests.conftest import ROOT, count_rows

AUTHOR = Author("cli", "", "test")


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def _declarations(n: int) -> list[dict[str, object]]:
    goods = [
        "醋酸酐 200升/桶×80桶",
        "cotton T-shirts, 500 pcs",
        "уксусный ангидрид 20 т",
        "paint 20 L",
        "acetone",
    ]
    return [{"reference": f"F-{i}", "items": [{"description": goods[i % len(goods)]}]} for i in range(n)]


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (  # rows of one reference are one declaration, wherever they are; numbers read as numbers
            "reference,description,net_weight_kg,crossing,transit_countries\n"
            'A,醋酸酐 200升,216,Torugart,KG;TJ\nB,shirts,10,,\nA,acetone,"1,5",,\n',
            [
                {
                    "reference": "A",
                    "crossing": "Torugart",
                    "transit_countries": ["KG", "TJ"],
                    "items": [
                        {"description": "醋酸酐 200升", "net_weight_kg": 216.0},
                        {"description": "acetone", "net_weight_kg": 1.5},
                    ],
                },
                {"reference": "B", "items": [{"description": "shirts", "net_weight_kg": 10.0}]},
            ],
        ),
        ("description\nacetone\n", None),  # no reference column: one problem, nothing read
    ],
)
def test_csv_rows_are_grouped_by_reference(tmp_path: Path, csv_text: str, expected: list | None) -> None:
    path = tmp_path / "in.csv"
    path.write_text(csv_text, encoding="utf-8")
    entries = read_inputs([path])
    if expected is None:
        assert [(e.body, e.problem is not None) for e in entries] == [(None, True)]
    else:
        assert [e.body for e in entries] == expected


def test_results_in_input_order_and_stored_once(tmp_path: Path, db: Database, resources: Resources) -> None:
    source = _write(tmp_path / "in.jsonl", [*_declarations(150), {"reference": "BAD", "items": []}])
    (tmp_path / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = run(
        [source, tmp_path / "broken.jsonl"],
        out=out,
        db=db,
        res=resources,
        workers=2,
        cache_dir=tmp_path / "cache",
        author=AUTHOR,
    )
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["reference"] for x in lines] == [f"F-{i}" for i in range(150)] + ["BAD", None]
    assert lines[0]["risk_level"] == "high" and lines[0]["reasons"][0]["substance"] == "acetic_anhydride"
    assert "items" in lines[150]["error"] and "not JSON" in lines[151]["error"]
    assert (summary.screened, summary.refused) == (150, 2)
    with db.transaction() as session:
        assert count_rows(session, "screenings") == 150
    # the same files again (a fresh output): everything is recognised as stored already
    run(
        [source],
        out=tmp_path / "again.jsonl",
        db=db,
        res=resources,
        workers=1,
        cache_dir=tmp_path / "cache",
        author=AUTHOR,
    )
    with db.transaction() as session:
        assert count_rows(session, "screenings") == 150


def test_an_interrupted_run_resumes_to_the_clean_output(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.jsonl", _declarations(6000))
    clean, resumed = tmp_path / "clean.jsonl", tmp_path / "resumed.jsonl"
    env = {**os.environ, "CACHE_DIR": str(tmp_path / "cache")}

    def screen(out: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "screen", str(source), "--out", str(out), "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    first = screen(resumed)
    progress = Path(f"{resumed}.progress")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # stop it once it has written a few chunks
        if progress.exists() and json.loads(progress.read_text())["done"] >= 256:
            break
        time.sleep(0.05)
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=120)
    assert first.returncode == 130, err[-500:]
    stopped_at = json.loads(progress.read_text())["done"]
    assert 256 <= stopped_at < 6000
    with resumed.open("a", encoding="utf-8") as f:
        f.write('{"half a line')  # as a crash in the middle of a write would leave it
    second = screen(resumed)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err[-500:]
    assert f"resumed after {stopped_at}" in out
    assert screen(clean).wait(timeout=300) == 0
    assert resumed.read_text(encoding="utf-8") == clean.read_text(encoding="utf-8")
    assert len(resumed.read_text(encoding="utf-8").splitlines()) == 6000
