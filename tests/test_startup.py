"""A worker's start-up: the collector held off while long-lived data is made, and what is made beside
start-up rather than before it (bench/startup.py measures the time)."""

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.collector import collector_paused
from tests.conftest import run_async

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def collecting() -> object:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collecting")
def test_the_collector_is_held_off_inside_and_as_it_was_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block restores the outer one's state: off
    assert gc.isenabled()
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()  # off before, off after


@pytest.mark.usefixtures("collecting")
def test_the_collector_comes_back_when_loading_fails() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a data file does not load")
    assert gc.isenabled()


_IMPORT = """
import gc, sys
import app.main
print(gc.isenabled(), "cn2an" in sys.modules, app.main.dummy_hash.cache_info().currsize)
"""


def test_importing_the_service_leaves_the_collector_on_and_defers_what_start_up_need_not_wait_for() -> None:
    """app/main.py holds the collector off while it imports, and turns it on again; cn2an and the dummy
    password hash are made beside start-up (the goods-aid thread), not at import."""
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "False", "0"]


def test_chinese_goods_numbers_are_read_once_cn2an_is_imported_when_first_needed() -> None:
    from app.screening.lines import GoodsLines, chinese_numerals

    lines = GoodsLines.build([], [])
    text = "一、硫酸 10吨；二、盐酸 5吨；十二、硝酸 2吨"
    # 十二 reads as 12, not the third goods: it stays with the second
    assert [text[a:b] for a, b in lines(text)] == ["一、硫酸 10吨", "二、盐酸 5吨；十二、硝酸 2吨"]
    text = "一、硫酸 10吨；二、盐酸 5吨；三、硝酸 2吨"
    assert [text[a:b] for a, b in lines(text)] == ["一、硫酸 10吨", "二、盐酸 5吨", "三、硝酸 2吨"]
    assert chinese_numerals().cn2an("十二", "strict") == 12


class _NoNomenclature:
    @property
    def goods_aid(self) -> None:
        raise RuntimeError("the nomenclature does not read")


def test_what_was_loaded_goes_out_of_the_collectors_sight_beside_start_up_even_when_the_aid_fails() -> None:
    from app.main import _build_goods_aid

    gc.unfreeze()
    try:
        with pytest.raises(RuntimeError):
            _build_goods_aid(_NoNomenclature())  # type: ignore[arg-type]
        assert gc.get_freeze_count() > 100_000  # the libraries and data of this test process
    finally:
        gc.unfreeze()


def test_answers_are_kept_only_while_start_up_learns_and_read_back(tmp_path: Path) -> None:
    from app.core.kept import KeptAnswers

    asked: list[str] = []

    def ask(word: str) -> str:
        asked.append(word)
        return word.upper()

    path = tmp_path / "readings-1.pickle"
    first: KeptAnswers[str, str] = KeptAnswers(path)
    assert first.answer("a", lambda: ask("a")) == "A"
    assert first.answer("a", lambda: ask("a")) == "A"  # asked once
    first.keep()
    assert first.answer("b", lambda: ask("b")) == "B"  # after keep(): answered, not kept
    first.keep()
    second: KeptAnswers[str, str] = KeptAnswers(path)
    assert second.answer("a", lambda: ask("a")) == "A"
    assert (asked, len(second)) == (["a", "b"], 1)
    nowhere: KeptAnswers[str, str] = KeptAnswers(None)
    nowhere.answer("c", lambda: ask("c"))
    nowhere.keep()
    assert list(tmp_path.iterdir()) == [path]


def test_the_chinese_names_readings_are_kept_and_the_index_built_alike_from_them(tmp_path: Path) -> None:
    from unittest import mock

    from app.core.kept import KeptAnswers
    from app.screening import han_alike
    from app.screening.han_alike import AlikeIndex

    names = [("乙酸酐", "acetic_anhydride"), ("高锰酸钾", "potassium_permanganate"), ("1-苯基-2-丙酮", "p2p")]
    kept: KeptAnswers[tuple[str, str], object] = KeptAnswers(tmp_path / "pinyin.pickle")
    first = AlikeIndex.build(names, {}, kept=kept)
    kept.keep()
    with (
        mock.patch.object(han_alike, "char_syllables", side_effect=AssertionError("pypinyin asked")),
        mock.patch.object(han_alike, "palladius_key", side_effect=AssertionError("pypinyin asked")),
    ):
        second = AlikeIndex.build(names, {}, kept=KeptAnswers(tmp_path / "pinyin.pickle"))
    assert repr(second._by_key) == repr(first._by_key)  # the names, their syllables and leads
    assert repr(second.palladius.full) == repr(first.palladius.full)
    assert repr(second.pinyin.full) == repr(first.pinyin.full)
    assert "yisuangan" in first.pinyin.full and "исуанган" in first.palladius.full


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_data_frozen_at_a_start_is_freed_after_the_reload_that_replaces_it() -> None:
    """The data a reload replaces was frozen when it was loaded; held in cycles (as the segmenter is, by its
    caches of its own methods), it is freed at the follower's next look after the switch."""
    import asyncio
    import weakref
    from types import SimpleNamespace

    from app.background import follow_loop

    old, new = _Cycle(), _Cycle()
    replaced = weakref.ref(old)
    switches = [new]

    class _Follower:
        def poll(self, current: object) -> None:
            pass

        def due(self, now: object) -> object:
            return switches.pop() if switches else None

    versions = SimpleNamespace(lexicon=SimpleNamespace(version="l2"), rules=SimpleNamespace(version="r2"))
    new.lexicon, new.rules = versions.lexicon, versions.rules  # type: ignore[attr-defined]
    metrics = SimpleNamespace(data_versions=lambda *_: None)
    app = SimpleNamespace(state=SimpleNamespace(follower=_Follower(), resources=old, metrics=metrics))
    gc.freeze()
    del old

    async def follow_a_while() -> None:
        task = asyncio.create_task(follow_loop(app, 0.01))  # type: ignore[arg-type]
        await asyncio.sleep(0.3)
        task.cancel()

    try:
        run_async(follow_a_while())  # in a thread: the browser tests keep a loop on this one
        assert app.state.resources is new
        assert replaced() is None
    finally:
        gc.unfreeze()
