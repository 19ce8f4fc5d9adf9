"""Property-based tests of the normaliser and the matcher (hypothesis): whatever the text,
they never crash, evidence offsets stay inside the original text, and normalising twice changes nothing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.normalise import normalise
from app.core.types import Declaration, Item
from app.screening.match import find_matches
from app.screening.pipeline import Resources, screen
from app.screening.segment import segment

# Text the way declarations come: Latin, Cyrillic, Chinese (simplified and traditional), full-width forms,
# digits, punctuation, spaces, zero-width and combining characters, and some fragments of real names.
ALPHABET = st.sampled_from(
    [
        *"aceotnhyrdiACETOHPXуксаецтонгидрАЕСТОНКМ醋酸酐鹽麻黃鹼甲苯丙酮桶升ＡＣＥ１２３０123 -.,/×%()",
        *["\u200b", "\u0301", "\u3000", "\u00ad", "\ufeff", "\n", "\t", "ё", "Ё", "ß", "㎏"],
    ]
)
FRAGMENTS = st.sampled_from(
    ["醋酸酐", "уксусного ангидрида", "acetic anhydride", "ацетон", "toluene", "108-24-7", "200升", "二甲苯"]
)
TEXT = st.lists(st.one_of(ALPHABET, FRAGMENTS), max_size=60).map("".join)
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(TEXT)
def test_normalise_is_idempotent_and_offsets_are_inside(text: str) -> None:
    norm = normalise(text)
    assert normalise(norm.text).text == norm.text
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    for s, e in zip(norm.starts, norm.ends, strict=True):
        assert 0 <= s < e <= len(text)
    assert list(norm.starts) == sorted(norm.starts)


@SETTINGS
@given(TEXT)
def test_matches_point_inside_the_original(resources: Resources, text: str) -> None:
    if not text.strip():
        return
    norm = normalise(text)
    outcome = find_matches(
        Item(text), norm, segment(norm, resources.segmenter), resources.index, resources.segmenter
    )
    for m in outcome.matches:
        assert 0 <= m.start <= m.end <= len(text)
        if m.source == "description":
            assert m.end > m.start
    for bad in outcome.bad_cas:
        assert 0 <= bad.start < bad.end <= len(text)


@SETTINGS
@given(TEXT, st.one_of(st.none(), st.from_regex(r"\d{4,10}", fullmatch=True)))
def test_screening_never_crashes_and_evidence_is_the_original_text(
    resources: Resources, text: str, hs_code: str | None
) -> None:
    if not text.strip():
        return
    result = screen(Declaration(items=(Item(text, hs_code=hs_code),)), resources)
    for reason in result.reasons:
        if reason.evidence is not None:
            assert text[reason.evidence.start : reason.evidence.end] == reason.evidence.text
        assert all(reason.messages[lang] for lang in ("ru", "en", "zh"))
