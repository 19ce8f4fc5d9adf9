"""Jinja2 templates (autoescaped: declaration text always shows as text) and the context every page gets."""

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.core.numbers import format_number
from app.languages import LANGUAGES
from app.web.i18n import Translator, countries, pick_language
from app.web.security import CSRF_COOKIE, LANG_COOKIE, WebUser, csrf_form_token, set_cookie

TEMPLATES = Path(__file__).with_name("templates")
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,  # a misspelt variable fails the page's tests instead of showing nothing
    trim_blocks=True,
    lstrip_blocks=True,
)
# Figures as read, grouped so that 16 600 cannot be taken for 16.6 ("16600" -> "16 600", 1.08 -> "1.08")
_env.filters["num"] = format_number


def local_time(moment: datetime, zone: str) -> str:
    """A stored moment (UTC) as the deployment's clock shows it, with the zone:
    "2026-12-05 18:14 (UTC+05:00)"."""
    here = moment.astimezone(ZoneInfo(zone))
    offset = here.strftime("%z")
    name = "UTC" if offset == "+0000" else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{here:%Y-%m-%d %H:%M} ({name})"


_env.filters["local"] = local_time


def language(request: Request) -> str:
    return pick_language(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def _with_lang(request: Request, code: str) -> str:
    """This page's URL in another language (its other query parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*params, ('lang', code)])}"


def render(
    request: Request,
    template: str,
    *,
    user: WebUser | None,
    status: int = 200,
    forms: bool = True,
    **context: Any,
) -> HTMLResponse:
    """A page. `forms=False` (error pages) leaves the CSRF cookie alone: a stray request without cookies
    (a favicon fetched in parallel) must not replace the token of a form open in another request."""
    lang = language(request)
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    html = _env.get_template(template).render(
        t=Translator(lang),
        lang=lang,
        user=user,
        csrf_token=csrf_form_token(request, csrf),
        path=request.url.path,
        query=request.url.query,
        countries=countries(lang),
        country_names=dict(countries(lang)),
        lang_urls={code: _with_lang(request, code) for code in LANGUAGES},
        tz=request.app.state.settings.time_zone,
        **context,
    )
    response = HTMLResponse(html, status)
    # Pages show declarations: never kept by the browser or a proxy.
    response.headers["Cache-Control"] = "no-store"
    if forms and request.cookies.get(CSRF_COOKIE) != csrf:
        set_cookie(request, response, CSRF_COOKIE, csrf, max_age=None)
    if request.query_params.get("lang") == lang and request.cookies.get(LANG_COOKIE) != lang:
        set_cookie(request, response, LANG_COOKIE, lang, max_age=365 * 24 * 3600)
    return response
