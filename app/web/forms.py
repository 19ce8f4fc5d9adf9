"""The pages' forms: every field arrives as text, as typed; it is checked here and turned into the same
request the API takes, so a page and an API call are screened and validated alike. A bad field comes back as
a message key beside that field, with everything the officer typed kept."""

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from app.core.numbers import read_number
from app.db.models import OUTCOMES
from app.declarations import ScreeningRequest
from app.services import review_problems

NOTE_MAX = 2000


class LookupForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reference: str = ""
    description: str = ""
    hs_code: str = ""
    quantity: str = ""
    unit: str = ""
    gross_weight_kg: str = ""
    net_weight_kg: str = ""
    packaging: str = ""
    package_count: str = ""
    crossing: str = ""
    direction: str = ""
    origin_country: str = ""
    destination_country: str = ""
    transit_1: str = ""
    transit_2: str = ""
    transit_3: str = ""
    vehicle_plate: str = ""
    container_number: str = ""
    # "1" once the officer has seen how ambiguous numbers were read ("16,600" as 16 600) and sent them again
    numbers_checked: str = ""
    # "photo" once the description was read from a photo (kept through corrections, stored with the body)
    description_source: str = ""
    photo_id: str = ""  # the photo's SHA-256 where the deployment keeps photos (PHOTO_DIR)


class ReviewForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    outcome: str = ""
    note: str = ""
    substance_id: str = ""
    quantity: str = ""
    quantity_unit: str = "kg"
    # ticked to replace another officer's record of the same screening (asked before superseding it)
    supersede: str = ""


def parse_number(text: str, *, large_unit: bool = False) -> float | None:
    """A number as the paper prints it, read by the pipeline's own reader ("16,600" -> 16600, "1 000,5" ->
    1000.5, "12.960" in tonnes -> 12.96); '' -> None; raises ValueError for anything else."""
    if not text.strip():
        return None
    reading = read_number(text, large_unit=large_unit)
    if reading is None:
        raise ValueError(text)
    return reading.value


_ITEM_FIELDS = ("description", "hs_code", "unit", "packaging")
_ITEM_NUMBERS = ("quantity", "gross_weight_kg", "net_weight_kg", "package_count")


def numbers_read(form: LookupForm, large_unit: Callable[[str], bool]) -> dict[str, tuple[str, str]]:
    """{field: (as typed, as read)} for the numbers whose reading was settled by what is plausible for the
    unit ("16,600" kg is 16 600; "12.960" t is 12.96): shown to the officer before the form is screened."""
    large = bool(form.unit.strip()) and large_unit(form.unit.strip())
    out: dict[str, tuple[str, str]] = {}
    for name in _ITEM_NUMBERS:
        typed = getattr(form, name).strip()
        reading = read_number(typed, large_unit=name == "quantity" and large) if typed else None
        if reading is not None and reading.settled:
            out[name] = (typed, reading.shown())
    return out


def _grouped(number: int) -> str:
    """4000 -> '4 000' (a thin grouping every language of the pages reads)."""
    return f"{number:,}".replace(",", "\u202f")


def _message(error: dict[str, Any]) -> str:
    """The message key for a validation error; "key:value" when the message names a figure (the limit)."""
    kind = str(error.get("type", ""))
    if kind in ("missing", "string_too_short") or (
        kind == "string_pattern_mismatch" and "description" in str(error.get("loc"))
    ):
        return "error_required"
    if kind == "string_too_long":
        limit = (error.get("ctx") or {}).get("max_length")
        return f"error_too_long_max:{_grouped(limit)}" if limit else "error_too_long"
    if kind == "value_error" and "container_number" in str(error.get("loc")):
        return "error_container_check"
    if kind.startswith(("less_than", "greater_than", "int_", "float_", "finite")):
        return "error_number"
    return "error_invalid"


def lookup_request(
    form: LookupForm, reference: str, large_unit: Callable[[str], bool]
) -> ScreeningRequest | dict[str, str]:
    """The form as an API request, or {field: message key} for what is wrong with it."""
    errors: dict[str, str] = {}
    item: dict[str, Any] = {k: v.strip() for k in _ITEM_FIELDS if (v := getattr(form, k)).strip()}
    item["description"] = form.description  # kept as pasted: offsets point into it
    large = bool(form.unit.strip()) and large_unit(form.unit.strip())  # a tonne's "12.960" is a decimal
    for name in _ITEM_NUMBERS:
        try:
            value = parse_number(getattr(form, name), large_unit=name == "quantity" and large)
        except ValueError:
            errors[name] = "error_number"
            continue
        if value is not None:
            if name == "package_count" and not value.is_integer():
                errors[name] = "error_whole_number"
                continue
            item[name] = int(value) if name == "package_count" else value
    body: dict[str, Any] = {"reference": reference, "items": [item]}
    for name in (
        "crossing",
        "direction",
        "origin_country",
        "destination_country",
        "vehicle_plate",
        "container_number",
    ):
        if getattr(form, name).strip():
            body[name] = getattr(form, name).strip()
    if form.description_source == "photo":
        body["description_source"] = "photo"
        if form.photo_id:
            body["photo_id"] = form.photo_id
    transit = [t.strip() for t in (form.transit_1, form.transit_2, form.transit_3) if t.strip()]
    if transit:
        body["transit_countries"] = transit
    try:
        request = ScreeningRequest.model_validate(body)
    except ValidationError as exc:
        for e in exc.errors():
            loc = [str(p) for p in e["loc"] if not isinstance(p, int)]
            field = loc[-1] if loc and loc[0] == "items" else (loc[0] if loc else "description")
            field = "transit_1" if field == "transit_countries" else field
            errors.setdefault(field, _message(dict(e)))
    return errors or request


def parse_review(form: ReviewForm, substance_ids: set[str]) -> tuple[float | None, dict[str, str]]:
    """The seized quantity, and {field: message key} for what is wrong with the form."""
    errors: dict[str, str] = {}
    if form.outcome not in OUTCOMES:
        errors["outcome"] = "error_outcome"
    if len(form.note) > NOTE_MAX:
        errors["note"] = f"error_too_long_max:{_grouped(NOTE_MAX)}"
    if form.substance_id and form.substance_id not in substance_ids:
        errors["substance_id"] = "error_invalid"
    if form.quantity_unit not in ("kg", "l"):
        errors["quantity"] = "error_invalid"
    quantity = None
    try:
        quantity = parse_number(form.quantity)
    except ValueError:
        errors["quantity"] = "error_number"
    if quantity is not None and quantity > 1e9:
        errors["quantity"] = "error_number"
    for field, problem in review_problems(form.outcome, form.substance_id, quantity).items():
        errors.setdefault(field, f"error_review_{problem}")
    return quantity, errors
