"""Stage 3: facts about an item, from its fields and from its description.

Volume in litres and net mass in kilograms (from fields, or from text such as "200升/桶×80桶",
"бочки по 200 л,
80 шт", "net 18,000 kg", "20 т"), the packaging class, the goods categories, the density where both are known,
and the declared HS heading. The vocabulary (units, packaging words, goods categories) is data:
app/lexicon/cargo_terms.yaml and cover_goods.yaml.
"""

import re
from dataclasses import dataclass, field

from app.lexicon.schema import CargoTermsFile, Category, UnitTerm
from app.screening.match import MatchIndex, TermFound, find_terms
from app.screening.normalise import normalise
from app.screening.segment import Segmenter, segment
from app.screening.types import Item, Normalised, Token

PACKING_ORDER = ("liquid_bulk", "liquid_small", "dry", "other")  # most telling first
# A number as clerks write it: 18,000 / 17 280 / 1.5 / 1,5 / 16000.
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:[ ,\u00a0']\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
_PER_PACKAGE_AFTER = re.compile(r"^\s*(?:/|per\b|each\b|в\s+каждой|на\s+)", re.IGNORECASE)
_PER_PACKAGE_BEFORE = re.compile(r"(?:\bпо|\bper|\beach|每|[x×*х])\s*$", re.IGNORECASE)
_NET_BEFORE = re.compile(r"(?:net|n\.w\.|нетто|净重|净)\W{0,12}$", re.IGNORECASE)
_GROSS_BEFORE = re.compile(r"(?:gross|g\.w\.|брутто|毛重|毛)\W{0,12}$", re.IGNORECASE)
_RATE_AFTER = re.compile(
    r"^\s*/\s*(?:s|sec|min|h|hr|hour|day|сут|мин|ч|час|秒|分|分钟|小时|天)\b", re.IGNORECASE
)
_TIMES = re.compile(r"^\s*[x×*х]\s*$", re.IGNORECASE)
# "25公斤×8桶", "25 kg x 8 drums": an amount times a count of packages is an amount per package.
_TIMES_COUNT = re.compile(r"^\s*[x×*х]\s*\d+\s*", re.IGNORECASE)
# A container this large is bulk whatever the word for it.
_PKG, _CAT = "pkg:", "cat:"
_BULK_LITRES = 100.0
# The largest single container (an IBC or a small tank): a larger volume is a total, not a size.
_CONTAINER_LITRES = 1500.0


def parse_number(raw: str) -> float | None:
    """'18,000' -> 18000, '1,5' -> 1.5, '17 280' -> 17280, '1.5' -> 1.5; None for anything else."""
    text = raw.strip().replace("\u00a0", " ").replace("'", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?", text):
        return float(re.sub(r"[ ,]", "", text))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    return None


@dataclass(frozen=True, slots=True)
class Amount:
    value: float  # litres, kilograms or a count
    dimension: str
    start: int  # span in the normalised text (-1 for fields)
    end: int
    per_package: bool = False
    gross: bool = False
    net: bool = False


@dataclass(frozen=True, slots=True)
class ItemFacts:
    litres: float | None = None
    net_kg: float | None = None
    packages: int | None = None
    packing_class: str | None = None
    packaging: tuple[str, ...] = ()  # packaging term ids
    categories: tuple[str, ...] = ()  # goods category ids, in text order
    density: float | None = None
    hs_heading: str | None = None
    category_spans: tuple[tuple[str, int, int], ...] = ()  # (category id, start, end) in the normalised text
    evidence: dict[str, str] = field(default_factory=dict)  # what the figures were read from


@dataclass
class FactVocabulary:
    """Compiled once at start-up: units by name, the packaging and category indexes."""

    units: dict[str, UnitTerm]
    unit_re: re.Pattern[str]
    packaging_class: dict[str, str]
    categories: dict[str, Category]
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
    ) -> "FactVocabulary":
        units: dict[str, UnitTerm] = {}
        for unit in cargo.units:
            for _, name in unit.names.all():
                units.setdefault(normalise(name).text, unit)
        names = sorted(units, key=len, reverse=True)
        unit_re = re.compile(
            # a unit may touch a Chinese word ("200升桶"), not a Latin or Cyrillic letter
            # ("20 tons" is not "t")
            _NUMBER + r"\s*(" + "|".join(re.escape(n) for n in names) + r")(?![a-zа-я]|-[a-zа-я])",
            re.IGNORECASE,
        )
        terms = [(_PKG + p.id, name) for p in cargo.packaging for _, name in p.names.all()]
        terms += [(_CAT + c.id, name) for c in categories for _, name in c.names.all()]
        index = MatchIndex.for_terms(terms, segmenter, blockers=chemical_names)
        return cls(
            units=units,
            unit_re=unit_re,
            packaging_class={p.id: p.packing_class for p in cargo.packaging},
            categories={c.id: c for c in categories},
            index=index,
        )

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
    out = []
    for m in vocab.unit_re.finditer(text):
        unit = vocab.units.get(m.group(2).lower())
        if unit is None:
            continue
        number = parse_number(m.group(1))
        # "20吨桶" is twenty IBCs (吨桶), not twenty tonnes: a unit inside a packaging word is no unit
        if number is None or any(p.start <= m.start(2) < p.end for p in packages):
            continue
        value = number * unit.factor
        before, after = text[max(0, m.start() - 16) : m.start()], text[m.end() :]
        if _RATE_AFTER.match(after):
            continue  # "5m3/min", "200 л/ч": a flow rate, not an amount
        next_package = next((p for p in packages if p.start >= m.end()), None)
        # "200 L drums", "200升塑料桶": a volume glued to the container word after it
        glued_to_package = (
            next_package is not None
            and next_package.start - m.end() <= 12
            and not re.search(r"\d", text[m.end() : next_package.start])
        )
        # "бочки 200 л", "bottles 5 L": a container word just before a container-sized volume
        after_package = any(0 <= m.start() - p.end <= 3 for p in packages) and value <= _CONTAINER_LITRES
        times = _TIMES_COUNT.match(after)
        times_packages = times is not None and any(p.start == m.end() + times.end() for p in packages)
        per_package = bool(
            times_packages
            or _PER_PACKAGE_AFTER.match(after)
            or _PER_PACKAGE_BEFORE.search(before)
            or glued_to_package
            or after_package
        )
        out.append(
            Amount(
                value,
                unit.dimension,
                m.start(),
                m.end(),
                per_package=per_package and unit.dimension != "count",
                gross=bool(_GROSS_BEFORE.search(before)),
                net=bool(_NET_BEFORE.search(before)),
            )
        )
    return out


def _package_count(text: str, packages: list[TermFound], amounts: list[Amount]) -> int | None:
    """A number written right before a packaging word ("80桶", "80 drums", "× 80 бочек"), or a count unit."""
    for p in packages:
        # the number must stand alone ("80桶", "× 80 drums"), not end a grade name ("ПФ-115, бочки")
        window = max(0, p.start - 12)
        m = re.search(r"(?<![\w.,-])(\d{1,3}(?: \d{3})+|\d+)\s*$", text[window : p.start])
        if m:
            number = parse_number(m.group(1))
            if number is None:
                continue
            # the number of an amount ("200 л бочка") is no count of packages
            in_amount = any(
                a.start <= window + m.start(1) < a.end and a.dimension != "count" for a in amounts
            )
            if number >= 1 and number == int(number) and not in_amount:
                return int(number)
    counts = [a for a in amounts if a.dimension == "count"]
    return int(counts[0].value) if counts else None


def _field_amount(item: Item, vocab: FactVocabulary) -> tuple[float | None, float | None]:
    """(litres, kilograms) from the quantity and unit fields."""
    if item.quantity is None or not item.unit:
        return None, None
    unit = vocab.units.get(normalise(item.unit).text)
    if unit is None:
        return None, None
    value = item.quantity * unit.factor
    return (
        (value, None)
        if unit.dimension == "volume"
        else ((None, value) if unit.dimension == "mass" else (None, None))
    )


def extract_facts(
    item: Item, norm: Normalised, tokens: tuple[Token, ...], vocab: FactVocabulary, segmenter: Segmenter
) -> ItemFacts:
    text = norm.text
    packages, found_categories = vocab.find(norm, tokens, segmenter)
    field_packages: list[TermFound] = []
    field_amounts: list[Amount] = []
    if item.packaging:  # "200 L steel drums", "塑料桶", "бочки по 200 л"
        pnorm = normalise(item.packaging)
        field_packages, _ = vocab.find(pnorm, segment(pnorm, segmenter), segmenter)
        field_amounts = [a for a in _amounts(pnorm.text, vocab, field_packages) if a.dimension == "volume"]
    amounts = _amounts(text, vocab, packages)
    count = item.package_count or _package_count(text, packages, amounts)
    evidence: dict[str, str] = {}

    litres, field_kg = _field_amount(item, vocab)
    if litres is None:
        per_package = [a for a in amounts if a.dimension == "volume" and a.per_package] + field_amounts
        totals = [a for a in amounts if a.dimension == "volume" and not a.per_package]
        if totals:
            litres = max(a.value for a in totals)
            evidence["volume"] = norm.original[slice(*norm.to_original(totals[0].start, totals[0].end))]
        elif per_package and count:
            litres = per_package[0].value * count
            evidence["volume"] = f"{per_package[0].value:g} L × {count}"

    net_kg = item.net_weight_kg if item.net_weight_kg is not None else field_kg
    if net_kg is None:
        masses = [a for a in amounts if a.dimension == "mass" and not a.gross]
        labelled = [a for a in masses if a.net]
        whole = [a for a in masses if not a.per_package]
        if labelled:
            net_kg = labelled[0].value
        elif whole:
            net_kg = max(a.value for a in whole)
        elif masses and count:
            net_kg = masses[0].value * count
        if net_kg is not None:
            evidence["net_weight"] = f"{net_kg:g} kg"

    classes = {vocab.packaging_class[p.term_id] for p in (*packages, *field_packages)}
    per_package_litres = [
        a.value for a in (*amounts, *field_amounts) if a.dimension == "volume" and a.per_package
    ]
    if per_package_litres and max(per_package_litres) >= _BULK_LITRES:
        classes.add("liquid_bulk")
    packing_class = next((c for c in PACKING_ORDER if c in classes), None)

    density = round(net_kg / litres, 3) if net_kg and litres else None
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
        hs_heading=heading,
        category_spans=tuple((t.term_id, t.start, t.end) for t in found_categories),
        evidence=evidence,
    )
