"""The amounts a description states, and the totals they give: litres, net kilograms, packages.

Amounts are read where the unit follows the number ("200升", "12.960 т", "net 17,280 kg") and where a label
names the unit before it ("Net kg: 12,640", "Вес нетто, кг: 12 640", "净重(公斤)：12640"). What
surrounds an amount says what it is: per package ("бочки по 200 л", "200升/桶", "200 L drums"), one of a
count ("60 x 200 л", "25 kg x 8"), packs inside packs ("5 L bottles x 4 per carton x 500 cartons",
"4L×4瓶/箱，共600箱"), net or gross. The words are data (app/lexicon/cargo_terms.yaml
`quantity_words`); numbers are read by app/core/numbers.py.
"""

import re
from dataclasses import dataclass

from app.core.normalise import Normaliser
from app.core.numbers import NUMBER_PATTERN, format_number, read_number
from app.core.types import Item, Normalised
from app.core.word_patterns import word_start
from app.core.word_trie import trie_alternation
from app.lexicon.schema_cargo import CargoTermsFile, QuantityWords, UnitTerm
from app.screening.match import TermFound

# The largest single container (an IBC or a small tank): a larger volume is a total, not a size.
_CONTAINER_LITRES = 1500.0
# A unit at least this many base units (a tonne, a cubic metre) reads "12.960" as a decimal.
_LARGE_UNIT = 1000.0
# A rate starts with a slash after the amount, after spaces or not ("5 m3/min", "200 л / ч")
_RATE_STARTS = frozenset("/ \u00a0")
# How far after an amount its cues are read ("× 4 per carton", "/桶", "per bag")
_AFTER = 80
# Between a volume and the container word it is glued to ("200 L drums"), none of these
_BETWEEN_AMOUNT_AND_PACKAGE = re.compile(r"[\d,;，；]")
# A count: digits, or digits grouped by spaces ("1 200 шт.")
_COUNT = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"


