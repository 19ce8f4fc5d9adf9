"""Items screened before with the same data are answered from memory (app/screening/item_cache.py): the same
result as screening them again, their reasons numbered where the item now stands, the memory bounded."""

from dataclasses import replace

import pytest

from app.core.types import Declaration, Item
from app.screening.item_cache import ItemCache
from app.screening.pipeline import Resources, screen

ITEMS = (
    Item("Ацетон технический 99,5 %, бочки 160 кг, 80 шт.", hs_code="2914110000"),
    Item("男式棉衬衫 100件"),
    Item("Corn oil, 60 drums of 200 L, net weight 10,440 kg"),
)


@pytest.fixture
def cached(resources: Resources) -> Resources:
    return replace(resources, item_cache=ItemCache(16))


@pytest.fixture
def uncached(resources: Resources) -> Resources:
    return replace(resources, item_cache=ItemCache(0))


def test_a_declaration_screened_again_gets_the_same_result(cached: Resources, uncached: Resources) -> None:
    declaration = Declaration(items=ITEMS, crossing="khorgos")
    first = screen(declaration, cached)
    again = screen(declaration, cached)
    assert cached.item_cache.hits == len(ITEMS) and cached.item_cache.misses == len(ITEMS)
    assert again == first == screen(declaration, uncached)


def test_a_repeated_item_is_numbered_where_it_now_stands(cached: Resources, uncached: Resources) -> None:
    screen(Declaration(items=ITEMS), cached)  # the acetone item was item 0
    moved = Declaration(items=(ITEMS[1], ITEMS[2], ITEMS[0]))
    result = screen(moved, cached)
    assert {r.item_index for r in result.reasons if r.substance_id == "acetone"} == {2}
    assert result == screen(moved, uncached)


def test_the_language_hint_is_part_of_what_is_remembered(cached: Resources) -> None:
    item = Item("丙酮 160kg")
    screen(Declaration(items=(item,), language="zh"), cached)
    screen(Declaration(items=(item,), language="ru"), cached)
    assert cached.item_cache.hits == 0 and len(cached.item_cache) == 2


def test_the_memory_is_bounded_least_recently_used_out_first(resources: Resources) -> None:
    small = replace(resources, item_cache=ItemCache(2))
    for item in ITEMS:
        screen(Declaration(items=(item,)), small)
    assert len(small.item_cache) == 2
    screen(Declaration(items=(ITEMS[0],)), small)  # the oldest was forgotten: screened again
    assert small.item_cache.hits == 0 and small.item_cache.misses == 4


def test_size_zero_remembers_nothing(uncached: Resources) -> None:
    screen(Declaration(items=ITEMS), uncached)
    screen(Declaration(items=ITEMS), uncached)
    assert len(uncached.item_cache) == 0 and uncached.item_cache.hits == 0


def test_an_item_asked_for_again_is_kept_longer(resources: Resources) -> None:
    small = replace(resources, item_cache=ItemCache(2))
    a, b, c = (Declaration(items=(item,)) for item in ITEMS)
    screen(a, small)
    screen(b, small)
    screen(a, small)  # a is used again: b is now the least recently used
    screen(c, small)  # b goes
    screen(a, small)
    assert small.item_cache.hits == 2
