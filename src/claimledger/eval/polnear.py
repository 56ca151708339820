"""PolNeAR attribution evaluation: run the pipeline, write brat predictions, score like polnear_score.py.

The scorer is a port of the shared reference script (`tools/polnear_score.py`); both must give the same
numbers on the same prediction files. Protocol (word-token sets, so punctuation does not matter):
relations pair greedily 1:1 by Dice overlap of their content words; relation P/R/F1 counts the pairs;
per-role exact and partial scores over pairs; full relation exact; unlinked per-role fragment exact
match; recall by gold quote class (direct / mixed / indirect).

PolNeAR is univocal (each token in at most one attribution), so predictions are projected the same
way before writing: an attribution whose cue lies inside another attribution's content is dropped.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language

from claimledger.errors import EvaluationError
from claimledger.eval.brat import ROLES, Fragments, Relation, read_ann, write_ann
from claimledger.extract.attribution import quote_kind
from claimledger.models import Attribution, Document

log = logging.getLogger(__name__)

WORD = re.compile(r"\w+")
PRF = tuple[float, float, float]
Words = frozenset[int]


class Tokens:
    """Word tokens of one text; role fragments become sets of word indices."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in WORD.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def words(self, frags: Iterable[tuple[int, int]]) -> Words:
        out: set[int] = set()
        frags = list(frags)
        for s, e in frags:
            i = bisect.bisect_left(self.ends, s + 1)  # first word ending after s
            while i < len(self.starts) and self.starts[i] < e:
                out.add(i)
                i += 1
        if not out:  # punctuation-only span (a cue ':'): non-space character positions instead
            out = {-(k + 1) for s, e in frags for k in range(s, e) if not self.text[k].isspace()}
        return frozenset(out)


def prf(tp_p: float, tp_r: float, n_pred: int, n_gold: int) -> PRF:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _word_sets(tk: Tokens, rels: Sequence[Relation]) -> list[dict[str, Words]]:
    return [{r: tk.words(rel.role(r)) for r in ROLES} for rel in rels]


def _pair(gold: list[dict[str, Words]], pred: list[dict[str, Words]]) -> list[tuple[int, int]]:
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            inter = len(g["content"] & p["content"])
            if inter:
                cands.append((-2 * inter / (len(g["content"]) + len(p["content"])), i, j))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def _score_pairs(
    c: Counter[str], gw: list[dict[str, Words]], pw: list[dict[str, Words]], pairs: list[tuple[int, int]]
) -> None:
    c["matched"] += len(pairs)
    for i, j in pairs:
        g, p = gw[i], pw[j]
        full = True
        for r in ROLES:
            if g[r] != p[r]:
                full = False
            if g[r] and p[r]:
                inter = len(g[r] & p[r])
                c["ex_" + r] += g[r] == p[r]
                c["sp_" + r] += inter / len(p[r])  # type: ignore[assignment]
                c["sr_" + r] += inter / len(g[r])  # type: ignore[assignment]
        c["full_exact"] += full
        c["src_ok_incl_empty"] += g["source"] == p["source"]


def score(
    gold: Mapping[str, Sequence[Relation]],
    pred: Mapping[str, Sequence[Relation]],
    texts: Mapping[str, str],
    gold_class: Mapping[str, Sequence[str]] | None = None,
) -> tuple[dict[str, PRF], dict[str, Any]]:
    """The reference scorer's `score`: metric name -> (P, R, F1), plus counts and recall by class."""
    c: Counter[str] = Counter()
    frag: Counter[str] = Counter()
    cls_tot: Counter[str] = Counter()
    cls_hit: Counter[str] = Counter()
    cls_soft: Counter[str] = Counter()
    for art in sorted(set(gold) | set(pred)):
        tk = Tokens(texts[art])
        gw = _word_sets(tk, gold.get(art, []))
        pw = [p for p in _word_sets(tk, pred.get(art, [])) if p["content"]]
        c["gold"] += len(gw)
        c["pred"] += len(pw)
        for r in ROLES:
            c["gold_" + r] += sum(1 for g in gw if g[r])
            c["pred_" + r] += sum(1 for p in pw if p[r])
        pairs = _pair(gw, pw)
        _score_pairs(c, gw, pw, pairs)
        if gold_class is not None:
            matched = dict(pairs)
            for i, cls in enumerate(gold_class.get(art, [])):
                cls_tot[cls] += 1
                if i in matched:
                    cls_hit[cls] += 1
                    g, p = gw[i], pw[matched[i]]
                    cls_soft[cls + "_content_exact"] += g["content"] == p["content"]
                    soft = len(g["content"] & p["content"]) / len(g["content"])
                    cls_soft[cls + "_content_softR"] += soft  # type: ignore[assignment]
        _score_fragments(frag, tk, gold.get(art, []), pred.get(art, []))
    return _summarise(c, frag), _extra(c, frag, cls_tot, cls_hit, cls_soft, gold_class is not None)


