"""Country names in the message's language, from the ISO 3166 codes the declarations carry (pycountry's data
and its translations): a reason says «Китай», not «CN»."""

import gettext
from functools import cache

import pycountry

_LOCALES = {"ru": "ru", "zh": "zh_CN"}


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """pycountry's translations of country names into ru or zh (English: as they are)."""
    locale = _LOCALES.get(lang)
    if locale is None:
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True)


@cache
def country_name(code: str, lang: str) -> str:
    """The country's common name in ru/en/zh; the code itself for a code ISO 3166 does not have."""
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return str(translator(lang).gettext(name)) if lang != "en" else str(name)
