"""HTML pages -> `Article` with trafilatura, keeping title, authors, dates, outlet and URL.

Settings (measured on the article-extraction benchmark, F1 over the 181 pages we have): trafilatura
defaults 0.958, `favor_precision=True` 0.964; comments are never article text, so `include_comments=False`.
Precision mode sometimes keeps a wrong block (a teaser, a caption) and drops the article; when it keeps
less than a quarter of what the default mode finds, the default mode's text is used (0.969; the guard
changes one page of the 181, so treat the gain as provisional until the held-out pages confirm it).

Dates: `published` is the page's publication date (trafilatura/htmldate, made more precise from the page's
own `article:published_time` / JSON-LD `datePublished` when they agree on the day); `updated` comes only
from explicit modification metadata (`article:modified_time`, `og:updated_time`, `dateModified`). The two
are never filled from each other.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError, XMLSyntaxError

from claimledger.errors import ErrorCode, InputError
from claimledger.ingest.article import Article
from claimledger.ingest.dates import iso_date
from claimledger.ingest.text import PARAGRAPH_SEPARATOR, normalize_space, paragraphs_from_lines
from claimledger.ingest.textdump import is_role

log = logging.getLogger(__name__)

PRECISE_OPTIONS: dict[str, Any] = {"favor_precision": True, "include_comments": False, "include_tables": True}
BROAD_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True}
MIN_SENTENCE_WORDS = 6
MIN_SENTENCE_CJK = 15
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
FALLBACK_RATIO = 0.25  # precision text shorter than this share of the default text: precision mode failed
_PUBLISHED_KEYS = frozenset({
    "article:published_time", "og:article:published_time", "datepublished", "dc.date.issued",
    "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date",
})
_MODIFIED_KEYS = frozenset({
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "dc.date.modified", "last-modified", "lastmod", "parsely-updated", "modified",
})
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "liveblogposting", "opinionnewsarticle", "backgroundnewsarticle", "report", "webpage",
})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def extract_html(html: str, *, where: str, url: str | None = None) -> Article:
    """Extract the article from one HTML page. Raises an E104 `InputError` when there is none."""
    page_meta = _PageMeta.read(html)
    precise = _extract(html, url, where, with_metadata=True, **PRECISE_OPTIONS)
    broad = _extract(html, url, where, with_metadata=precise is None, **BROAD_OPTIONS)
    result = precise if precise is not None else broad
    title = _clean(getattr(result, "title", None))
    text = _without_title(_choose_text(_text_of(precise), _text_of(broad)), title)
    if result is None or not has_sentence(text):
        raise InputError("HTML holds no extractable article text", where=where,
                         code=ErrorCode.NO_ARTICLE_TEXT)
    trafilatura_date = iso_date(getattr(result, "date", None))
    return Article(
        text=text,
        title=title,
        authors=split_authors(getattr(result, "author", None)),
        published=_published(trafilatura_date, page_meta.published),
        updated=page_meta.updated,
        url=_clean(getattr(result, "url", None)) or url,
        outlet=_clean(getattr(result, "sitename", None)),
        language=_language(getattr(result, "language", None)) or page_meta.language,
    )


def _extract(html: str, url: str | None, where: str, **options: Any) -> Any:
    try:
        return trafilatura.bare_extraction(html, url=url, **options)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup; all mean "no article"
        raise InputError(f"HTML extraction failed: {exc}", where=where,
                         code=ErrorCode.NO_ARTICLE_TEXT) from exc


def _text_of(result: Any) -> str:
    return paragraphs_from_lines(getattr(result, "text", None) or "") if result is not None else ""


def _choose_text(precise: str, broad: str) -> str:
    if len(precise) < FALLBACK_RATIO * len(broad):
        log.debug("precision-mode text too short (%d vs %d chars): using the default mode", len(precise),
                  len(broad))
        return broad
    return precise


def has_sentence(text: str) -> bool:
    """Article text has at least one paragraph of sentence length; menus ("Home", "News") do not.

    Chinese and Japanese write without spaces, so there a sentence is counted in characters.
    """
    return any(
        len(p.split()) >= MIN_SENTENCE_WORDS or len(_CJK.findall(p)) >= MIN_SENTENCE_CJK
        for p in text.split(PARAGRAPH_SEPARATOR)
    )


def _without_title(text: str, title: str | None) -> str:
    """trafilatura keeps the page's <h1> as the first paragraph; the title is metadata, not body."""
    first, _, rest = text.partition(PARAGRAPH_SEPARATOR)
    if title and rest and first.casefold() == title.casefold():
        return rest
    return text


def split_authors(value: str | None) -> tuple[str, ...]:
    """trafilatura joins authors with "; "; job titles it mistakes for names ("AP Auto Writer") go."""
    if not value:
        return ()
    names = (normalize_space(part) for part in value.split(";"))
    return tuple(dict.fromkeys(n for n in names if n and not is_role(n)))


def _published(trafilatura_date: str | None, meta_datetime: str | None) -> str | None:
    if meta_datetime and (trafilatura_date is None or meta_datetime[:10] == trafilatura_date[:10]):
        return meta_datetime
    return trafilatura_date


def _clean(value: object) -> str | None:
    return normalize_space(value) or None if isinstance(value, str) else None


def _language(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower() or None


class _PageMeta:
    """Dates and language declared in the page's own metadata (meta tags, itemprop, JSON-LD)."""

    __slots__ = ("language", "published", "updated")

    def __init__(self, published: str | None, updated: str | None, language: str | None) -> None:
        self.published, self.updated, self.language = published, updated, language

    @classmethod
    def read(cls, html: str) -> _PageMeta:
        try:
            tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
        except (ParserError, XMLSyntaxError, ValueError):
            return cls(None, None, None)
        # JSON-LD first: it describes the article itself, while meta tags are sometimes the site's.
        published = [p for p, _ in _json_ld_dates(tree) if p]
        modified = [m for _, m in _json_ld_dates(tree) if m]
        for key, value in _meta_pairs(tree):
            if key in _PUBLISHED_KEYS:
                published.append(value)
            elif key in _MODIFIED_KEYS:
                modified.append(value)
        return cls(_first_date(published), _first_date(modified), _language(tree.get("lang")))


def _first_date(values: list[str]) -> str | None:
    return next((d for d in map(iso_date, values) if d), None)


def _meta_pairs(tree: Any) -> Iterator[tuple[str, str]]:
    for element in tree.iter("meta", "time", "span", "div"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if element.tag == "meta" and element.get("http-equiv", "").lower() == "last-modified":
            key = "last-modified"
        value = element.get("content") or element.get("datetime")
        if key and value:
            yield key.strip().lower(), value


def _json_ld_dates(tree: Any) -> Iterator[tuple[str | None, str | None]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for node in _ld_nodes(data):
            if _ld_types(node) & _ARTICLE_TYPES:
                yield _ld_str(node.get("datePublished")), _ld_str(node.get("dateModified"))


def _ld_nodes(data: object) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_nodes(data.get("@graph"))


def _ld_types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.lower() for v in values if isinstance(v, str)}


def _ld_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
