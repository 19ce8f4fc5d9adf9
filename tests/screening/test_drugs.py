"""Controlled drugs named outright (app/lexicon/drugs.yaml, reason controlled_drug_named): a table of
declarations that name one, and of ordinary goods whose names contain or resemble one."""

import pytest

from app.core.types import Declaration, Item, ScreeningResult
from app.screening.pipeline import Resources, screen


def run(res: Resources, text: str) -> ScreeningResult:
    return screen(Declaration(items=(Item(text),)), res)


def drugs(result: ScreeningResult) -> set[str]:
    return {r.details["drug"] for r in result.reasons if r.code == "controlled_drug_named"}


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        ("甲基苯丙胺 5kg", "methamphetamine"),
        ("диацетилморфин, 2 кг", "heroin"),
        ("cocaine hydrochloride 1 kg", "cocaine"),
        ("carfentanil 100 g", "carfentanil"),
        ("K粉 20袋", "ketamine"),
        ("метадон, таблетки", "methadone"),
        ("опий сырец 3 кг", "opium"),
        ("海洛因 2公斤", "heroin"),
        ("героина 500 г", "heroin"),  # inflected
        ("mephedrone 4-MMC 1kg", "mephedrone"),
        # a street name beside the dosage form the drug is sold in
        ("Ecstasy pills, 500 pcs", "mdma"),
        ("таблетки экстази 2000 шт", "mdma"),
    ],
)
def test_a_named_drug_is_high(resources: Resources, text: str, drug: str) -> None:
    result = run(resources, text)
    assert drug in drugs(result)
    assert result.risk_level.name == "high"
    reason = next(r for r in result.reasons if r.code == "controlled_drug_named")
    assert (
        reason.evidence is not None
        and text[reason.evidence.start : reason.evidence.end] == reason.evidence.text
    )
    assert all(reason.messages[lang] for lang in ("ru", "en", "zh"))


@pytest.mark.parametrize(
    "text",
    [
        "大麻籽油 5L/桶",  # hemp-seed oil: industrial hemp is legal
        "cocoa butter 25 kg",
        "маковая начинка 10 кг",  # poppy-seed filling
        "冰激凌 20箱",  # ice cream
        "heroine doll, plastic, 100 pcs",
        "Ecstasy body lotion 200 ml",  # a brand: no chemical context, no pills
        "ice cube tablets for cool boxes",  # tablets are a dosage form of MDMA only, not of "ice"
        "Coca-Cola 0.5 L x 24",
        "кока-кола 1,5 л",
        "可口可乐 24罐/箱",
        "去甲芬太尼 1kg",  # norfentanyl: a precursor (Table I), not the drug fentanyl
    ],
)
def test_ordinary_goods_are_no_drugs(resources: Resources, text: str) -> None:
    assert drugs(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        # a licit context in the same goods line makes the name the ordinary thing
        ("Eau de parfum «Opium», 90 ml x 100", None),
        ("Туалетная вода «Опиум», 50 мл", None),
        ("鸦片 香水 50毫升", None),
        ("Industrial hemp (Cannabis sativa L.) long fibre, 200 kg bales", None),
        ("Cannabis sativa seed oil, cosmetic grade, 25 kg", None),
        # ... and only that drug, only in that line
        ("Eau de parfum 90 ml; heroin 2 kg", "heroin"),
        ("Cannabis sativa L. dried flowers 5 kg", "cannabis"),
        ("опиум 3 кг", "opium"),
        ("1. Parfum «Opium» 90 ml\n2. opium 3 kg", "opium"),
    ],
)
def test_licit_context(resources: Resources, text: str, drug: str | None) -> None:
    assert drugs(run(resources, text)) == ({drug} if drug else set())
