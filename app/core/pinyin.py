"""pypinyin, with its phrase readings held once: import pypinyin's functions from here.

pypinyin reads its 47,111 phrases' readings from JSON, where each character's reading is a list of its own
("一丁不识": [["yī"], ["dīng"], ["bù"], ["shí"]]): about 140,000 lists and as many strings, for 1,249 distinct
lists. On import here each phrase's lists are replaced by the one shared list of the same readings. pypinyin
deep-copies a phrase's readings before it uses them (`DefaultConverter._phrase_pinyin`) and builds new lists
for the styles, so sharing changes no reading (tests/screening/test_pinyin.py holds every phrase's readings in
every style the service asks for to pypinyin's unshared ones); the memory freed, about 17 MB, is what the
lexicon's load takes next.
"""

import pypinyin
from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PHRASES_DICT

__all__ = ["VERSION", "Style", "lazy_pinyin", "pinyin", "share_phrase_readings"]

VERSION = pypinyin.__version__


def share_phrase_readings() -> None:
    """Replace every phrase's per-character reading lists by one shared list per distinct readings."""
    shared: dict[tuple[str, ...], list[str]] = {}
    for readings in PHRASES_DICT.values():
        for i, one in enumerate(readings):
            readings[i] = shared.setdefault(tuple(one), one)


share_phrase_readings()
