"""The screening pipeline: goods lines -> normalise -> expand abbreviations -> segment -> facts -> match ->
rules (app/screening/checks/) -> score.

A description of several goods lines is screened line by line (app/screening/lines.py); the item's fields
once, on their own. Pure: no database, no HTTP.

`Resources` holds everything loaded and compiled once at start-up (lexicon, rules, jieba dictionary,
morphology, automata); `screen()` is the function every entry point calls.
"""

import time
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from app.config import get_settings
from app.core.collector import collector_paused
from app.core.normalise import is_han
from app.core.types import (
    Declaration,
    Evidence,
    GoodsLine,
    Item,
    ItemAnalysis,
    Language,
    Match,
    Normalised,
    Reason,
    ScreeningResult,
    Token,
)
from app.lexicon.lists import ListPolicy
from app.lexicon.loader import LEXICON_DIR, LexiconData, load_lexicon
from app.parties import PartyMatcher
from app.rules.loader import RuleSet, check_references, load_rules
from app.screening.abbreviations import Abbreviations
from app.screening.checks import RuleEnv, evaluate_declaration, evaluate_item
from app.screening.checks.common import context as item_context
from app.screening.facts import FactVocabulary, ItemFacts, extract_facts
from app.screening.gloss import Glossary
from app.screening.goods_aid import GoodsAid
from app.screening.item_cache import ItemCache
from app.screening.lines import GoodsLines
from app.screening.match import MatchIndex, find_matches
from app.screening.score import apply_policy
from app.screening.segment import Segmenter, detect_language, segment

_CODE_LETTERS = 8  # Latin names this short may be written in Cyrillic capitals ("АНПП": abbreviations.py)


@dataclass(frozen=True)
class Resources:
    lexicon: LexiconData
    rules: RuleSet
    segmenter: Segmenter
    index: MatchIndex
    facts: FactVocabulary
    glossary: Glossary  # the officers' reading aid (not a screening stage)
    abbreviations: Abbreviations
    goods_lines: GoodsLines
    load_seconds: float
    # items screened before with this data (ITEM_CACHE_SIZE items; 0: none)
    item_cache: ItemCache = field(default_factory=lambda: ItemCache(0))

    @cached_property
    def env(self) -> RuleEnv:
        """What the rules read: made once, not for every declaration."""
        return RuleEnv(self.rules, self.lexicon, lambda: self.goods_aid)

    @cached_property
    def goods_aid(self) -> GoodsAid | None:
        """The goods reading aid (the nomenclatures' lines closest to a description): built when first asked,
        or beside start-up (app/main.py), since its index takes a second or two to build."""
        nomenclature = self.lexicon.nomenclature()
        return GoodsAid(nomenclature) if nomenclature is not None else None

    @cached_property
    def parties(self) -> PartyMatcher:
        """Company names compared across scripts (the register's holders against a declaration's parties)."""
        return PartyMatcher(self.lexicon.parties, lambda text: self.lexicon.normalise(text).text)


def chinese_words(lexicon: LexiconData) -> list[str]:
    """Every Chinese name and vocabulary word, normalised: jieba's user dictionary, so they stay whole."""
    names = [n for s in lexicon.substances.values() for _, _, n in s.all_names()]
    names += [n for c in lexicon.overlaps.values() for _, n in c.names.all()]
    names += [n for c in lexicon.categories.values() for _, n in c.names.all()]
    names += [n for t in (*lexicon.cargo.packaging, *lexicon.cargo.units) for _, n in t.names.all()]
    keys = (lexicon.normalise(n).text for n in names)
    # one character is already a word to jieba; as a user word (碘) it would cut 碘化钾 apart
    return sorted({k for k in keys if len(k) > 1 and all(is_han(c) for c in k)})


def _latin_only_words(lexicon: LexiconData) -> frozenset[str]:
    """Words of the substances' Latin names that no other name uses."""
    words: dict[bool, set[str]] = {True: set(), False: set()}
    for s in lexicon.substances.values():
        for kind, _, name in s.all_names():
            words[kind == "latin_name"].update(lexicon.normalise(name).text.split())
    return frozenset(words[True] - words[False])


def load_resources(
    lexicon_dir: Path | None = None,
    rules_dir: Path | None = None,
    cache_dir: Path | None = None,
    policy: ListPolicy | None = None,
    item_cache_size: int | None = None,
) -> Resources:
    """Everything screening needs, loaded and checked. `policy`: the precursor lists in force and their
    severities; by default as the settings say (PRECURSOR_LISTS, PRECURSOR_LIST_SEVERITY); `item_cache_size`:
    how many screened items to remember (ITEM_CACHE_SIZE by default)."""
    with collector_paused():
        return _load(lexicon_dir, rules_dir, cache_dir, policy, item_cache_size)


def _load(
    lexicon_dir: Path | None,
    rules_dir: Path | None,
    cache_dir: Path | None,
    policy: ListPolicy | None,
    item_cache_size: int | None,
) -> Resources:
    started = time.perf_counter()
    if policy is None:
        settings = get_settings()
        policy = ListPolicy.parse(settings.precursor_lists, settings.precursor_list_severity)
    lexicon = load_lexicon(lexicon_dir or LEXICON_DIR, policy)
    rules = load_rules(rules_dir) if rules_dir else load_rules()
    check_references(rules, lexicon)
    with lexicon.normalise.remembering():
        segmenter, index, facts, glossary, abbreviations, lines = _indexes(lexicon, cache_dir)
    cache = ItemCache(get_settings().item_cache_size if item_cache_size is None else item_cache_size)
    return Resources(
        lexicon,
        rules,
        segmenter,
        index,
        facts,
        glossary,
        abbreviations,
        lines,
        time.perf_counter() - started,
        cache,
    )


