"""The intermediate shape every reader produces before it becomes a `Document`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from claimledger.ingest.language import detect_language
from claimledger.models import Document, RawInput


@dataclass(frozen=True, slots=True)
class Article:
    """Clean text plus whatever metadata the source gave; times are never mixed up."""

    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    updated: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article was read from."""

    source_path: str
    input_kind: str
    locator: str = ""
    fetched: str | None = None
    story: str | None = None


def outlet_from_url(url: str | None) -> str | None:
    """`https://www.theguardian.com/x` -> `theguardian.com`."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def to_document(article: Article, raw: RawInput, origin: Origin) -> Document:
    return Document(
        id=Document.make_id(article.text, article.url),
        text=article.text,
        url=article.url,
        outlet=article.outlet or outlet_from_url(article.url),
        title=article.title,
        authors=article.authors,
        published=article.published,
        updated=article.updated,
        fetched=origin.fetched,
        language=article.language or detect_language(article.text),
        raw_sha256=raw.sha256,
        source_path=origin.source_path,
        source_locator=origin.locator,
        input_kind=origin.input_kind,
        story=origin.story,
    )
