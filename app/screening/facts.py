"""Stage 3: facts about an item, from its fields and from its description.

Volume in litres and net mass in kilograms (from fields, or from the amounts of the text: amounts.py), the
packaging class, the goods categories, the density where both are known,
and the declared HS heading. The vocabulary (units, packaging words, goods categories) is data:
app/lexicon/cargo_terms.yaml and cover_goods.yaml.
"""

from dataclasses import dataclass, field

from app.core.normalise import Normaliser
from app.core.numbers import format_number
from app.core.types import Item, Normalised, Token
from app.lexicon.schema_cargo import CargoTermsFile, Category
from app.screening.amounts import Amount, QuantityReader, package_count, total_litres
from app.screening.amounts import net_kg as net_kg_of
from app.screening.match import MatchIndex, TermFound, find_terms
from app.screening.segment import Segmenter, segment

PACKING_ORDER = ("liquid_bulk", "liquid_small", "dry", "other")  # most telling first
_PKG, _CAT = "pkg:", "cat:"
# A container this large is bulk whatever the word for it.
_BULK_LITRES = 100.0


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
    """Compiled once at start-up: the quantity reader, the packaging and category indexes."""

    quantities: QuantityReader
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
        terms = [(_PKG + p.id, name) for p in cargo.packaging for _, name in p.names.all()]
        terms += [(_CAT + c.id, name) for c in categories for _, name in c.names.all()]
        index = MatchIndex.for_terms(terms, segmenter, blockers=chemical_names, norm=normalise, rare=False)
        return cls(
            quantities=QuantityReader.build(cargo, normalise),
            packaging_class={p.id: p.packing_class for p in cargo.packaging},
            categories={c.id: c for c in categories},
            normalise=normalise,
            index=index,
        )

    def is_large_unit(self, name: str) -> bool:
        """A unit of a thousand base units or more (t, т, 吨, m3): its "12.960" is a decimal."""
        return self.quantities.is_large_unit(name)

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


def extract_facts(
    item: Item, norm: Normalised, tokens: tuple[Token, ...], vocab: FactVocabulary, segmenter: Segmenter
) -> ItemFacts:
    text = norm.text
    packages, named = vocab.find(norm, tokens, segmenter)
    # "растворитель для эмалей": the enamel is what the solvent is for, not goods of the item
    purpose = vocab.quantities.cues.purpose_before
    found_categories = (
        [c for c in named if not purpose.search(text[max(0, c.start - 12) : c.start])] if named else []
    )
    reader = vocab.quantities
    field_packages: list[TermFound] = []
    field_amounts: list[Amount] = []
    if item.packaging:  # "200 L steel drums", "塑料桶", "бочки по 200 л"
        pnorm = vocab.normalise(item.packaging)
        field_packages, _ = vocab.find(pnorm, segment(pnorm, segmenter), segmenter)
        field_amounts = [a for a in reader.read(pnorm.text, field_packages) if a.dimension == "volume"]
    amounts = reader.read(text, packages)
    outer = next((a.outer for a in amounts if a.outer), None)  # "x 4 per carton x 500 cartons": 500
    count = item.package_count or outer or package_count(text, packages, amounts, reader.cues)
    evidence: dict[str, str] = {}

    litres, field_kg = reader.field_amount(item)
    if litres is None:
        litres, shown = total_litres(amounts, field_amounts, count, norm)
        if shown:
            evidence["volume"] = shown

    net_kg = item.net_weight_kg if item.net_weight_kg is not None else field_kg
    if net_kg is None:
        net_kg = net_kg_of(amounts, count)
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
    packing_class = next((c for c in PACKING_ORDER if c in classes), None) if classes else None

    density = round(net_kg / litres, 3) if net_kg and litres else None
    low, high = reader.cues.liquid_density
    consistent = density is None or low <= density <= high
    heading = item.hs_code[:4] if item.hs_code and len(item.hs_code) >= 4 else None
    categories = tuple(dict.fromkeys(t.term_id for t in found_categories)) if found_categories else ()
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
        category_spans=tuple((t.term_id, t.start, t.end) for t in found_categories)
        if found_categories
        else (),
        evidence=evidence,
    )
