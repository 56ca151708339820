"""Whitespace and paragraph helpers shared by every reader.

Clean text keeps one paragraph per block, blocks separated by a blank line, so later stages can see
paragraph boundaries. Inside a paragraph only whitespace is touched: runs of whitespace become one space;
quotes, dashes and every other character stay exactly as the source wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable

PARAGRAPH_SEPARATOR = "\n\n"


def normalize_space(line: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space and trim the ends."""
    return " ".join(line.split())


def split_lines(text: str) -> list[str]:
    """Lines of `text` with every newline convention (\\r\\n, \\r, \\n) understood."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Normalise each paragraph, drop the empty ones and join the rest with a blank line."""
    kept = (normalize_space(p) for p in paragraphs)
    return PARAGRAPH_SEPARATOR.join(p for p in kept if p)


def paragraphs_from_lines(text: str) -> str:
    """Clean text where every non-blank line of `text` is one paragraph (trafilatura's txt output)."""
    return join_paragraphs(split_lines(text))
