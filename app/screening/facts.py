"""Stage 3: facts about an item, from its fields and from its description.

Volume in litres and net mass in kilograms (from fields, or from text such as "200升/桶×80桶",
"бочки по 200 л,
80 шт", "net 18,000 kg", "20 т"), the packaging class, the goods categories, the density where both are known,
and the declared HS heading. The vocabulary (units, packaging words, goods categories) is data:
app/lexicon/cargo_terms.yaml and cover_goods.yaml.
"""

import re
from dataclasses import dataclass, field

from app.core.normalise import Normaliser
from app.core.numbers import NUMBER_PATTERN, format_number, read_number
from app.core.types import Item, Normalised, Token
from app.lexicon.schema import CargoTermsFile, Category, QuantityWords, UnitTerm
from app.screening.match import MatchIndex, TermFound, find_terms
from app.screening.segment import Segmenter, segment

PACKING_ORDER = ("liquid_bulk", "liquid_small", "dry", "other")  # most telling first
_PKG, _CAT = "pkg:", "cat:"
# A container this large is bulk whatever the word for it.
_BULK_LITRES = 100.0
# The largest single container (an IBC or a small tank): a larger volume is a total, not a size.
_CONTAINER_LITRES = 1500.0
# A unit at least this many base units (a tonne, a cubic metre) reads "12.960" as a decimal.
_LARGE_UNIT = 1000.0