def _score_fragments(
    frag: Counter[str], tk: Tokens, gold: Sequence[Relation], pred: Sequence[Relation]
) -> None:
    for r in ROLES:
        gf = {tk.words([f]) for g in gold for f in g.role(r)} - {frozenset()}
        pf = {tk.words([f]) for p in pred for f in p.role(r)} - {frozenset()}
        frag["g_" + r] += len(gf)
        frag["p_" + r] += len(pf)
        frag["tp_" + r] += len(gf & pf)


def _summarise(c: Counter[str], frag: Counter[str]) -> dict[str, PRF]:
    out: dict[str, PRF] = {
        "relation (content overlap)": prf(c["matched"], c["matched"], c["pred"], c["gold"])
    }
    for r in ROLES:
        out[f"{r} exact (linked)"] = prf(c["ex_" + r], c["ex_" + r], c["pred_" + r], c["gold_" + r])
        out[f"{r} partial (linked)"] = prf(c["sp_" + r], c["sr_" + r], c["pred_" + r], c["gold_" + r])
    out["full relation exact"] = prf(c["full_exact"], c["full_exact"], c["pred"], c["gold"])
    for r in ROLES:
        out[f"{r} exact (unlinked fragments)"] = prf(
            frag["tp_" + r], frag["tp_" + r], frag["p_" + r], frag["g_" + r]
        )
    return out


def _extra(
    c: Counter[str],
    frag: Counter[str],
    tot: Counter[str],
    hit: Counter[str],
    soft: Counter[str],
    with_class: bool,
) -> dict[str, Any]:
    extra: dict[str, Any] = {"counts": dict(c), "frag_counts": dict(frag)}
    if with_class:
        extra["recall_by_class"] = {
            k: {
                "n": tot[k],
                "relation_R": hit[k] / tot[k],
                "content_exact_R": soft[k + "_content_exact"] / tot[k],
                "content_soft_R": soft[k + "_content_softR"] / tot[k],
            }
            for k in tot
        }
    return extra


def quote_class(text: str, frags: Fragments) -> str:
    """Gold quote class of a content: the whole range from first to last fragment, as the scorer does."""
    return quote_kind(text, [(min(s for s, _ in frags), max(e for _, e in frags))])


def load_gold(gold_dir: Path) -> tuple[dict[str, str], dict[str, list[Relation]], dict[str, list[str]]]:
    """texts, gold relations (first annotator in sorted order) and gold quote classes per article."""
    ann_dir, text_dir = gold_dir / "attributions", gold_dir / "text"
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise EvaluationError("not a PolNeAR folder (needs text/ and attributions/)", where=str(gold_dir))
    by_article: dict[str, list[str]] = defaultdict(list)
    for path in sorted(ann_dir.glob("*.ann")):
        by_article[path.stem.rsplit("_", 1)[0]].append(path.name)
    texts: dict[str, str] = {}
    gold: dict[str, list[Relation]] = {}
    classes: dict[str, list[str]] = {}
    for art, names in by_article.items():
        text_path = text_dir / f"{art}.txt"
        if not text_path.is_file():
            raise EvaluationError(f"no text for annotated article {art!r}", where=str(text_path))
        texts[art] = text_path.read_text(encoding="utf-8")
        gold[art] = read_ann(ann_dir / sorted(names)[0])
        classes[art] = [quote_class(texts[art], g.content) for g in gold[art]]
    return texts, gold, classes


