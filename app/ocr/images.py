"""An uploaded photo checked and decoded: the kind read from its first bytes (JPEG, PNG or WebP, whatever the
request says), its size in pixels read from the header and refused before decoding when it would exhaust
memory (a decompression bomb), a truncated file refused, the camera's orientation tag applied, and a large
photo scaled down to what the recogniser reads anyway."""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from app.errors import ApiError
from app.ocr.order import Orientation

_KINDS = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


# how to turn a photo (or a cut of it) so that the page stands upright, by the page's orientation in it
UPRIGHT = {
    Orientation.QUARTER_CLOCKWISE: Image.Transpose.ROTATE_90,
    Orientation.UPSIDE_DOWN: Image.Transpose.ROTATE_180,
    Orientation.QUARTER_ANTICLOCKWISE: Image.Transpose.ROTATE_270,
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int  # the upload
    max_pixels: int  # width x height, read from the header before decoding
    max_side: int  # the longer side the recogniser is given (larger photos are scaled down)


def kind_of(data: bytes) -> str | None:
    """'jpeg', 'png' or 'webp' by the file's signature; None for anything else."""
    for signature, kind in _KINDS:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def check(data: bytes, limits: Limits) -> str:
    """The photo's kind, or an ApiError for what its bytes alone tell: 413 too large, 422 empty, 415 not a
    JPEG, PNG or WebP image. Cheap: done before a photo waits for the reading process, so a wrong file is
    refused at once however busy that is."""
    if len(data) > limits.max_bytes:
        raise ApiError(413, "photo_too_large", f"the photo is larger than {limits.max_bytes // 1_000_000} MB")
    if not data:
        raise ApiError(422, "photo_empty", "the photo is empty")
    kind = kind_of(data)
    if kind is None:
        raise ApiError(415, "photo_type", "the photo must be a JPEG, PNG or WebP image")
    return kind


def decode(data: bytes, limits: Limits) -> Image.Image:
    """The photo as an RGB image ready for the recogniser, or an ApiError: check()'s, 413 too many pixels,
    422 an image that cannot be read to its end."""
    kind = check(data, limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data), formats=[kind.upper()])
            width, height = image.size  # from the header: nothing decoded yet
            if width * height > limits.max_pixels:
                raise ApiError(
                    413,
                    "photo_too_many_pixels",
                    f"the photo has {width} x {height} pixels, more than {limits.max_pixels:,} in all",
                )
            image.load()
    except ApiError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ApiError(413, "photo_too_many_pixels", "the photo has too many pixels") from exc
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow's "truncated", "broken data stream", …
        raise ApiError(422, "photo_unreadable", f"the photo cannot be read: {exc}") from exc
    image = ImageOps.exif_transpose(image)  # the camera's orientation tag: the page as the officer saw it
    image = image.convert("RGB")
    if max(image.size) > limits.max_side:
        image.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
    return image
