"""Load and validate the lexicon data files; refuse contradictions; give the content-derived version."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from app.core.normalise import Normaliser, normalise
from app.errors import DataError
from app.lexicon.lists import (
    LISTS_SUBDIR,
    ListPolicy,
    Membership,
    PrecursorList,
    list_files,
    load_lists,
    strongest,
)
from app.lexicon.nomenclature import NOMENCLATURE_SUBDIR, Nomenclature, load_nomenclature, nomenclature_files
from app.lexicon.schema import (
    AbbreviationsFile,
    ChemicalContextFile,
    EstersFile,
    HsHeadingsFile,
    MentionsFile,
    NegationFile,
    OverlapChemical,
    OverlapFile,
    RuNamingFile,
    SeverityWord,
    SharedHsFile,
    SpellingFile,
    Substance,
    SubstanceFile,
)
from app.lexicon.schema_cargo import CargoTermsFile, Category, CoverGoodsFile
from app.lexicon.schema_drugs import Drug, DrugFile
from app.lexicon.schema_parties import PartiesFile
from app.lexicon.schema_zh import HanVariantsFile, ShapeAlikeFile, SplitFile, ZhNamingFile

LEXICON_DIR = Path(__file__).parent
# libyaml's loader when PyYAML was built with it (its wheels are): about five times faster at start-up.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LexiconData:
    substances: dict[str, Substance]
    overlaps: dict[str, OverlapChemical]
    shared_hs: frozenset[str]  # 6-digit subheadings (digits only) that hold many uncontrolled goods too
    chemical_context: ChemicalContextFile
    negation: NegationFile
    zh_naming: ZhNamingFile
    spelling: SpellingFile
    categories: dict[str, Category]
    cargo: CargoTermsFile
    hs_headings: frozenset[str]  # every 4-digit heading that exists
    shape_alike: dict[str, list[str]]  # a Chinese character -> characters of the same shape
    shape_alike_source: dict[str, str]  # how the table was derived (its header), with its characters' digest
    abbreviations: AbbreviationsFile
    normalise: Normaliser  # with han_variants.yaml: the one normalisation of names and of declarations
    drugs: dict[str, Drug]  # narcotic drugs and psychotropic substances named outright (drugs.yaml)
    drug_guards: list[str]  # ordinary goods whose names contain a drug's
    version: str
    # company names: legal forms, Chinese places and industries in each script (parties.yaml)
    parties: PartiesFile = field(default_factory=PartiesFile)
    ru_naming: RuNamingFile = field(default_factory=RuNamingFile)  # Russian naming (ru_naming.yaml)
    esters: EstersFile = field(default_factory=EstersFile)  # esters listed apart from their acids
    mentions: MentionsFile = field(
        default_factory=MentionsFile
    )  # a chemical named, not declared (mentions.yaml)
    # further precursor lists in force (lists/*.yaml), and each substance's lists in force
    lists: dict[str, PrecursorList] = field(default_factory=dict)
    # a Chinese character's two halves -> the character (zh_split.yaml): 酉昔 for 醋
    han_split: dict[str, str] = field(default_factory=dict)
    memberships: dict[str, tuple[Membership, ...]] = field(default_factory=dict)
    # where the data was read: the goods nomenclatures (nomenclature/) are read from it only when first asked
    directory: Path = LEXICON_DIR

    def nomenclature(self) -> Nomenclature | None:
        """The goods nomenclatures of the reading aid (read on each call: the caller keeps them)."""
        return load_nomenclature(self.directory)

    def list_severity(self, substance_id: str) -> SeverityWord | None:
        """The severity of a chemical beyond the 1988 Tables: the highest of its lists in force (each by the
        chemical's category in it)."""
        found = [
            self.lists[m.list_id].severity_of(m.category) for m in self.memberships.get(substance_id, ())
        ]
        return strongest(found) if found else None


def read_yaml(path: Path, model: type[M]) -> M:
    """Parse one data file into its schema; any failure names the file and, where it can, the entry."""
    try:
        raw: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise DataError(f"{path.name}: not valid YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataError(f"{path.name}: {_describe(raw, exc)}") from exc


def _describe(raw: Any, exc: ValidationError) -> str:
    """Name the entry (by its id) of each validation error, not just its list index."""
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(raw, dict):
            entries = raw.get(str(loc[0])) or []
            if loc[1] < len(entries) and isinstance(entries[loc[1]], dict):
                entry = entries[loc[1]]
                name = entry.get("id") or entry.get("code") or loc[1]
                where = f"entry {name!r}: " + ".".join(str(p) for p in loc[2:])
        lines.append(f"{where}: {err['msg']}")
    return "; ".join(lines)


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The form in which two names count as the same name (remembered: crossings and parties repeat)."""
    return normalise(name).text


def _check_unique_names(entries: Iterable[tuple[str, str, str]], norm: Normaliser = normalise) -> None:
    """entries: (owner id, file, name). One normalised name may point at one owner only."""
    seen: dict[str, tuple[str, str, str]] = {}
    for owner, file, name in entries:
        key = norm(name).text
        if not key:
            raise DataError(f"{file}: entry {owner!r}: empty name")
        other = seen.get(key)
        if other is not None and other[0] != owner:
            raise DataError(
                f"{file}: entry {owner!r}: name {name!r} already names {other[0]!r} (in {other[1]})"
            )
        seen[key] = (owner, file, name)


def content_version(paths: Iterable[Path], settings: str = "") -> str:
    """A hash of the files' names and content (and of the settings that change what they mean)."""
    digest = hashlib.sha256(settings.encode())
    for path in sorted(paths):
        sub = path.parent.name in (LISTS_SUBDIR, NOMENCLATURE_SUBDIR)
        name = f"{path.parent.name}/{path.name}" if sub else path.name
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def lexicon_files(directory: Path) -> list[Path]:
    """Every file the lexicon is read from: what its version hashes and a snapshot of it holds."""
    return [*sorted(directory.glob("*.yaml")), *list_files(directory), *nomenclature_files(directory)]


def load_lexicon(directory: Path = LEXICON_DIR, policy: ListPolicy | None = None) -> LexiconData:
    """Every data file of `directory`, validated; `policy` says which further precursor lists are in force
    (all by default) and at which severity."""
    policy = policy or ListPolicy()
    norm = Normaliser(read_yaml(directory / "han_variants.yaml", HanVariantsFile).variants)
    substance_files = sorted(directory.glob("substances_*.yaml"))
    if not substance_files:
        raise DataError(f"no substances_*.yaml files in {directory}")
    substances: dict[str, Substance] = {}
    names: list[tuple[str, str, str]] = []
    for path in substance_files:
        for s in read_yaml(path, SubstanceFile).substances:
            if s.id in substances:
                raise DataError(f"{path.name}: entry {s.id!r}: id used twice")
            substances[s.id] = s
            names += [(s.id, path.name, n) for _, _, n in s.all_names()]
    listed = load_lists(directory, substances, policy, read_yaml)
    for s in listed.all_defined.values():
        names += [(s.id, "lists", n) for _, _, n in s.all_names()]
    known = set(substances) | set(listed.all_defined)

    overlaps: dict[str, OverlapChemical] = {}
    for overlap_path in _overlap_files(directory):
        for c in read_yaml(overlap_path, OverlapFile).chemicals:
            if c.id in overlaps or c.id in known:
                raise DataError(f"{overlap_path.name}: entry {c.id!r}: id used twice")
            for key, refs in (("confused_with", c.confused_with), ("holds", c.holds)):
                unknown = [ref for ref in refs if ref not in known]
                if unknown:
                    raise DataError(f"{overlap_path.name}: entry {c.id!r}: {key} names unknown {unknown}")
            overlaps[c.id] = c
            names += [(c.id, overlap_path.name, n) for _, n in c.names.all()]
    _check_unique_names(names, norm)
    substances |= listed.defined

    shared_path = directory / "hs_shared.yaml"
    shared = read_yaml(shared_path, SharedHsFile).shared_subheadings if shared_path.exists() else []
    context = read_yaml(directory / "chemical_context.yaml", ChemicalContextFile)
    return LexiconData(
        substances=substances,
        overlaps=overlaps,
        shared_hs=frozenset(code.replace(".", "") for code in shared),
        chemical_context=context,
        negation=read_yaml(directory / "negation.yaml", NegationFile),
        zh_naming=read_yaml(directory / "zh_naming.yaml", ZhNamingFile),
        ru_naming=_optional(directory / "ru_naming.yaml", RuNamingFile),
        esters=_esters(directory / "esters.yaml", substances),
        mentions=_optional(directory / "mentions.yaml", MentionsFile),
        spelling=read_yaml(directory / "spelling.yaml", SpellingFile),
        categories=_categories(directory, norm),
        cargo=read_yaml(directory / "cargo_terms.yaml", CargoTermsFile),
        hs_headings=frozenset(read_yaml(directory / "hs_headings.yaml", HsHeadingsFile).headings),
        **_shape_alike(directory),
        abbreviations=read_yaml(directory / "abbreviations.yaml", AbbreviationsFile),
        normalise=norm,
        **_drugs(directory, norm),
        version=content_version(lexicon_files(directory), policy.describe()),
        lists=listed.lists,
        memberships=listed.memberships,
        parties=_parties(directory),
        han_split=_optional(directory / "zh_split.yaml", SplitFile).split,
        directory=directory,
    )


def _shape_alike(directory: Path) -> dict[str, Any]:
    table = read_yaml(directory / "zh_shape_alike.yaml", ShapeAlikeFile)
    return {"shape_alike": table.shape_alike, "shape_alike_source": table.source}


def _esters(path: Path, substances: dict[str, Substance]) -> EstersFile:
    """esters.yaml, its ids checked against the substances (a lexicon may leave it out)."""
    esters = _optional(path, EstersFile)
    for acid, by_alcohol in esters.acids.items():
        unknown = sorted({acid, *by_alcohol.values()} - set(substances))
        if unknown:
            raise DataError(f"{path.name}: acid {acid!r}: unknown substance ids {unknown}")
    return esters


def _optional(path: Path, model: type[M]) -> M:
    """A data file a lexicon may leave out (a test copy, an older deployment): its defaults then."""
    return read_yaml(path, model) if path.exists() else model()


def _parties(directory: Path) -> PartiesFile:
    path = directory / "parties.yaml"
    return read_yaml(path, PartiesFile) if path.exists() else PartiesFile()


def _overlap_files(directory: Path) -> list[Path]:
    """overlaps.yaml, and overlaps_*.yaml (the neighbours of the further lists' chemicals)."""
    return [
        p for p in (directory / "overlaps.yaml", *sorted(directory.glob("overlaps_*.yaml"))) if p.exists()
    ]


def _categories(directory: Path, norm: Normaliser) -> dict[str, Category]:
    out: dict[str, Category] = {}
    names: list[tuple[str, str, str]] = []
    for c in read_yaml(directory / "cover_goods.yaml", CoverGoodsFile).categories:
        if c.id in out:
            raise DataError(f"cover_goods.yaml: entry {c.id!r}: id used twice")
        out[c.id] = c
        names += [(c.id, "cover_goods.yaml", n) for _, n in c.names.all()]
    _check_unique_names(names, norm)
    return out


def _drugs(directory: Path, norm: Normaliser) -> dict[str, Any]:
    data = read_yaml(directory / "drugs.yaml", DrugFile)
    drugs: dict[str, Drug] = {}
    names: list[tuple[str, str, str]] = []
    for d in data.drugs:
        if d.id in drugs:
            raise DataError(f"drugs.yaml: entry {d.id!r}: id used twice")
        drugs[d.id] = d
        names += [(d.id, "drugs.yaml", n) for _, n in (*d.names.all(), *d.street_names_context_only.all())]
    _check_unique_names(names, norm)
    guards = [n for _, n in data.guards.all()]
    named = {norm(n).text: owner for owner, _, n in names}
    clash = sorted(g for g in guards if norm(g).text in named)
    if clash:
        raise DataError(f"drugs.yaml: guards {clash} are also drug names")
    return {"drugs": drugs, "drug_guards": guards}
