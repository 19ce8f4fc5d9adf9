"""The lookup form's photo: the officer photographs the declaration or a drum label, the text read from it
lands in the description box beside the photo, doubtful lines marked, for the officer to correct and screen
like typed text. The photo is shown back from the request itself and not stored."""

import base64
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from app.api.deps import DbSession, PipelineResources
from app.errors import ApiError
from app.ocr import PhotoReader
from app.web.forms import LookupForm
from app.web.pages import Screener, lookup_form_page
from app.web.security import CsrfChecked

router = APIRouter(include_in_schema=False)

# A line read with less confidence than this is marked for the officer to check against the photo, and within
# it (and any line) the characters read with less than DOUBTFUL_LETTER.
DOUBTFUL_BELOW = 0.85
DOUBTFUL_LETTER = 0.8
# The recogniser's refusals, as the page words them (app/web/messages.yaml).
_ERROR_KEYS = {
    "photo_too_large": "error_photo_too_large",
    "photo_too_many_pixels": "error_photo_too_large",
    "photo_type": "error_photo_type",
    "photo_empty": "error_photo_missing",
    "photo_unreadable": "error_photo_unreadable",
    "ocr_busy": "error_photo_busy",
    "ocr_timeout": "error_photo_busy",
    "ocr_unavailable": "error_photo_unavailable",
}


@dataclass(frozen=True)
class PhotoLine:
    text: str
    confidence: float
    doubtful: bool
    pieces: tuple[tuple[str, bool], ...]  # the text in runs of (characters, read unsurely?)


def pieces(text: str, letters: tuple[float, ...]) -> tuple[tuple[str, bool], ...]:
    """The text cut where the characters' confidence crosses DOUBTFUL_LETTER."""
    out: list[tuple[str, bool]] = []
    for ch, sure in zip(text, letters, strict=True):
        unsure = sure < DOUBTFUL_LETTER and not ch.isspace()
        if out and out[-1][1] == unsure:
            out[-1] = (out[-1][0] + ch, unsure)
        else:
            out.append((ch, unsure))
    return tuple(out)


@dataclass(frozen=True)
class PhotoView:
    preview: str  # a data: URL of the photo, scaled down
    lines: tuple[PhotoLine, ...]
    seconds: float


@router.post("/lookup/photo", dependencies=[CsrfChecked])
async def lookup_photo(
    request: Request,
    session: DbSession,
    res: PipelineResources,
    user: Screener,
    form: Annotated[LookupForm, Form()],
    photo: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """The form again, with what the photo reads in its description box (after anything typed there before;
    the rest as typed); nothing is screened or stored yet."""
    reader: PhotoReader = request.app.state.photos
    data = await photo.read(reader.limits.max_bytes + 1) if photo is not None else b""
    try:
        if not data:
            raise ApiError(422, "photo_empty", "no photo")
        reading, preview, photo_id = await reader.read_with_preview(data)
    except ApiError as exc:
        errors = {"photo": _ERROR_KEYS.get(exc.code, "error_photo_unreadable")}
        return await run_in_threadpool(
            lookup_form_page, request, session, res, user, form, errors, status=exc.status, sent=True
        )
    view = PhotoView(
        preview="data:image/jpeg;base64," + base64.b64encode(preview).decode("ascii"),
        lines=tuple(
            PhotoLine(
                line.text,
                line.confidence,
                line.confidence < DOUBTFUL_BELOW,
                pieces(line.text, line.letter_confidences()),
            )
            for line in reading.lines
        ),
        seconds=reading.seconds,
    )
    # a description typed (or read from another page) before stays, the photo's text after it: nothing lost
    typed = form.description.rstrip()
    text = f"{typed}\n{reading.text}" if typed and reading.text else typed or reading.text
    read = form.model_copy(
        update={"description": text, "description_source": "photo", "photo_id": photo_id or form.photo_id}
    )
    errors = {} if reading.text.strip() else {"photo": "error_photo_no_text"}
    return await run_in_threadpool(
        lookup_form_page, request, session, res, user, read, errors, sent=True, photo=view
    )
