"""The screening pipeline: normalise -> segment -> facts -> match -> rules -> score.

Pure: no database, no HTTP.

`Resources` holds everything loaded and compiled once at start-up (lexicon, rules, jieba dictionary,
morphology, automata); `screen()` is the function every entry point calls.
"""

import time
from dataclasses import dataclass
from pathlib import Path

from app.lexicon.loader import LexiconData, load_lexicon
from app.rules.loader import RuleSet, check_references, load_rules
from app.screening.facts import FactVocabulary, extract_facts
from app.screening.gloss import Glossary
from app.screening.match import MatchIndex, find_matches
from app.screening.normalise import is_han, normalise
from app.screening.rules import ItemContext, RuleEnv, evaluate_declaration, evaluate_item
from app.screening.score import apply_policy
from app.screening.segment import Segmenter, detect_language, segment
from app.screening.types import Declaration, ItemAnalysis, Reason, ScreeningResult


@dataclass(frozen=True)
class Resources:
    lexicon: LexiconData
    rules: RuleSet
    segmenter: Segmenter
    index: MatchIndex
    facts: FactVocabulary
    glossary: Glossary  # the officers' reading aid (not a screening stage)
    load_seconds: float

    @property
    def env(self) -> RuleEnv:
        return RuleEnv(self.rules, self.lexicon)


def chinese_words(lexicon: LexiconData) -> list[str]:
    """Every Chinese name and vocabulary word, normalised: jieba's user dictionary, so they stay whole."""
    names = [n for s in lexicon.substances.values() for _, _, n in s.all_names()]
    names += [n for c in lexicon.overlaps.values() for _, n in c.names.all()]
    names += [n for c in lexicon.categories.values() for _, n in c.names.all()]
    names += [n for t in (*lexicon.cargo.packaging, *lexicon.cargo.units) for _, n in t.names.all()]
    keys = (normalise(n).text for n in names)
    return sorted({k for k in keys if k and all(is_han(c) for c in k)})


def load_resources(
    lexicon_dir: Path | None = None, rules_dir: Path | None = None, cache_dir: Path | None = None
) -> Resources:
    started = time.perf_counter()
    lexicon = load_lexicon(lexicon_dir) if lexicon_dir else load_lexicon()
    rules = load_rules(rules_dir) if rules_dir else load_rules()
    check_references(rules, lexicon)
    segmenter = Segmenter(chinese_words(lexicon), cache_dir)
    index = MatchIndex.build(lexicon, segmenter)
    chemicals = [n for s in lexicon.substances.values() for _, _, n in s.all_names()]
    chemicals += [n for c in lexicon.overlaps.values() for _, n in c.names.all()]
    facts = FactVocabulary.build(lexicon.cargo, list(lexicon.categories.values()), segmenter, chemicals)
    glossary = Glossary(lexicon, segmenter)
    return Resources(lexicon, rules, segmenter, index, facts, glossary, time.perf_counter() - started)


def screen(declaration: Declaration, res: Resources) -> ScreeningResult:
    env = res.env
    reasons: list[Reason] = []
    analyses: list[ItemAnalysis] = []
    for i, item in enumerate(declaration.items):
        norm = normalise(item.description)
        tokens = segment(norm, res.segmenter)
        facts = extract_facts(item, norm, tokens, res.facts, res.segmenter)
        outcome = find_matches(item, norm, tokens, res.index, res.segmenter)
        spans = {cid: norm.to_original(s, e) for cid, s, e in facts.category_spans}
        reasons += evaluate_item(env, ItemContext(i, item.description, item.hs_code, outcome, facts, spans))
        language = detect_language(norm, declaration.language)
        analyses.append(ItemAnalysis(language, norm, tokens, outcome.matches, facts))
    reasons += evaluate_declaration(env, declaration)
    level, ordered = apply_policy(reasons, res.rules)
    return ScreeningResult(
        risk_level=level,
        reasons=ordered,
        items=tuple(analyses),
        lexicon_version=res.lexicon.version,
        rules_version=res.rules.version,
    )
