"""Rule-based attribution extraction (v1): source / cue / content spans from the dependency parse.

A reporting verb (or noun, or "according to") is a cue; its complement is the content and its
subject the source. Quotation marks add what the parse misses: contents split around the cue,
quotes running over several paragraphs, colon-introduced quotes. Which complement frames count for
which verb comes from `cues.VERB_FRAMES` (learnt on PolNeAR train) plus `cues.SPEECH_VERBS`.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.extract import cues
from claimledger.models import Attribution, AttributionKind, Entity, Polarity, Span, Verification

log = logging.getLogger(__name__)

Char = tuple[int, int]

_TRIM = " \t\n,;:—–-\"“”„«»'`"
_GAP_OK = re.compile(r"^[\s,;:—–\-]*$")
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_CLIMB = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "acl", "ccomp"})
_OBJ_TAIL = frozenset({"oprd", "xcomp"})
_NOT_SUBJECT = frozenset({"pobj", "compound", "poss", "dobj", "attr", "oprd", "dative", "amod", "npadvmod"})
_PREP_FRAMES = frozenset({"about", "to", "for", "on", "of", "against", "as", "with", "into"})


@dataclass
class Candidate:
    """An attribution before it becomes a frozen `Attribution` (char offsets only)."""

    content: list[Char]
    cue: Char | None
    source: Char | None
    frame: str
    lemma: str
    sent: int
    polarity: Polarity = "assert"
    channel: str | None = None
    verification: Verification | None = None
    extra: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- quotes


def find_quotes(text: str) -> list[Char]:
    """Quoted stretches (marks included). A paragraph whose quote never closes continues into the next
    paragraph when that one opens with a quote mark (the newspaper convention for long quotes)."""
    out: list[Char] = []
    start: int | None = None
    opener = ""
    pos = 0
    paragraphs = text.split("\n")
    for n, para in enumerate(paragraphs):
        begin = pos
        pos += len(para) + 1
        if not para.strip():
            continue
        skip_first = start is not None and para.lstrip()[:1] in cues.QUOTE_CHARS + "'`"
        lead = len(para) - len(para.lstrip())
        i = 0
        while i < len(para):
            ch = para[i]
            two = para[i : i + 2]
            if skip_first and i == lead:
                i += 2 if two in ("''", "``") else 1
                continue
            if two in ("''", "``"):
                if (start is None and two == "``") or (start is None and _opens(para, i)):
                    start, opener = begin + i, "''"
                elif start is not None and opener == "''":
                    out.append((start, begin + i + 2))
                    start = None
                i += 2
                continue
            if start is None:
                if ch in cues.OPEN_QUOTES or (ch == '"' and _opens(para, i)):
                    start, opener = begin + i, ch
            elif _closes(opener, ch):
                out.append((start, begin + i + 1))
                start = None
            i += 1
        if start is not None and not _next_opens(paragraphs, n):
            out.append((start, begin + len(para.rstrip())))
            start = None
    if start is not None:
        out.append((start, len(text.rstrip())))
    return out


def _opens(para: str, i: int) -> bool:
    return (i == 0 or not para[i - 1].isalnum()) and i + 1 < len(para) and not para[i + 1].isspace()


def _closes(opener: str, ch: str) -> bool:
    if opener == "„":
        return ch in "“”"
    if opener == "«":
        return ch == "»"
    if opener == '"':
        return ch in '"”'
    return ch in '”"' if opener == "“" else False


def _next_opens(paragraphs: list[str], n: int) -> bool:
    for para in paragraphs[n + 1 :]:
        if para.strip():
            return para.lstrip()[:1] in cues.QUOTE_CHARS or para.lstrip()[:2] in ("''", "``")
    return False


# ---------------------------------------------------------------- helpers


class _Index:
    """Per-document lookups: sentence of each token, sentence char bounds, quotes."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sent_of: list[int] = [0] * len(doc)
        self.sent_bounds: list[Char] = []
        for k, sent in enumerate(doc.sents):
            self.sent_bounds.append((sent.start_char, sent.end_char))
            for t in range(sent.start, sent.end):
                self.sent_of[t] = k
        self.sent_starts = [s for s, _ in self.sent_bounds]
        self.quotes = find_quotes(doc.text)
        self.quote_starts = [s for s, _ in self.quotes]

    def sent_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def quotes_in(self, lo: int, hi: int) -> list[Char]:
        """Quotes that start inside [lo, hi)."""
        i = bisect.bisect_left(self.quote_starts, lo)
        out = []
        while i < len(self.quotes) and self.quotes[i][0] < hi:
            out.append(self.quotes[i])
            i += 1
        return out

    def clip_to_paragraph(self, span: Char, anchor: int) -> list[Char]:
        """`span` cut to the paragraph holding `anchor`; quotes may run on (they were joined on purpose)."""
        lo, hi = _paragraph_at(self.doc.text, anchor)
        s, e = span
        for q in (self.quote_at(s), self.quote_at(max(s, e - 1))):
            if q is not None and _overlaps(q, (lo, hi)):
                lo, hi = min(lo, q[0]), max(hi, q[1])
        s, e = max(s, lo), min(e, hi)
        return [(s, e)] if s < e else []

    def quote_at(self, char: int) -> Char | None:
        i = bisect.bisect_right(self.quote_starts, char) - 1
        if i >= 0 and self.quotes[i][0] <= char < self.quotes[i][1]:
            return self.quotes[i]
        return None


def _paragraph_at(text: str, char: int) -> Char:
    """The bounds of the paragraph (line) holding `char`, without its line break."""
    hi = text.find("\n", char)
    return text.rfind("\n", 0, char) + 1, len(text) if hi < 0 else hi


def _subtree_chars(tok: Token) -> Char:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _trim(text: str, span: Char) -> Char | None:
    s, e = span
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return (s, e) if s < e else None


def _minus(span: Char, holes: Iterable[Char]) -> list[Char]:
    """`span` without the `holes`, as ordered fragments."""
    parts = [span]
    for hs, he in sorted(holes):
        nxt: list[Char] = []
        for s, e in parts:
            if he <= s or hs >= e:
                nxt.append((s, e))
                continue
            if s < hs:
                nxt.append((s, hs))
            if he < e:
                nxt.append((he, e))
        parts = nxt
    return parts


def _overlaps(a: Char, b: Char) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _tok_chars(tok: Token) -> Char:
    return tok.idx, tok.idx + len(tok.text)


