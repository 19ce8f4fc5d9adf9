"""Every string in three languages; every key the templates and pages use exists; language choice."""

import re
from pathlib import Path

import pytest

from app.db.models import OUTCOMES
from app.errors import DataError
from app.web.dashboard import DOWNLOAD_GROUPS
from app.web.i18n import catalogue, countries, pick_language
from app.web.register_page import SAVED
from app.web.render import TEMPLATES
from app.web.security import WEB_ROLES

WEB = Path(__file__).resolve().parents[2] / "app" / "web"
# t('key') in templates and "key" message names in the page modules
_TEMPLATE_KEY = re.compile(r"(?<![\w.])t\('([a-z_0-9]+)'")
_PY_KEY = re.compile(r'"((?:error|login)_[a-z_]+)"')


def test_every_key_has_three_languages(tmp_path: Path) -> None:
    assert len(catalogue()) > 100
    broken = tmp_path / "messages.yaml"
    broken.write_text("hello: {ru: Привет, en: Hello}\n", encoding="utf-8")
    with pytest.raises(DataError, match="'hello' has no text in zh"):
        catalogue(broken)


def test_a_comma_that_cuts_a_text_is_refused(tmp_path: Path) -> None:
    """{ru: Вес брутто, кг, …} reads as "Вес брутто" and a key "кг": the labels lost their units this way."""
    broken = tmp_path / "messages.yaml"
    broken.write_text(
        "gross: {ru: Вес брутто, кг, en: Gross weight, kg, zh: 毛重（千克）}\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="'gross' holds more than its three texts"):
        catalogue(broken)
    assert catalogue()["gross_weight"]["ru"] == "Вес брутто, кг"
    assert catalogue()["login_intro"]["ru"].endswith("выданной администратором.")


def test_every_key_used_exists() -> None:
    used = {k for f in TEMPLATES.glob("*.html") for k in _TEMPLATE_KEY.findall(f.read_text())}
    used |= {k for f in WEB.glob("*.py") for k in _PY_KEY.findall(f.read_text())}
    used |= {k for k in _PY_KEY.findall((WEB.parent / "api" / "errors.py").read_text()) if k != "error_id"}
    assert len(used) > 80
    fixed = {k for k in used if not k.endswith("_")}  # "risk_" ~ level: the families below
    assert sorted(fixed - set(catalogue())) == []


def test_every_member_of_a_key_family_exists() -> None:
    levels = ("none", "low", "medium", "high")
    families = {
        "risk_": levels,
        "advice_": levels,
        "severity_": levels,
        "outcome_": OUTCOMES,
        "role_": WEB_ROLES,
        "direction_": ("import", "export", "transit"),
        "form_": ("liquid", "solid", "gas", "solution"),
        "table_": ("I", "II"),
        "unit_": ("kg", "l"),
        "dash_group_": DOWNLOAD_GROUPS,
        "reg_kind_": ("import", "export"),
        "reg_status_": ("valid", "expired", "revoked"),
        "reg_saved_": SAVED,
    }
    used = {
        k for f in TEMPLATES.glob("*.html") for k in _TEMPLATE_KEY.findall(f.read_text()) if k.endswith("_")
    }
    assert used == set(families)
    missing = [p + m for p, members in families.items() for m in members if p + m not in catalogue()]
    assert missing == []


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        (None, None, None, "ru"),
        ("en", "zh", "ru", "en"),
        (None, "zh", "en", "zh"),
        (None, None, "de-DE,de;q=0.9,en;q=0.8", "en"),
        (None, None, "zh-CN,zh;q=0.9", "zh"),
        ("fr", None, None, "ru"),  # not one of ours
    ],
)
def test_language_choice(query: str | None, cookie: str | None, header: str | None, expected: str) -> None:
    assert pick_language(query, cookie, header) == expected


def test_country_names_are_translated() -> None:
    assert dict(countries("ru"))["CN"] == "Китай"
    assert dict(countries("zh"))["KG"] == "吉尔吉斯坦"
    assert dict(countries("en"))["KZ"] == "Kazakhstan"
