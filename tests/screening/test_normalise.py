import pytest

from app.core.normalise import Normaliser, _clusters, normalise


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("醋酸酐", "醋酸酐"),
        ("ＡＣＥＴＯＮＥ　９９％", "acetone 99%"),  # full-width letters, digits, ideographic space
        ("鹽酸麻黃鹼", "盐酸麻黄碱"),  # traditional -> simplified
        ("醋 酸 酐", "醋酸酐"),
        ("醋-酸-酐", "醋酸酐"),
        ("高·锰·酸·钾", "高锰酸钾"),
        ("醋+酸+酐", "醋酸酐"),
        ("醋- \n-酸", "醋酸"),  # spaces count as one separator, before and after they are collapsed
        ("甲苯 + 丙酮", "甲苯 + 丙酮"),  # two goods listed, not 苯丙酮
        ("萃取溶剂|成分含量", "萃取溶剂|成分含量"),  # a field of 申报要素 ends at "|"
        ("УКСУСНЫЙ  АНГИДРИД", "уксусный ангидрид"),
        ("Ёмкость", "емкость"),
        ("ац\u200bетон", "ацетон"),  # zero-width space inside a word
        ("to\u00adluene", "toluene"),  # soft hyphen
        ("aцeтoн", "ацетон"),  # Latin a, e, o inside a Cyrillic word
        ("Асetone", "acetone"),  # Cyrillic А, с inside a Latin word
        ("а ц е т о н", "ацетон"),  # spelled out letter by letter
        ("T-O-L-U-E-N-E 99%", "toluene 99%"),
        ("line1\nline2\tend", "line1 line2 end"),
        ("Пипери-\nдин технический", "пиперидин технический"),  # broken at a line end
        ("Ацетон -\nТолуол", "ацетон - толуол"),  # a dash before a new line's capital: two words
        ("ACETIC AN-\nHYDRIDE", "acetic anhydride"),  # in capitals on both lines
        ("N-苯乙基-4-\n哌啶酮", "n-苯乙基-4-哌啶酮"),  # broken after a locant's hyphen: the hyphen stays
        ("  padded  ", "padded"),
        ("㎏", "kg"),
    ],
)
def test_normalises(original: str, expected: str) -> None:
    assert normalise(original).text == expected


@pytest.mark.parametrize(
    "original",
    ["a b c", "x 2 y", "HCl 31%", "Bird's nest", "ёлка", "中 国", "20 t", "AA batteries"],
)
def test_leaves_ordinary_text_alone(original: str) -> None:
    # Short letter sequences and plain words are not glued or rewritten.
    assert normalise(original).text == original.lower().replace("ё", "е").replace("中 国", "中国")


@pytest.mark.parametrize(
    ("original", "needle"),
    [
        ("Ｘ醋 酸 酐Ｙ", "醋酸酐"),
        ("前缀 鹽酸麻黃鹼 后缀", "盐酸麻黄碱"),
        ("груз: УКСУСНОГО\u200b АНГИДРИДА", "уксусного ангидрида"),
        ("ＴＯＬＵＥＮＥ ２００Ｌ", "toluene"),
    ],
)
def test_spans_map_back_to_the_original(original: str, needle: str) -> None:
    norm = normalise(original)
    start = norm.text.index(needle)
    s, e = norm.to_original(start, start + len(needle))
    # The original span, normalised again, is the needle: the offsets point at what the user wrote.
    assert normalise(original[s:e]).text == needle
    assert s >= 0 and e <= len(original)


@pytest.mark.parametrize(
    "text", ["醋 酸 酐 ２００升", "aцeтoн", "Ёж\u200b", "T-O-L-U-E-N-E", "ＡＢＣ　ｄｅｆ"]
)
def test_is_idempotent(text: str) -> None:
    once = normalise(text).text
    assert normalise(once).text == once


def test_offsets_cover_every_character() -> None:
    norm = normalise("ＡＢ 醋 酸\u200b酐 ёж")
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    assert all(0 <= s < e <= len(norm.original) for s, e in zip(norm.starts, norm.ends, strict=True))


def test_remembering_names_while_indexing_only() -> None:
    """While the data is indexed a name is normalised once; outside that, nothing is kept (a description is
    never remembered)."""
    norm = Normaliser({"乙": "乙"})
    with norm.remembering():
        first = norm("Ацетон  техн.")
        assert norm("Ацетон  техн.") is first
        assert first == Normaliser()("Ацетон  техн.")
    assert norm("Ацетон  техн.") is not first
    assert norm("Ацетон  техн.") == first
    assert norm._memo is None


@pytest.mark.parametrize(
    ("text", "expected", "spans"),
    [
        # full-width marks fold one to one: offsets unchanged
        ("乙酸（醋酸），９９％", "乙酸(醋酸),99%", [(i, i + 1) for i in range(10)]),
        # a character that folds to several ("½" -> "1⁄2") mixed in: each output character keeps its own
        ("½桶（2）", "1⁄2桶(2)", [(0, 1), (0, 1), (0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]),
    ],
)
def test_pass_one_folds_each_character_with_its_offsets(
    text: str, expected: str, spans: list[tuple[int, int]]
) -> None:
    folded = _clusters(text)
    assert folded.text == expected
    assert list(zip(folded.starts, folded.ends, strict=True)) == spans


def test_the_characters_remembered_stay_bounded_and_the_folds_right(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text of every full-width form and squared unit does not grow pass 1's table past its bound, and
    what it makes is what it makes from an empty table."""
    import app.core.normalise as normalise_module

    monkeypatch.setattr(normalise_module, "_CHAR_FOLDS_KEPT", 50)
    text = (
        "".join(chr(c) for c in range(0xFF01, 0xFF5E)) + "½" + "".join(chr(c) for c in range(0x3300, 0x3357))
    )
    first = _clusters(text)
    assert len(normalise_module._CHAR_FOLDS) <= 50
    normalise_module._CHAR_FOLDS.clear()
    again = _clusters(text)
    assert (first.text, list(first.starts), list(first.ends)) == (
        again.text,
        list(again.starts),
        list(again.ends),
    )
    assert first.text.startswith('!"#') and "1⁄2" in first.text
