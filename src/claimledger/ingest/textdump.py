"""Plain-text page dumps -> clean article text plus title, authors, outlet and dates.

A page dump is what "select all, copy" or a text scraper gives: the article paragraphs surrounded by
menus, "Skip to Content", bylines, share prompts, related links, copyright footers and comment policies.
The cleaner works line by line with general heuristics, not a list of one site's strings:

- metadata lines near the top (byline, "Published ..."/"Updated ..." lines) are read, then removed;
- boilerplate lines are removed by shape (navigation and share prompts, copyright, reporting credits,
  comment policies, photo credits), but only when they are short: a long paragraph is never dropped
  because it happens to mention "comments" or "click here";
- the header (short lines before the first prose paragraph) is dropped except for the title and a live
  blog's timestamped entry heading ("20:35 BST: Lukashenko's office says Wagner has agreed to stop");
- the tail is cut at a strong end-of-article marker (copyright footer, "Jump to comments", "Related
  stories") found in the last part of the page;
- runs of three or more short non-sentence lines (menus, related-link lists) and short lines repeated
  on the page are dropped; an isolated short line between paragraphs is a section heading and stays
  ("What has happened in Belgorod?" is article structure);
- a pure outlet dateline such as "(CNN) — " is removed from the start of the first paragraph (the outlet
  is recorded instead); place datelines ("KHERSON, Ukraine (AP) —") stay, they carry information.

Each remaining line is one paragraph (hard-wrapped text, where blank lines separate paragraphs, is
re-joined first). Characters inside a paragraph are never changed beyond whitespace normalisation, so
every output paragraph is a substring of the whitespace-normalised input.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from enum import Enum

from claimledger.ingest.dates import iso_date
from claimledger.ingest.text import join_paragraphs, normalize_space, split_lines

log = logging.getLogger(__name__)

HEAD_WINDOW = 15  # bylines and date lines are looked for in the first paragraphs only
TAIL_SHARE = 0.4  # an end-of-article marker must lie in the last 40% of the body
MAX_BOILERPLATE_WORDS = 25  # a longer paragraph is never page furniture, whatever words it uses
MAX_CREDIT_WORDS = 60  # "X, Y, ... and Z contributed reporting" lists can be long
MIN_PROSE_WORDS = 12
MENU_RUN = 3

_F = re.IGNORECASE
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")", "»", ";")
_NAV_LINE = re.compile(
    r"(skip to (main )?(content|navigation|search|footer|menu)|advertisement|advertising|ads?|sponsored"
    r"( content)?|promoted( content)?|paid content|partner content|share( this( article| story| page)?)?"
    r"|tweet|e-?mail|print|copy link|save|bookmark|menu|home|search|close|back to top|top|next|previous"
    r"|more|load more|show more|see more|view more|continue reading|watch( live)?|listen|sign in|sign up"
    r"|log ?in|register|subscribe( now)?|newsletters?|manage subscription|(\d+ )?comments?( \(\d+\))?"
    r"|(jump|go|skip) to comments|(view|show|hide|load) comments|leave a (comment|reply)"
    r"|(post|add) a comment|related|related (articles|stories|news|content|topics|coverage|links|videos)"
    r"|more (stories|news|videos|from [\w .'-]+)|recommended( for you| stories)?"
    r"|you (may|might) also (like|be interested in)|most (read|popular|viewed|shared)|trending( now)?"
    r"|latest (news|stories|videos)|top stories|editor'?s picks|all news|updated at|published at"
    r"|listen to this article|\d+ min(ute)?s? read)[\s:|›»>↓↑→•·-]*",
    _F,
)
_SOCIAL_LINE = re.compile(
    r"((facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|messenger|instagram|e-?mail|copy"
    r"( link)?|print|flipboard|vk|threads)[\s|,·•/-]*){2,}",
    _F,
)
_BREADCRUMB = re.compile(r"[^·›»|/>]{1,40}(\s[·›»|/>]\s[^·›»|/>]{1,40})+")
_NAV_PREFIX = re.compile(
    r"(read (more|also|next|the full story)|see also|also read|watch:|more:|related:|click here|tap here"
    r"|follow us|join us|subscribe to|sign up (for|to)|download (our|the) app|get (our|the) [\w ]*newsletter"
    r"|(photo|image|video|picture|caption|illustration|graphic|source)s?( credit)?:|credits?:"
    r"|share (this|on|via)|tags?:|topics?:|filed under|categories:|article topic follows"
    r"|this (audio|article) (is|was) (created|generated|produced)|reading time)",
    _F,
)
_NAV_ANYWHERE = re.compile(
    r"(all rights reserved|©|\(c\) \d{4}|copyright \d{4}|community guidelines|comments? policy"
    r"|commenting policy|civil and constructive|keep (your )?comments|share a story idea|story tip"
    r"|submit it here|(click|tap) here|privacy policy|cookie (policy|settings|preferences)"
    r"|we use cookies|terms (of|and) (use|service|conditions)|enable javascript|your browser"
    r"|\b(photo|image|picture)( credit)?: |/(reuters|ap|afp|epa|getty images|anadolu|tass|ria novosti)\)?$"
    r"|follow (us|\w+) on (twitter|facebook|telegram|instagram|x)\b"
    r"|(views|opinions) expressed (in this (article|piece|column) )?are (solely )?(those|the author)"
    r"|\[ad_\d+\])",
    _F,
)
_CREDITS = re.compile(
    r"(contributed (to )?(this |the )?(report|reporting|story|article)|additional reporting by"
    r"|(reporting|editing|writing|compiled|produced|edited) by\b.*\b(editing|writing|by)\b"
    r"|^(editing|edited|reporting) by )",
    _F,
)
_END_MARKER = re.compile(
    r"^(™ ?& ?)?(©|\(c\) \d{4}|copyright \d{4})|all rights reserved|^(jump|go|skip) to comments"
    r"|^article topic follows|^(related|more) (articles|stories|news|coverage|content|from)\b"
    r"|^recommended( for you| stories)?$|^you (may|might) also like|^most (read|popular|viewed)"
    r"|^(leave a (comment|reply)|\d* ?comments?)$",
    _F,
)
_BYLINE = re.compile(r"^(?:by|written by|words by|von|por|par|reporting by)\s*:?\s+(?P<names>.+)$", _F)
_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
_BYLINE_END = re.compile(
    rf"\s[|•·]\s|\s[—–-]\s|\s(?=\d)|\s(?={_MONTHS})|\s(?=(updated|published|posted)\b)", _F
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\bи\b)\s*", _F)
_ROLE_WORDS = re.compile(
    r"\b(writer|correspondent|reporter|editor|contributor|staff|columnist|journalist)s?\b", _F
)
_OUTLET_WORDS = re.compile(
    r"\b(news|press|times|post|network|agency|journal|media|tv|radio|herald|guardian|telegraph|tribune"
    r"|daily|gazette|chronicle|wire|reuters|bloomberg|associated)\b",
    _F,
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w.'’-]*|de|da|del|der|van|von|bin|al|la|le|du|di)$")
_DATE_LINE = re.compile(
    r"^(?P<label>published|posted|updated|last updated|first published|date|created|modified)"
    r"(?: on| at)?\s*:?\s*(?P<date>.*)$",
    _F,
)
_DATE_PREFIX = re.compile(
    r"^(?:date|published|posted)\s*:?\s*(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?)\s+(?=\S)",
    _F,
)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_OUTLET_DATELINE = re.compile(r"^\((?P<outlet>[A-Z][\w.&'’ -]{0,30}?)\)\s*[—–-]{1,2}\s*(?=\S)")
_CREDIT_OUTLET = re.compile(r"^(?P<outlet>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3})[’']s\b")
_COPYRIGHT_HOLDER = re.compile(r"©\s*(?:\d{4}\s*)?(?P<holder>[^,.|]+)")


class Role(Enum):
    BODY = "body"
    TITLE = "title"
    META = "meta"  # byline or date line: read, then removed
    DROP = "drop"


@dataclass(frozen=True, slots=True)
class CleanedDump:
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    published: str | None = None
    updated: str | None = None


def clean_text_dump(raw: str, *, title: str | None = None) -> CleanedDump:
    """Clean one page dump. `title`, when the caller knows it, is recognised and removed from the text."""
    return _Dump(raw, title_hint=normalize_space(title or "") or None).clean()


def words(line: str) -> int:
    return len(line.split())


def is_prose(line: str) -> bool:
    n = words(line)
    return n >= MIN_PROSE_WORDS and (line.endswith(_SENTENCE_END) or n >= 2 * MIN_PROSE_WORDS)


def is_short_nonsentence(line: str) -> bool:
    return words(line) <= 20 and not line.endswith(_SENTENCE_END)


def is_boilerplate(line: str) -> bool:
    """A line that is page furniture, judged by its shape; long paragraphs never are."""
    n = words(line)
    if n > MAX_CREDIT_WORDS:
        return False
    if _CREDITS.search(line):
        return True
    return n <= MAX_BOILERPLATE_WORDS and bool(
        _NAV_LINE.fullmatch(line)
        or _SOCIAL_LINE.fullmatch(line)
        or (_BREADCRUMB.fullmatch(line) and all(words(p) <= 3 for p in re.split(r"\s[·›»|/>]\s", line)))
        or _NAV_PREFIX.match(line)
        or _NAV_ANYWHERE.search(line)
    )


def parse_byline(line: str) -> tuple[tuple[str, ...], str | None] | None:
    """`By Rob Picheta and Nathan Hodge, CNN` -> (("Rob Picheta", "Nathan Hodge"), "CNN").

    None when the line is not a byline (its names do not look like names).
    """
    match = _BYLINE.match(line)
    if match is None or words(line) > 20:
        return None
    names_part = _BYLINE_END.split(match.group("names"))[0]
    names_part = re.sub(r"\([^)]*\)", " ", names_part)
    parts = [normalize_space(p) for p in names_part.split(",")]
    outlet = None
    if len(parts) > 1 and _is_outlet_part(parts[-1]):
        outlet = parts.pop()
    names = [normalize_space(n) for p in parts if not _ROLE_WORDS.search(p) for n in _NAME_SPLIT.split(p)]
    names = [n for n in names if n]
    if not names or not all(_looks_like_name(n) for n in names):
        return None
    if not any(words(n) >= 2 for n in names):
        return None
    return tuple(dict.fromkeys(names)), outlet


def is_role(text: str) -> bool:
    """A job title rather than a name: "Staff Writer", "AP Auto Writer", "Senior Correspondent"."""
    return bool(_ROLE_WORDS.search(text))


def _is_outlet_part(part: str) -> bool:
    if not part or _ROLE_WORDS.search(part):
        return False
    return words(part) == 1 or bool(_OUTLET_WORDS.search(part))


def _looks_like_name(name: str) -> bool:
    tokens = name.split()
    return 1 <= len(tokens) <= 5 and tokens[0][:1].isupper() and all(_NAME_TOKEN.match(t) for t in tokens)


# a live blog's entry heading: a clock time, a separator, then at least three words ("20:35 BST:
# Lukashenko's office says Wagner has agreed to stop"), unlike a stamp ("Updated 10:05 GMT, 24 June 2023")
_LIVE_ENTRY = re.compile(
    r"\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?\s*)?(?:[A-Z]{2,4}\s*)?[:–—-]\s+\S+\s+\S+\s+\S+")


def _opens_the_body(line: str) -> bool:
    """A line before the first prose paragraph that belongs to the article: a short sentence ("They
    recognized him.") or a live blog's entry heading."""
    return _is_short_sentence(line) or bool(_LIVE_ENTRY.match(line))


def _is_short_sentence(line: str) -> bool:
    return words(line) >= 3 and line.endswith((".", ".”", '."', ".’", "!"))


def _is_headline(line: str) -> bool:
    n = sum(1 for token in line.split() if any(c.isalpha() for c in token))
    first = next((c for c in line if c.isalpha()), "")
    return 3 <= n <= 40 and not line.endswith(".") and (first.isupper() or not first.islower())


def _paragraphs(raw: str) -> list[str]:
    """One string per paragraph: each line, or each blank-line block when the text is hard-wrapped."""
    blocks: list[list[str]] = [[]]
    for line in split_lines(raw):
        clean = normalize_space(line)
        if clean:
            blocks[-1].append(clean)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if _hard_wrapped(blocks):
        return [" ".join(b) for b in blocks]
    return [line for block in blocks for line in block]


def _hard_wrapped(blocks: list[list[str]]) -> bool:
    inner = [line for block in blocks if len(block) > 1 for line in block[:-1]]
    every = [line for block in blocks for line in block]
    if len(inner) < 3:
        return False
    wrapped = sum(1 for line in inner if 40 <= len(line) <= 100)
    long_lines = sum(1 for line in every if len(line) > 100)
    return wrapped >= 0.75 * len(inner) and long_lines <= 0.05 * len(every)


class _Dump:
    """The paragraphs of one dump with a role each, and the metadata read so far."""

    def __init__(self, raw: str, *, title_hint: str | None) -> None:
        self.paras = _paragraphs(raw)
        self.roles = [Role.BODY] * len(self.paras)
        self.title_hint = title_hint
        self.title: str | None = None
        self.authors: tuple[str, ...] = ()
        self.byline_index: int | None = None
        self.outlets: dict[str, str] = {}
        self.published: str | None = None
        self.updated: str | None = None

    def clean(self) -> CleanedDump:
        self._leading_date_prefix()
        self._metadata_lines()
        self._boilerplate()
        start = self._body_start()
        self._header(start)
        self._repeats()
        self._tail(start)
        self._menu_runs()
        self._trailing_short_lines()
        self._outlet_dateline()
        body = [p for p, r in zip(self.paras, self.roles, strict=True) if r is Role.BODY]
        return CleanedDump(
            text=join_paragraphs(body),
            title=self.title,
            authors=self.authors,
            outlet=self._outlet(),
            published=self.published,
            updated=self.updated,
        )

    def _drop(self, index: int, why: str, role: Role = Role.DROP) -> None:
        if self.roles[index] is Role.BODY:
            log.debug("text dump: drop %s line %r", why, self.paras[index][:80])
            self.roles[index] = role

    def _body_indices(self) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r is Role.BODY]

    def _leading_date_prefix(self) -> None:
        """Scrapers sometimes prefix the text with "date 2023-06-07 "."""
        if self.paras and (match := _DATE_PREFIX.match(self.paras[0])):
            self.published = iso_date(match.group("date"))
            self.paras[0] = self.paras[0][match.end():]

    def _metadata_lines(self) -> None:
        for i, line in enumerate(self.paras[:HEAD_WINDOW]):
            byline = parse_byline(line)
            if byline is not None and not self.authors:
                self.authors, self.byline_index = byline[0], i
                if byline[1]:
                    self.outlets.setdefault("byline", byline[1])
                self._drop(i, "byline", Role.META)
            elif self._date_line(line):
                self._drop(i, "date", Role.META)

    def _date_line(self, line: str) -> bool:
        if words(line) > 15:
            return False
        match = _DATE_LINE.match(line)
        value = iso_date(match.group("date")) if match else None
        if match is not None and (value or not match.group("date").strip()):
            if match.group("label").lower() in {"updated", "last updated", "modified"}:
                self.updated = self.updated or value
            else:
                self.published = self.published or value
            return True
        if words(line) <= 8 and _YEAR.search(line) and (value := iso_date(line)):
            self.published = self.published or value
            return True
        return False

    def _boilerplate(self) -> None:
        for i, line in enumerate(self.paras):
            self._record_outlet_hints(line)
            if is_boilerplate(line):
                self._drop(i, "boilerplate")

    def _record_outlet_hints(self, line: str) -> None:
        if words(line) > MAX_CREDIT_WORDS:
            return
        if _CREDITS.search(line) and (match := _CREDIT_OUTLET.match(line)):
            self.outlets.setdefault("credits", match.group("outlet"))
        if (match := _COPYRIGHT_HOLDER.search(line)) and words(match.group("holder")) <= 6:
            holder = re.sub(r"\b(inc|ltd|llc|plc|gmbh|corp)\b\.?", "", match.group("holder"), flags=_F)
            if normalize_space(holder):
                self.outlets.setdefault("copyright", normalize_space(holder))

    def _body_start(self) -> int:
        """The first prose paragraph, or a short sentence just before it ("They recognized him.")."""
        body = self._body_indices()
        start = next((i for i in body if is_prose(self.paras[i])), body[0] if body else len(self.paras))
        earlier = [i for i in body if i < start]
        while earlier and _opens_the_body(self.paras[earlier[-1]]):
            start = earlier.pop()
        return start

    def _header(self, start: int) -> None:
        header = [i for i in range(start) if self.roles[i] is Role.BODY]
        title_index = self._find_title(header)
        if title_index is not None:
            self.title = self.paras[title_index]
            self._drop(title_index, "title", Role.TITLE)
        elif self.title_hint:
            self.title = self.title_hint
        for i in header:
            self._drop(i, "header")
        if self.title:
            key = self.title.casefold()
            for i in self._body_indices():
                if self.paras[i].casefold() == key:
                    self._drop(i, "repeated title")

    def _find_title(self, header: list[int]) -> int | None:
        if self.title_hint:
            key = self.title_hint.casefold()
            window = [i for i in range(min(HEAD_WINDOW, len(self.paras))) if self.roles[i] is Role.BODY]
            return next((i for i in window if self.paras[i].casefold() == key), None)
        candidates = [i for i in header if _is_headline(self.paras[i])]
        if self.byline_index is not None:
            before = [i for i in candidates if i < self.byline_index]
            if before:  # the headline sits just above the byline
                return before[-1]
        return header[0] if header and header[0] in candidates else None

    def _repeats(self) -> None:
        seen: dict[str, list[int]] = {}
        for i in self._body_indices():
            seen.setdefault(self.paras[i].casefold(), []).append(i)
        for indices in seen.values():
            if len(indices) < 2:
                continue
            short = words(self.paras[indices[0]]) <= 15
            for i in indices if short else indices[1:]:
                self._drop(i, "repeated")

    def _tail(self, start: int) -> None:
        body = list(range(start, len(self.paras)))
        if not body:
            return
        threshold = start + int((1 - TAIL_SHARE) * len(body))
        for i in body:
            line = self.paras[i]
            if i >= threshold and words(line) <= MAX_BOILERPLATE_WORDS and _END_MARKER.search(line):
                for j in range(i, len(self.paras)):
                    self._drop(j, "tail")
                return

    def _menu_runs(self) -> None:
        run: list[int] = []
        for i in [*self._body_indices(), None]:
            if i is not None and is_short_nonsentence(self.paras[i]):
                run.append(i)
                continue
            if len(run) >= MENU_RUN:
                for j in run:
                    self._drop(j, "menu run")
            run = []

    def _trailing_short_lines(self) -> None:
        for i in reversed(self._body_indices()):
            if not is_short_nonsentence(self.paras[i]):
                return
            self._drop(i, "trailing")

    def _outlet_dateline(self) -> None:
        body = self._body_indices()
        if body and (match := _OUTLET_DATELINE.match(self.paras[body[0]])):
            self.outlets.setdefault("dateline", match.group("outlet").strip())
            self.paras[body[0]] = self.paras[body[0]][match.end():]

    def _outlet(self) -> str | None:
        for source in ("byline", "dateline", "credits", "copyright"):
            if source in self.outlets:
                return self.outlets[source]
        return None