def _alternatives(words: list[str]) -> str:
    """Words as regex alternatives: Latin and Cyrillic ones whole, longest first, inner spaces flexible."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        body = re.escape(w).replace(r"\ ", r"\s+")
        if w[:1].isalpha() and not ("\u4e00" <= w[0] <= "\u9fff"):
            body = word_start(w)
        if w[-1:].isalpha() and not ("\u4e00" <= w[-1] <= "\u9fff"):
            body = rf"{body}(?![^\W\d_])"
        parts.append(body)
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True)
class QuantityCues:
    """The regular expressions of the quantity words (built once from cargo_terms.yaml)."""

    per_after: re.Pattern[str]  # "per bag", "в каждой"; a "/" only before a package or a count unit
    count_unit_at: re.Pattern[str]  # a count unit ("件", "шт") where matched
    per_before: re.Pattern[str]
    net_before: re.Pattern[str]
    gross_before: re.Pattern[str]
    rate_after: re.Pattern[str]
    times_count_after: re.Pattern[str]  # "× 8" after an amount: 8 packages of it
    # between a container word and its volume ("drums of 200 L", "бочки по 200 л")
    package_of: re.Pattern[str]
    purpose_before: re.Pattern[str]  # "для", "for", "用于" right before goods: what they are for
    count_times_before: re.Pattern[str]  # "60 x" before an amount: 60 of it
    # between an inner count and the outer package ("x 4 per carton", "×4瓶/箱", "× 12 шт. в коробке")
    pack_in: re.Pattern[str]
    # an outer package named by a count unit ("×24瓶/件 共900件"): group 1 the unit
    pack_in_unit: re.Pattern[str]
    liquid_density: tuple[float, float]

    @classmethod
    def build(cls, words: QuantityWords, purpose: list[str], count_units: list[str]) -> "QuantityCues":
        times = _alternatives(words.times)
        counter = rf"(?:{_alternatives(count_units)}\.?)?" if count_units else ""
        pack_in = rf"[.\s]*{counter}[.\s]*(?:{_alternatives(words.pack_in)}\s*)+"
        net = _alternatives(words.net)
        flags = re.IGNORECASE
        return cls(
            per_after=re.compile(rf"^\s*{_alternatives(words.per_package_after)}\s*", flags),
            count_unit_at=re.compile(_alternatives(count_units) if count_units else r"(?!)", flags),
            per_before=re.compile(rf"(?:{_alternatives(words.per_package_before)}|{times})\s*$", flags),
            net_before=re.compile(rf"{_alternatives(words.net)}\W{{0,12}}$", flags),
            gross_before=re.compile(rf"{_alternatives(words.gross)}\W{{0,12}}$", flags),
            rate_after=re.compile(rf"^\s*/\s*{_alternatives(words.rate_units)}(?![^\W\d_])", flags),
            # "25 кг нетто × 600": a net word may stand between the amount and the sign
            times_count_after=re.compile(rf"^\s*(?:{net}\s*)?{times}\s*{_COUNT}(?!\d|[.,]\d)\s*", flags),
            package_of=re.compile(rf"\s*(?:{_alternatives(words.package_of)}\s*)?[:,]?\s*", flags),
            # the look-behind after the first digit, so re skips to digits (app/core/word_patterns.py)
            count_times_before=re.compile(rf"(\d(?<![\d.,]\d)\d{{0,4}})\s*{times}\s*$", flags),
            pack_in=re.compile(pack_in, flags),
            pack_in_unit=re.compile(
                rf"{pack_in}({_alternatives(count_units)})" if count_units else r"(?!)", flags
            ),
            liquid_density=words.liquid_density_kg_l,
            purpose_before=re.compile(rf"{_alternatives(purpose)}\s*$" if purpose else r"(?!)", flags),
        )


@dataclass(frozen=True, slots=True)
class Amount:
    value: float  # litres, kilograms or a count
    dimension: str
    start: int  # span in the normalised text (-1 for fields)
    end: int
    per_package: bool = False
    gross: bool = False
    net: bool = False
    times: int | None = None  # "60 x 200 л": the amount is one of this many
    settled: str | None = None  # an ambiguous number as read ("16 600")
    # packs inside packs: "4 L × 4 per carton × 600 cartons" is 4 L, times 4, in each of 600 outer packages
    outer: int | None = None


def _label_pattern(names: list[str]) -> str:
    """A unit named before its number, as a label: "Net kg: 12,640", "净重(公斤)：12640", "Объём, л: 16 000".
    A one-letter unit counts only inside brackets or after a comma ("(л):", ", л:"), never "L: 40" alone."""
    long = [n for n in names if len(n) > 1]
    short = [n for n in names if len(n) == 1]
    label = _alternatives(long)
    if short:
        label = rf"(?:{label}|(?:(?<=[(（,])|(?<=, )){_alternatives(short)})"
    # no number right before the label ("25 kg: 400 bags" is an amount, not a label)
    return rf"(?<!\d)(?<!\d )({label})\s*[)）\]]?\s*[:：=]\s*{NUMBER_PATTERN}"


@dataclass
class QuantityReader:
    """Compiled once at start-up from cargo_terms.yaml: units by name and the quantity words."""

    units: dict[str, UnitTerm]
    unit_re: re.Pattern[str]  # groups: the number, a Chinese multiplier word (万), the unit
    label_re: re.Pattern[str]  # groups: the unit, the number
    multipliers: dict[str, float]
    cues: QuantityCues
    normalise: Normaliser

    @classmethod
    def build(cls, cargo: CargoTermsFile, normalise: Normaliser) -> "QuantityReader":
        units: dict[str, UnitTerm] = {}
        for unit in cargo.units:
            for _, name in unit.names.all():
                units.setdefault(normalise(name).text, unit)
        names = sorted(units, key=len, reverse=True)
        multipliers = cargo.quantity_words.multipliers
        multiplier = "(" + "|".join(re.escape(m) for m in multipliers) + ")?" if multipliers else "()"
        unit_re = re.compile(
            # a unit may touch a Chinese word ("200升桶"), not a Latin or Cyrillic letter
            # ("20 tons" is not "t")
            NUMBER_PATTERN + multiplier + r"\s*(" + trie_alternation(names) + r")(?![a-zа-я]|-[a-zа-я])",
            re.IGNORECASE,
        )
        measures = [n for n in names if units[n].dimension != "count"]
        counts = [n for n in names if units[n].dimension == "count"]
        return cls(
            units=units,
            unit_re=unit_re,
            label_re=re.compile(_label_pattern(measures), re.IGNORECASE),
            multipliers=dict(multipliers),
            cues=QuantityCues.build(cargo.quantity_words, cargo.purpose_words, counts),
            normalise=normalise,
        )

    def is_large_unit(self, name: str) -> bool:
        """A unit of a thousand base units or more (t, т, 吨, m3): its "12.960" is a decimal."""
        unit = self.units.get(self.normalise(name).text)
        return unit is not None and unit.factor >= _LARGE_UNIT

    def read(self, text: str, packages: list[TermFound]) -> list[Amount]:
        """The amounts of a normalised text, in text order."""
        found = [a for a in (self._unit_after(m, text, packages) for m in self.unit_re.finditer(text)) if a]
        if ":" not in text and "：" not in text and "=" not in text:
            return found  # no label: the usual case
        taken = [(a.start, a.end) for a in found]
        for m in self.label_re.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken) and not self.unit_re.match(
                text, m.start(2)
            ):
                label = self._labelled(m, text)
                if label:
                    found.append(label)
        return sorted(found, key=lambda a: a.start)

    def _labelled(self, m: re.Match[str], text: str) -> Amount | None:
        unit = self.units.get(m.group(1).lower())
        reading = read_number(m.group(2), large_unit=unit is not None and unit.factor >= _LARGE_UNIT)
        if unit is None or reading is None:
            return None
        before = text[max(0, m.start() - 16) : m.start()]
        return Amount(
            round(reading.value * unit.factor, 6),
            unit.dimension,
            m.start(),
            m.end(),
            gross=bool(self.cues.gross_before.search(before)),
            net=bool(self.cues.net_before.search(before)),
            settled=f"{reading.raw} = {reading.shown()} {m.group(1)}" if reading.settled else None,
        )

    def _unit_after(self, m: re.Match[str], text: str, packages: list[TermFound]) -> Amount | None:
        cues = self.cues
        unit = self.units.get(m.group(3).lower())
        if unit is None:
            return None
        start, end = m.span()
        unit_at = m.start(3)
        next_package: TermFound | None = None  # the first packaging word after the amount
        for p in packages:
            # "20吨桶" is twenty IBCs (吨桶), not twenty tonnes: a unit inside a packaging word is no unit
            if p.start <= unit_at < p.end:
                return None
            if next_package is None and p.start >= end:
                next_package = p
        reading = read_number(m.group(1), large_unit=unit.factor >= _LARGE_UNIT)
        if reading is None:
            return None
        value = round(reading.value * self.multipliers.get(m.group(2) or "", 1.0) * unit.factor, 6)
        before, after = text[max(0, start - 16) : start], text[end : end + _AFTER]
        if after[:1] in _RATE_STARTS and cues.rate_after.match(after):
            return None  # "5m3/min", "200 л/ч": a flow rate, not an amount
        settled = f"{reading.raw} = {reading.shown()} {m.group(3)}" if reading.settled else None
        if unit.dimension == "count":  # "80 шт.": a count, neither per package nor one of many
            return Amount(value, unit.dimension, start, end, settled=settled)
        mass = unit.dimension == "mass"
        # "200 L drums", "200升塑料桶": a volume glued to the container word after it
        glued_to_package = (
            next_package is not None
            and next_package.start - end <= 12
            and not _BETWEEN_AMOUNT_AND_PACKAGE.search(text, end, next_package.start)
        )
        # "бочки 200 л", "60 drums of 200 L": a container word just before a container-sized volume
        after_package = value <= _CONTAINER_LITRES and any(
            p.end <= start and cues.package_of.fullmatch(text[p.end : start]) for p in packages
        )
        times_at = end
        if glued_to_package and next_package is not None and not text[end : next_package.start].strip():
            times_at = next_package.end  # "5 L bottles x 4 per carton"
        times = cues.times_count_after.match(text[times_at : times_at + _AFTER])
        times_packages = times is not None and any(p.start == times_at + times.end() for p in packages)
        # "60 x 200 л" (a count before), "25 kg x 8" (after): one of that many
        count_before = cues.count_times_before.search(before)
        multiplier = count_before.group(1) if count_before else (times.group(1) if times else None)
        outer = None
        if times is not None and not count_before:
            outer = self._outer_count(text, times_at + times.end(), packages)
        per_package = bool(
            times_packages
            or self._per_after(after, end, packages)
            or cues.per_before.search(before)
            or glued_to_package
            or after_package
        )
        count = read_number(multiplier) if multiplier else None
        return Amount(
            value,
            unit.dimension,
            start,
            end,
            per_package=per_package,
            # only a mass is net or gross (what the totals read)
            gross=mass and bool(cues.gross_before.search(before)),
            net=mass and bool(cues.net_before.search(before)),
            times=int(count.value) if count else None,
            settled=settled,
            outer=outer,
        )

    def _per_after(self, after: str, at: int, packages: list[TermFound]) -> bool:
        """ "25 kg per bag", "200 л в каждой", "200升/桶", "10公斤/件"; not "20,400 KGS / GW 21,600 KGS"."""
        m = self.cues.per_after.match(after)
        if m is None:
            return False
        if after[: m.end()].strip() != "/":
            return True
        return any(p.start == at + m.end() for p in packages) or bool(
            self.cues.count_unit_at.match(after, m.end())
        )

    def _outer_count(self, text: str, at: int, packages: list[TermFound]) -> int | None:
        """After an inner count ("× 4" at `at`), the number of outer packages when one is named: "per carton
        x 500 cartons", "瓶/箱，共600箱", "шт. в коробке, 800 коробок"."""
        later = [p for p in packages if p.start >= at]
        if later and later[0].start == at:
            at = later.pop(0).end  # the inner package itself: "×4瓶/箱"
        unit = self.cues.pack_in_unit.match(text, at)
        if unit and (not later or later[0].start >= unit.end()):
            # "×24瓶/件 共900件": the outer packages counted in that unit
            counted = re.search(rf"{_COUNT}\s*{re.escape(unit.group(1))}", text[unit.end() :], re.IGNORECASE)
            number = read_number(counted.group(1)) if counted else None
            return int(number.value) if number else None
        if not later:
            return None
        outer = later[0]
        if not self.cues.pack_in.fullmatch(text[at : outer.start]):
            return None
        for p in later[1:]:
            m = _COUNT_BEFORE.search(text[max(0, p.start - 12) : p.start])
            number = read_number(m.group(1)) if m else None
            if number is not None and number.value >= 1 and number.value == int(number.value):
                return int(number.value)
        after = self.cues.times_count_after.match(text[outer.end :])
        number = read_number(after.group(1)) if after else None
        return int(number.value) if number else None

    def field_amount(self, item: Item) -> tuple[float | None, float | None]:
        """(litres, kilograms) from the quantity and unit fields."""
        if item.quantity is None or not item.unit:
            return None, None
        unit = self.units.get(self.normalise(item.unit).text)
        if unit is None:
            return None, None
        value = item.quantity * unit.factor
        if unit.dimension == "volume":
            return value, None
        return (None, value) if unit.dimension == "mass" else (None, None)


