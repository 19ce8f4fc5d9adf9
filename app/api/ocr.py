"""POST /v1/ocr: the text of a photographed declaration or drum label, for the caller to correct and
screen."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile

from app.api.deps import Principal, require
from app.api.schemas import ErrorBody, OcrLineOut, OcrOut
from app.errors import ApiError
from app.ocr import PhotoReader, Reading

router = APIRouter(prefix="/v1/ocr", tags=["ocr"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No valid API key"},
    403: {"model": ErrorBody, "description": "The key's role may not use this endpoint"},
    413: {"model": ErrorBody, "description": "The photo is larger than allowed, in bytes or in pixels"},
    415: {"model": ErrorBody, "description": "Not a JPEG, PNG or WebP image"},
    422: {"model": ErrorBody, "description": "No photo, an empty one, or one that cannot be read to its end"},
    503: {
        "model": ErrorBody,
        "description": "Too many photos waiting, or the photo not read within OCR_WAIT_SECONDS (try again "
        "after Retry-After seconds), or no recogniser here",
    },
}


def photo_reader(request: Request) -> PhotoReader:
    reader: PhotoReader = request.app.state.photos
    return reader


async def read_upload(upload: UploadFile, reader: PhotoReader) -> bytes:
    """The uploaded file's bytes, refused with 413 as soon as it passes the limit."""
    limit = reader.limits.max_bytes
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, "photo_too_large", f"the photo is larger than {limit // 1_000_000} MB")
    return data


def reading_out(reading: Reading, photo_id: str | None) -> OcrOut:
    return OcrOut(
        photo_id=photo_id,
        text=reading.text,
        lines=[
            OcrLineOut(
                text=line.text,
                confidence=round(line.confidence, 3),
                box=[[round(x), round(y)] for b in line.boxes[:1] for x, y in b.points],
                letters=[round(c, 3) for c in line.letter_confidences()],
            )
            for line in reading.lines
        ],
        language=reading.language,
        orientation=reading.orientation.value,
        seconds=round(reading.seconds, 3),
    )


@router.post("", response_model=OcrOut, responses=_ERRORS)
async def read_photo(
    image: Annotated[UploadFile, File(description="JPEG, PNG or WebP photo, up to the size limit")],
    reader: Annotated[PhotoReader, Depends(photo_reader)],
    _: Annotated[Principal, Depends(require("system", "officer", "supervisor"))],
) -> OcrOut:
    """The photo's text lines in reading order (top to bottom, left to right, a turned photo read upright)
    with each line's confidence and box (the first box of the line, in the photo's pixels). The photo is kept
    only where the deployment sets PHOTO_DIR (then `photo_id` names it)."""
    return reading_out(*await reader.read(await read_upload(image, reader)))
