"""The lexicon loader refuses malformed or contradictory data, naming the file and the entry."""

from collections.abc import Callable
from pathlib import Path

import pytest

from app.errors import DataError
from app.lexicon.loader import load_lexicon
from tests.lexicon.conftest import edit


def test_fixture_loads(lexicon_dir: Path) -> None:
    lex = load_lexicon(lexicon_dir)
    assert set(lex.substances) == {"acetic_anhydride", "toluene", "nitroethane"}
    assert set(lex.overlaps) == {"xylene", "acetic_acid"}


def test_version_changes_with_content(lexicon_dir: Path) -> None:
    before = load_lexicon(lexicon_dir).version
    assert load_lexicon(lexicon_dir).version == before
    edit(
        lexicon_dir,
        "substances_min.yaml",
        lambda d: d["substances"][1]["names"]["en"].append("methylbenzene"),
    )
    assert load_lexicon(lexicon_dir).version != before


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "substances_min.yaml",
            lambda d: d["substances"][0].update(cas=["108-24-8"]),
            "entry 'acetic_anhydride': cas",
        ),
        (
            "substances_min.yaml",
            lambda d: d["substances"][1]["names"]["zh"].append("醋酸酐"),
            "entry 'toluene': name '醋酸酐' already names 'acetic_anhydride'",
        ),
        (
            "substances_min.yaml",
            # the same name after normalisation: full-width and upper case
            lambda d: d["substances"][1]["names"]["en"].append("ＡＣＥＴＩＣ ＡＮＨＹＤＲＩＤＥ"),
            "already names 'acetic_anhydride'",
        ),
        (
            "substances_min.yaml",
            lambda d: d["substances"][0].update(colour="none"),
            "entry 'acetic_anhydride': colour",
        ),
        (
            "substances_min.yaml",
            lambda d: d["substances"][0].update(table="III"),
            "entry 'acetic_anhydride': table",
        ),
        (
            "substances_min.yaml",
            lambda d: d["substances"][0].update(hs=["291524"]),
            "entry 'acetic_anhydride': hs.0: String should match pattern",
        ),
        ("substances_min.yaml", lambda d: d["substances"][1].update(id="acetic_anhydride"), "id used twice"),
        (
            "substances_min.yaml",
            lambda d: d["substances"][0].update(standards=["ТУ 2768"]),
            "entry 'acetic_anhydride': standards",
        ),
        (
            "overlaps.yaml",
            lambda d: d["chemicals"][0].update(confused_with=["tolu"]),
            "confused_with names unknown",
        ),
        ("overlaps.yaml", lambda d: d["chemicals"][0].update(holds=["tolu"]), "holds names unknown"),
        ("overlaps.yaml", lambda d: d["chemicals"][0]["names"]["zh"].append("甲苯"), "already names"),
    ],
)
def test_bad_data_stops_loading_with_a_message_naming_the_entry(
    lexicon_dir: Path,
    file: str,
    change: Callable[[dict], None],
    message: str,  # type: ignore[type-arg]
) -> None:
    edit(lexicon_dir, file, change)
    with pytest.raises(DataError) as info:
        load_lexicon(lexicon_dir)
    assert message in str(info.value)
    assert file in str(info.value)


def test_invalid_yaml_names_the_file(lexicon_dir: Path) -> None:
    (lexicon_dir / "overlaps.yaml").write_text("chemicals: [unclosed", encoding="utf-8")
    with pytest.raises(DataError, match=r"overlaps\.yaml: not valid YAML"):
        load_lexicon(lexicon_dir)


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("han_variants.yaml", lambda d: d["variants"].update({"醯醯": "酰"}), "one character to another"),
        ("zh_shape_alike.yaml", lambda d: d["shape_alike"].update({"酐": ["酐"]}), "alike to itself"),
        ("abbreviations.yaml", lambda d: d.update({"min_stem_letters": 0}), "min_stem_letters"),
        (
            "cargo_terms.yaml",
            lambda d: d["quantity_words"].update({"liquid_density_kg_l": [2.5, 0.5]}),
            "low",
        ),
    ],
)
def test_new_data_files_are_validated(
    lexicon_dir: Path,
    file: str,
    change: Callable[[dict], None],
    message: str,  # type: ignore[type-arg]
) -> None:
    edit(lexicon_dir, file, change)
    with pytest.raises(DataError, match=message) as err:
        load_lexicon(lexicon_dir)
    assert file in str(err.value)


def test_variant_characters_come_with_the_lexicon(lexicon_dir: Path) -> None:
    """The table of variant characters is the lexicon's, not read at import: a reload brings a new one."""
    before = load_lexicon(lexicon_dir)
    assert before.normalise("乙醯").text == "乙酰"
    edit(lexicon_dir, "han_variants.yaml", lambda d: d["variants"].update({"炳": "丙"}))
    after = load_lexicon(lexicon_dir)
    assert after.normalise("炳酮").text == "丙酮" and before.normalise("炳酮").text == "炳酮"
    assert after.version != before.version


def test_esters_name_known_substances(lexicon_dir: Path) -> None:
    """esters.yaml's acids and esters must be substances of the lexicon."""
    path = lexicon_dir / "esters.yaml"
    path.write_text("acids:\n  acetic_anhydride: {methyl: toluene}\n", encoding="utf-8")
    assert load_lexicon(lexicon_dir).esters.acids == {"acetic_anhydride": {"methyl": "toluene"}}
    path.write_text("acids:\n  acetic_anhydride: {methyl: toluene, other: no_such_ester}\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"esters\.yaml: acid 'acetic_anhydride': unknown substance ids"):
        load_lexicon(lexicon_dir)
