"""Company names across scripts: is "ТОО «Алматы Кемикалс»" the company "Almaty Chemicals LLP", and is
"乌鲁木齐华夏贸易有限公司" the company "Urumqi Huaxia Maoyi Youxian Gongsi"? (And "Urumqi Huaxin Trading" is
not "Urumqi Huaxia Trading".)

A name is reduced to what identifies the company: its Chinese place (乌鲁木齐 = Urumqi = Урумчи), its
industry (贸易 = trading = maoyi), its legal form's countries, and its core, the trade name. Latin and
Cyrillic names are split into words (OpenSanctions' rigour tags the legal forms it knows, and transliterates
Cyrillic); Chinese is folded to simplified characters and read by pypinyin; the other words come from
app/lexicon/parties.yaml. Two names are the same company when their cores are equal once folded
(transliteration variants: kh/h, q/k, x/ks, y/i, doubled letters), or one typing slip apart inside a word (a
letter dropped, added or two swapped, not at a word's ends, digits untouched), and their places, industries
and legal forms do not contradict each other. Two Chinese names are compared by their characters, not their
readings: 鑫达 is not 新达. A Latin name that spells a Chinese one's whole reading (WULUMUQIHUAXIAMAOYI…) is
it, and so is a Cyrillic one that writes its trade name by the Palladius system (华夏 = Хуася).
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from rapidfuzz.distance import Levenshtein
from rigour.names import NamePartTag, NameTypeTag, analyze_names
from rigour.text import ascii_text

from app.core.pinyin import Style, lazy_pinyin
from app.lexicon.schema_parties import PartiesFile

_TYPO_MIN = 6  # a core this long may carry one typing slip
_CHINA = frozenset({"CN"})
_RETROFLEX = frozenset({"zh", "ch", "sh", "r", "z", "c", "s"})
# х is kh, h or x; қ is q or k; һ is h: one letter (Khimprom = Himprom, Balkhash = Balqash, Kazakh = Qazaq)
_FOLDS = (
    ("cz", "c"),
    ("dzh", "j"),
    ("zh", "j"),
    ("ch", "c"),
    ("ts", "c"),
    ("ph", "f"),
    ("kh", "k"),
    ("h", "k"),
    ("q", "k"),
)
_FOLD_CHARS = str.maketrans({"y": "i", "w": "v", "x": "ks"})
_APOSTROPHES = re.compile(r"['’`ʼ]")
# before transliteration: ё is written е in names, Uzbek ў is o' in its Latin alphabet (Тўқимачи = To'qimachi)
_CYRILLIC_PRE = str.maketrans({"ё": "е", "ў": "о"})
_QUOTES = re.compile(r"[«»\"“”„‘「」『』《》()（）\[\]{}]")
_DOTTED = re.compile(r"\b(?:\w\.){2,}")  # L.L.C., А.С.
# the Chinese characters of a name (as app.core.normalise.is_han reads them)
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002fa1f]")
_SOFT_C = re.compile(r"c(?=[ei])")
_INITIAL_IE = re.compile(r"^ie")
_FINAL_SE = re.compile(r"se$")
# written either way in Russian renderings, and the hard sign that parts syllables (Фэнъюань) left out
_SOFT_VOWELS = str.maketrans({"ё": "е", "э": "е", "ъ": None})
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff-]+")
_SEPARATORS = re.compile(r"[\s,.;:/\\&+_·、，。；：]+")


@dataclass(frozen=True)
class PartyKey:
    """What identifies a company in its name."""

    core: str  # the trade name: folded Latin letters and digits, words joined by spaces
    han: str  # a Chinese name's trade-name characters ("" for other names)
    reading: str  # a Chinese name's whole reading, folded, or a Latin name's letters run together
    russian: str  # a Chinese name's trade name in the Palladius transcription, folded ("" for other names)
    # the trade name in Cyrillic letters, ё and э as е: a Chinese name's by Palladius, another name's as
    # written when every word of its core is Cyrillic ("" otherwise). Folding to Latin loses the soft sign
    # that tells -n from -ng (Цинь = qin, Цин = qing): these keep it
    cyrillic: str
    places: frozenset[str]  # Chinese places, by their Chinese name
    industries: frozenset[str]  # industry ids (parties.yaml)
    countries: frozenset[str] | None  # its legal form's countries; None: no form, or a generic one


@dataclass(frozen=True)
class PartyComparison:
    same: bool
    score: float  # 0-100
    reason: str  # exact | typo | reading | palladius | place | industry | legal_form | core | empty


@lru_cache(maxsize=65536)  # a name's words recur across names (Trading, Chemicals, Urumqi)
def fold(word: str) -> str:
    """Latin spelling with the letters transliterations disagree on made one: 'Khimprom' = 'Himprom',
    'Qazaq' = 'Kazakh', 'Eksport' = 'Export', 'Almaty' = 'Almati'; doubled letters single; c before e or i
    read as s, and a final se as s ('Servis' = 'Service')."""
    text = word.lower().replace("sh", "\0")
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = text.translate(_FOLD_CHARS).replace("\0", "sh")
    text = _SOFT_C.sub("s", text)
    text = _INITIAL_IE.sub("e", text)  # Е at a word's start: Ertis = Yertis
    text = _FINAL_SE.sub("s", text)
    return "".join(letter for letter, _ in groupby(text))  # doubled letters single


def _typo_apart(a: str, b: str) -> bool:
    """One letter dropped, added, or two neighbours swapped inside a word: not at its first or last letter
    (Omsk/Tomsk, Kovalev/Kovaleva are other names), never a digit (Снаб-7/Снаб-17), never one letter
    replaced by another (Huaxia/Huaxin)."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < _TYPO_MIN:
        return False
    if re.sub(r"\D", "", a) != re.sub(r"\D", "", b):
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) != 2 or diff[1] != diff[0] + 1:
            return False
        i = diff[0]
        return a[i] == b[i + 1] and a[i + 1] == b[i] and _inside(a, i) and _inside(a, i + 1)
    short, long_ = sorted((a, b), key=len)
    i = next((k for k, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return short[i:] == long_[i + 1 :] and _inside(long_, i)


def _inside(text: str, i: int) -> bool:
    """Position i is neither the first nor the last letter of its word."""
    return 0 < i < len(text) - 1 and text[i - 1] != " " and text[i + 1] != " "


class PartyMatcher:
    def __init__(self, vocabulary: PartiesFile, to_simplified: Callable[[str], str] = lambda t: t) -> None:
        self.to_simplified = to_simplified
        self.palladius = vocabulary.palladius
        self.joining = frozenset(w.casefold() for w in vocabulary.joining_words)
        plain = self._plain
        self.legal = {plain(w): frozenset(c) for w, c in vocabulary.legal_forms.items()}
        self.legal_phrases = sorted((w for w in self.legal if " " in w), key=len, reverse=True)
        self.zh_legal = sorted(vocabulary.zh_legal_forms, key=len, reverse=True)
        self.zh_place_suffixes = vocabulary.zh_place_suffixes
        self.zh_places = sorted(vocabulary.zh_places, key=len, reverse=True)
        self.place_words = {plain(w): zh for zh, words in vocabulary.zh_places.items() for w in words}
        self.zh_industries = sorted(
            ((w, ind) for ind, words in vocabulary.industries.items() for w in words.zh),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )
        self.industry_words = {
            plain(w): ind
            for ind, words in vocabulary.industries.items()
            for w in (*words.latin, *words.cyrillic)
        }
        self.industry_phrases = sorted((w for w in self.industry_words if " " in w), key=len, reverse=True)
        # one-word places and industries as their Latin spelling folds (kompaniya = kompaniia = компания)
        self.folded_words = {
            fold(ascii_text(w)): ("place", zh) for w, zh in self.place_words.items() if " " not in w
        } | {fold(ascii_text(w)): ("industry", ind) for w, ind in self.industry_words.items() if " " not in w}

    def _plain(self, phrase: str) -> str:
        """A vocabulary entry as names are compared: casefolded, ё as е, without joining words."""
        words = phrase.casefold().translate(_CYRILLIC_PRE).split()
        return " ".join(w for w in words if w not in self.joining)

    @lru_cache(maxsize=65536)  # noqa: B019 - one matcher per loaded vocabulary, kept for the process
    def key(self, name: str) -> PartyKey:
        text = unicodedata.normalize("NFKC", name).casefold()
        text = _APOSTROPHES.sub("", text)
        text = _DOTTED.sub(lambda m: m.group().replace(".", ""), text)
        text = _QUOTES.sub(" ", text)
        written = "".join(_HAN.findall(text))
        han = self.to_simplified(written) if written else ""
        rest = _HAN.sub(" ", text) if han else text
        places: set[str] = set()
        industries: set[str] = set()
        forms: list[frozenset[str]] = []
        core: list[str] = []
        han_core, reading, russian, cyrillic = "", "", "", ""
        if han:
            reading = fold("".join(lazy_pinyin(han, style=Style.NORMAL, errors="ignore")))
            han_core = self._chinese(han, places, industries, forms)
            syllables = lazy_pinyin(han_core, style=Style.NORMAL, errors="ignore", v_to_u=False)
            core.append(fold("".join(syllables)))
            spelt = "".join(self._palladius(s) for s in syllables)
            russian = fold(ascii_text(spelt).casefold())
            cyrillic = spelt.casefold().translate(_SOFT_VOWELS)
        words = self._words(rest, places, industries, forms)
        core += [folded for _, folded in words]
        if not han:
            reading = fold(re.sub(r"[^a-z0-9]", "", ascii_text(rest).casefold()))
        specific = [f for f in forms if "*" not in f]
        countries = frozenset.intersection(*specific) if specific else None
        return PartyKey(
            " ".join(w for w in core if w),
            han_core,
            reading,
            russian,
            cyrillic or _cyrillic_core([word for word, folded in words if folded]),
            frozenset(places),
            frozenset(industries),
            countries,
        )

    def _palladius(self, syllable: str) -> str:
        """A pinyin syllable in Cyrillic, by the Palladius system ("" when the vocabulary has none)."""
        table = self.palladius
        if table is None:
            return ""
        if syllable in table.whole:
            return table.whole[syllable]
        for size in (2, 1):
            initial, final = syllable[:size], syllable[size:]
            if initial in table.initials and final in table.finals:
                if final == "i" and initial in _RETROFLEX:
                    return table.initials[initial] + table.after_retroflex_i
                if final.startswith("u") and initial in ("j", "q", "x"):
                    final = "v" + final[1:]
                return table.initials[initial] + table.finals.get(final, "")
        return ""

    def _chinese(self, han: str, places: set[str], industries: set[str], forms: list[frozenset[str]]) -> str:
        changed = True
        while changed:
            changed = False
            for form in self.zh_legal:
                if han.endswith(form) and len(han) > len(form):
                    han, changed = han[: -len(form)], True
                    forms.append(_CHINA)
            for word, industry in self.zh_industries:
                if han.endswith(word) and len(han) > len(word):
                    han, changed = han[: -len(word)], True
                    industries.add(industry)
            for place in self.zh_places:
                if han.startswith(place) and len(han) > len(place):
                    han, changed = han[len(place) :], True
                    places.add(place)
                    for suffix in self.zh_place_suffixes:
                        if han.startswith(suffix) and len(han) > len(suffix):
                            han = han[len(suffix) :]
        return han

    def _words(
        self,
        text: str,
        places: set[str],
        industries: set[str],
        forms: list[frozenset[str]],
    ) -> list[tuple[str, str]]:
        """The core words of a Latin or Cyrillic name, each as written and folded to Latin; its places,
        industries and legal forms' countries go to the sets given."""
        text = " " + self._plain(_SEPARATORS.sub(" ", text)) + " "
        for phrase in self.legal_phrases:
            if f" {phrase} " in text:
                text = text.replace(f" {phrase} ", " ")
                forms.append(self.legal[phrase])
        for phrase in self.industry_phrases:
            if f" {phrase} " in text:
                text = text.replace(f" {phrase} ", " ")
                industries.add(self.industry_words[phrase])
        words = _join_initials(text.split())
        if not words:
            return []
        tagged = _legal_parts(words[0]) | _legal_parts(words[-1])
        # legal forms stand first or last ("ТОО «…»", "… Co., Ltd."), never inside a name (Ала-Тоо)
        while words and (words[0] in self.legal or words[0] in tagged):
            forms += [self.legal[words[0]]] if words[0] in self.legal else []
            words = words[1:]
        while words and (words[-1] in self.legal or words[-1] in tagged):
            forms += [self.legal[words[-1]]] if words[-1] in self.legal else []
            words = words[:-1]
        core: list[tuple[str, str]] = []
        for word in words:
            latin = ascii_text(word).casefold()
            folded = fold(re.sub(r"[^a-z0-9]", "", latin))
            if word in self.place_words or latin in self.place_words:
                places.add(self.place_words.get(word) or self.place_words[latin])
            elif word in self.industry_words or latin in self.industry_words:
                industries.add(self.industry_words.get(word) or self.industry_words[latin])
            elif folded in self.folded_words:
                kind, value = self.folded_words[folded]
                (places if kind == "place" else industries).add(value)
            else:
                core.append((word, folded))
        return core

    @lru_cache(maxsize=65536)  # noqa: B019 - as key()
    def blocks(self, name: str) -> frozenset[str]:
        """Keys that two names share whenever compare() finds them the same company, one per way it can:
        the Chinese characters, the name run together (also a Chinese name's Palladius spelling), the whole
        reading, and the name with any one letter left out (a typing slip). A first sieve: names with no key
        in common are different companies without comparing them."""
        k = self.key(name)
        out = {"r:" + k.reading} if k.reading else set()
        if k.han:
            out.add("h:" + k.han)
        out.update("c:" + flat for flat in (k.core.replace(" ", ""), k.russian) if flat)
        out.add("t:" + k.core)
        out.update("t:" + k.core[:i] + k.core[i + 1 :] for i in range(len(k.core)))
        return frozenset(out)

    def same(self, a: str, b: str) -> bool:
        """compare(a, b).same, sieved by blocks() first: what the register, the watchlist and the split
        shipments ask of every name they hold."""
        return not self.blocks(a).isdisjoint(self.blocks(b)) and self.compare(a, b).same

    @lru_cache(maxsize=65536)  # noqa: B019 - as key(): the register and the watchlist ask the same pairs
    def compare(self, a: str, b: str) -> PartyComparison:
        ka, kb = self.key(a), self.key(b)
        if not ka.core or not kb.core:
            return PartyComparison(False, 0.0, "empty")
        if ka.places and kb.places and ka.places.isdisjoint(kb.places):
            return PartyComparison(False, 30.0, "place")
        if (
            ka.industries
            and kb.industries
            and not (ka.industries <= kb.industries or kb.industries <= ka.industries)
        ):
            return PartyComparison(False, 40.0, "industry")
        if ka.countries is not None and kb.countries is not None and ka.countries.isdisjoint(kb.countries):
            return PartyComparison(False, 50.0, "legal_form")  # a Kazakh ТОО is no Kyrgyz ОсОО
        # a place or an industry written on one side only is a shortened name, not another company
        missing = (ka.places != kb.places) + (ka.industries != kb.industries)
        if ka.han and kb.han:  # two Chinese names: the characters decide (鑫达 is not 新达)
            same = ka.han == kb.han
            return PartyComparison(
                same, 100.0 - 5.0 * missing if same else _similarity(ka.han, kb.han), "exact"
            )
        if ka.core.replace(" ", "") == kb.core.replace(" ", ""):
            return PartyComparison(True, 100.0 - 5.0 * missing, "exact")
        if ka.reading and ka.reading == kb.reading and (ka.han or kb.han):
            return PartyComparison(True, 95.0, "reading")  # the whole Chinese name spelt in pinyin
        spelt = kb.core.replace(" ", "") if ka.han else ka.core.replace(" ", "")
        if (ka.russian or kb.russian) and (ka.russian or kb.russian) == spelt:
            if ka.cyrillic and kb.cyrillic and ka.cyrillic != kb.cyrillic:  # 秦丰 Циньфэн is not Цинфэн
                return PartyComparison(False, _similarity(ka.cyrillic, kb.cyrillic), "palladius")
            return PartyComparison(True, 95.0 - 5.0 * missing, "palladius")  # 华夏 = Хуася
        # a typing slip; in a Chinese name's pinyin a letter more or less is another syllable
        if not (ka.han or kb.han) and _typo_apart(ka.core, kb.core):
            return PartyComparison(True, 90.0 - 5.0 * missing, "typo")
        return PartyComparison(False, _similarity(ka.core, kb.core), "core")


def _cyrillic_core(words: list[str]) -> str:
    """A name's core words run together in Cyrillic letters (ё and э as е), when all of them are Cyrillic."""
    if not words or not all(_CYRILLIC_WORD.fullmatch(w) for w in words):
        return ""
    return "".join(words).translate(_SOFT_VOWELS)


@lru_cache(maxsize=65536)  # asked of a name's first and last words, which recur (TOO, LLC, Trading)
def _legal_parts(text: str) -> frozenset[str]:
    """The words rigour tags as legal forms (LLP, GmbH, ООО …) in a Latin or Cyrillic name; not two-letter
    ones, which are as often a person's initials (Kovalev A.S., not a Norwegian AS)."""
    forms: set[str] = set()
    for name in analyze_names(NameTypeTag.ORG, [text]):
        forms.update(p.form for p in name.parts if p.tag == NamePartTag.LEGAL and len(p.form) > 2)
    return frozenset(forms)


def _join_initials(words: list[str]) -> list[str]:
    """Single letters in a row are one group of initials: 'А. С.' = 'А.С.'."""
    out: list[str] = []
    previous_single = False
    for word in words:
        single = len(word) == 1 and word.isalpha()
        if single and previous_single:
            out[-1] += word
        else:
            out.append(word)
        previous_single = single
    return out


def _similarity(a: str, b: str) -> float:
    """A shown figure only (the decision is the rules above), 0-100."""
    return round(100.0 * float(Levenshtein.normalized_similarity(a, b)), 1)
