"""Substance search: a name in any language, misspelled, partial, or a CAS number -> the substances it means.

The query goes through the same matcher as a declaration (exact, inflected, misspelled, transliterated names,
CAS numbers), so "уксусного ангидрида", "acetic anhydryde" and "108-24-7" all find acetic anhydride; a
partial name ("ephedr", "марганц") falls back to similarity over every lexicon name. A query that names an
uncontrolled chemical ("xylene", "冰醋酸") says so, so an officer learns it is not a precursor.
"""

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from app.core.codes import cas_is_valid
from app.core.types import Item
from app.screening.match import find_matches
from app.screening.pipeline import Resources
from app.screening.segment import segment

# Similarity (0-100, rapidfuzz WRatio) a lexicon name must reach to be offered for a partial query.
_PARTIAL_FLOOR = 80.0


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    controlled: bool
    matched: str  # the lexicon name or number that matched
    method: str  # exact, lemma, fuzzy, cas, similar
    score: float


def search(query: str, res: Resources, limit: int = 10) -> list[Hit]:
    norm = res.lexicon.normalise(query)
    if not norm.text:
        return []
    hits: dict[str, Hit] = {}
    outcome = find_matches(Item(query), norm, segment(norm, res.segmenter), res.index, res.segmenter)
    for m in outcome.matches:
        if m.substance_id not in hits:
            hits[m.substance_id] = Hit(m.substance_id, True, m.matched, m.method, m.score)
    table = res.index.names
    if norm.text in table:  # the query is exactly a known chemical's name, controlled or not
        owner, controlled, name = table[norm.text]
        hits.setdefault(owner, Hit(owner, controlled, name, "exact", 100.0))
    if not hits and not cas_is_valid(norm.text):
        for key, score, _ in process.extract(
            norm.text, table.keys(), scorer=fuzz.WRatio, score_cutoff=_PARTIAL_FLOOR, limit=limit * 3
        ):
            owner, controlled, name = table[key]
            if owner not in hits:
                hits[owner] = Hit(owner, controlled, name, "similar", round(float(score), 1))
    ranked = sorted(hits.values(), key=lambda h: (-h.score, not h.controlled, h.id))
    return ranked[:limit]