def _indexes(
    lexicon: LexiconData, cache_dir: Path | None
) -> tuple[Segmenter, MatchIndex, FactVocabulary, Glossary, Abbreviations, GoodsLines]:
    """The segmenter and the indexes built from the lexicon's names and words."""
    segmenter = Segmenter(chinese_words(lexicon), cache_dir)
    index = MatchIndex.build(lexicon, segmenter)
    chemicals = [n for s in lexicon.substances.values() for _, _, n in s.all_names()]
    chemicals += [n for c in lexicon.overlaps.values() for _, n in c.names.all()]
    facts = FactVocabulary.build(
        lexicon.cargo, list(lexicon.categories.values()), segmenter, chemicals, lexicon.normalise
    )
    glossary = Glossary(lexicon, segmenter)
    keys = index.exact.keys()  # the automaton's own iterator over its words
    codes = [str(k) for k in keys if str(k).isascii() and len(str(k)) <= _CODE_LETTERS]
    # a Latin stem cut with a dot ("Hydrochl.", "Pseudoephed.") is completed to an English name word, not to a
    # pharmacopoeia's Latin one (hydrochloricum, pseudoephedrini) that would make it ambiguous
    latin = _latin_only_words(lexicon)
    abbreviations = Abbreviations(
        lexicon.abbreviations,
        {
            **index.cyrillic_forms,
            **{w: w for w in index.lemma_words if w.isascii() and w.isalpha() and w not in latin},
        },
        index.lemma_pairs,
        codes,
        segmenter.is_known_word,
    )
    cargo = lexicon.cargo
    labels = [n for t in (*cargo.declaration_words, *cargo.units, *cargo.packaging) for _, n in t.names.all()]
    lines = GoodsLines.build(cargo.goods_line_markers, [*labels, *cargo.field_label_words])
    segmenter.keep_answers()
    return segmenter, index, facts, glossary, abbreviations, lines


@dataclass(frozen=True)
class _Screened:
    norm: Normalised
    tokens: tuple[Token, ...]
    matches: tuple[Match, ...]
    facts: ItemFacts
    reasons: list[Reason]


def _screen_text(index: int, item: Item, res: Resources, in_context: bool | None = None) -> _Screened:
    """One goods text through normalise, expand, segment, facts, match and the item rules."""
    expanded = res.abbreviations.expand(res.lexicon.normalise(item.description))
    norm = expanded.norm
    tokens = segment(norm, res.segmenter)
    facts = extract_facts(item, norm, tokens, res.facts, res.segmenter)
    outcome = find_matches(item, norm, tokens, res.index, res.segmenter, expanded.spans, in_context)
    spans = {cid: norm.to_original(s, e) for cid, s, e in facts.category_spans}
    reasons = evaluate_item(
        res.env, item_context(index, item.description, item.hs_code, outcome, facts, spans)
    )
    return _Screened(norm, tokens, outcome.matches, facts, reasons)


def _shifted(reason: Reason, line: int, offset: int) -> Reason:
    evidence = reason.evidence
    if evidence is not None:
        evidence = Evidence(evidence.text, evidence.start + offset, evidence.end + offset)
    return replace(reason, evidence=evidence, details={**reason.details, "line": line})


def _screen_item(
    index: int, item: Item, res: Resources, hint: Language | None
) -> tuple[ItemAnalysis, list[Reason]]:
    """An item; a description of several goods lines is screened line by line, each line's figures kept to
    itself, and the item's own fields (HS code, quantity, weights) judged once, on their own."""
    lines = res.goods_lines(item.description)
    if len(lines) < 2:
        one = _screen_text(index, item, res)
        language = detect_language(one.norm, hint)
        return ItemAnalysis(language, one.norm, one.tokens, one.matches, one.facts), one.reasons
    norm = res.abbreviations.expand(res.lexicon.normalise(item.description)).norm
    # an abbreviation ("NPP") counts in a chemical context anywhere in the description, not only its line
    in_context = res.index.chemical_context.search(norm.text) is not None
    fields = _screen_text(index, replace(item, description=""), res)
    reasons = list(fields.reasons)
    matches: list[Match] = []
    goods: list[GoodsLine] = []
    for number, (start, end) in enumerate(lines, 1):
        line = _screen_text(index, Item(item.description[start:end]), res, in_context)
        reasons += [_shifted(r, number, start) for r in line.reasons]
        matches += [replace(m, start=m.start + start, end=m.end + start) for m in line.matches]
        goods.append(GoodsLine(start, end, line.facts))
    tokens = segment(norm, res.segmenter)
    language = detect_language(norm, hint)
    return ItemAnalysis(language, norm, tokens, tuple(matches), fields.facts, tuple(goods)), reasons


def screen(declaration: Declaration, res: Resources) -> ScreeningResult:
    reasons: list[Reason] = []
    analyses: list[ItemAnalysis] = []
    for i, item in enumerate(declaration.items):
        key = (item, declaration.language)
        cached = res.item_cache.get(key, i)
        if cached is None:
            analysis, item_reasons = _screen_item(i, item, res, declaration.language)
            res.item_cache.put(key, analysis, item_reasons)
        else:
            analysis, item_reasons = cached
        analyses.append(analysis)
        reasons += item_reasons
    reasons += evaluate_declaration(res.env, declaration)
    level, ordered = apply_policy(reasons, res.rules)
    return ScreeningResult(
        risk_level=level,
        reasons=ordered,
        items=tuple(analyses),
        lexicon_version=res.lexicon.version,
        rules_version=res.rules.version,
    )
