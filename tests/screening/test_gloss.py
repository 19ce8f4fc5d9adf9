"""The reading aid: (description, language) -> the segments with meanings, including what stays unknown."""

import pytest

from app.screening.gloss import gloss
from app.screening.pipeline import Resources


@pytest.mark.parametrize(
    ("description", "lang", "expected"),
    [
        (
            "醋酸酐 200升 塑料桶",
            "ru",
            [("醋酸酐", "уксусный ангидрид"), ("200升", "200 л (литр)"), ("塑料桶", "бочка")],
        ),
        (
            "醋酸酐 25公斤×8桶",
            "ru",
            [("醋酸酐", "уксусный ангидрид"), ("25公斤", "25 кг (килограмм)"), ("8桶", "8 × бочка")],
        ),
        (
            "醋酸酐 25公斤×8桶",
            "en",
            [("醋酸酐", "acetic anhydride"), ("25公斤", "25 kg (kilogram)"), ("8桶", "8 × drum, barrel")],
        ),
        # inflected Russian read by dictionary form; Chinese readers get Chinese
        ("уксусного ангидрида 20 т", "zh", [("уксусного ангидрида", "醋酸酐"), ("20 т", "20 吨")]),
        # chemicals of the further precursor lists are read too
        ("羟亚胺 50公斤", "ru", [("羟亚胺", "гидроксилимин"), ("50公斤", "50 кг (килограмм)")]),
        ("Нитроэтан 200 л", "zh", [("Нитроэтан", "硝基乙烷"), ("200 л", "200 升")]),
        # a misspelled name the matcher recognises is glossed as that substance
        (
            "acetic anhydryde, net 200 kg",
            "ru",
            [
                ("acetic anhydryde", "уксусный ангидрид"),
                ("net", "вес нетто"),
                ("200 kg", "200 кг (килограмм)"),
            ],
        ),
        # cover goods and uncontrolled chemicals are known too
        (
            "食用玉米油 5升/瓶",
            "ru",
            [
                ("食用", None),
                ("玉米油", "растительное масло"),
                ("5升", "5 л (литр)"),
                ("瓶", "бутылка, флакон"),
            ],
        ),
        ("xylene 200 L drums", "ru", [("xylene", "ксилол"), ("200 L", "200 л (литр)"), ("drums", "бочка")]),
        # nothing known: every word is listed, none with a meaning
        ("quantum flux capacitor", "ru", [("quantum", None), ("flux", None), ("capacitor", None)]),
    ],
)
def test_gloss(
    resources: Resources, description: str, lang: str, expected: list[tuple[str, str | None]]
) -> None:
    segments = gloss(description, resources.glossary, resources.index, lang)
    assert [(s.text, s.meaning) for s in segments] == expected
    for s in segments:  # spans point into the text as written
        assert description[s.start : s.end] == s.text
