"""What makes a named chemical a mention and not the goods (app/lexicon/mentions.yaml, negation.yaml and the
naming files), as patterns built once from the lexicon: a limit or a property after the name, equipment, a
test or a tank named after it, a purpose, an instrument, a service or a course before it, an empty container,
a company's name, a party field, a name said absent. Read by app/screening/not_declared.py."""

import re
from dataclasses import dataclass

from app.lexicon.loader import LexiconData
from app.lexicon.schema import Cues
from app.screening.cue_patterns import (
    JOINED,
    LIST_TAIL,
    SUSPENDED_HYPHEN,
    article_pattern,
    cue_pattern,
    han_gap_pattern,
    inverted_pattern,
    label_pattern,
    limit_pattern,
    tank_pattern,
    words_pattern,
)

_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Mentions:
    said_absent_before: "re.Pattern[str]" = _NEVER  # "без кодеина", "free of"
    said_absent_after: "re.Pattern[str]" = _NEVER
    not_absent_after: "re.Pattern[str]" = _NEVER  # "free of charge"
    limit: "re.Pattern[str]" = _NEVER  # "не более 410 ppm" after the name
    property: "re.Pattern[str]" = _NEVER  # "bromine index", "三氯甲烷残留"
    test_head: "re.Pattern[str]" = _NEVER  # a test before a list in brackets
    # a test's result before "for": "field test positive for cocaine" names what was found
    result_before: "re.Pattern[str]" = _NEVER
    # ", potassium salt" and ", 2-chloro-" after a name: (salt, substituent) patterns
    inverted_name: tuple["re.Pattern[str]", "re.Pattern[str]"] = (_NEVER, _NEVER)
    equipment: "re.Pattern[str]" = _NEVER  # "Ephedrine colorimetric test kit"
    # after a Chinese name, a few characters then equipment or a test ("麻黄碱类快速检测试剂盒")
    equipment_han: "re.Pattern[str]" = _NEVER
    # an article that holds a chemical, before it on the line ("Lead-acid battery …, filled (sulfuric acid")
    article: "re.Pattern[str]" = _NEVER
    # a tank right after a name, and a count of machines later in the text: (tank, count) patterns
    tank: tuple["re.Pattern[str]", "re.Pattern[str]"] = (_NEVER, _NEVER)
    # an empty word before a name, a container word after it: (empty, container) patterns
    empty: tuple["re.Pattern[str]", "re.Pattern[str]"] = (_NEVER, _NEVER)
    container_word: "re.Pattern[str]" = _NEVER  # a container word anywhere
    instrument: "re.Pattern[str]" = _NEVER  # an instrument or a service in the clause before the name
    topic: "re.Pattern[str]" = _NEVER  # a course, a service or printed matter earlier on the line
    purpose: "re.Pattern[str]" = _NEVER  # right before it: the goods are for it
    party_label: "re.Pattern[str]" = _NEVER  # "收货人：" before a party's name
    window: int = 0  # how far before and after a name these are looked for
    test_reach: int = 0  # characters after a slash-joined list in which its test may start
    company_forms: frozenset[str] = frozenset()
    company_words: int = 0
    company_breaks: frozenset[str] = frozenset()
    # Chinese legal forms (parties.yaml), how far after a name, past which words: a name in a company's
    zh_company_endings: tuple[str, ...] = ()
    zh_company_max_gap: int = 0
    zh_company_breaks: frozenset[str] = frozenset()
    # Russian: a name ending in an ester head (эфир) before an acid in the genitive names an ester
    ru_ester_heads: tuple[str, ...] = ()
    ru_ester_acid: "re.Pattern[str]" = _NEVER
    ru_ester_window: int = 0

    @classmethod
    def build(cls, lexicon: LexiconData) -> "Mentions":
        m = lexicon.mentions
        norm = lexicon.normalise
        return cls(
            said_absent_before=cue_pattern(lexicon.negation.before, before=True),
            said_absent_after=cue_pattern(lexicon.negation.after, before=False, lead=LIST_TAIL),
            not_absent_after=cue_pattern(lexicon.negation.not_after, before=False, lead=LIST_TAIL),
            limit=limit_pattern(m.limit_after.ceilings, m.limit_after.units, m.limit_after.percent_below),
            property=cue_pattern(m.property_after, before=False, lead=JOINED + SUSPENDED_HYPHEN),
            equipment=cue_pattern(
                m.equipment_after, before=False, lead=rf"{JOINED}(?:[\s-]+[^\W\d_]+){{0,{m.equipment_gap}}}"
            ),
            equipment_han=han_gap_pattern(m.equipment_after.chinese, m.equipment_han_gap),
            article=article_pattern(m.articles_holding, m.article_contents),
            container_word=words_pattern(_all(m.containers_after)),
            inverted_name=inverted_pattern(m.inverted_heads),
            result_before=cue_pattern(m.results_before_purpose, before=True),
            test_head=words_pattern([*_all(m.tests_before_list), *_all(m.instrument_before)]),
            tank=tank_pattern(m.tanks_after, m.machine_units, m.tanks_empty),
            empty=(
                words_pattern(_all(m.empty_before)),
                cue_pattern(
                    m.containers_after, before=False, lead=rf"(?:[\s-]+[^\W\d_]+){{0,{m.equipment_gap}}}"
                ),
            ),
            instrument=words_pattern(
                norm(w).text for w in [*_all(m.instrument_before), *_all(m.services_before)]
            ),
            topic=words_pattern(norm(w).text for w in _all(m.topics_before)),
            purpose=cue_pattern(m.purpose_before, before=True, joined=True),
            party_label=label_pattern(norm(w).text for w in m.party_labels),
            window=m.window,
            test_reach=m.tested_list_reach,
            company_forms=frozenset(f for f in lexicon.parties.legal_forms if len(f) >= 3 and " " not in f),
            company_words=m.company_words,
            company_breaks=frozenset(w.casefold() for w in m.company_breaks),
            zh_company_endings=(*lexicon.parties.zh_legal_forms, *lexicon.zh_naming.organisation_endings),
            zh_company_max_gap=lexicon.zh_naming.company_max_gap,
            zh_company_breaks=frozenset(lexicon.zh_naming.company_breaks),
            ru_ester_heads=tuple(lexicon.ru_naming.ester_heads),
            ru_ester_acid=words_pattern(lexicon.ru_naming.ester_acid_words),
            ru_ester_window=lexicon.ru_naming.ester_window,
        )


def _all(cues: Cues) -> list[str]:
    """A cue list's words in every script."""
    return [*cues.latin, *cues.cyrillic, *cues.chinese]
