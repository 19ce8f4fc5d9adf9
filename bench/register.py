"""What the register and the intelligence entries cost a stored declaration (issue 16's goal: within 1.3x).

    python bench/register.py [--declarations 300] [--rounds 3] [--database sqlite|postgresql]

Each round stores the same mix of one-item declarations through `submit_screening` (screen, judge, store;
one transaction each) into an empty database and into one holding 48 authorisations with their
notifications, 20 watched parties and 10 targeting profiles, the two alternating declaration by declaration
so the machine's drift hits both. The mix: a third name acetic anhydride for a consignee that holds an
authorisation, a third a Table II solvent for another company, a third ordinary goods (paint, shirts, oil),
with changing references and quantities. No item cache: each database's declaration is screened afresh.
Prints the median milliseconds per declaration of each and their ratio per round, then the median ratio.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db.migrate import upgrade  # noqa: E402
from app.db.models import Authorisation, Notification, WatchEntry  # noqa: E402
from app.db.repository import Author  # noqa: E402
from app.db.session import Database  # noqa: E402
from app.declarations import ScreeningRequest  # noqa: E402
from app.screening.pipeline import load_resources  # noqa: E402
from app.services import submit_screening  # noqa: E402
from tests.conftest import create_database, drop_database  # noqa: E402

AUTHOR = Author("cli", "", "bench")
TODAY = date.today()
GOODS = ("Краска масляная МА-15, бочки 200 л", "Cotton shirts, 120 cartons", "玉米油 200升/桶 80桶")


def fill(db: Database) -> None:
    with db.transaction() as session:
        for i in range(48):
            aliases = [f"ТОО «Компания {i}»"]
            holder = {"name": f"Company {i} Chemicals LLP", "aliases": aliases, "country": "KZ"}
            substance = "acetic_anhydride" if i % 2 == 0 else "toluene"
            session.add(
                Authorisation(
                    number=f"KZ-IMP-{i}",
                    kind="import",
                    holder=holder,
                    substance_id=substance,
                    quantity=1e9,
                    unit="kg",
                    valid_from=TODAY - timedelta(days=30),
                    valid_to=TODAY + timedelta(days=300),
                    crossings=[],
                    created_by="bench",
                )
            )
            session.add(
                Notification(
                    number=f"PEN-{i}",
                    exporter={"name": "Urumqi Huaxia Trading Co., Ltd.", "country": "CN"},
                    importer=holder,
                    substance_id=substance,
                    quantity=1e9,
                    unit="kg",
                    created_by="bench",
                )
            )
        for i in range(20):
            session.add(
                WatchEntry(
                    kind="party",
                    name=f"Watched {i} Trading LLP",
                    aliases=[],
                    note="x",
                    severity="high",
                    created_by="bench",
                )
            )
        for prefix in ("3208", "3210", "1515", "2915", "2902", "6205", "2710", "3814", "2914", "2909"):
            session.add(
                WatchEntry(
                    kind="profile",
                    crossing_id="khorgos",
                    hs_prefix=prefix,
                    aliases=[],
                    note="x",
                    severity="medium",
                    created_by="bench",
                )
            )


def body(n: int, run: str) -> ScreeningRequest:
    kind = n % 3
    if kind == 0:
        party, text = f"COMPANY {n % 48 // 2 * 2} CHEMICALS, TOO", "уксусный ангидрид 99%"
    elif kind == 1:
        party, text = f"Other {n} Trading LLP", "толуол нефтяной"
    else:
        party, text = f"Shop {n} LLP", GOODS[n % len(GOODS)]
    return ScreeningRequest.model_validate(
        {
            "reference": f"{run}-{n}",
            "direction": "import",
            "crossing": "Khorgos",
            "consignor": {"name": "Urumqi Huaxia Trading Co., Ltd.", "country": "CN"},
            "consignee": {"name": party, "country": "KZ"},
            "items": [{"description": text, "net_weight_kg": 100 + n}],
        }
    )


def run(empty: Database, full: Database, res: object, count: int, tag: str) -> tuple[float, float]:
    """Median ms per declaration into each database, the two alternating declaration by declaration (the
    machine's drift hits both alike)."""
    times: tuple[list[float], list[float]] = ([], [])
    for n in range(count):
        b = body(n, tag)
        for db, spent in zip((empty, full), times, strict=True):
            t0 = time.perf_counter()
            with db.transaction() as session:
                submit_screening(session, db, res, b, AUTHOR)  # type: ignore[arg-type]
            spent.append(time.perf_counter() - t0)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--declarations", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    res = load_resources(item_cache_size=0)
    with tempfile.TemporaryDirectory() as tmp:
        urls = []
        for name in ("empty", "full"):
            if args.database == "sqlite":
                urls.append(f"sqlite:///{tmp}/{name}.db")
            else:
                urls.append(create_database(f"bench_register_{name}_{os.getpid()}"))
        for url in urls:
            upgrade(url)
        empty, full = Database(urls[0]), Database(urls[1])
        fill(full)
        run(empty, full, res, 30, "warm")
        pairs = [run(empty, full, res, args.declarations, f"r{r}") for r in range(args.rounds)]
        for db in (empty, full):
            db.dispose()
        if args.database == "postgresql":
            for url in urls:
                drop_database(url)
    print(f"{'round':>6}{'empty ms':>10}{'full ms':>10}{'ratio':>8}")
    for r, (a, b) in enumerate(pairs):
        print(f"{r:>6}{a:>10.2f}{b:>10.2f}{b / a:>8.2f}")
    ratios = [b / a for a, b in pairs]
    print(f"median ratio {statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()
