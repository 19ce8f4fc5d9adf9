"""The screening pipeline: normalise -> segment -> match -> rules -> score. Pure: no database, no HTTP.

`Resources` holds everything loaded and compiled once at start-up (lexicon, rules, jieba dictionary,
morphology, automata); `screen()` is the function every entry point calls.
"""

import time
from dataclasses import dataclass
from pathlib import Path

from app.lexicon.loader import LexiconData, load_lexicon
from app.rules.loader import RuleSet, load_rules
from app.screening.match import MatchIndex, find_matches
from app.screening.normalise import is_han, normalise
from app.screening.rules import evaluate_item
from app.screening.score import order_reasons, risk_level
from app.screening.segment import Segmenter, detect_language, segment
from app.screening.types import Declaration, ItemAnalysis, Reason, ScreeningResult


@dataclass(frozen=True)
class Resources:
    lexicon: LexiconData
    rules: RuleSet
    segmenter: Segmenter
    index: MatchIndex
    load_seconds: float


def chinese_names(lexicon: LexiconData) -> list[str]:
    """Every Chinese name in the lexicon, normalised: jieba's user dictionary, so names stay whole."""
    names = [n for s in lexicon.substances.values() for _, _, n in s.all_names()]
    names += [n for c in lexicon.overlaps.values() for _, n in c.names.all()]
    keys = (normalise(n).text for n in names)
    return sorted({k for k in keys if k and all(is_han(c) for c in k)})


def load_resources(
    lexicon_dir: Path | None = None, rules_dir: Path | None = None, cache_dir: Path | None = None
) -> Resources:
    started = time.perf_counter()
    lexicon = load_lexicon(lexicon_dir) if lexicon_dir else load_lexicon()
    rules = load_rules(rules_dir) if rules_dir else load_rules()
    segmenter = Segmenter(chinese_names(lexicon), cache_dir)
    index = MatchIndex.build(lexicon, segmenter)
    return Resources(lexicon, rules, segmenter, index, time.perf_counter() - started)


def screen(declaration: Declaration, res: Resources) -> ScreeningResult:
    reasons: list[Reason] = []
    analyses: list[ItemAnalysis] = []
    for i, item in enumerate(declaration.items):
        norm = normalise(item.description)
        tokens = segment(norm, res.segmenter)
        outcome = find_matches(item, norm, tokens, res.index, res.segmenter)
        reasons += evaluate_item(res.rules, res.lexicon, i, item.description, outcome)
        language = detect_language(norm, declaration.language)
        analyses.append(ItemAnalysis(language, norm, tokens, outcome.matches))
    return ScreeningResult(
        risk_level=risk_level(reasons, res.rules),
        reasons=order_reasons(reasons),
        items=tuple(analyses),
        lexicon_version=res.lexicon.version,
        rules_version=res.rules.version,
    )
