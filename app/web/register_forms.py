"""The register page's forms: an authorisation, a pre-export notification and a watched party as a supervisor
types them, checked here and turned into the same records the API takes (app/register_service.py,
app/watch_service.py). A bad field comes back as a message key beside that field, with everything typed kept;
the services' own refusals (a number already taken, an unknown crossing) are mapped to keys the same way."""

from datetime import date

from pydantic import BaseModel, ConfigDict

from app.register_service import AuthorisationData, NotificationData, PartyData, RegisterError
from app.watch_service import WatchData
from app.web.forms import parse_number

NAME_MAX = 300
NOTE_MAX = 2000
SEVERITIES = ("low", "medium", "high")


class AuthorisationForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    a_number: str = ""
    a_kind: str = "import"
    a_holder: str = ""
    a_aliases: str = ""  # one a line
    a_country: str = ""
    a_substance: str = ""
    a_quantity: str = ""
    a_unit: str = "kg"
    a_valid_from: str = ""
    a_valid_to: str = ""
    a_crossings: list[str] = []


class NotificationForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    n_number: str = ""
    n_exporter: str = ""
    n_exporter_country: str = ""
    n_importer: str = ""
    n_importer_country: str = ""
    n_substance: str = ""
    n_quantity: str = ""
    n_unit: str = "kg"
    n_valid_from: str = ""
    n_valid_to: str = ""


class WatchForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    w_name: str = ""
    w_aliases: str = ""
    w_country: str = ""
    w_note: str = ""
    w_severity: str = "high"
    w_valid_to: str = ""


class ReasonForm(BaseModel):
    """Why a document is revoked or an entry ended (kept in the audit log)."""

    model_config = ConfigDict(extra="ignore")

    reason: str = ""


Errors = dict[str, str]  # field -> message key


def _required(value: str, field: str, errors: Errors, limit: int = NAME_MAX) -> str:
    text = value.strip()
    if not text:
        errors[field] = "error_required"
    elif len(text) > limit:
        errors[field] = f"error_too_long_max:{limit}"
    return text


def _date(value: str, field: str, errors: Errors, required: bool = True) -> date | None:
    text = value.strip()
    if not text:
        if required:
            errors[field] = "error_required"
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = "reg_err_date"
        return None


def _quantity(value: str, field: str, errors: Errors) -> float | None:
    try:
        number = parse_number(value)
    except ValueError:
        errors[field] = "error_number"
        return None
    if number is None:
        errors[field] = "error_required"
    elif number <= 0:
        errors[field] = "reg_err_positive"
        return None
    return number


def _lines(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def _country(value: str, field: str, errors: Errors, known: frozenset[str]) -> str | None:
    code = value.strip().upper() or None
    if code is not None and code not in known:
        errors[field] = "error_invalid"
    return code


def parse_authorisation(
    form: AuthorisationForm, countries: frozenset[str]
) -> tuple[AuthorisationData | None, Errors]:
    """`countries`: the codes the page offers."""
    errors: Errors = {}
    country = _country(form.a_country, "a_country", errors, countries)
    number = _required(form.a_number, "a_number", errors)
    holder = _required(form.a_holder, "a_holder", errors)
    substance = _required(form.a_substance, "a_substance", errors)
    quantity = _quantity(form.a_quantity, "a_quantity", errors)
    valid_from = _date(form.a_valid_from, "a_valid_from", errors)
    valid_to = _date(form.a_valid_to, "a_valid_to", errors)
    if form.a_kind not in ("import", "export"):
        errors["a_kind"] = "error_invalid"
    if valid_from and valid_to and valid_to < valid_from:
        errors["a_valid_to"] = "reg_err_dates"
    if errors or quantity is None or valid_from is None or valid_to is None:
        return None, errors
    data = AuthorisationData(
        number=number,
        kind="import" if form.a_kind == "import" else "export",
        holder=PartyData(holder, _lines(form.a_aliases), country),
        substance=substance,
        quantity=quantity,
        unit=form.a_unit,
        valid_from=valid_from,
        valid_to=valid_to,
        crossings=tuple(c for c in form.a_crossings if c),
    )
    return data, errors


def parse_notification(
    form: NotificationForm, countries: frozenset[str]
) -> tuple[NotificationData | None, Errors]:
    errors: Errors = {}
    exporter_country = _country(form.n_exporter_country, "n_exporter_country", errors, countries)
    importer_country = _country(form.n_importer_country, "n_importer_country", errors, countries)
    number = _required(form.n_number, "n_number", errors)
    exporter = _required(form.n_exporter, "n_exporter", errors)
    importer = _required(form.n_importer, "n_importer", errors)
    substance = _required(form.n_substance, "n_substance", errors)
    quantity = _quantity(form.n_quantity, "n_quantity", errors)
    valid_from = _date(form.n_valid_from, "n_valid_from", errors, required=False)
    valid_to = _date(form.n_valid_to, "n_valid_to", errors, required=False)
    if valid_from and valid_to and valid_to < valid_from:
        errors["n_valid_to"] = "reg_err_dates"
    if errors or quantity is None:
        return None, errors
    data = NotificationData(
        number=number,
        exporter=PartyData(exporter, (), exporter_country),
        importer=PartyData(importer, (), importer_country),
        substance=substance,
        quantity=quantity,
        unit=form.n_unit,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return data, errors


def parse_watch(form: WatchForm, countries: frozenset[str]) -> tuple[WatchData | None, Errors]:
    errors: Errors = {}
    country = _country(form.w_country, "w_country", errors, countries)
    name = _required(form.w_name, "w_name", errors)
    note = _required(form.w_note, "w_note", errors, NOTE_MAX)
    valid_to = _date(form.w_valid_to, "w_valid_to", errors, required=False)
    if form.w_severity not in SEVERITIES:
        errors["w_severity"] = "error_invalid"
    if errors:
        return None, errors
    data = WatchData(
        kind="party",
        note=note,
        severity=form.w_severity,
        name=name,
        aliases=_lines(form.w_aliases),
        country=country,
        valid_to=valid_to,
    )
    return data, errors


# A service's refusal, by the field it names, as the message key the page shows beside the form's field.
_REFUSALS = {
    "number": "reg_err_number_taken",
    "substance": "reg_err_substance",
    "unit": "error_invalid",
    "crossings": "reg_err_crossing",
    "valid_to": "reg_err_dates",
    "country": "reg_err_country",
    "severity": "error_invalid",
    "name": "error_required",
}


def refused(e: RegisterError, prefix: str) -> Errors:
    """The errors of a refused record, keyed by the form's fields (`prefix`: "a_", "n_" or "w_")."""
    errors: Errors = {}
    for d in e.details:
        field = d["field"]
        past = prefix == "w_" and field == "valid_to"  # a watched party's end date already gone
        errors[prefix + field] = "reg_err_past" if past else _REFUSALS.get(field, "error_invalid")
    return errors or {prefix + "number": "error_invalid"}
