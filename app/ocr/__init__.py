"""Photos of declarations and drum labels read into text: checked and decoded (images.py), recognised
(engine.py), put in reading order (order.py), one at a time outside the event loop (queue.py)."""

import io
from dataclasses import dataclass

from PIL import Image

from app.ocr.engine import Reading, Recogniser
from app.ocr.images import Limits, decode
from app.ocr.order import Orientation
from app.ocr.queue import PhotoQueue

PREVIEW_SIDE = 900  # the photo shown beside the text read from it, in pixels


@dataclass
class PhotoReader:
    """What the API and the pages share: the limits, the recogniser (loaded on the first photo) and the
    queue photos wait in."""

    limits: Limits
    recogniser: Recogniser
    queue: PhotoQueue

    async def read(self, data: bytes) -> Reading:
        """The photo checked, decoded and read on the queue's thread (ApiError 413/415/422, or 503 when too
        many photos wait)."""
        return await self.queue.run(lambda: self.recogniser.read(decode(data, self.limits)))

    async def read_with_preview(self, data: bytes) -> tuple[Reading, bytes]:
        """read(), and the photo as a small JPEG to show beside the text, turned so that the page stands
        upright."""

        def work() -> tuple[Reading, bytes]:
            image = decode(data, self.limits)
            reading = self.recogniser.read(image)
            return reading, preview(image, reading.orientation)

        return await self.queue.run(work)


# how to turn a photo so that the page stands upright, by the page's orientation in it
_UPRIGHT = {
    Orientation.QUARTER_CLOCKWISE: Image.Transpose.ROTATE_90,
    Orientation.UPSIDE_DOWN: Image.Transpose.ROTATE_180,
    Orientation.QUARTER_ANTICLOCKWISE: Image.Transpose.ROTATE_270,
}


def preview(image: Image.Image, orientation: Orientation, side: int = PREVIEW_SIDE) -> bytes:
    """The photo, the page upright, small, as JPEG."""
    small = image.copy()
    small.thumbnail((side, side))
    if orientation in _UPRIGHT:
        small = small.transpose(_UPRIGHT[orientation])
    out = io.BytesIO()
    small.save(out, "JPEG", quality=70)
    return out.getvalue()


__all__ = ["Limits", "PhotoQueue", "PhotoReader", "Reading", "Recogniser", "preview"]
