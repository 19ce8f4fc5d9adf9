"""The photo shown back beside the text read from it: small, JPEG, the page upright."""

import io

from PIL import Image

from app.ocr.images import UPRIGHT
from app.ocr.order import Orientation

PREVIEW_SIDE = 900  # pixels


def preview(image: Image.Image, orientation: Orientation, side: int = PREVIEW_SIDE) -> bytes:
    small = image.copy()
    small.thumbnail((side, side))
    if orientation in UPRIGHT:
        small = small.transpose(UPRIGHT[orientation])
    out = io.BytesIO()
    small.save(out, "JPEG", quality=70)
    return out.getvalue()
