"""Photo reading: seconds per photo on one thread, and the service's screening latency while photos are read.

    python bench/ocr.py [--requests 300] [--rounds 2]

1. Every page of the OCR test set (tests/ocr_images.py: about a megapixel each, printed and photographed,
   Chinese, Russian, English) read by the recogniser as the service runs it (OCR_THREADS=1; Tesseract's
   Russian pass on one thread too): median, 90th percentile and slowest, by language.
2. Two real services (`python -m app serve`, SQLite, one worker each), one whose photo reader is stopped
   while other requests run (OCR_HOLD_SECONDS=10, the default: app/ocr/pause.py) and one whose reader only
   runs at idle priority (0). Against each in turn, one client posts one-item declarations one after another
   and times each answer, in `--chunks` alternating turns: alone (once no photo is being read), then while a
   second client (another process) keeps sending photos to POST /v1/ocr; `--rounds` rounds. Prints the
   median and 99th percentile latency of each, the photos read meanwhile and the seconds the reader was
   held, then the median of the rounds' figures and how far the rounds alone differ from each other (the
   noise a difference has to exceed).
"""

import argparse
import contextlib
import io
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db.migrate import upgrade  # noqa: E402
from app.ocr import Recogniser  # noqa: E402
from bench.server import serve  # noqa: E402
from tests.ocr_images import load_pages, render  # noqa: E402

DESCRIPTIONS = (
    "醋酸酐 200升/桶 80桶 净重17280公斤",
    "Уксусный ангидрид 99%, бочки 200 л",
    "Cotton shirts, 120 cartons",
    "玉米油 200升/桶 80桶",
)


def per_photo() -> None:
    recogniser = Recogniser(threads=1)
    recogniser.read(render(load_pages()[0]))  # the engine loaded
    times: dict[str, list[float]] = {}
    pixels = []
    for page in load_pages():
        image = render(page)
        pixels.append(image.width * image.height)
        started = time.perf_counter()
        recogniser.read(image)
        lang = "zh" if page.lang in ("zh", "mixed") else page.lang
        times.setdefault(lang, []).append(time.perf_counter() - started)
        times.setdefault("all", []).append(time.perf_counter() - started)
    print(f"photos of {statistics.median(pixels) / 1e6:.2f} megapixels (median), one thread")
    print(f"{'language':<10}{'photos':>7}{'median s':>10}{'p90 s':>8}{'max s':>8}")
    for lang, spent in sorted(times.items()):
        spent.sort()
        p90 = spent[int(0.9 * (len(spent) - 1))]
        print(f"{lang:<10}{len(spent):>7}{statistics.median(spent):>10.2f}{p90:>8.2f}{max(spent):>8.2f}")


def _photo_bytes() -> list[bytes]:
    out = []
    for page in load_pages()[:8]:
        buffer = io.BytesIO()
        render(page).save(buffer, "JPEG", quality=85)
        out.append(buffer.getvalue())
    return out


def _post(url: str, key: str, body: bytes, content_type: str) -> int:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            r.read()
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def _multipart(data: bytes) -> tuple[bytes, str]:
    """A multipart body with the photo in the field `image`, and its content type."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="p.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _photos_when_asked(url: str, key: str, sending: Any, idle: Any, stop: Any, read: Any) -> None:
    """Photos sent one after another while `sending` is set; `idle` is set while no photo is on its way (so
    none is being read); `read` counts those read."""
    photos = [_multipart(p) for p in _photo_bytes()]
    n = 0
    while not stop.is_set():
        if not sending.wait(0.02):
            idle.set()
            continue
        idle.clear()
        if _post(url, key, *photos[n % len(photos)]) == 200:
            read.value += 1
        n += 1


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))]


def _held_seconds(url: str) -> float:
    """The service's ocr_reader_held_seconds_total (GET /metrics)."""
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as response:
        for line in response.read().decode().splitlines():
            if line.startswith("ocr_reader_held_seconds_total "):
                return float(line.split()[1])
    return 0.0


def _screenings(server: Any, tag: str, requests: int) -> list[float]:
    spent = []
    for n in range(requests):
        body = {"reference": f"{tag}-{n}", "items": [{"description": DESCRIPTIONS[n % 4]}]}
        started = time.perf_counter()
        status = _post(
            f"{server.url}/v1/screenings", server.key, json.dumps(body).encode(), "application/json"
        )
        spent.append(time.perf_counter() - started)
        assert status == 200, status
    return spent