def to_relations(attributions: Iterable[Attribution]) -> list[Relation]:
    """Attributions as brat relations, projected to PolNeAR's univocal convention."""
    atts = list(attributions)
    kept = [a for a in atts if not _nested(a, atts)]
    return [
        Relation(
            content=tuple((s.start, s.end) for s in a.content),
            source=((a.source.start, a.source.end),) if a.source else (),
            cue=((a.cue.start, a.cue.end),) if a.cue else (),
        )
        for a in sorted(kept, key=lambda a: a.start)
    ]


def _nested(att: Attribution, others: Sequence[Attribution]) -> bool:
    anchor = att.cue.start if att.cue else att.content[0].start
    return any(o is not att and any(s.start <= anchor < s.end for s in o.content) for o in others)


def predict(nlp: Language, texts: Mapping[str, str]) -> dict[str, list[Relation]]:
    from claimledger.nlp import annotate  # late import: the pipeline module imports all components

    names = sorted(texts)
    docs = [Document(id=Document.make_id(texts[n], None), text=texts[n]) for n in names]
    return {n: to_relations(ex.attributions) for n, ex in zip(names, annotate(nlp, docs), strict=True)}


def metrics_json(
    out: Mapping[str, PRF], extra: Mapping[str, Any], articles: int, missing: int
) -> dict[str, Any]:
    """The reference script's `--json` output."""
    metrics: dict[str, Any] = {k: {"P": p, "R": r, "F1": f} for k, (p, r, f) in out.items()}
    metrics["recall_by_class"] = extra["recall_by_class"]
    metrics["articles"] = articles
    metrics["missing_predictions"] = missing
    return metrics


def score_dirs(gold_dir: Path, pred_dir: Path) -> dict[str, Any]:
    """Score an existing prediction folder exactly like `polnear_score.py GOLD PRED --json`."""
    texts, gold, classes = load_gold(gold_dir)
    pred: dict[str, list[Relation]] = {}
    missing = 0
    for art in gold:
        path = pred_dir / f"{art}.ann"
        if path.exists():
            pred[art] = read_ann(path)
        else:
            pred[art] = []
            missing += 1
    out, extra = score(gold, pred, texts, gold_class=classes)
    return metrics_json(out, extra, len(gold), missing)


def evaluate_polnear(
    gold_dir: Path | str, predictions_out: Path | str, nlp: Language | None = None
) -> dict[str, Any]:
    """Run the pipeline on every gold article, write `<article>.ann` into `predictions_out`, score them."""
    gold_dir, predictions_out = Path(gold_dir), Path(predictions_out)
    if nlp is None:
        from claimledger.nlp import load_pipeline

        nlp = load_pipeline()
    texts, _, _ = load_gold(gold_dir)
    predictions_out.mkdir(parents=True, exist_ok=True)
    for art, rels in predict(nlp, texts).items():
        write_ann(predictions_out / f"{art}.ann", texts[art], rels)
    metrics = score_dirs(gold_dir, predictions_out)
    log.info("PolNeAR %s: relation F1 %.3f", gold_dir, metrics["relation (content overlap)"]["F1"])
    return metrics


def format_metrics(metrics: Mapping[str, Any]) -> str:
    """The reference script's text report."""
    lines = []
    for k, v in metrics.items():
        if isinstance(v, dict) and "F1" in v:
            lines.append(f"{k:38s} P {100 * v['P']:5.1f}  R {100 * v['R']:5.1f}  F1 {100 * v['F1']:5.1f}")
    for c, d in sorted(metrics["recall_by_class"].items()):
        lines.append(
            f"recall {c:9s} n={d['n']:5d} relation {100 * d['relation_R']:5.1f}  "
            f"content exact {100 * d['content_exact_R']:5.1f}"
        )
    lines.append(f"articles {metrics['articles']}, missing prediction files {metrics['missing_predictions']}")
    return "\n".join(lines)