# A count written right before a packaging word ("80桶", "80 drums", "× 80 бочек"): it stands alone, so it is
# not the end of a grade name ("ПФ-115, бочки") nor of a Latin or Cyrillic word; a Chinese word may touch it
# ("200升/桶60桶").
_COUNT_BEFORE = re.compile(r"(?<![\d.,\-a-zA-Zа-яА-ЯёЁ])(\d{1,3}(?:[ ,.\u00a0\u202f']\d{3})+|\d+)\s*$")


def package_count(
    text: str, packages: list[TermFound], amounts: list[Amount], cues: QuantityCues
) -> int | None:
    """A number right before a packaging word, or "× N" right after one ("200 L drums x 60"), or a count."""
    for p in packages:
        window = max(0, p.start - 12)
        m = _COUNT_BEFORE.search(text[window : p.start])
        if m:
            number = read_number(m.group(1))
            if number is None:
                continue
            # the number of an amount ("200 л бочка") is no count of packages
            in_amount = any(
                a.start <= window + m.start(1) < a.end and a.dimension != "count" for a in amounts
            )
            if number.value >= 1 and number.value == int(number.value) and not in_amount:
                return int(number.value)
        after = cues.times_count_after.match(text[p.end :])
        count = read_number(after.group(1)) if after else None
        if count and count.value >= 1:
            return int(count.value)
    counts = [a for a in amounts if a.dimension == "count"]
    return int(counts[0].value) if counts else None


