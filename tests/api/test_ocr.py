"""POST /v1/ocr: a photographed page read in reading order, whatever way up it was taken; bad uploads refused
with their own status before anything is decoded; the roles; a flood of photos refused, not queued without
end."""

import hashlib
import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw, ImageFont

from app.config import Settings
from app.db.session import Database
from app.main import create_app
from app.ocr.cyrillic import CyrillicPass
from app.screening.pipeline import Resources

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # nothing is stored

Auth = Callable[[str], dict[str, str]]
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
RUSSIAN = ["Уксусный ангидрид 99%, бочки 200 л", "Калий марганцовокислый, мешки 25 кг"]
LINES = [
    "1. 男式棉衬衫 100%棉 50件/箱 120箱",
    "2. 醋酸酐 200升/桶 80桶",
    "3. 玉米油 200升/桶 80桶 净重17280公斤",
]


def page(lines: list[str] = LINES, turn: int = 0, kind: str = "PNG") -> bytes:
    """A printed page of these lines, turned anticlockwise by `turn` degrees, as an image file."""
    font = ImageFont.truetype(str(FONT), 30)
    image = Image.new("RGB", (1000, 120 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((50, 60 + 70 * i), line, fill="black", font=font)
    image = image.rotate(turn, expand=True, fillcolor="white")
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def need_tesseract() -> None:
    """Skip a Russian photo test where Tesseract is missing; CI must have it (tasks.py installs it)."""
    if not CyrillicPass().available:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Tesseract with its Russian model is required in CI (python3 tasks.py test installs it)"
            )
        pytest.skip("Tesseract with its Russian model is not installed")


def post(client: TestClient, headers: dict[str, str], data: bytes, name: str = "photo.png") -> object:
    return client.post("/v1/ocr", files={"image": (name, data, "image/png")}, headers=headers)


@pytest.mark.parametrize(("turn", "orientation"), [(0, 0), (90, 270), (180, 180), (270, 90)])
def test_a_page_is_read_in_order_whichever_way_up(
    client: TestClient, auth: Auth, turn: int, orientation: int
) -> None:
    r = client.post(
        "/v1/ocr", files={"image": ("p.png", page(turn=turn), "image/png")}, headers=auth("officer")
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["orientation"] == orientation
    assert body["language"] == "zh"
    texts = [line["text"].replace(" ", "") for line in body["lines"]]
    assert len(texts) == 3
    assert [t[:2] for t in texts] == ["1.", "2.", "3."]  # top to bottom on the page as written
    assert "醋酸酐" in texts[1] and "净重17280公斤" in texts[2]
    assert body["text"] == "\n".join(line["text"] for line in body["lines"])
    for line in body["lines"]:
        assert 0.5 < line["confidence"] <= 1.0
        assert len(line["letters"]) == len(line["text"]) and all(0 <= c <= 1 for c in line["letters"])
        assert len(line["box"]) == 4 and all(len(p) == 2 for p in line["box"])
    assert body["seconds"] > 0


def test_jpeg_and_webp_are_read_too(client: TestClient, auth: Auth) -> None:
    for kind in ("JPEG", "WEBP"):
        r = post(client, auth("system"), page(["醋酸酐 200升/桶 80桶"], kind=kind), f"p.{kind.lower()}")
        assert r.status_code == 200, r.text
        assert "醋酸酐" in r.json()["text"]


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims these dimensions, with one tiny compressed row: decoding it would need the
    memory the header claims."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"%PDF-1.7 not an image", 415, "photo_type"),
        (b"GIF89a\x01\x00\x01\x00", 415, "photo_type"),
        (b"", 422, "photo_empty"),
        (_png_header(30_000, 30_000), 413, "photo_too_many_pixels"),  # 900 megapixels, refused unread
        (_png_header(8_000, 8_000), 413, "photo_too_many_pixels"),  # 64: over the limit, under Pillow's own
        (_png_header(200, 100), 422, "photo_unreadable"),  # the header promises rows that are not there
    ],
)
def test_bad_uploads_get_their_own_status(
    client: TestClient, auth: Auth, data: bytes, status: int, code: str
) -> None:
    r = post(client, auth("officer"), data)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code


def test_a_truncated_photo_is_refused(client: TestClient, auth: Auth) -> None:
    whole = page(kind="JPEG")
    r = post(client, auth("officer"), whole[: len(whole) // 2], "cut.jpg")
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "photo_unreadable"


def test_a_photo_over_the_size_limit_is_refused_before_it_is_read(client: TestClient, auth: Auth) -> None:
    limit = client.app.state.photos.limits.max_bytes  # type: ignore[attr-defined]
    r = post(client, auth("officer"), b"\xff\xd8\xff" + b"\0" * limit)
    assert r.status_code == 413, r.text


def test_no_image_field_is_a_422(client: TestClient, auth: Auth) -> None:
    r = client.post("/v1/ocr", files={"photo": ("p.png", page(), "image/png")}, headers=auth("officer"))
    assert r.status_code == 422


@pytest.mark.parametrize(("role", "status"), [("system", 200), ("supervisor", 200), ("admin", 403)])
def test_roles(client: TestClient, auth: Auth, role: str, status: int) -> None:
    assert post(client, auth(role), page(["丙酮"])).status_code == status
    assert post(client, {}, page(["丙酮"])).status_code == 401


@pytest.mark.parametrize("turn", [0, 90])
def test_a_russian_page_is_read_in_cyrillic(client: TestClient, auth: Auth, turn: int) -> None:
    """RapidOCR has no Cyrillic; Tesseract (installed by tasks.py) reads the page again."""
    need_tesseract()
    r = post(client, auth("officer"), page(RUSSIAN, turn=turn))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["language"] == "ru"
    assert [line["text"] for line in body["lines"]] == RUSSIAN
    assert all(len(line["box"]) == 4 for line in body["lines"])


def test_a_russian_line_on_a_chinese_page_is_read_in_cyrillic(client: TestClient, auth: Auth) -> None:
    """The Chinese lines stay RapidOCR's; the Russian one alone is read again (cut out of the photo)."""
    need_tesseract()
    lines = ["1. 醋酸酐 200升/桶 80桶", RUSSIAN[0], "2. 玉米油 200升/桶 80桶"]
    r = post(client, auth("officer"), page(lines))
    assert r.status_code == 200, r.text
    read = [line["text"] for line in r.json()["lines"]]
    assert read[1] == RUSSIAN[0]
    assert read[0].replace(" ", "") == lines[0].replace(" ", "")


def test_photos_are_kept_only_where_the_deployment_says(
    db: Database, resources: Resources, auth: Auth, tmp_path: Path
) -> None:
    photo = page(["醋酸酐 200升/桶 80桶"], kind="JPEG")
    kept = tmp_path / "photos"
    for photo_dir in (None, kept):
        settings = Settings(
            database_url=db.url, rate_limit_per_minute=0, retention_check_minutes=0, photo_dir=photo_dir
        )
        with TestClient(create_app(settings, resources, loader=lambda: resources)) as client:
            body = post(client, auth("officer"), photo, "p.jpg").json()
        if photo_dir is None:
            assert body["photo_id"] is None and not kept.exists()
        else:
            digest = hashlib.sha256(photo).hexdigest()
            assert body["photo_id"] == digest
            assert (kept / f"{digest}.jpeg").read_bytes() == photo
            assert sorted(p.name for p in kept.iterdir()) == [f"{digest}.jpeg"]
