"""What matching looks names up in, built once from the lexicon (`MatchIndex.build`) or from a plain
vocabulary (`MatchIndex.for_terms`): the exact and lemma automata, the name words' spellings for correction,
CAS numbers, HS codes, and the patterns that say a text reads as chemicals or says a name is absent."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

import ahocorasick

from app.core.codes import hs_cue_pattern, hs_digits, standard_number
from app.core.normalise import Normaliser, is_han, normalise
from app.core.types import Normalised, Token
from app.errors import DataError
from app.lexicon.loader import LexiconData
from app.screening.cue_patterns import (
    context_pattern,
    words_pattern,
)
from app.screening.esters import EsterReader
from app.screening.han_alike import AlikeIndex
from app.screening.han_readings import KEPT_READINGS
from app.screening.han_split import HanSplits
from app.screening.lines import marker_pattern
from app.screening.mention_patterns import Mentions
from app.screening.segment import Segmenter, segment
from app.screening.spelling import Corrector, Vocabulary, cyrillic_key
from app.screening.translit import skeleton, sound_keys_en, translit_ru

BLOCKER = ""  # owner of names that only block vocabulary terms inside them


@dataclass(frozen=True, slots=True)
class Target:
    owner: str  # substance id or overlap chemical id
    controlled: bool
    name: str  # the lexicon name as written
    needs_context: bool = False  # an abbreviation that counts only in a chemical context
    head_only: bool = False  # a name that counts only at the head of its goods line (`head_names`)


_SOUND_MIN_LEN = 4  # English name words shorter than this get no sound key


def _append_once(ids: list[str], sid: str) -> None:
    if sid not in ids:
        ids.append(sid)


# a locant before a Chinese name's part: "1-", "2,3-", "n-", "α-"
_BARE_MIN = 5
_LOCANT = re.compile(r"(?:\d+(?:,\d+)*'?|[a-zα-ω])-")


def _regional(lexicon: LexiconData) -> tuple[tuple[str, str], ...]:
    norm = lexicon.normalise
    return tuple((norm(a).text, norm(b).text) for a, b in lexicon.zh_naming.regional_spellings)


def _sound_alike(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = defaultdict(str)
    for a, b in pairs:
        out[a] += b
        out[b] += a
    return dict(out)


def _word_tokens(norm: Normalised, segmenter: Segmenter) -> list[Token]:
    return [t for t in segment(norm, segmenter) if t.kind != "han"]


@dataclass
class MatchIndex:
    exact: "ahocorasick.Automaton"
    lemmas: "ahocorasick.Automaton"
    # every word of the lemma automaton's keys: a text with none of them needs no lemma pass
    lemma_words: frozenset[str] = frozenset()
    # every proper prefix of a word the word-joining pass may spell (a lemma word or a Russian form of one):
    # a word that starts none needs no joining
    join_prefixes: frozenset[str] = frozenset()
    # those Russian forms by their spelling keys (spelling.cyrillic_key): "фенил ацетоун" joins to фенилацетон
    join_keys: dict[str, str] = field(default_factory=dict)
    # Cyrillic spelling keys -> lemmas; Latin skeletons (and transliterations) -> lemmas.
    vocab_cyr: Vocabulary = field(default_factory=Vocabulary)
    vocab_lat: Vocabulary = field(default_factory=Vocabulary)
    # sound keys of English name words (app/screening/translit.py) -> lemmas: English written in Cyrillic
    vocab_sound: Vocabulary = field(default_factory=Vocabulary)
    # Every inflected form of a name word -> the lemma the name was indexed under.
    cyrillic_forms: dict[str, str] = field(default_factory=dict)
    # (word, lemma, fuzzy) already given its forms and spellings: names share words ("кислота")
    _indexed_words: set[tuple[str, str, bool]] = field(default_factory=set, repr=False)
    # Lemma -> True when only uncontrolled chemicals' names use it.
    uncontrolled_only: dict[str, bool] = field(default_factory=dict)
    # Normalised name -> (owner id, controlled?, the name as written): substance search.
    names: dict[str, tuple[str, bool, str]] = field(default_factory=dict)
    cas: dict[str, Target] = field(default_factory=dict)
    chinese_names: dict[str, Target] = field(default_factory=dict)  # normalised all-Han name -> target
    # Neighbouring Cyrillic lemmas of a name, either order ({"диэтиловый", "эфир"}): context for abbreviations
    lemma_pairs: set[frozenset[str]] = field(default_factory=set)
    # overlap id -> the substances those goods hold (overlaps' `holds`): named beside them, not declared
    holds: dict[str, frozenset[str]] = field(default_factory=dict)
    hs6: dict[str, list[str]] = field(default_factory=dict)  # 6 digits -> substance ids
    hs10: dict[str, list[str]] = field(default_factory=dict)  # national 10 digits -> substance ids
    standards: dict[str, list[str]] = field(default_factory=dict)  # a standard's number -> substance ids
    shared_hs: frozenset[str] = frozenset()
    chemical_context: "re.Pattern[str]" = re.compile(r"(?!)")
    hs_in_text: "re.Pattern[str]" = re.compile(r"(?!)")  # an HS code after a cue word
    zh_acid_prefixes: frozenset[str] = frozenset()
    zh_acid_followers: tuple[str, ...] = ()
    zh_derivative_markers: frozenset[str] = frozenset()
    zh_substituent_suffixes: tuple[str, ...] = ()
    # a chemical named, not declared (app/screening/mention_patterns.py): a limit, a test, a company …
    mentions: Mentions = field(default_factory=Mentions)
    salt_is_substance: frozenset[str] = frozenset()  # Table substances whose salts are themselves
    oxidation_states: frozenset[str] = frozenset()
    esters: EsterReader | None = None  # an acid's name with an alcohol's part beside it (esters.yaml)
    # (mainland, regional) spellings inside Chinese names (zh_naming.yaml): both are indexed
    zh_regional: tuple[tuple[str, str], ...] = ()
    # a goods line's own number ("Item 2 —", "Поз. 4"): a head name may follow it
    line_marker: "re.Pattern[str]" = re.compile(r"(?!)")
    sound_alike: dict[str, str] = field(default_factory=dict)  # letter -> the letters it is confused with
    # Chinese names by syllables, shape-alike characters and pinyin (None for vocabulary indexes)
    alike: AlikeIndex | None = None
    # Chinese names with a character split in two or a letter for a character (None for vocabulary indexes)
    splits: HanSplits | None = None
    # narcotic drugs named outright ("drug:<id>", "drug_ctx:<id>" for names that need a chemical context)
    drugs: "MatchIndex | None" = None
    # drug id -> the words that make its name the ordinary one in a goods line (drugs.yaml licit_context)
    drug_licit: dict[str, "re.Pattern[str]"] = field(default_factory=dict)
    # a context for a drug's street names besides a chemical one: its dosage forms ("Ecstasy tablets")
    drug_context: dict[str, "re.Pattern[str]"] = field(default_factory=dict)
    normalise: Normaliser = normalise  # the lexicon's: names are normalised as declarations are
    # A vocabulary index's own terms (no blockers), to tell at C speed that a text holds none of them
    term_exact: "ahocorasick.Automaton | None" = None
    term_words: frozenset[str] = frozenset()
    # Unknown words read as name words; made by `_finish` once the names are in.
    corrector: Corrector = field(init=False, repr=False, compare=False)

    @classmethod
    def build(cls, lexicon: LexiconData, segmenter: Segmenter) -> "MatchIndex":
        index = cls(
            exact=ahocorasick.Automaton(),
            lemmas=ahocorasick.Automaton(),
            shared_hs=lexicon.shared_hs,
            chemical_context=context_pattern(lexicon.chemical_context),
            hs_in_text=hs_cue_pattern(lexicon.cargo.hs_code_cues),
            mentions=Mentions.build(lexicon),
            zh_acid_prefixes=frozenset(lexicon.zh_naming.acid_prefixes),
            zh_acid_followers=tuple(lexicon.zh_naming.acid_followers),
            zh_derivative_markers=frozenset(lexicon.zh_naming.derivative_markers),
            zh_substituent_suffixes=tuple(lexicon.zh_naming.substituent_suffixes),
            oxidation_states=frozenset(lexicon.ru_naming.oxidation_states),
            esters=EsterReader(lexicon.esters),
            zh_regional=_regional(lexicon),
            line_marker=marker_pattern(lexicon.cargo.goods_line_markers),
            normalise=lexicon.normalise,
            sound_alike=_sound_alike(lexicon.spelling.ru_sound_alike_pairs),
        )
        words: dict[bool, set[str]] = {True: set(), False: set()}  # controlled? -> name words
        for s in lexicon.substances.values():
            for kind, _, name in s.all_names():
                head = kind == "head_name"  # read as written: no fuzzy, sound- or shape-alike reading
                target = Target(s.id, True, name, kind == "context_abbreviation", head)
                # a code is read as written too: one letter off, it is another code ("DMAPA" is no MAPA)
                as_code = kind in ("abbreviation", "context_abbreviation")
                index._add_name(name, target, segmenter, words, fuzzy=not (head or as_code))
            for cas in s.cas:
                index.cas[cas] = Target(s.id, True, cas)
            # a listed chemical's 6-digit subheading ("other aromatic ketones") holds much else: only a
            # national code that names it points at it
            for code in s.hs if s.table is not None else ():
                _append_once(index.hs6.setdefault(hs_digits(code), []), s.id)
            for standard in s.standards:
                _append_once(index.standards.setdefault(standard_number(standard), []), s.id)
            for codes in s.hs_national.values():
                for code in codes:
                    _append_once(index.hs10.setdefault(code, []), s.id)
        for c in lexicon.overlaps.values():
            for _, name in c.names.all():
                index._add_name(name, Target(c.id, False, name), segmenter, words)
            for cas in c.cas:
                index.cas.setdefault(cas, Target(c.id, False, cas))
            if c.holds:
                index.holds[c.id] = frozenset(c.holds)
        index.uncontrolled_only = {w: w not in words[True] for w in words[True] | words[False]}
        excluded = frozenset(lexicon.mentions.table_salts_excluded)
        unknown = sorted(excluded - set(lexicon.substances))
        if unknown:
            raise DataError(f"mentions.yaml: table_salts_excluded names unknown substances {unknown}")
        index.salt_is_substance = frozenset(
            s.id for s in lexicon.substances.values() if s.table is not None and s.id not in excluded
        )
        index._add_without_locants({s.id for s in lexicon.substances.values() if s.table is not None})
        naming = lexicon.zh_naming
        index.alike = AlikeIndex.build(
            index.chinese_names.items(),
            lexicon.shape_alike,
            naming.chemistry_characters,
            [*naming.derivative_markers, *naming.substituent_suffixes],
            naming.never_left_out,
            naming.salt_endings,
            (naming.near_sound_initials, naming.near_sound_finals),
            segmenter.kept_answers(KEPT_READINGS),
        )
        naming = lexicon.zh_naming
        index.splits = HanSplits(lexicon.han_split, naming.letter_stand_ins, naming.locant_stand_ins)
        index.drugs = _drug_index(lexicon, segmenter)
        index.drug_context = {
            d.id: words_pattern(lexicon.normalise(w).text for _, w in d.street_name_context.all())
            for d in lexicon.drugs.values()
            if d.street_name_context.all()
        }
        index.drug_licit = {
            d.id: words_pattern((lexicon.normalise(w).text for _, w in d.licit_context.all()))
            for d in lexicon.drugs.values()
            if d.licit_context.all()
        }
        return index._finish()

    @classmethod
    def for_terms(
        cls,
        terms: Iterable[tuple[str, str]],
        segmenter: Segmenter,
        blockers: Iterable[str] = (),
        norm: Normaliser = normalise,
        rare: bool = True,
    ) -> "MatchIndex":
        """An index of plain vocabulary, (id, name) pairs: goods categories, packaging words. Same matching
        (whole words, inflection, longest name wins). `blockers` are names that take part in the longest-name
        contest but are never reported: chemical names, so 乙酸 (acetic acid) is not read inside 乙酸酐.
        `rare`: most texts hold none of the terms (drug names), so a text is first looked over for them
        alone; not worth it for words most texts hold (packaging: three texts in four)."""
        index = cls(exact=ahocorasick.Automaton(), lemmas=ahocorasick.Automaton(), normalise=norm)
        words: dict[bool, set[str]] = {True: set(), False: set()}
        for name in blockers:  # "controlled": on a tie of length the vocabulary term (uncontrolled) wins
            index._add_name(name, Target(BLOCKER, True, name), segmenter, words, fuzzy=False)
        term_exact = ahocorasick.Automaton()
        term_words: set[str] = set()
        for term_id, name in terms:
            index._add_name(name, Target(term_id, False, name), segmenter, words, fuzzy=False)
            if rare:
                key = norm(name)
                term_exact.add_word(key.text, key.text)
                term_words.update(t.lemma for t in _word_tokens(key, segmenter))
        if len(term_exact):
            term_exact.make_automaton()
            index.term_exact, index.term_words = term_exact, frozenset(term_words)
        return index._finish()

    def _add_without_locants(self, tabled: set[str]) -> None:
        """Chinese names with locants also as writers leave them out ("苯乙基哌啶酮" for
        N-苯乙基-4-哌啶酮), where that spelling is no name already and stands for one chemical only (two
        isomers that lose their locants to one spelling: neither gets it). Only the 1988 Tables' long names
        (five characters or more): a short one names isomers the lexicon does not know (对氯苯腈 is no
        2-氯苯腈), read as written only (no sound- or shape-alike reading of it)."""
        owners: dict[str, set[str]] = defaultdict(set)
        targets: dict[str, Target] = {}
        for key, target in list(self.chinese_names.items()):
            bare = _LOCANT.sub("", key).replace("-", "")
            if (
                target.owner in tabled
                and bare != key
                and len(bare) >= _BARE_MIN
                and all(is_han(c) for c in bare)
            ):
                owners[bare].add(target.owner)
                targets[bare] = target
        for bare, found in owners.items():
            if len(found) == 1 and bare not in self.chinese_names and not self.exact.exists(bare):
                self.exact.add_word(bare, (bare, targets[bare], True))

    def _add_name(
        self,
        name: str,
        target: Target,
        segmenter: Segmenter,
        words: dict[bool, set[str]],
        fuzzy: bool = True,
    ) -> None:
        """Index a name for exact and lemma matching; with `fuzzy`, also its words' spellings for correction
        (vocabulary indexes skip that: it is the costly part of start-up and they never correct words)."""
        norm = self.normalise(name)
        key = norm.text
        is_chinese = any(is_han(c) for c in key)
        self.exact.add_word(key, (key, target, is_chinese))
        if fuzzy:
            self.names.setdefault(key, (target.owner, target.controlled, name))
        if is_chinese:
            for mainland, regional in self.zh_regional:
                if mainland in key:  # 邻胺基苯甲酸 as Taiwan writes 邻氨基苯甲酸
                    variant = key.replace(mainland, regional)
                    if not self.exact.exists(variant):  # read as written only (the look-alike table
                        self.exact.add_word(variant, (variant, target, True))  # is the mainland names')
            if fuzzy:
                self.chinese_names.setdefault(key, target)
            return
        tokens = _word_tokens(norm, segmenter)
        lemma_key = " " + " ".join(t.lemma for t in tokens) + " "
        if lemma_key.strip():
            self.lemmas.add_word(lemma_key, (lemma_key, target))
        for a, b in pairwise(tokens):
            if fuzzy and a.kind == b.kind and a.kind in ("cyr", "lat"):
                self.lemma_pairs.add(frozenset((a.lemma, b.lemma)))
        if (
            len(tokens) >= 2
            and tokens[-1].kind == "cyr"
            and tokens[-2].kind != "num"
            and key[tokens[-2].end : tokens[-1].start].isspace()
        ):
            # Russian trade texts put the noun first: "кислота хлористоводородная", "калия перманганат",
            # "кислота N-ацетилантраниловая" (the TN VED's own order); only a last word apart (not
            # "альфа-бромпропиофенон", which is one word)
            lemmas = [t.lemma for t in tokens]
            swapped = " " + " ".join([lemmas[-1], *lemmas[:-1]]) + " "
            if not self.lemmas.exists(swapped):
                self.lemmas.add_word(swapped, (swapped, target))
        self._add_words(tokens, target.controlled, segmenter, words, fuzzy)

    def _add_words(
        self,
        tokens: list[Token],
        controlled: bool,
        segmenter: Segmenter,
        words: dict[bool, set[str]],
        fuzzy: bool,
    ) -> None:
        """A name's words: every form of the Russian ones (their lemma's); with `fuzzy`, also the words'
        spellings for correction and whose names use them."""
        for t in tokens:
            if fuzzy and t.kind != "num":
                words[controlled].add(t.lemma)
            if (t.text, t.lemma, fuzzy) in self._indexed_words:
                continue
            self._indexed_words.add((t.text, t.lemma, fuzzy))
            if t.kind == "cyr" and not fuzzy:
                # vocabulary words keep the lemma they were indexed under in every form (pymorphy reads
                # "еврокубы" as a form of "еврокуба")
                for form in segmenter.word_forms(t.text):
                    self.cyrillic_forms.setdefault(form, t.lemma)
            if t.kind == "num" or not fuzzy:
                continue
            if t.kind == "cyr":
                for form in segmenter.word_forms(t.text):
                    self.cyrillic_forms.setdefault(form, t.lemma)
                    self.vocab_cyr.add(cyrillic_key(form), t.lemma)
                    self.vocab_lat.add(skeleton(translit_ru(form)), t.lemma)
            else:
                self.vocab_lat.add(skeleton(t.text), t.lemma)
                if t.kind == "lat" and len(t.text) >= _SOUND_MIN_LEN:
                    for key in sound_keys_en(t.text):
                        self.vocab_sound.add(key, t.lemma)

    def _finish(self) -> "MatchIndex":
        self.exact.make_automaton()
        self.lemmas.make_automaton()
        keys = self.lemmas.keys()  # the automaton's own iterator over its words
        self.lemma_words = frozenset(w for key in keys for w in str(key).split())
        spellable = [*self.lemma_words, *(f for f, w in self.cyrillic_forms.items() if w in self.lemma_words)]
        self.join_prefixes = frozenset(w[:i] for w in spellable for i in range(1, len(w)))
        for form, lemma in self.cyrillic_forms.items():
            if lemma in self.lemma_words:
                self.join_keys.setdefault(cyrillic_key(form), lemma)
        self.corrector = Corrector(
            self.vocab_cyr, self.vocab_lat, self.cyrillic_forms, self.sound_alike, self.vocab_sound
        )
        return self


DRUG, DRUG_IN_CONTEXT = "drug:", "drug_ctx:"


def _drug_index(lexicon: LexiconData, segmenter: Segmenter) -> MatchIndex:
    """Drug names as vocabulary; the guards (大麻籽油, cocoa butter) and every chemical name block them, so
    the longer name wins: 去甲芬太尼 (norfentanyl, a precursor) is not 芬太尼 (fentanyl)."""
    terms = [(DRUG + d.id, n) for d in lexicon.drugs.values() for _, n in d.names.all()]
    terms += [
        (DRUG_IN_CONTEXT + d.id, n)
        for d in lexicon.drugs.values()
        for _, n in d.street_names_context_only.all()
    ]
    chemicals = [n for s in lexicon.substances.values() for _, _, n in s.all_names()]
    chemicals += [n for c in lexicon.overlaps.values() for _, n in c.names.all()]
    return MatchIndex.for_terms(terms, segmenter, [*lexicon.drug_guards, *chemicals], lexicon.normalise)