def _cue_chars(verb: Token, extra: Iterable[Token] = ()) -> Char:
    toks = [verb, *extra]
    i = verb.i - 1
    while i >= 0 and verb.doc[i].dep_ in ("aux", "auxpass", "neg") and verb.doc[i].head == verb:
        toks.append(verb.doc[i])
        i -= 1
    toks.extend(c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1)
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _coordinated_cue(tok: Token) -> bool:
    """ "acknowledged that X had done Y but insisted Z": the parser makes "insisted" a conjunct of the
    content's verb; it is a second cue of the same speaker."""
    return (
        tok.dep_ == "conj"
        and tok.lemma_.lower() in cues.SPEECH_VERBS
        and tok.head.dep_ == "ccomp"
        and tok.head.head.lemma_.lower() in cues.SPEECH_VERBS
        and not any(c.dep_ in _SUBJECTS for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


def find_source(verb: Token) -> Token | None:
    """The subject of the cue verb, climbing through gerunds, conjuncts and "quoted as saying"."""
    v = verb.head.head if _coordinated_cue(verb) else verb
    for _ in range(4):
        for c in v.children:
            if c.dep_ in _SUBJECTS:
                return c
        for c in v.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
            return v.head  # "the group claiming responsibility"
        if v.dep_ not in _CLIMB or v.head is v:
            return None
        v = v.head
    return None


# ---------------------------------------------------------------- the component


class RuleAttributionComponent:
    """Fills `doc._.cl_attributions` with `Attribution` objects (speaker left to the speaker stage).

    `frames` maps a verb lemma to the complement frames it accepts (default: `cues.VERB_FRAMES`);
    `all_verbs=True` proposes every verb with every frame (used to learn `VERB_FRAMES`).
    """

    def __init__(
        self,
        frames: Mapping[str, frozenset[str]] | None = None,
        nominal: Mapping[str, frozenset[str]] | None = None,
        *,
        all_verbs: bool = False,
    ) -> None:
        self.frames = dict(cues.VERB_FRAMES if frames is None else frames)
        self.nominal = dict(cues.NOMINAL_FRAMES if nominal is None else nominal)
        self.all_verbs = all_verbs
        self.follow_quotes = True

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_attributions = [self._to_attribution(doc, c) for c in self.candidates(doc)]
        return doc

    # -- candidates

    def candidates(self, doc: Doc) -> list[Candidate]:
        idx = _Index(doc)
        found: list[Candidate] = []
        for tok in doc:
            cand = self._candidate(tok, idx)
            if cand is not None:
                found.append(cand)
        found.extend(self._quote_frame(idx, found))
        found.extend(_dash_credits(idx, found))
        found.extend(_dash_tail_credits(idx, found))
        found = _drop_quoted_cues(_dedupe(found), idx)
        for cand in found:
            self._extend_with_quotes(cand, idx, found)
        if self.follow_quotes:
            _attach_following_quotes(found, idx)
        for cand in found:
            _annotate(cand, idx)
            cand.extra["kind"] = _kind(cand.content, idx)
        found = _attach_verification(found, idx)
        return sorted(found, key=lambda c: c.content[0])

    def _candidate(self, tok: Token, idx: _Index) -> Candidate | None:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            return _according_to(tok, idx)
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.lemma_ == "say"):
            return self._verb(tok, idx)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.nominal:
            return _nominal(tok, idx, self.nominal[tok.lemma_.lower()])
        return None

    def _allowed(self, lemma: str) -> frozenset[str] | None:
        if self.all_verbs:
            return None
        frames = self.frames.get(lemma, frozenset()) | cues.EXTRA_FRAMES.get(lemma, frozenset())
        if lemma in cues.SPEECH_VERBS:
            frames = frames | cues.SPEECH_FRAMES
        return frames

    def _verb(self, verb: Token, idx: _Index) -> Candidate | None:
        lemma = verb.lemma_.lower()
        allowed = self._allowed(lemma)
        if allowed is not None and not allowed:
            return None
        if verb.dep_ == "pcomp" and verb.head.lower_ == "without":
            return None  # "Putin said ..., without naming Prigozhin": what he did not say
        frames: tuple[tuple[str, FrameBuilder], ...] = _VERB_FRAMES
        quoted = _frame_colon(verb, idx)
        if quoted is not None and idx.quote_at(quoted[1][0][0]) == quoted[1][0]:
            frames = (("colon", _frame_colon), *_VERB_FRAMES)  # 'added: "..."' beats a parse of the quote
        for frame, builder in frames:
            if allowed is not None and not _frame_allowed(frame, allowed):
                continue
            got = builder(verb, idx)
            if got is None:
                continue
            name, content, extra_cue = got
            if allowed is not None and name not in allowed:
                continue
            if name != "colon":
                content = [f for part in content for f in idx.clip_to_paragraph(part, verb.idx)]
                more = _frame_colon(verb, idx)  # '"...," said X, in a comment to CNN: "..."'
                if more is not None and not any(_overlaps(more[1][0], f) for f in content):
                    content = sorted([*content, *more[1]])
            content = [c for c in (_trim(verb.doc.text, f) for f in content) if c]
            if not content:
                continue
            src = find_source(verb)
            if src is None and lemma in cues.SPEECH_VERBS:
                src = _nearest_subject(verb, idx)
            cue = _cue_chars(verb, extra_cue)
            own = [_subtree_chars(verb)] if src is not None and src.is_ancestor(verb) else []
            source = _source_chars(src, content + own) if src is not None else None
            content = [f for part in content for f in _minus(part, [cue])]
            polarity: Polarity = "deny" if lemma in cues.DENY_VERBS else "assert"
            return Candidate(content, cue, source, name, lemma, idx.sent_of[verb.i], polarity)
        return None

    def _quote_frame(self, idx: _Index, found: list[Candidate]) -> list[Candidate]:
        """Quotes no other rule attached, given to a speech verb of their sentence."""
        taken = [f for c in found for f in c.content]
        out: list[Candidate] = []
        for q in idx.quotes:
            if any(_overlaps(q, f) for f in taken) or len(idx.doc.text[q[0] : q[1]].split()) < 3:
                continue
            verb = self._quote_verb(q, idx)
            if verb is None:
                colon = _colon_before(q, idx)
                if colon is not None:
                    out.append(colon)
                    taken.append(q)
                continue
            src = find_source(verb)
            source = _source_chars(src, [q]) if src is not None else None
            content = _trim(idx.doc.text, q)
            if content is None:
                continue
            lemma = verb.lemma_.lower()
            out.append(Candidate([content], _cue_chars(verb), source, "quote", lemma, idx.sent_of[verb.i]))
            taken.append(q)
        return out

    def _quote_verb(self, q: Char, idx: _Index) -> Token | None:
        s = idx.sent_at(q[0])
        e = idx.sent_at(max(q[0], q[1] - 1))
        # a sentence the parser ran over a paragraph break ('... later."\n\nPresidential adviser ... wrote')
        # lends the quote no verb from the next paragraph
        first = _paragraph_at(idx.doc.text, q[0])[0]
        last = _paragraph_at(idx.doc.text, max(q[0], q[1] - 1))[1]
        for k in (e, s) if e != s else (s,):
            lo, hi = idx.sent_bounds[k]
            span = idx.doc.char_span(max(lo, first), min(hi, last), alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                if idx.quote_at(tok.idx) is not None or tok.pos_ not in ("VERB", "AUX"):
                    continue
                allowed = self._allowed(tok.lemma_.lower())
                if allowed is None or "quote" in allowed:
                    return tok
        return None

    def _extend_with_quotes(self, cand: Candidate, idx: _Index, found: list[Candidate]) -> None:
        """ "The attack," he said, "was planned." -> one attribution with both quoted fragments."""
        core = [x for x in (cand.cue, cand.source) if x is not None]
        if not core:
            return
        lo = min(min(s for s, _ in core), cand.content[0][0])
        hi = max(max(e for _, e in core), cand.content[-1][1])
        text = idx.doc.text
        s_lo, s_hi = idx.sent_bounds[cand.sent]
        for q in idx.quotes_in(max(0, s_lo - 2), s_hi):
            if any(_overlaps(q, f) for f in cand.content) or any(_overlaps(q, x) for x in core):
                continue
            if q[0] >= hi:  # '..., he said, "was planned."'
                gap, ok = text[hi : q[0]], "," in text[hi : q[0]]
            elif q[1] <= lo:  # '"The attack," he said ...': the quote opens the sentence or clause
                gap, ok = text[q[1] : lo], text[max(0, q[0] - 2) : q[0]].strip() in ("", ":", "—", "–", ".")
            else:
                continue
            if not ok or not _GAP_OK.match(gap):
                continue
            if any(_overlaps(q, f) for c in found if c is not cand for f in c.content):
                continue
            frag = _trim(text, q)
            if frag is not None:
                cand.content = sorted([*cand.content, frag])

    # -- output

    def _to_attribution(self, doc: Doc, cand: Candidate) -> Attribution:
        text = doc.text
        kind = cand.extra.get("kind") or quote_kind(text, cand.content)
        content = tuple(Span(s, e, text[s:e]) for s, e in cand.content)
        doc_id = str(doc._.doc_id or "")
        return Attribution(
            id=Attribution.make_id(doc_id, content),
            doc_id=doc_id,
            kind=kind,  # type: ignore[arg-type]
            content=content,
            source=Span(*cand.source, text[cand.source[0] : cand.source[1]]) if cand.source else None,
            cue=Span(*cand.cue, text[cand.cue[0] : cand.cue[1]]) if cand.cue else None,
            channel=cand.channel,
            verification=cand.verification,
            polarity=cand.polarity,
        )


def _frame_allowed(frame: str, allowed: frozenset[str]) -> bool:
    if frame == "prep":
        return any(a.startswith("prep_") for a in allowed)
    return frame in allowed


# ---------------------------------------------------------------- frame builders
# Each returns (frame name, content fragments, extra cue tokens) or None.

FrameResult = tuple[str, list[Char], list[Token]] | None
FrameBuilder = Callable[[Token, "_Index"], FrameResult]


def _frame_ccomp(verb: Token, idx: _Index) -> FrameResult:
    # "told CNN": the object is the addressee; "blamed Ukraine": the object is the content; an "object" after
    # a comma is an aside on the clause before ("..., the group said on Monday, a higher toll than ...")
    has_obj = verb.lemma_.lower() not in cues.ADDRESSEE_VERBS and any(
        c.dep_ == "dobj" and not _comma_between(verb, c) for c in verb.children)
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i < verb.i and (has_obj or _semicolon_between(c, verb)):
            continue  # "X remains unclear - Moscow blamed Ukraine": a mis-attached clause, not content
        if c.dep_ == "ccomp":
            holes = [(_subtree_chars(x)[0], _subtree_chars(x)[1]) for x in c.children if _coordinated_cue(x)]
            holes += [
                _tok_chars(x)
                for x in c.children
                if x.dep_ == "cc" and holes and x.i < min(h.i for h in c.children if _coordinated_cue(h))
            ]
            return "ccomp", _minus(_subtree_chars(c), holes), []
    bare = not any(c.dep_ in ("dobj", "xcomp", "prep") for c in verb.children)
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX") and bare and verb.i > verb.head.i:
        # "The attack was planned, he said": the parser hangs the cue off the content's verb.
        head = verb.head
        return "ccomp", _minus(_subtree_chars(head), [_subtree_chars(verb)]), []
    return None


def _comma_between(verb: Token, obj: Token) -> bool:
    return obj.i > verb.i and any(t.text == "," for t in verb.doc[verb.i + 1 : obj.left_edge.i])


def _asides(verb: Token) -> list[Char]:
    """The noun phrases a comma sets off after a cue, which the parser makes its object: "..., the group
    said on Monday, | a higher toll than the 41 reported by state television". The writer's comparison, not
    what the source said, and its "state television" is not the source's channel."""
    return [_subtree_chars(c) for c in verb.children
            if c.dep_ == "dobj" and c.pos_ == "NOUN" and _comma_between(verb, c)
            and not any(t.tag_ in _FINITE_TAGS for t in c.subtree)]


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def without_aside_after_cue(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """A content fragment that is only an aside after the cue (`_asides`) dropped, when the clause before the
    source is content too."""
    def repair(att: Attribution) -> Attribution:
        if att.cue is None or len(att.content) < 2 or att.content[0].end > att.cue.start:
            return att
        words = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
        asides = [a for t in words or () if t.pos_ == "VERB" for a in _asides(t)]
        kept = tuple(f for f in att.content if not any(a[0] <= f.start and f.end <= a[1] for a in asides))
        return replace(att, content=kept) if kept and kept != att.content else att

    return [repair(att) for att in attributions]


def _semicolon_between(a: Token, b: Token) -> bool:
    return any(t.text == ";" for t in a.doc[a.right_edge.i + 1 : b.i])


def _frame_colon(verb: Token, idx: _Index) -> FrameResult:
    doc = verb.doc
    j = verb.i + 1
    while j < len(doc) and j - verb.i <= 25 and doc[j].text != ":":
        if j > verb.right_edge.i or doc[j].text in ".!?" or doc[j].text in cues.QUOTE_CHARS:
            return None
        if doc[j].pos_ == "VERB" and doc[j].lemma_.lower() in cues.SPEECH_VERBS:
            return None  # the colon belongs to that later cue ("announced ..., claiming: ...")
        j += 1
    if j >= len(doc) or doc[j].text != ":" or j + 1 >= len(doc):
        return None
    start = doc[j].idx + 1
    while start < len(doc.text) and doc.text[start].isspace():
        start += 1
    q = idx.quote_at(start)
    if q is not None and q[0] == start:
        return "colon", [q], []
    _, end = idx.sent_bounds[idx.sent_at(start)]
    return "colon", [(start, end)], []


def _frame_xcomp(verb: Token, idx: _Index) -> FrameResult:
    for c in verb.children:
        if c.dep_ == "xcomp" and c.i > verb.i:
            objs = [o for o in verb.children if o.dep_ == "dobj" and verb.i < o.i < c.i]
            start = objs[0].left_edge.idx if objs else c.left_edge.idx
            return "xcomp", [(start, _subtree_chars(c)[1])], []
    return None


def _frame_dobj(verb: Token, idx: _Index) -> FrameResult:
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objs:
        return None
    s, e = _subtree_chars(objs[0])
    for c in verb.children:
        if c.i > objs[0].i and (
            c.dep_ in _OBJ_TAIL or (c.dep_ == "prep" and c.lower_ in ("as", "for", "of"))
        ):
            e = max(e, _subtree_chars(c)[1])
    return "dobj", [(s, e)], []


def _frame_prep(verb: Token, idx: _Index) -> FrameResult:
    for c in verb.children:
        if c.dep_ == "prep" and c.i > verb.i and c.lower_ in _PREP_FRAMES:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs:
                return f"prep_{c.lower_}", [_subtree_chars(objs[0])], [c] if c.i == verb.i + 1 else []
    return None


_VERB_FRAMES = (
    ("ccomp", _frame_ccomp),
    ("colon", _frame_colon),
    ("xcomp", _frame_xcomp),
    ("dobj", _frame_dobj),
    ("prep", _frame_prep),
)


def _nearest_subject(verb: Token, idx: _Index) -> Token | None:
    """Fallback when the parse gives the cue no subject: the closest noun phrase before it in the
    sentence, skipping dash-delimited asides ("Ukraine's International Legion — which ... — said")."""
    lo = idx.sent_bounds[idx.sent_of[verb.i]][0]
    doc = verb.doc
    i, aside = verb.i - 1, False
    while i >= 0 and doc[i].idx >= lo:
        tok = doc[i]
        if tok.text in ("—", "–", "--"):
            aside = not aside
        elif not aside and tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.dep_ not in _NOT_SUBJECT:
            return tok
        i -= 1
    return None


def _source_chars(src: Token, content: list[Char]) -> Char | None:
    s, e = _subtree_chars(src)
    parts = _minus((s, e), content)
    if not parts:
        return None
    # keep the part holding the subject's head word
    best = next((p for p in parts if p[0] <= src.idx < p[1]), parts[0])
    return _trim(src.doc.text, best)


def _according_to(tok: Token, idx: _Index) -> Candidate | None:
    to = tok.nbor()
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = tok.head
    phrase = (tok.idx, max(_subtree_chars(pobj)[1], _subtree_chars(tok)[1]))
    if head is tok:
        sent = idx.sent_bounds[idx.sent_of[tok.i]]
        region = sent
    else:
        region = _subtree_chars(head)
        while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head is not head:
            head = head.head
            region = _subtree_chars(head)
    parts = [p for f in _minus(region, [phrase]) for p in idx.clip_to_paragraph(f, tok.idx)]
    content = [c for c in (_trim(tok.doc.text, f) for f in parts) if c]
    if not content:
        return None
    source = _trim(tok.doc.text, _subtree_chars(pobj))
    cue = (tok.idx, to.idx + len(to.text))
    return Candidate(content, cue, source, "according", "according to", idx.sent_of[tok.i])


def _nominal(noun: Token, idx: _Index, frames: frozenset[str]) -> Candidate | None:
    content: Char | None = None
    frame = ""
    for c in noun.children:
        if (
            c.dep_ in ("acl", "ccomp", "relcl")
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
            and "that" in frames
        ):
            content, frame = _subtree_chars(c), "that"
            break
        if c.dep_ == "prep" and c.lower_ in cues.NOMINAL_CONTENT_PREPS and "of" in frames:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs:
                content, frame = _subtree_chars(objs[0]), "of"
                break
    if content is None:
        return None
    trimmed = _trim(noun.doc.text, content)
    if trimmed is None:
        return None
    source = _nominal_source(noun, [trimmed])
    lemma = noun.lemma_.lower()
    polarity: Polarity = "deny" if lemma in cues.DENY_NOUNS else "assert"
    return Candidate(
        [trimmed], _tok_chars(noun), source, "nominal_" + frame, lemma, idx.sent_of[noun.i], polarity
    )


def _nominal_source(noun: Token, content: list[Char]) -> Char | None:
    for c in noun.children:
        if c.dep_ == "poss":
            return _source_chars(c, content)
    for c in noun.children:
        if c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE"):
            return _source_chars(c, content)  # "Russian claims that ...": Russia's claims
    for c in noun.children:
        if c.dep_ in ("acl", "prep"):
            for g in c.subtree:
                if g.dep_ == "agent" or (
                    g.dep_ == "prep" and g.lower_ in ("by", "from") and g.head in (c, noun)
                ):
                    pobj = next((p for p in g.children if p.dep_ == "pobj"), None)
                    if pobj is not None:
                        return _source_chars(pobj, content)
    return None


# ---------------------------------------------------------------- post-processing


def _colon_before(q: Char, idx: _Index) -> Candidate | None:
    """'... released the following statement:\n\n"..."': the colon is the cue."""
    text = idx.doc.text
    i = q[0] - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] != ":":
        return None
    span = idx.doc.char_span(i, i + 1)
    if span is None:
        return None
    k = idx.sent_of[span[0].i]
    root = idx.doc[span[0].i].sent.root
    src = find_source(root) if root.pos_ in ("VERB", "AUX") else None
    content = _trim(text, q)
    if content is None:
        return None
    source = _source_chars(src, [content, (i, i + 1)]) if src is not None else None
    return Candidate([content], (i, i + 1), source, "colon", ":", k)


# `“...” ― Sonya Herridge`: a quotation credited after a dash, as in reader-voice round-ups.
_DASH_CREDIT = re.compile(r"[ \t\u00a0]*([―—])[ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4})")


def _dash_credits(idx: _Index, found: list[Candidate]) -> list[Candidate]:
    text = idx.doc.text
    out: list[Candidate] = []
    for q in idx.quotes:
        m = _DASH_CREDIT.match(text, q[1])
        # a candidate whose cue sits inside this quotation ("I cannot believe ...") is part of it
        taken = [f for c in found if not (c.cue and q[0] < c.cue[0] < q[1]) for f in c.content]
        if m is None or any(_overlaps(q, f) for f in taken):
            continue
        name = (m.start(2), m.end(2) - (1 if text[m.end(2) - 1] == "." else 0))
        cue = (m.start(1), m.end(1))
        sent = idx.sent_at(q[0])
        out.append(Candidate(content=[q], cue=cue, source=name, frame="dash", lemma="―", sent=sent))
    return out


# "Russians blew up the HPP remotely, there are facts and evidence, – representative of the Main
# Directorate of Intelligence Andriy Yusov.": a statement credited after a comma and a dash, the way
# Ukrainian and Russian outlets write headlines and leads in English.
_DASH_TAIL = re.compile(r",[ \t\u00a0]*([–—―])[ \t\u00a0]+([^.!?–—―\n]{2,160}?)[ \t\u00a0]*[.!?]?\s*$")


def _dash_tail_credits(idx: _Index, found: list[Candidate]) -> list[Candidate]:
    text = idx.doc.text
    taken = [f for c in found for f in c.content]
    out: list[Candidate] = []
    for k, (lo, hi) in enumerate(idx.sent_bounds):
        m = _DASH_TAIL.search(text, lo, hi)
        if m is None or m.start() - lo < 12:
            continue
        credit = idx.doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if credit is None or not _is_credit(credit):
            continue
        content = _trim(text, (max(lo, text.rfind("\n", lo, m.start()) + 1), m.start()))
        if content is None or any(_overlaps(content, f) for f in taken):
            continue
        out.append(Candidate(content=[content], cue=(m.start(1), m.end(1)), source=(m.start(2), m.end(2)),
                             frame="dash", lemma="―", sent=k))
    return out


def _is_credit(span: SpacySpan) -> bool:
    """A name, with or without its role before it, ending the span: no verb, a PERSON or ORG at the end."""
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return False
    return any(e.label_ in ("PERSON", "ORG") and e.end == span.end for e in span.doc.ents)


def _drop_quoted_cues(found: list[Candidate], idx: _Index) -> list[Candidate]:
    """A cue inside someone's quoted words ("We can confirm ...," said Yusov) is part of that quote."""
    quoted = [q for q in idx.quotes if any(_overlaps(q, f) for c in found for f in c.content)]
    return [c for c in found if c.cue is None or not any(q[0] < c.cue[0] < q[1] for q in quoted)]


def _dedupe(found: list[Candidate]) -> list[Candidate]:
    seen: set[tuple[Char, ...]] = set()
    out = []
    for cand in found:
        key = tuple(cand.content)
        if key not in seen:
            seen.add(key)
            out.append(cand)
    return out


def _attach_following_quotes(found: list[Candidate], idx: _Index) -> None:
    """A quote opening the sentence right after a quoted attribution continues that speaker's words."""
    text = idx.doc.text
    taken = [f for c in found for f in c.content]
    by_sent: dict[int, Candidate] = {}
    for cand in found:
        if any(
            text[max(0, s - 1)] in cues.QUOTE_CHARS or text[s] in cues.QUOTE_CHARS for s, _ in cand.content
        ):
            by_sent[cand.sent] = cand
    for q in idx.quotes:
        if any(_overlaps(q, f) for f in taken):
            continue
        k = idx.sent_at(q[0])
        if idx.sent_bounds[k][0] != q[0] or k - 1 not in by_sent:
            continue
        prev = by_sent[k - 1]
        if "\n" in text[prev.content[-1][1] : q[0]]:
            continue
        prev.content = sorted([*prev.content, q])
        taken.append(q)


def _annotate(cand: Candidate, idx: _Index) -> None:
    """Channel and denial phrases, read from the cue's sentence outside the content."""
    text = idx.doc.text
    lo, hi = idx.sent_bounds[cand.sent]
    verb = idx.doc.char_span(*cand.cue, alignment_mode="expand") if cand.cue is not None else None
    asides = [a for t in verb or () if t.pos_ == "VERB" for a in _asides(t)]
    outside = " ".join(text[s:e] for s, e in _minus((lo, hi), [*cand.content, *asides]))
    if cand.frame == "dobj":  # "announced an investigation on Telegram": the parse hangs it on the object
        outside += " " + " ".join(text[s:e] for s, e in cand.content)
    for name, pattern in cues.CHANNELS:
        if pattern.search(outside):
            cand.channel = name
            break
    if cand.polarity == "assert" and cand.frame != "according":
        body = " ".join(text[s:e] for s, e in cand.content)
        if (cues.DENY_PHRASES.search(body[:60]) or _calls_untrue(body)) and cand.lemma in cues.SPEECH_VERBS:
            cand.polarity = "deny"


def _calls_untrue(body: str) -> bool:
    """The content's main clause calls something said untrue: its untrue-phrase stands in the last clause
    ("the accusation was untrue"), not in one it reports ("he said the claim was false, and added ...")."""
    found = list(cues.UNTRUE_PHRASES.finditer(body))
    return bool(found) and not re.search(r"[,;]\s*(?:and|but)\b|\bthat\b", body[found[-1].end():])


# a note on every claim before it, not just the last: "None of the claims", "either side's account"
_ALL_CLAIMS = re.compile(
    r"\b(?:(?:none|any|all|each|either|neither) of (?:the|these|those|their) "
    r"(?:claims|reports|accounts|statements)|(?:both|either|neither) sides?|the accounts of both)\b",
    re.IGNORECASE,
)
_ALL_CLAIMS_REACH = 7  # sentences (a quotation and its "he said" are often two)


def _attach_verification(found: list[Candidate], idx: _Index) -> list[Candidate]:
    text = idx.doc.text
    last_note = -1
    by_sent: dict[int, list[Candidate]] = {}
    for cand in found:
        by_sent.setdefault(cand.sent, []).append(cand)
    for k, (lo, hi) in enumerate(idx.sent_bounds):
        sentence = text[lo:hi]
        for status, pattern in cues.VERIFICATION:
            m = pattern.search(sentence)
            if m is None:
                continue
            note = Verification(status, Span(lo + m.start(), lo + m.end(), m.group(0)))
            # "CNN could not independently verify ...", "without offering evidence": the reporter's note,
            # not an attribution
            found = [
                c
                for c in found
                if c.cue is None
                or not _overlaps(c.cue, (lo + m.start(), lo + m.end()))
                or (status == "no_evidence" and not m.group(0).lower().startswith("without"))
            ]
            by_sent = {k2: [c for c in v if c in found] for k2, v in by_sent.items()}
            targets = _verification_targets(by_sent, k, lo + m.start())
            if status == "withdrawn":  # what was taken back came before: "..., saying |" is the reason
                targets = [c for c in targets if c.cue is None or c.cue[1] <= lo + m.start()]
            named = _named_object(text, lo + m.end(), by_sent, k) if not by_sent.get(k) else None
            if named is not None:
                targets = named
            if _ALL_CLAIMS.search(sentence):
                # "None of the claims could be verified": every claim of the sentences just before, back to
                # the last such note
                since = max(last_note, k - _ALL_CLAIMS_REACH - 1)
                targets = [c for k2, v in by_sent.items() if since < k2 < k for c in v] + targets
            last_note = k
            for cand in targets:
                if cand.verification is None:
                    cand.verification = note
            break
    return found


# what a reporter's note names: "the assessment", "the residents' accounts", "who was on board"
_OWNED_OBJECT = re.compile(r"^\s*(?:independently\s+)?(?:the\s+)?([\w-]+)(?:['’]s?)\s+([a-z]+)")
_NOUN_OBJECT = re.compile(r"^\s*(?:independently\s+)?(?:the|this|that|these|those|his|her|its|their)\s+"
                          r"([a-z-]+)(?:\s+([a-z-]+))?")
_NOT_NOUNS = frozenset({"from", "of", "by", "in", "on", "at", "about", "for", "with", "and", "or", "that",
                        "which", "who", "was", "were", "is", "are", "had", "has"})
_NATIONAL_OBJECT = re.compile(r"^\s*(?:independently\s+)?(?:the\s+)?([A-Z][a-z]{3,})\s+(?:claims?|accounts?|"
                              r"reports?|statements?|assertions?|allegations?|version)\b")
_QUESTION_OBJECT = re.compile(r"^\s*(?:independently\s+)?(?:who|what|which|whether|how|when|where|if)\b")
_GENERIC_OBJECTS = frozenset({"claim", "report", "statement", "account", "allegation", "information"})
_NOTE_REACH = 6  # sentences
_FUNCTION_WORDS = frozenset({
    "any", "was", "were", "the", "a", "an", "who", "what", "which", "whether", "how", "when", "where", "if",
    "had", "has", "have", "been", "be", "is", "are", "it", "its", "there", "on", "in", "of", "to", "by",
    "for", "at", "from", "and", "or", "not", "independently", "this", "that", "these", "those", "would",
    "could"})
# a heading of its own line: "15:20 BST: Fuel depot burns in Voronezh" (no full stop at its end)
_HEADING = re.compile(r"(?:^|\n)[^\n]*[^\s.!?\"”’'][ \t]*\n")


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.casefold()) if w not in _FUNCTION_WORDS}


