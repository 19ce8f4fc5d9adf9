"""pypinyin's phrase readings held once (app/core/pinyin.py): phrases read as pypinyin reads them unshared, in
each style the service asks for: every eighth phrase, every phrase with a character of several readings, and
names of polyphones."""

import json
import subprocess
import sys

from pypinyin.constants import PHRASES_DICT

from app.core.pinyin import Style, lazy_pinyin, pinyin

_READ = """
import json, sys
from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PHRASES_DICT
texts = sample(PHRASES_DICT)
print(json.dumps([read(t) for t in texts], ensure_ascii=False))
"""


def sample(phrases: dict[str, list[list[str]]]) -> list[str]:
    every = sorted(phrases)
    several = [p for p in every if any(len(one) > 1 for one in phrases[p])]
    return every[::8] + several + ["重庆长城银行", "出口醋酸酐200公斤", "厦门行长"]


def read(text: str) -> list[object]:
    return [
        lazy_pinyin(text, style=Style.NORMAL, errors="ignore"),
        lazy_pinyin(text, style=Style.TONE, errors="ignore"),
        lazy_pinyin(text, style=Style.CYRILLIC, errors="ignore"),
        pinyin(text, style=Style.NORMAL, heteronym=True, errors="ignore"),
    ]


def test_the_phrases_readings_are_shared() -> None:
    lists = [one for readings in PHRASES_DICT.values() for one in readings]
    assert len(lists) > 100_000
    assert len({id(one) for one in lists}) < 2_000


def test_every_phrase_reads_as_pypinyin_reads_it_unshared() -> None:
    import inspect

    script = inspect.getsource(sample) + inspect.getsource(read) + _READ
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    theirs = json.loads(done.stdout)
    texts = sample(PHRASES_DICT)
    ours = [read(t) for t in texts]
    assert len(ours) == len(theirs) > 5_000
    differ = [t for t, a, b in zip(texts, ours, theirs, strict=True) if a != b]
    assert differ == []
    assert ours[-3][0] == ["chong", "qing", "chang", "cheng", "yin", "hang"]