def _multiplied(a: Amount) -> tuple[float, str]:
    """The total of an amount that is one of many, and how it was read ("4 × 4 L × 600")."""
    total = a.value * (a.times or 1) * (a.outer or 1)
    shown = f"{a.times} × {format_number(a.value)}"
    return total, shown + (f" × {a.outer}" if a.outer else "")


def total_litres(
    amounts: list[Amount], field_amounts: list[Amount], count: int | None, norm: Normalised
) -> tuple[float | None, str | None]:
    """Total volume from the text: a stated total, N × a package's volume, or a volume per package × the
    count of packages."""
    volumes = [a for a in amounts if a.dimension == "volume"]
    multiplied = [a for a in volumes if a.times]
    if multiplied:
        total, shown = _multiplied(multiplied[0])
        return total, f"{shown} L"
    per_package = [a for a in volumes if a.per_package] + field_amounts
    totals = [a for a in volumes if not a.per_package]
    if totals:
        shown = norm.original[slice(*norm.to_original(totals[0].start, totals[0].end))]
        return max(a.value for a in totals), shown
    if per_package and count:
        return per_package[0].value * count, f"{format_number(per_package[0].value)} L × {count}"
    return None, None


def net_kg(amounts: list[Amount], count: int | None) -> float | None:
    """Total net mass: a stated total (a net one first, the largest: "итого нетто 18 000 кг" after "нетто
    250 кг каждая"), else N × a package's mass, else a mass per package × the count of packages."""
    masses = sorted(
        (a for a in amounts if a.dimension == "mass" and not a.gross), key=lambda a: not a.net
    )  # net ones first, in text order
    whole = [a for a in masses if not a.per_package and not a.times]
    labelled = [a for a in whole if a.net]
    if labelled or whole:
        return max(a.value for a in (labelled or whole))
    multiplied = [a for a in masses if a.times]
    if multiplied:
        return _multiplied(multiplied[0])[0]
    if masses and count:
        return masses[0].value * count
    return None