def _section_start(text: str, at: int) -> int:
    """Where the section holding `at` starts: after the last heading line before it."""
    starts = [m.end() for m in _HEADING.finditer(text, 0, at)]
    return starts[-1] if starts else 0


def _owner_named(after: str) -> str | None:
    """Whose statements a note's object names, as it would appear in their sources: "Prigozhin's claims" ->
    "prigozhin", "the residents' accounts" -> "resident", "the Russian claims" -> "russi"."""
    national = _NATIONAL_OBJECT.match(after)
    if national is not None:
        return national.group(1).casefold()[:5]
    owned = _OWNED_OBJECT.match(after)
    if owned is not None and any(mark in after[: owned.end()] for mark in "'’"):
        return owned.group(1).casefold().rstrip("s")
    return None


def _named_object(text: str, at: int, by_sent: dict[int, list[Candidate]],
                  k: int) -> list[Candidate] | None:
    """The claims a standalone note names by its object, among the sentences before it: those of the
    residents for "the residents' accounts", the one that speaks of an assessment for "the assessment", none
    for a question no claim answers ("could not verify who was on board"). None: the object names nothing
    to go by ("the claim", "the reports"), so the claims just before it are meant. `at`: where the note's
    object starts; only claims after the heading before it count (a live blog's entries are apart)."""
    after = text[at : text.find("\n", at) if "\n" in text[at:] else len(text)]
    section = _section_start(text, at)
    before = [c for k2, found in by_sent.items() if k2 < k for c in found if c.content[0][0] >= section]
    if _QUESTION_OBJECT.match(after):
        # "could not confirm whether any site was hit": the claims near it that speak of a hit, if any
        asked = _content_words(after[: (after + ".").index(".")])
        return [c for c in before if c.sent >= k - _NOTE_REACH
                and asked & _content_words(" ".join(text[s:e] for s, e in c.content))]
    owner = _owner_named(after)
    if owner is not None:
        return [c for c in before if c.source is not None
                and owner in text[c.source[0] : c.source[1]].casefold()]
    words = _NOUN_OBJECT.match(after)
    if words is None:
        return None
    # "the assessment", "the initial assessment", "the reports from either side"
    noun = (words.group(2) if words.group(2) and words.group(2) not in _NOT_NOUNS else words.group(1))
    noun = noun.removesuffix("s")
    if noun in _GENERIC_OBJECTS:
        return None
    word = re.compile(rf"\b{re.escape(noun)}s?\b", re.IGNORECASE)
    near = [c for c in before if c.sent >= k - _NOTE_REACH]  # a speaker's claims anywhere; a noun's nearby
    return [c for c in near if any(word.search(text[s:e]) for s, e in c.content)] or None


