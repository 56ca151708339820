"""Security headers, the CSRF cookie/field pair and the edit token."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
CSRF_COOKIE = "cl_csrf"
EDIT_COOKIE = "cl_edit"
CSRF_FIELD = "csrf"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and secrets.compare_digest(str(a), str(b))


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Add the security headers, and a CSRF cookie for sessions that have none yet."""
    token = request.cookies.get(CSRF_COOKIE) or new_token()
    request.state.csrf = token
    response = await call_next(request)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s) (so it may become a link), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to redirect to after a form (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def csp_allowing_inline_styles(html: str) -> str:
    """The CSP with the page's own <style> blocks allowed by hash (for the report's template)."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _STYLE.findall(html)
    ]
    return CSP.replace("style-src 'self'", " ".join(["style-src 'self'", *hashes]))