def _alternatives(words: list[str]) -> str:
    """Words as regex alternatives: Latin and Cyrillic ones whole, longest first, inner spaces flexible."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        body = re.escape(w).replace(r"\ ", r"\s+")
        if w[:1].isalpha() and not ("\u4e00" <= w[0] <= "\u9fff"):
            body = rf"(?<![^\W\d_]){body}"
        if w[-1:].isalpha() and not ("\u4e00" <= w[-1] <= "\u9fff"):
            body = rf"{body}(?![^\W\d_])"
        parts.append(body)
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True)
class QuantityCues:
    """The regular expressions of the quantity words (built once from cargo_terms.yaml)."""

    per_after: re.Pattern[str]
    per_before: re.Pattern[str]
    net_before: re.Pattern[str]
    gross_before: re.Pattern[str]
    rate_after: re.Pattern[str]
    times_count_after: re.Pattern[str]  # "× 8" after an amount: 8 packages of it
    package_of: re.Pattern[
        str
    ]  # between a container word and its volume ("drums of 200 L", "бочки по 200 л")
    purpose_before: re.Pattern[str]  # "для", "for", "用于" right before goods: what they are for
    count_times_before: re.Pattern[str]  # "60 x" before an amount: 60 of it
    liquid_density: tuple[float, float]

    @classmethod
    def build(cls, words: QuantityWords, purpose: list[str]) -> "QuantityCues":
        times = _alternatives(words.times)
        flags = re.IGNORECASE
        return cls(
            per_after=re.compile(rf"^\s*{_alternatives(words.per_package_after)}", flags),
            per_before=re.compile(rf"(?:{_alternatives(words.per_package_before)}|{times})\s*$", flags),
            net_before=re.compile(rf"{_alternatives(words.net)}\W{{0,12}}$", flags),
            gross_before=re.compile(rf"{_alternatives(words.gross)}\W{{0,12}}$", flags),
            rate_after=re.compile(rf"^\s*/\s*{_alternatives(words.rate_units)}(?![^\W\d_])", flags),
            times_count_after=re.compile(rf"^\s*{times}\s*(\d+)(?!\d|[.,]\d)\s*", flags),
            package_of=re.compile(rf"\s*(?:{_alternatives(words.package_of)}\s*)?[:,]?\s*", flags),
            count_times_before=re.compile(rf"(?<![\d.,])(\d{{1,5}})\s*{times}\s*$", flags),
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


@dataclass(frozen=True, slots=True)
class ItemFacts:
    litres: float | None = None
    net_kg: float | None = None
    packages: int | None = None
    packing_class: str | None = None
    packaging: tuple[str, ...] = ()  # packaging term ids
    categories: tuple[str, ...] = ()  # goods category ids, in text order
    density: float | None = None
    # False when net weight over volume is outside what any liquid has: the figures do not fit together
    density_consistent: bool = True
    hs_heading: str | None = None
    category_spans: tuple[tuple[str, int, int], ...] = ()  # (category id, start, end) in the normalised text
    evidence: dict[str, str] = field(default_factory=dict)  # what the figures were read from


@dataclass
class FactVocabulary:
    """Compiled once at start-up: units by name, the quantity words, the packaging and category indexes."""

    units: dict[str, UnitTerm]
    unit_re: re.Pattern[str]  # groups: the number, a Chinese multiplier word (万), the unit
    multipliers: dict[str, float]
    cues: QuantityCues
    packaging_class: dict[str, str]
    categories: dict[str, Category]
    normalise: Normaliser
    # One index of packaging words ("pkg:" ids) and goods categories ("cat:" ids): one pass per item, and the
    # longer term wins between them ("塑料桶", a plastic drum, over "塑料", plastics).
    index: MatchIndex

    @classmethod
    def build(
        cls,
        cargo: CargoTermsFile,
        categories: list[Category],
        segmenter: Segmenter,
        chemical_names: list[str],
        normalise: Normaliser,
    ) -> "FactVocabulary":
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
            NUMBER_PATTERN
            + multiplier
            + r"\s*("
            + "|".join(re.escape(n) for n in names)
            + r")(?![a-zа-я]|-[a-zа-я])",
            re.IGNORECASE,
        )
        terms = [(_PKG + p.id, name) for p in cargo.packaging for _, name in p.names.all()]
        terms += [(_CAT + c.id, name) for c in categories for _, name in c.names.all()]
        index = MatchIndex.for_terms(terms, segmenter, blockers=chemical_names, norm=normalise)
        return cls(
            units=units,
            unit_re=unit_re,
            multipliers=dict(multipliers),
            cues=QuantityCues.build(cargo.quantity_words, cargo.purpose_words),
            packaging_class={p.id: p.packing_class for p in cargo.packaging},
            categories={c.id: c for c in categories},
            normalise=normalise,
            index=index,
        )

    def is_large_unit(self, name: str) -> bool:
        """A unit of a thousand base units or more (t, т, 吨, m3): its "12.960" is a decimal."""
        unit = self.units.get(self.normalise(name).text)
        return unit is not None and unit.factor >= _LARGE_UNIT

    def find(
        self, norm: Normalised, tokens: tuple[Token, ...], segmenter: Segmenter
    ) -> tuple[list[TermFound], list[TermFound]]:
        """(packaging words, goods categories) in a text, with their plain ids."""
        packaging, categories = [], []
        for t in find_terms(self.index, norm, tokens, segmenter):
            if t.term_id.startswith(_PKG):
                packaging.append(TermFound(t.term_id[len(_PKG) :], t.start, t.end))
            else:
                categories.append(TermFound(t.term_id[len(_CAT) :], t.start, t.end))
        return packaging, categories


def _amounts(text: str, vocab: FactVocabulary, packages: list[TermFound]) -> list[Amount]:
    cues = vocab.cues
    out = []
    for m in vocab.unit_re.finditer(text):
        unit = vocab.units.get(m.group(3).lower())
        if unit is None:
            continue
        reading = read_number(m.group(1), large_unit=unit.factor >= _LARGE_UNIT)
        # "20吨桶" is twenty IBCs (吨桶), not twenty tonnes: a unit inside a packaging word is no unit
        if reading is None or any(p.start <= m.start(3) < p.end for p in packages):
            continue
        value = round(reading.value * vocab.multipliers.get(m.group(2) or "", 1.0) * unit.factor, 6)
        before, after = text[max(0, m.start() - 16) : m.start()], text[m.end() :]
        if cues.rate_after.match(after):
            continue  # "5m3/min", "200 л/ч": a flow rate, not an amount
        next_package = next((p for p in packages if p.start >= m.end()), None)
        # "200 L drums", "200升塑料桶": a volume glued to the container word after it
        glued_to_package = (
            next_package is not None
            and next_package.start - m.end() <= 12
            and not re.search(r"\d", text[m.end() : next_package.start])
        )
        # "бочки 200 л", "60 drums of 200 L": a container word just before a container-sized volume
        after_package = value <= _CONTAINER_LITRES and any(
            p.end <= m.start() and cues.package_of.fullmatch(text[p.end : m.start()]) for p in packages
        )
        times = cues.times_count_after.match(after)
        times_packages = times is not None and any(p.start == m.end() + times.end() for p in packages)
        # "60 x 200 л" (a count before), "25 kg x 8" (after): one of that many
        count_before = cues.count_times_before.search(before)
        multiplier = count_before.group(1) if count_before else (times.group(1) if times else None)
        per_package = bool(
            times_packages
            or cues.per_after.match(after)
            or cues.per_before.search(before)
            or glued_to_package
            or after_package
        )
        countable = unit.dimension != "count"
        out.append(
            Amount(
                value,
                unit.dimension,
                m.start(),
                m.end(),
                per_package=per_package and countable,
                gross=bool(cues.gross_before.search(before)),
                net=bool(cues.net_before.search(before)),
                times=int(multiplier) if multiplier and countable else None,
                settled=f"{reading.raw} = {reading.shown()} {m.group(3)}" if reading.settled else None,
            )
        )
    return out


# A count written right before a packaging word ("80桶", "80 drums", "× 80 бочек"): it stands alone, so it is
# not the end of a grade name ("ПФ-115, бочки") nor of a Latin or Cyrillic word; a Chinese word may touch it
# ("200升/桶60桶").
_COUNT_BEFORE = re.compile(r"(?<![\d.,\-a-zA-Zа-яА-ЯёЁ])(\d{1,3}(?: \d{3})+|\d+)\s*$")


def _package_count(
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
        if after and int(after.group(1)) >= 1:
            return int(after.group(1))
    counts = [a for a in amounts if a.dimension == "count"]
    return int(counts[0].value) if counts else None


def _field_amount(item: Item, vocab: FactVocabulary) -> tuple[float | None, float | None]:
    """(litres, kilograms) from the quantity and unit fields."""
    if item.quantity is None or not item.unit:
        return None, None
    unit = vocab.units.get(vocab.normalise(item.unit).text)
    if unit is None:
        return None, None
    value = item.quantity * unit.factor
    return (
        (value, None)
        if unit.dimension == "volume"
        else ((None, value) if unit.dimension == "mass" else (None, None))
    )


def _litres(
    amounts: list[Amount], field_amounts: list[Amount], count: int | None, norm: Normalised
) -> tuple[float | None, str | None]:
    """Total volume from the text: a stated total, N × a package's volume, or a volume per package × the
    count of packages."""
    volumes = [a for a in amounts if a.dimension == "volume"]
    multiplied = [a for a in volumes if a.times]
    if multiplied:
        a = multiplied[0]
        return a.value * (a.times or 1), f"{a.times} × {format_number(a.value)} L"
    per_package = [a for a in volumes if a.per_package] + field_amounts
    totals = [a for a in volumes if not a.per_package]
    if totals:
        shown = norm.original[slice(*norm.to_original(totals[0].start, totals[0].end))]
        return max(a.value for a in totals), shown
    if per_package and count:
        return per_package[0].value * count, f"{format_number(per_package[0].value)} L × {count}"
    return None, None


def _net_kg(amounts: list[Amount], count: int | None) -> float | None:
    masses = [a for a in amounts if a.dimension == "mass" and not a.gross]
    labelled = [a for a in masses if a.net]
    whole = [a for a in masses if not a.per_package and not a.times]
    if labelled:
        return labelled[0].value
    if whole:
        return max(a.value for a in whole)
    multiplied = [a for a in masses if a.times]
    if multiplied:
        return multiplied[0].value * (multiplied[0].times or 1)
    if masses and count:
        return masses[0].value * count
    return None


def extract_facts(
    item: Item, norm: Normalised, tokens: tuple[Token, ...], vocab: FactVocabulary, segmenter: Segmenter
) -> ItemFacts:
    text = norm.text
    packages, named = vocab.find(norm, tokens, segmenter)
    # "растворитель для эмалей": the enamel is what the solvent is for, not goods of the item
    purpose = vocab.cues.purpose_before
    found_categories = [c for c in named if not purpose.search(text[max(0, c.start - 12) : c.start])]
    field_packages: list[TermFound] = []
    field_amounts: list[Amount] = []
    if item.packaging:  # "200 L steel drums", "塑料桶", "бочки по 200 л"
        pnorm = vocab.normalise(item.packaging)
        field_packages, _ = vocab.find(pnorm, segment(pnorm, segmenter), segmenter)
        field_amounts = [a for a in _amounts(pnorm.text, vocab, field_packages) if a.dimension == "volume"]
    amounts = _amounts(text, vocab, packages)
    count = item.package_count or _package_count(text, packages, amounts, vocab.cues)
    evidence: dict[str, str] = {}

    litres, field_kg = _field_amount(item, vocab)
    if litres is None:
        litres, shown = _litres(amounts, field_amounts, count, norm)
        if shown:
            evidence["volume"] = shown

    net_kg = item.net_weight_kg if item.net_weight_kg is not None else field_kg
    if net_kg is None:
        net_kg = _net_kg(amounts, count)
        if net_kg is not None:
            evidence["net_weight"] = f"{format_number(net_kg)} kg"
    settled = [a.settled for a in amounts if a.settled]
    if settled:
        evidence["numbers_read"] = "; ".join(settled)

    classes = {vocab.packaging_class[p.term_id] for p in (*packages, *field_packages)}
    per_package_litres = [
        a.value for a in (*amounts, *field_amounts) if a.dimension == "volume" and (a.per_package or a.times)
    ]
    if per_package_litres and max(per_package_litres) >= _BULK_LITRES:
        classes.add("liquid_bulk")
    packing_class = next((c for c in PACKING_ORDER if c in classes), None)

    density = round(net_kg / litres, 3) if net_kg and litres else None
    low, high = vocab.cues.liquid_density
    consistent = density is None or low <= density <= high
    heading = item.hs_code[:4] if item.hs_code and len(item.hs_code) >= 4 else None
    categories = tuple(dict.fromkeys(t.term_id for t in found_categories))
    return ItemFacts(
        litres=litres,
        net_kg=net_kg,
        packages=count,
        packing_class=packing_class,
        packaging=tuple(dict.fromkeys(p.term_id for p in (*packages, *field_packages))),
        categories=categories,
        density=density,
        density_consistent=consistent,
        hs_heading=heading,
        category_spans=tuple((t.term_id, t.start, t.end) for t in found_categories),
        evidence=evidence,
    )
