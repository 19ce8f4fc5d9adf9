import pytest

from app.core.codes import cas_is_valid, find_cas, find_hs_in_text, hs_cue_pattern, hs_digits


@pytest.mark.parametrize(
    ("cas", "valid"),
    [
        ("108-24-7", True),  # acetic anhydride
        ("67-64-1", True),  # acetone
        ("7722-64-7", True),  # potassium permanganate
        ("7647-01-0", True),  # hydrochloric acid
        ("108-24-8", False),  # wrong check digit
        ("67-64-2", False),
        ("108247", False),  # not in CAS form
        ("1-24-7", False),  # first group too short
    ],
)
def test_cas_check_digit(cas: str, valid: bool) -> None:
    assert cas_is_valid(cas) is valid


def test_find_cas_reports_validity_and_span() -> None:
    text = "reagent cas 108-24-7, other 108-24-8"
    found = find_cas(text)
    assert [(f.cas, f.valid) for f in found] == [("108-24-7", True), ("108-24-8", False)]
    assert text[found[0].start : found[0].end] == "108-24-7"


def test_find_cas_ignores_dates_and_longer_numbers() -> None:
    assert find_cas("2024-01-15 invoice 12-34-5678") == []
    assert find_cas("lot 1.25547-51-7") == []  # the tail of a decimal number


def test_find_cas_after_a_label_ending_in_a_dot() -> None:
    assert [f.cas for f in find_cas("Pharmaceutical intermediate CAS NO.25547-51-7 , assay 99%")] == [
        "25547-51-7"
    ]


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("hs 2915.24", ["291524"]),
        ("тн вэд 2915 24 000 0", ["2915240000"]),
        ("商品编码:2915240000", ["2915240000"]),
        ("hs code 291524 liquid", ["291524"]),
        ("200 drums of 200 l", []),
    ],
)
def test_find_hs_in_text(text: str, digits: list[str]) -> None:
    cues = hs_cue_pattern(
        ["hs", "hs code", "тн вэд", "tn ved", "код", "海关编码", "商品编码", "税号", "编码"]
    )
    assert [h.digits for h in find_hs_in_text(text, cues)] == digits


def test_hs_digits() -> None:
    assert hs_digits("2915.24 00 00") == "2915240000"
