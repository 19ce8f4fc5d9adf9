"""Chinese names that hold other characters too ("1-苯基-2-丙酮", "N-苯乙基-4-哌啶酮"), for the sound- and
shape-alike reading (app/screening/han_alike.py): where in a text such a name may start, and which names a
window there may be.

A name is filed under its first character as written (a Chinese one also under its shape-alikes) and grouped
by what it must show as written: its lead ("1-") and its other characters that are not Chinese, where they
stand ("-" at 4, "2" at 5, "-" at 6). Only Chinese characters sound or look alike, so a window whose frame
differs can be none of the group's names.
"""

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from app.core.normalise import is_han
from app.screening.han_names import AlikeName

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # a run of Chinese characters
# a lead, the other characters that are not Chinese by position, and the names with those (with their places)
_Frame = tuple[str, tuple[tuple[int, str], ...], tuple[tuple[int, AlikeName], ...]]


@dataclass
class MixedNames:
    by_char: dict[str, list[AlikeName]] = field(default_factory=lambda: defaultdict(list))
    # where such a name may start: its lead as written ("1-", "n-"), or its first Chinese character
    start: re.Pattern[str] = re.compile(r"(?!)")
    frames: dict[str, tuple[_Frame, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.by_char)

    def finish(self) -> None:
        """The start pattern and the frames, once every name is filed."""
        if not self.by_char:
            return
        mixed = [n for names in self.by_char.values() for n in names]
        leads = sorted({n.lead for n in mixed if n.lead}, key=len, reverse=True)
        firsts = sorted(c for c, names in self.by_char.items() if any(not n.lead for n in names))
        # a Chinese first character counts where its run ends in a joiner of such names ("苯基-", "盐酸-")
        joiners = sorted({n.key[_first_run_end(n.key)] for n in mixed if not n.lead})
        parts = [re.escape(lead) for lead in leads]
        if firsts:
            run = HAN_RUN.pattern[:-1]
            joined = "".join(re.escape(c) for c in joiners)
            parts.append("[" + "".join(re.escape(c) for c in firsts) + f"]{run}*[{joined}]")
        self.start = re.compile("(?=" + "|".join(parts) + ")")
        self.frames = {ch: _frames(names) for ch, names in self.by_char.items()}

    def windows(self, text: str) -> Iterator[tuple[int, list[AlikeName]]]:
        """Each place such a name may start, with the names whose frame the text there fits, in the order
        they were filed."""
        size = len(text)
        for m in self.start.finditer(text):
            i = m.start()
            framed = [
                named
                for lead, frame, names in self.frames[text[i]]
                if text.startswith(lead, i) and all(i + k < size and text[i + k] == c for k, c in frame)
                for named in names
            ]
            framed.sort(key=itemgetter(0))
            yield i, [name for _, name in framed]


def _first_run_end(key: str) -> int:
    found = HAN_RUN.match(key)
    return found.end() if found else 0


def _frames(names: list[AlikeName]) -> tuple[_Frame, ...]:
    """Names grouped by their lead and the positions of their other characters that are not Chinese, each
    name with its place in `names`."""
    groups: dict[tuple[str, tuple[tuple[int, str], ...]], list[tuple[int, AlikeName]]] = {}
    for place, name in enumerate(names):
        lead = name.lead
        frame = tuple((k, c) for k, c in enumerate(name.key) if k >= len(lead) and not is_han(c))
        groups.setdefault((lead, frame), []).append((place, name))
    return tuple((lead, frame, tuple(named)) for (lead, frame), named in groups.items())