def _verification_targets(by_sent: dict[int, list[Candidate]], k: int, at: int) -> list[Candidate]:
    # A note inside a cue's own sentence ("baselessly claimed") belongs to that sentence's claims;
    # a standalone note ("CNN could not verify ...") to the claims just before it. Words inside a
    # statement ("“... unfounded nonsense,” he said") are its speaker's, not a note on anything.
    in_sentence = by_sent.get(k, [])
    if any(s <= at < e for c in in_sentence for s, e in c.content):
        return [c for c in in_sentence if not any(s <= at < e for s, e in c.content)]
    return in_sentence or by_sent.get(k - 1, [])


def _kind(frags: list[Char], idx: _Index) -> AttributionKind:
    """direct when every fragment is a whole quotation (marks trimmed), mixed when some are quoted."""
    text = idx.doc.text
    kinds = set()
    for s, e in frags:
        q = idx.quote_at(s) or idx.quote_at(max(s, e - 1))
        if q is not None and q[0] <= s and e <= q[1] and not WORD.search(text[q[0] : s] + text[e : q[1]]):
            kinds.add("direct")
        elif q is not None or idx.quotes_in(s, e):
            kinds.add("mixed")
        else:
            kinds.add("indirect")
    if kinds == {"direct"}:
        return "direct"
    return "indirect" if kinds == {"indirect"} else "mixed"


