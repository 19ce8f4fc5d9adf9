"""The benchmark's worst-case shapes (bench/hostile.py) screen correctly: no crash, evidence inside the text,
and a controlled name inside the noise still found. Their timing is measured by the benchmark, not here."""

import pytest

from app.core.types import Declaration, Item
from app.screening.pipeline import Resources, screen
from bench.hostile import LENGTH, shapes

SHAPES = shapes()


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_hostile_shapes_screen_with_evidence_inside_the_text(resources: Resources, name: str) -> None:
    text = SHAPES[name]
    assert len(text) == LENGTH
    result = screen(Declaration(items=(Item(text),)), resources)
    for reason in result.reasons:
        if reason.evidence is not None:
            assert 0 <= reason.evidence.start <= reason.evidence.end <= len(text)
            assert text[reason.evidence.start : reason.evidence.end] == reason.evidence.text


def test_a_name_in_the_noise_is_still_found(resources: Resources) -> None:
    text = SHAPES["random CJK"][:1000] + " 醋酸酐 " + SHAPES["look-alike letters"][:1000]
    result = screen(Declaration(items=(Item(text),)), resources)
    assert result.risk_level.name == "high"
    assert "acetic_anhydride" in {r.substance_id for r in result.reasons}