def _round(server: Any, tag: str, requests: int, chunks: int) -> tuple[list[float], list[float], int, float]:
    """Screenings alone and while another process keeps sending photos, in `chunks` alternating turns (so that
    a machine that drifts touches both alike); an alone turn starts once no photo is being read. Returns
    (alone, busy, photos read, seconds the reader was held)."""
    held_before = _held_seconds(server.url)
    # the photos come from another process: a thread of this one would slow the timed client itself (its
    # interpreter lock), not the service
    sending, idle, stop = multiprocessing.Event(), multiprocessing.Event(), multiprocessing.Event()
    read = multiprocessing.Value("i", 0)
    sender = multiprocessing.Process(
        target=_photos_when_asked, args=(f"{server.url}/v1/ocr", server.key, sending, idle, stop, read)
    )
    sender.start()
    alone: list[float] = []
    busy: list[float] = []
    for c in range(chunks):
        sending.clear()
        idle.wait(120)
        alone += _screenings(server, f"alone-{tag}-{c}", requests // chunks)
        sending.set()
        time.sleep(0.2)  # a photo on its way
        busy += _screenings(server, f"busy-{tag}-{c}", requests // chunks)
    sending.clear()
    idle.wait(120)
    stop.set()
    sender.join()
    return alone, busy, read.value, _held_seconds(server.url) - held_before


SETTINGS = {"held": "10", "idle priority only": "0"}  # OCR_HOLD_SECONDS


def latency_under_photos(requests: int, rounds: int, chunks: int = 10) -> None:
    """Two services, the reader held while screenings run (OCR_HOLD_SECONDS=10, the default) and not (0),
    measured in turn, round by round."""
    photos = [_multipart(p) for p in _photo_bytes()]
    rows: dict[str, list[tuple[list[float], list[float], int, float]]] = {name: [] for name in SETTINGS}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        servers = {}
        for n, (name, hold) in enumerate(SETTINGS.items()):
            url = f"sqlite:///{tmp}/ocr-{n}.db"
            upgrade(url)
            workdir = Path(tmp) / str(n)
            workdir.mkdir()
            server = stack.enter_context(serve(url, workdir, OCR_HOLD_SECONDS=hold))
            assert _post(f"{server.url}/v1/ocr", server.key, *photos[0]) == 200  # the engine loaded
            _screenings(server, "warm", requests)
            servers[name] = server
        for r in range(rounds):
            for name, server in servers.items():
                rows[name].append(_round(server, f"{r}-{name}", requests, chunks))
    print(
        f"\n{'reader':<20}{'round':>5}{'alone p50 ms':>14}{'p99 ms':>9}{'reading p50 ms':>16}{'p99 ms':>9}"
        f"{'photos':>8}{'held s':>8}"
    )
    for name, measured in rows.items():
        for r, (alone, busy, read, held) in enumerate(measured):
            print(
                f"{name:<20}{r:>5}{statistics.median(alone) * 1000:>14.1f}{_p99(alone) * 1000:>9.1f}"
                f"{statistics.median(busy) * 1000:>16.1f}{_p99(busy) * 1000:>9.1f}{read:>8}{held:>8.1f}"
            )
    for name, measured in rows.items():
        for label, pick in (("p50", statistics.median), ("p99", _p99)):
            alone_ms = [pick(alone) * 1000 for alone, _, _, _ in measured]
            busy_ms = [pick(busy) * 1000 for _, busy, _, _ in measured]
            a, b = statistics.median(alone_ms), statistics.median(busy_ms)
            print(
                f"{name}, {label}: alone {a:.1f} ms (rounds {min(alone_ms):.1f}-{max(alone_ms):.1f}), "
                f"while photos are read {b:.1f} ms ({min(busy_ms):.1f}-{max(busy_ms):.1f}); "
                f"difference of medians {b - a:+.1f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chunks", type=int, default=10, help="alone and busy turns per round")
    parser.add_argument("--latency-only", action="store_true", help="skip the seconds per photo")
    args = parser.parse_args()
    if not args.latency_only:
        per_photo()
    latency_under_photos(args.requests, args.rounds, args.chunks)


if __name__ == "__main__":
    main()