WORD = re.compile(r"\w")


def quote_kind(text: str, frags: list[Char]) -> AttributionKind:
    """direct (all quoted), mixed (partly quoted) or indirect; the PolNeAR scorer's classes."""
    kinds = {_frag_kind(text, f) for f in frags}
    if kinds == {"direct"}:
        return "direct"
    return "indirect" if kinds == {"indirect"} else "mixed"


def _frag_kind(text: str, frag: Char) -> AttributionKind:
    s, e = frag
    seg = text[max(0, s - 1) : e + 1].strip()
    inner = text[s:e]
    quotes = cues.QUOTE_CHARS
    if seg[:1] in quotes and seg[-1:] in quotes and not any(q in inner.strip(quotes + " .,") for q in quotes):
        return "direct"
    return "mixed" if any(q in seg for q in quotes) else "indirect"


# "This was stated by", "This has been reported by": a passive verb of saying after a bare "this"
_PASSIVE_SAYING = re.compile(
    r"^(?:was|were|has been|had been|is)\s+(?:\w+ly\s+)?(?:stated|said|announced|reported|noted|declared|"
    r"told|confirmed|written|posted|shared)\b", re.IGNORECASE)


def with_antecedent_content(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "This was stated by Martin Griffiths": a content that is only "this", before a passive verb of
    saying, is the sentence before it, as in reports translated from Russian or Ukrainian. The
    attribution keeps its source and cue and takes that sentence's offsets as content (and a new id)."""
    def repair(att: Attribution) -> Attribution:
        antecedent = _antecedent_sentence(doc, att)
        if antecedent is None:
            return att
        content = (Span(antecedent.start_char, antecedent.end_char, antecedent.text),)
        return _with_content(doc.text, att, content)

    return _with_new_contents(attributions, repair)


def _with_content(
    text: str, att: Attribution, content: tuple[Span, ...], cue: Span | None = None
) -> Attribution:
    """The attribution with a repaired content (and cue, when given): its id (an attribution's id is its
    content) and its quote kind follow."""
    kind = quote_kind(text, [(c.start, c.end) for c in content])
    return replace(att, id=Attribution.make_id(att.doc_id, content), content=content, kind=kind,
                   cue=cue or att.cue)


# what a statement was posted on, never what it says: "wrote on | his Telegram channel"
MEDIUM_NOUNS = frozenset({"channel", "channels", "account", "page", "feed", "blog", "website", "site"})
_MEDIUM_WORDS = MEDIUM_NOUNS | {"telegram", "twitter", "facebook", "x", "instagram", "vk"}


def with_clause_for_channel(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "The situation ... has deteriorated rapidly, the head of the region’s government Andrey Alekseyenko
    wrote on | his Telegram channel": a content that only names where the source posted (after the cue,
    the source before it) is the clause that opens the sentence, up to the comma before the source. So is
    one that names only the app ("said on | the Telegram messaging app") or whom a "told" cue spoke to
    ("Konashenkov told | a briefing"); those join the cue ("said on the Telegram messaging app")."""
    def repair(att: Attribution) -> Attribution:
        clause = _clause_before_source(doc, att)
        if clause is None:
            return att
        content, cue = att.content[0], att.cue
        if cue is not None and not _names_a_channel(content.text):  # the app, or the audience
            return _with_content(doc.text, att, (clause,), Span(cue.start, content.end,
                                                                  doc.text[cue.start : content.end]))
        return _with_content(doc.text, att, (clause,))

    return _with_new_contents(attributions, repair)


def _names_a_channel(text: str) -> bool:
    words = re.findall(r"\w+", text.casefold())
    return 0 < len(words) <= 4 and words[-1] in _MEDIUM_WORDS


def _clause_before_source(doc: Doc, att: Attribution) -> Span | None:
    if len(att.content) != 1 or att.cue is None or att.source is None:
        return None
    content, cue, source = att.content[0], att.cue, att.source
    if content.start < cue.end or source.end > cue.start:
        return None
    words = re.findall(r"\w+", content.text.casefold())
    posted_on = _names_a_channel(content.text) or (
        0 < len(words) <= 4 and words[-1] in _MEDIUM_HEADS and _CUE_ON.search(cue.text) is not None)
    if not (posted_on or _told_an_audience(cue, content)):
        return None
    opening = _opening_before(doc, source)
    return opening if opening is not None and len(opening.text.split()) >= 3 else None


def _sentence_around(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The sentence holding these offsets, cut at blank lines (the parser may run a sentence over a
    paragraph break, which always ends one)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    sentence = span.sent
    blank_before = doc.text.rfind("\n\n", sentence.start_char, start)
    blank_after = doc.text.find("\n\n", end, sentence.end_char)
    return (blank_before + 2 if blank_before >= 0 else sentence.start_char,
            blank_after if blank_after >= 0 else sentence.end_char)


def _opening_before(doc: Doc, source: Span) -> Span | None:
    """The words that open the source's sentence, up to a comma right before the source ("The power plant,
    | it | said")."""
    bounds = _sentence_around(doc, source.start, source.end)
    if bounds is None:
        return None
    before = doc.text[bounds[0] : source.start].rstrip()
    if not before.endswith(","):
        return None
    text = before[:-1].rstrip()
    start = bounds[0] + len(text) - len(text.lstrip())
    text = text.strip()
    return Span(start, start + len(text), text) if text else None


def _with_new_contents(attributions: Sequence[Attribution],
                       repair: Callable[[Attribution], Attribution]) -> list[Attribution]:
    """Each attribution as `repair` gives it back, unless its new content (its id) is already another's."""
    taken = {a.id for a in attributions}
    out = []
    for att in attributions:
        repaired = repair(att)
        if repaired.id not in taken:
            taken.add(repaired.id)
            att = repaired
        out.append(att)
    return out


def _antecedent_sentence(doc: Doc, att: Attribution) -> SpacySpan | None:
    if len(att.content) != 1 or att.content[0].text.strip().casefold() != "this":
        return None
    if att.cue is None or att.cue.start < att.content[0].end or not _PASSIVE_SAYING.match(att.cue.text):
        return None
    token = doc.char_span(att.content[0].start, att.content[0].end, alignment_mode="expand")
    if token is None or token.sent.start == 0:
        return None
    previous = doc[token.sent.start - 1].sent
    return previous if previous.text.strip() else None


# a sentence end inside a source span: a word of three lower-case letters or more (not an initial or
# "Gen."), a full stop, perhaps a footnote mark, then a capital ("the Dnipro.[1] Ukraine’s ...")
SENTENCE_END = re.compile(r"(?<=[a-z]{3})\.(?:\[\d+\])?\s+(?=[A-Z])")


# a content fragment that runs one word into the next sentence: "... at 02:54 am on 6 June. Time"
_NEXT_SENTENCE_WORD = re.compile(r"(?<=[a-z\d]{3}\.)\s+[A-Z][a-z]+$|(?<=\d\.)\s+[A-Z][a-z]+$")


def without_next_sentence_word(attributions: Sequence[Attribution]) -> list[Attribution]:
    """A content whose last fragment ends on the first word of the next sentence ends with its own
    sentence ("seismic signals indicate an explosion ... on 6 June. | Time")."""
    def repair(att: Attribution) -> Attribution:
        last = att.content[-1] if att.content else None
        cut = _NEXT_SENTENCE_WORD.search(last.text) if last is not None else None
        if last is None or cut is None:
            return att
        kept = last.text[: cut.start()]
        content = (*att.content[:-1], Span(last.start, last.start + len(kept), kept))
        return replace(att, id=Attribution.make_id(att.doc_id, content), content=content)

    return _with_new_contents(attributions, repair)


# a wire story's dateline before its first source: "MOSCOW/KYIV, May 22 (Reuters) - | Russia said",
# "WASHINGTON (AP) — | The Pentagon"
DATELINE = re.compile(r"^[A-Z]{3,}[A-Z/ .'-]*(?:,[^\n()]{1,30}?)?"
                      r"(?:\s*\([A-Z][\w .&]{1,38}\)|,[^\n()]{1,30}?)\s*[-–—]{1,2}\s+(?=\w)|"
                      # a city alone, "KYIV - | Ukraine International Airlines said"
                      r"^[A-Z]{3,}(?:[ /][A-Z]{3,})*\s+[-–—]{1,2}\s+(?=[A-Z])|"
                      # a state agency's, "MOSCOW, August 30. /TASS/. ", or what is left of it, "/TASS/. ",
                      # "State News/. "
                      r"^(?:[A-Z]{3,}[A-Z/ .'-]*,\s*[A-Z][a-z]+\.? \d{1,2}\.\s*)?"
                      r"/[A-Z][^/\n]{1,38}/\.?\s+(?=\w)|^[A-Z][^/\n.]{0,38}/\.\s+(?=\w)")


def within_one_sentence(attributions: Sequence[Attribution]) -> list[Attribution]:
    """A source that runs over a sentence end ("the water level of the Dnipro.[1] Ukraine’s Kherson
    Oblast Administration announced ...") keeps its last sentence's part, which names the speaker; one
    that starts with a wire story's dateline keeps what follows it."""
    out = []
    for att in attributions:
        source = att.source
        ends = list(SENTENCE_END.finditer(source.text)) if source is not None else []
        dateline = DATELINE.match(source.text) if source is not None else None
        cut = ends[-1].end() if ends else dateline.end() if dateline else 0
        if source is not None and cut:
            att = replace(att, source=Span(source.start + cut, source.end, source.text[cut:]))
        out.append(att)
    return out


_REST_OF_WORD = re.compile(r"-\w+")


def with_whole_words_in_source(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "Satellite images taken in mid | -March": a source that ends at a hyphen inside a word takes the rest
    of the word, unless that is the cue's or the content's."""
    out = []
    for att in attributions:
        source = att.source
        rest = _REST_OF_WORD.match(text, source.end) if source is not None and source.end > 0 \
            and text[source.end - 1].isalnum() else None
        if source is not None and rest is not None and not any(
                s < rest.end() and source.end < e for s, e in _taken_spans(att)):
            att = replace(att, source=Span(source.start, rest.end(), text[source.start : rest.end()]))
        out.append(att)
    return out


def _taken_spans(att: Attribution) -> list[tuple[int, int]]:
    cue = [(att.cue.start, att.cue.end)] if att.cue is not None else []
    return cue + [(f.start, f.end) for f in att.content]


def within_the_cues_paragraph(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "19:10 BST: Wagner convoy reported in Lipetsk region\n\nThe governor of the Lipetsk region, ...": a
    content in a later paragraph than its cue belongs to it only after a colon or as a quotation; an
    attribution left with no content is dropped."""
    out = []
    for att in attributions:
        content = tuple(f for f in att.content if not _past_the_cues_paragraph(text, att, f))
        if content == att.content:
            out.append(att)
        elif content:
            out.append(_with_content(text, att, content))
    return out


def _past_the_cues_paragraph(text: str, att: Attribution, fragment: Span) -> bool:
    cue = att.cue
    if cue is None or fragment.start < cue.end:
        return False
    end = _paragraph_at(text, cue.end)[1]
    if fragment.start <= end:
        return False
    # the colon may be the cue's own last character ("Caddell | continued: |")
    return not text[cue.start : end].rstrip().endswith(":") and fragment.text[:1] not in cues.QUOTE_CHARS


def without_dateline_in_content(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "MINSK/MOSCOW, June 27 (Wire Agency) - | Wagner Group leader Yevgeny Prigozhin has arrived in Belarus,
    President Alexander Lukashenko said ..., according to | BelTA": a wire dateline opening a content is the
    report's, not the statement's."""

    def repair(att: Attribution) -> Attribution:
        first = att.content[0] if att.content else None
        dateline = DATELINE.match(first.text) if first is not None else None
        if first is None or dateline is None or dateline.end() >= len(first.text):
            return att
        cut = Span(first.start + dateline.end(), first.end, first.text[dateline.end():])
        return _with_content(text, att, (cut, *att.content[1:]))

    return _with_new_contents(attributions, repair)


def with_subject_after_dateline(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "MOSCOW (AP) - | The chief of the Wagner private military company said Saturday ...": a source cut
    to the dateline alone is the subject of the cue after it, not the city the story was filed from."""
    return [_subject_after_dateline(doc, att) for att in attributions]


def _subject_after_dateline(doc: Doc, att: Attribution) -> Attribution:
    source, cue = att.source, att.cue
    if source is None or cue is None or cue.start < source.end:
        return att
    dateline = DATELINE.match(doc.text[source.start : cue.start])
    if dateline is None or source.start + dateline.end() < source.end:
        return att
    after = source.start + dateline.end()
    verbs = doc.char_span(cue.start, cue.end, alignment_mode="expand") or ()
    # the parser often makes the dateline's city a second subject of the same verb
    subjects = [t for v in verbs for t in v.children if t.dep_ in _SUBJECTS and t.idx >= after]
    if len(subjects) != 1:
        return att
    start, end = _subtree_chars(subjects[0])
    if start < after or end > cue.start:
        return att
    return replace(att, source=Span(start, end, doc.text[start:end]))


_TELL = re.compile(r"(?:told|tells?|telling|informed)\b", re.IGNORECASE)
_NAME_REACH = 160  # characters before the cue in which the teller's name and role may stand


def teller_as_source(attributions: Sequence[Attribution], entities: Sequence[Entity]) -> list[Attribution]:
    """ "..., at least eight people have died, Oleksandr Prokudin, head of the military administration,
    told Ukrainian media": a source after "told" is the addressee. The person named last at the content's
    end, after a comma, is the source, and the content ends before that name."""
    people = sorted((m for e in entities if e.type == "PERSON" for m in e.mentions), key=lambda m: m.start)
    return _with_new_contents(attributions, lambda att: _with_teller(att, people))


def _with_teller(att: Attribution, people: Sequence[Span]) -> Attribution:
    if att.cue is None or att.source is None or att.source.start < att.cue.end \
            or not _TELL.match(att.cue.text) or len(att.content) != 1:
        return att
    content = att.content[0]
    named = [m for m in people if content.start < m.start and m.end <= att.cue.start
             and att.cue.start - m.start <= _NAME_REACH and content.text[: m.start - content.start].rstrip()
             .endswith(",")]
    if not named:
        return att
    name = named[-1]
    cut = content.text[: name.start - content.start].rstrip().removesuffix(",").rstrip()
    if not cut:
        return att
    new_content = (Span(content.start, content.start + len(cut), cut),)
    return replace(att, id=Attribution.make_id(att.doc_id, new_content), content=new_content, source=name)


_SAID_FIRST = re.compile(r"(?:said|says|say|added|adds|stated|noted|warned|insisted)\s+(?=\w)", re.IGNORECASE)


def with_complement_content(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "Guterres, who ..., said | attacks against civilians ... “must stop.”": a cue that runs from a verb
    of saying into the words after it, with a content wholly in an earlier sentence (the quotation
    before) or right after the cue ("said attacks | against civilians ..."), ends at the verb, and the
    rest of its sentence is the content."""
    return _with_new_contents(attributions, lambda att: _with_complement(doc, att))


def _with_complement(doc: Doc, att: Attribution) -> Attribution:
    cue, source = att.cue, att.source
    said = _SAID_FIRST.match(cue.text) if cue is not None else None
    if cue is None or source is None or said is None or source.end > cue.start:
        return att
    bounds = _sentence_around(doc, cue.start, cue.end)
    follows = len(att.content) == 1 and att.content[0].start >= cue.end \
        and not doc.text[cue.end : att.content[0].start].strip()
    if bounds is None or (not follows and any(c.end > bounds[0] for c in att.content)):
        return att
    start = cue.start + said.end()
    after = doc.char_span(start, start + 1, alignment_mode="expand")
    if after is None or after[0].pos_ in ("ADP", "ADV", "PART", "PUNCT") \
            or after[0].ent_type_ in ("DATE", "TIME"):
        return att  # "said in a statement", "said on Tuesday": the cue's own words
    text = doc.text[start : bounds[1]].rstrip()
    text = text.removesuffix(".") if not text.endswith(("”", '"')) else text
    if len(text.split()) < 3:
        return att
    verb = cue.text[: said.end()].rstrip()
    return _with_content(doc.text, att, (Span(start, start + len(text), text),),
                         cue=Span(cue.start, cue.start + len(verb), verb))


def with_subject_before_aside(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "The power plant, it said, “cannot be restored”": a source and cue set off by commas inside the
    sentence, with the content only after them, also say the words before them; those become the
    content's first fragment."""
    return _with_new_contents(attributions, lambda att: _with_subject(doc, att))


def _a_noun_phrase(words: SpacySpan) -> bool:
    """A subject before an aside: nouns and their modifiers, no verb, not opened by a preposition or
    an adverb."""
    return bool(len(words)) and words[0].pos_ not in ("ADP", "SCONJ", "ADV", "VERB", "AUX", "PUNCT") \
        and not any(t.pos_ in ("VERB", "AUX") for t in words) \
        and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words)


_ASIDE_GAP = re.compile(r"\s*,\s*[“\"‘]?")


def _with_subject(doc: Doc, att: Attribution) -> Attribution:
    cue, source = att.cue, att.source
    if cue is None or source is None or len(att.content) != 1 or not source.end <= cue.start:
        return att
    content = att.content[0]
    if content.start < cue.end or not _ASIDE_GAP.fullmatch(doc.text[cue.end : content.start]):
        return att
    subject = _opening_before(doc, source)
    if subject is None or len(subject.text.split()) > 25:
        return att
    words = doc.char_span(subject.start, subject.end, alignment_mode="expand")
    if words is None or not _a_noun_phrase(words):
        return att  # "Asked to describe the device, O'Neill said", "As for RT's bent, Simonyan said"
    return _with_content(doc.text, att, (subject, content))


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_CUE_ON_MONTH = re.compile(rf"\s+on\s+{_MONTH}$")
_DAY_FIRST = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\b,?\s+(?=\S)")


def without_date_in_cue(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "The ministry claimed on May | 23 that ...": a cue that runs into a date ends before it, and the
    content starts after the day."""
    def repair(att: Attribution) -> Attribution:
        cue = att.cue
        month = _CUE_ON_MONTH.search(cue.text) if cue is not None else None
        day = _DAY_FIRST.match(att.content[0].text) if att.content else None
        if cue is None or month is None or day is None or att.content[0].start < cue.end:
            return att
        first = att.content[0]
        content = (Span(first.start + day.end(), first.end, first.text[day.end() :]), *att.content[1:])
        kept = Span(cue.start, cue.start + month.start(), cue.text[: month.start()])
        return _with_content(text, att, content, kept)

    return _with_new_contents(attributions, repair)


_PARTICIPLE_CUE = re.compile(r"[a-z]+ing\b", re.IGNORECASE)


def _opens_its_sentence(text: str, start: int) -> bool:
    """Only quote marks or spaces stand between a sentence end (or the text's start) and `start`: the
    statement is the sentence's main clause ("Trump was defensive about an architect who said ..., saying"
    is Trump's participle, not the architect's)."""
    before = text[max(0, start - 200) : start]
    ends = [m.end() for m in re.finditer(r"[.!?][\"”’]?\s+|\n", before)]
    if not ends and start > len(before):
        return False  # no sentence end within reach: too far into a long sentence to be sure
    opening = before[ends[-1] if ends else 0 :].lstrip()
    # "DUBAI, Jan 11 (Wire Agency) - | Iran's armed forces said": a dateline opens no clause
    dateline = DATELINE.match(opening + text[start : start + 1])
    if dateline is not None:
        opening = opening[dateline.end() :]
    return not opening.strip(" \"“”‘’")


def with_participle_source(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "The ministry has said it has routed the groups, | claiming | to have killed more than 70 fighters":
    a participle cue without a source, right after a comma that closes another statement, has that
    statement's source."""
    sourced = [a for a in attributions if a.source is not None]
    out = []
    for att in attributions:
        cue = att.cue
        if att.source is None and cue is not None and _PARTICIPLE_CUE.fullmatch(cue.text.strip()):
            comma = text.rfind(",", 0, cue.start)
            if comma >= 0 and not text[comma + 1 : cue.start].strip():
                closed = [a for a in sourced if a.end <= comma and not text[a.end : comma].strip(" \"”’")]
                owner = min(closed, key=lambda a: a.start) if closed else None
                if owner is not None and _opens_its_sentence(text, owner.start):
                    att = replace(att, source=owner.source)
        out.append(att)
    return out


# the last word of a medium named after "said on": "the Telegram messaging app", "his Facebook page"
_MEDIUM_HEADS = _MEDIUM_WORDS | {"app", "messenger"}
_CUE_ON = re.compile(r"\b(?:on|in|via)$", re.IGNORECASE)
_MEDIUM_OPENING = re.compile(r"^(?:[\w’'-]+\s+){0,5}?([\w’'-]+)\s+(?=that\b)", re.IGNORECASE)
_MEDIUM_ONLY = re.compile(r"^(?:[\w’'-]+\s+){0,5}?([\w’'-]+)\W*$")


def with_medium_in_cue(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "Gladkov said on | the Telegram messaging app that the group had entered ...": the medium a cue
    names belongs to the cue ("said on the Telegram messaging app"); the content starts at "that". A
    first content fragment that is only the medium ("said on | his Telegram channel | on Tuesday | that
    ...") joins the cue whole."""
    def repair(att: Attribution) -> Attribution:
        cue, first = att.cue, att.content[0] if att.content else None
        if cue is None or first is None or first.start < cue.end or not _CUE_ON.search(cue.text):
            return att
        whole = _MEDIUM_ONLY.match(first.text)
        if whole is not None and len(att.content) > 1 and whole.group(1).casefold() in _MEDIUM_HEADS:
            # "said on | his Telegram channel | on Tuesday | that ...": the first fragment is the medium
            medium = Span(cue.start, first.start + whole.end(1), text[cue.start : first.start + whole.end(1)])
            return _with_content(text, att, att.content[1:], medium)
        opening = _MEDIUM_OPENING.match(first.text)
        if opening is None or opening.group(1).casefold() not in _MEDIUM_HEADS:
            return att
        medium_end = first.start + opening.start(1) + len(opening.group(1))
        rest = Span(first.start + opening.end(), first.end, first.text[opening.end() :])
        content = (rest, *att.content[1:])
        return _with_content(text, att, content, Span(cue.start, medium_end, text[cue.start : medium_end]))

    return _with_new_contents(attributions, repair)


_DANGLING_PREPOSITION = re.compile(
    r"\s+(?:on|in|at|via|during)(?:\s+(?:a|an|the|his|her|its|their|our))?$", re.IGNORECASE
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight)"
_DATE_GAP = re.compile(
    rf"^(?:{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)$",
    re.IGNORECASE,
)
# what a statement is made in: "said in a | post on Twitter | that", "told reporters at a | news conference"
_STATEMENT_NOUNS = _MEDIUM_HEADS | frozenset(
    {"post", "statement", "interview", "video", "briefing", "message", "address", "speech", "tweet",
     "conference", "release", "broadcast", "appearance", "letter", "comments", "remarks"}
)
_STATEMENT_GAP = re.compile(r"^(?:[\w’'-]+\s+){0,6}?[\w’'-]+$")
_CLAUSE_STOP = re.compile(r"[.,;:!?\n]")


def without_dangling_preposition(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """A cue that ends on a preposition whose object the tagger left out of every span: "said on |
    Wednesday | that ..." ends before "on" (a date is no part of a cue), and "said in a | post on
    Twitter | that ..." or "..., he wrote on | Twitter." runs on over the statement or medium it names."""
    def repair(att: Attribution) -> Attribution:
        cue, first = att.cue, att.content[0] if att.content else None
        dangling = _DANGLING_PREPOSITION.search(cue.text) if cue is not None else None
        if cue is None or first is None or dangling is None:
            return att
        if first.start > cue.end:
            if att.source is not None and cue.end <= att.source.start < first.start:
                return att
            gap_end = first.start
        elif max(part.end for part in att.content) <= cue.start:  # "“...,” he wrote on | Twitter."
            stop = _CLAUSE_STOP.search(text, cue.end)
            gap_end = stop.start() if stop else len(text)
        else:
            return att
        after = text[cue.end : gap_end]
        gap = after.strip()
        if _DATE_GAP.match(gap):
            end = cue.start + dangling.start()
            return replace(att, cue=Span(cue.start, end, text[cue.start : end]))
        named = [m for m in re.finditer(r"[\w’'-]+", after) if m.group().casefold() in _STATEMENT_NOUNS]
        if not gap or not _STATEMENT_GAP.match(gap) or not named:
            return att
        end = cue.end + named[-1].end()  # "said in a video address | late on Wednesday | that"
        return replace(att, cue=Span(cue.start, end, text[cue.start : end]))

    return [repair(att) for att in attributions]


def _subjectless_conjunct(doc: Doc, cue: Span, pos: Set[str]) -> Token | None:
    """The cue's verb, when the cue is one verb (of a part of speech in `pos`) joined by a conjunction to
    another and has no subject of its own ("... and | says", "... but | blamed"); a subject of its own that
    the tagger left out is no shared one."""
    words = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if words is None or len(words) != 1 or words[0].dep_ != "conj" or words[0].pos_ not in pos:
        return None
    return None if any(c.dep_ in _SUBJECTS for c in words[0].children) else words[0]


def _with_source(att: Attribution, doc: Doc, subject: Token) -> Attribution:
    """`att` with the phrase `subject` heads as its source."""
    phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
    return replace(att, source=Span(phrase.start_char, phrase.end_char, phrase.text))


def with_conjunct_subject(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "The Legion was formed in 2022 and | says | it has several hundred members": a verb cue without a
    source, joined by "and" to a verb with a subject, shares that subject."""
    def repair(att: Attribution) -> Attribution:
        if att.source is not None or att.cue is None:
            return att
        verb = _subjectless_conjunct(doc, att.cue, {"VERB", "AUX"})
        subjects = [c for c in verb.head.children if c.dep_ in _SUBJECTS] if verb is not None else []
        if len(subjects) != 1:
            return att
        subject = subjects[0]
        if subject.tag_ in ("WDT", "WP"):
            return att  # "which ... and | considered": a relative clause's second verb (PolNeAR: unsourced)
        if any(part.covers(subject.idx, subject.idx + 1) for part in att.content):
            return att
        return _with_source(att, doc, subject)

    return [repair(att) for att in attributions]


def with_the_speakers_second_verb(doc: Doc, attributions: Sequence[Attribution],
                                  agents: Set[str] = frozenset()) -> list[Attribution]:
    """ "Berger said the violence was unacceptable but | blamed | the government": a verb cue with no subject
    of its own, joined to the verb of what a speaker said, is the speaker's second statement when that verb's
    subject is a thing ("the violence"), which blames no one; the tagger gave it the thing. `agents`: nouns
    that can speak (officials, police, the army), whose second verb stays their own."""
    def outside_what_was_said(speech: Token, verb: Token) -> bool:
        """The speech verb's own statement ends before the joined verb: "Kuleba said Russian troops had
        killed civilians in Bucha | and called on the West ..." is Kuleba's appeal, troops or not."""
        own = [a for a in attributions if a.cue is not None and a.cue.start <= speech.idx < a.cue.end]
        return any(a.content and a.content[-1].end <= verb.idx for a in own)

    moved: list[Token] = []  # the second verbs given back to their speakers

    def repair(att: Attribution) -> Attribution:
        verb = _subjectless_conjunct(doc, att.cue, {"VERB"}) if att.cue is not None else None
        if verb is None:
            return att
        said, speech = verb.head, verb.head.head
        thing = [c for c in said.children if c.dep_ in _SUBJECTS]
        speaker = [c for c in speech.children if c.dep_ == "nsubj"]
        if said.dep_ != "ccomp" or speech.lemma_.lower() not in cues.SPEECH_VERBS or len(thing) != 1 \
                or len(speaker) != 1 or not (thing[0].pos_ == "NOUN" or _tense_not_shared(said, verb)) \
                or (thing[0].lemma_.lower() in agents and not outside_what_was_said(speech, verb)):
            return att
        if att.source is not None and not thing[0].left_edge.idx <= att.source.start <= thing[0].idx:
            return att  # a source the tagger found elsewhere
        moved.append(verb)
        return _with_source(att, doc, speaker[0])

    repaired = [repair(att) for att in attributions]
    return [_without_second_verbs(doc.text, att, moved) for att in repaired] if moved else repaired


def _tense_not_shared(said: Token, verb: Token) -> bool:
    """ "Vahidi said Amini | had not been beaten | and | blamed | the violence on rioters": a past-tense verb
    joined to a perfect one does not share its "had", so it is not in what was said; its subject is the
    speaker's, whoever the statement was about."""
    own_auxiliary = any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return verb.tag_ == "VBD" and said.tag_ == "VBN" and not own_auxiliary \
        and any(c.dep_ == "aux" and c.lemma_ == "have" for c in said.children)


def _without_second_verbs(text: str, att: Attribution, verbs: Sequence[Token]) -> Attribution:
    """The content of the statement a second verb was joined to, cut before the conjunction that joins it."""
    for verb in verbs:
        speech = verb.head.head
        if att.cue is None or not att.cue.start <= speech.idx < att.cue.end:
            continue
        conj = next((c for c in verb.head.children if c.dep_ == "cc" and c.i < verb.i), None)
        cut = (conj.idx if conj is not None else verb.idx, _subtree_chars(verb)[1])
        parts = [t for f in att.content for part in _minus((f.start, f.end), [cut])
                 if (t := _trim(text, part)) is not None and any(c.isalnum() for c in text[t[0] : t[1]])]
        if parts:
            att = replace(att, content=tuple(Span(s, e, text[s:e]) for s, e in parts))
    return att


_HANGING_RELATIVE = re.compile(r",\s*(?:where|which|who|whom|when)$", re.IGNORECASE)


def with_whole_relative_clause(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "Peskov said the incursion was an attempt to divert attention from the Bakhmut direction, where |
    Moscow claimed victory": a content cut after the relative word (where a nested claim begins) runs on to
    its sentence's end; the nested claim is part of what was said."""
    def repair(att: Attribution) -> Attribution:
        last = att.content[-1] if att.content else None
        if last is None or not _HANGING_RELATIVE.search(last.text):
            return att
        words = doc.char_span(last.start, last.end, alignment_mode="expand")
        if words is None:
            return att
        sentence = words[-1].sent
        end = sentence.end_char
        while end > last.end and (doc.text[end - 1] in ".!?\"”’ \n"):
            end -= 1
        if end <= last.end or (att.cue is not None and last.end <= att.cue.start < end) or (
                att.source is not None and last.end <= att.source.start < end):
            return att
        content = (*att.content[:-1], Span(last.start, end, doc.text[last.start : end]))
        return _with_content(doc.text, att, content)

    return _with_new_contents(attributions, repair)


# whom or where a "told" cue speaks to: "told | reporters", "told | a briefing", "told | a news conference"
_AUDIENCE = re.compile(
    r"^(?:(?:a|an|the|local|foreign|state|national)\s+)*(?:reporters|journalists|the media|press|briefing|"
    r"news conference|press conference|(?:news )?agency|television|TV|radio|parliament|lawmakers)$",
    re.IGNORECASE,
)


def _told_an_audience(cue: Span, fragment: Span) -> bool:
    """A "told" cue and a content fragment that is only whom it spoke to ("told | a briefing")."""
    return cue.text.strip().casefold().endswith("told") and _AUDIENCE.match(fragment.text.strip()) is not None


def without_audience_in_content(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "Shoigu told | a meeting of the ministry's board that the Kinzhal had ...": whom a speaker told, a
    noun phrase before "that", is no part of what was said; the content starts at "that"."""
    def repair(att: Attribution) -> Attribution:
        cue = att.cue
        told = cue is not None and cue.text.strip().casefold().endswith(("told", "tells"))
        if cue is None or len(att.content) != 1 or not told:
            return att
        first = att.content[0]
        that = _AUDIENCE_THEN_THAT.match(first.text)
        if first.start < cue.end or doc.text[cue.end : first.start].strip() or that is None:
            return att
        words = doc.char_span(first.start, first.start + that.end(1), alignment_mode="expand")
        if words is None or not _a_noun_phrase(words):
            return att  # "told | Republicans were also incensed that ...": a clause, not an audience
        start = first.start + that.end()
        return _with_content(doc.text, att, (Span(start, first.end, doc.text[start : first.end]),))

    return _with_new_contents(attributions, repair)


_AUDIENCE_THEN_THAT = re.compile(r"([^,;:.\"“”]{2,80}?)\s+(?=that\s)")


def with_audience_in_cue(text: str, attributions: Sequence[Attribution]) -> list[Attribution]:
    """ "Russian troops have routed ..., Konashenkov told | a briefing": the audience after "told" is part
    of the cue ("told a briefing"), not a second fragment of what was said."""
    def repair(att: Attribution) -> Attribution:
        cue = att.cue
        if cue is None or len(att.content) < 2:
            return att
        last = att.content[-1]
        if last.start < cue.end or text[cue.end : last.start].strip() or not _told_an_audience(cue, last):
            return att
        if any(part.start >= cue.end for part in att.content[:-1]):
            return att
        told = Span(cue.start, last.end, text[cue.start : last.end])
        return _with_content(text, att, att.content[:-1], told)

    return _with_new_contents(attributions, repair)
