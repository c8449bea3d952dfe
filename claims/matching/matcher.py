"""The matcher: which stored claims a text possibly repeats, best first, each with a 0–1 score and a tier.

Two steps. (1) Shortlist: exact cosine of the text's embedding against every stored embedding (one numpy
matrix-vector product; 100,000 claims in ~25 ms, see docs/benchmarks.md), keeping the SHORTLIST best. (2) Score
each shortlisted claim with `scoring.score_pair` (semantic and lexical tiers, the only-suggest rules) and keep
those at or above the `suggest` threshold.

The stored embeddings are held in memory per process (`Corpus`), refreshed incrementally: each call asks the table
for its row count and latest `updated_at` (one aggregate); when they changed it reads only the rows changed since
the last read (an indexed range), and reloads everything when rows were deleted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone

from claims.matching import embedder, scoring
from claims.matching.models import ClaimEmbedding
from claims.models import Claim

SHORTLIST = 100
MAX_RESULTS = 10


@dataclass(frozen=True)
class Match:
    claim_id: int
    score: float  # 0–1
    tier: str  # "same" or "suggest"
    semantic: float
    lexical: float
    only_suggest: str  # "", "short", "old" or "numbers"


class Corpus:
    """Stored claims in memory: ids, unit embeddings (n × 384 float32), folded texts and creation times.

    The matrix keeps spare rows: a claim added between two matches is written into one, instead of copying the
    whole matrix (146 MB at 100,000 claims) each time."""

    def __init__(self) -> None:
        self._ids = np.zeros(0, dtype=np.int64)
        self._vectors = np.zeros((0, embedder.DIMENSIONS), dtype=np.float32)
        self.size = 0
        self.folded: dict[int, str] = {}
        self.created_at: dict[int, datetime] = {}
        self.position: dict[int, int] = {}  # claim id → row of `vectors`

    @property
    def ids(self) -> np.ndarray:
        return self._ids[: self.size]

    @property
    def vectors(self) -> np.ndarray:
        return self._vectors[: self.size]

    def _reserve(self, rows: int) -> None:
        if self.size + rows <= len(self._ids):
            return
        capacity = max(self.size + rows, int(len(self._ids) * 1.25) + 1024)
        ids = np.zeros(capacity, dtype=np.int64)
        vectors = np.zeros((capacity, embedder.DIMENSIONS), dtype=np.float32)
        ids[: self.size], vectors[: self.size] = self.ids, self.vectors
        self._ids, self._vectors = ids, vectors

    def upsert(self, rows: Iterable[tuple[int, bytes, str, datetime]]) -> None:
        """Add or replace rows (claim id, vector bytes, folded text, created at)."""
        new_ids: list[int] = []
        new_vectors: list[bytes] = []
        for claim_id, vector, folded, created_at in rows:
            at = self.position.get(claim_id)
            if at is None:
                self.position[claim_id] = self.size + len(new_ids)
                new_ids.append(claim_id)
                new_vectors.append(bytes(vector))
            elif at >= self.size:  # twice in these rows: keep the later one
                new_vectors[at - self.size] = bytes(vector)
            else:
                self._vectors[at] = embedder.from_bytes(vector)
            self.folded[claim_id] = folded
            self.created_at[claim_id] = created_at
        if new_ids:
            self._reserve(len(new_ids))
            added = np.frombuffer(b"".join(new_vectors), dtype="<f4").reshape(len(new_ids), embedder.DIMENSIONS)
            end = self.size + len(new_ids)
            self._ids[self.size : end] = new_ids
            self._vectors[self.size : end] = added
            self.size = end

    def shortlist(self, query: np.ndarray, *, size: int, exclude: frozenset[int]) -> list[tuple[int, float]]:
        if not len(self.ids):
            return []
        cosines = self.vectors @ query
        take = min(len(cosines), size + len(exclude))
        best = np.argpartition(-cosines, take - 1)[:take]
        best = best[np.argsort(-cosines[best])]
        found = [(int(self.ids[i]), float(cosines[i])) for i in best if int(self.ids[i]) not in exclude]
        return found[:size]


class _StoredCorpus:
    """The process's copy of ClaimEmbedding, kept in step with the table (see the module docstring)."""

    # A row saved just before our last read may commit just after it: re-read this much overlap (upserts are
    # idempotent, so reading a row twice costs nothing but the read).
    OVERLAP = timedelta(seconds=60)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.corpus = Corpus()
        self.loaded_until: datetime | None = None
        self.stamp: dict | None = None

    def _rows(self, since: datetime | None):
        rows = ClaimEmbedding.objects.all()
        if since is not None:
            rows = rows.filter(updated_at__gte=since - self.OVERLAP)
        return rows.values_list("claim_id", "vector", "folded_text", "claim__created_at").iterator(chunk_size=2000)

    def current(self) -> Corpus:
        with self.lock:
            stamp = ClaimEmbedding.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
            if stamp == self.stamp:
                return self.corpus  # nothing added, changed or deleted since the last match
            self.stamp = stamp
            if stamp["n"] < len(self.corpus.ids):  # rows deleted: start over
                self.corpus, self.loaded_until = Corpus(), None
            self.corpus.upsert(self._rows(self.loaded_until))
            self.loaded_until = stamp["last"]
            if stamp["n"] != len(self.corpus.ids):  # deleted and added in between: start over
                self.corpus = Corpus()
                self.corpus.upsert(self._rows(None))
            return self.corpus

    def forget(self) -> None:
        with self.lock:
            self.corpus, self.loaded_until, self.stamp = Corpus(), None, None


stored_corpus = _StoredCorpus()


def rank(
    *,
    text: str,
    corpus: Corpus,
    thresholds: scoring.Thresholds,
    now: datetime,
    exclude: frozenset[int] = frozenset(),
    allowed: frozenset[int] | None = None,
    query_vector: np.ndarray | None = None,
    shortlist: list[tuple[int, float]] | None = None,
    limit: int = MAX_RESULTS,
    keep_below_suggest: bool = False,
) -> list[Match]:
    """Score `text` against `corpus`; best first. `allowed`, when given, is the set of claim ids that may be
    returned (e.g. public ones). `shortlist`, when given, is `corpus.shortlist(...)` already computed.
    `keep_below_suggest` keeps pairs under the threshold (tier "") for evaluation."""
    folded = scoring.fold_for_matching(text)
    if query_vector is None:
        query_vector = embedder.embed_text(folded)
    query_grams = scoring.trigrams(folded)
    query_numbers = scoring.numbers_in(folded)
    query_words = scoring.word_count(folded)
    query_compact = scoring.compact(folded)
    if shortlist is None:
        shortlist = corpus.shortlist(query_vector, size=SHORTLIST, exclude=exclude)
    matches = []
    for claim_id, cosine in shortlist:
        if allowed is not None and claim_id not in allowed:
            continue
        candidate = corpus.folded[claim_id]
        pair = scoring.score_pair(
            cosine=cosine,
            query_grams=query_grams,
            candidate_grams=scoring.trigrams(candidate),
            query_numbers=query_numbers,
            candidate_numbers=scoring.numbers_in(candidate),
            query_compact=query_compact,
            candidate_compact=scoring.compact(candidate),
            shortest_words=min(query_words, scoring.word_count(candidate)),
            candidate_age_days=(now - corpus.created_at[claim_id]).total_seconds() / 86400,
            thresholds=thresholds,
        )
        tier = scoring.tier_of(pair, thresholds)
        if tier is None and not keep_below_suggest:
            continue
        matches.append(Match(claim_id, pair.score, tier or "", pair.semantic, pair.lexical, pair.only_suggest))
    matches.sort(key=lambda m: (-m.score, m.claim_id))
    return matches[:limit]


def find_matches(
    *,
    text: str,
    include_drafts: bool,
    exclude_claim_ids: Iterable[int] = (),
    limit: int = MAX_RESULTS,
    thresholds: scoring.Thresholds | None = None,
) -> list[Match]:
    """Stored claims that `text` possibly repeats, best first, at most `limit` (≤ 10), all at or above the
    `suggest` threshold. Published claims only unless `include_drafts`. Embeds `text` (~0.15 s on a shared CPU)."""
    corpus = stored_corpus.current()
    exclude = frozenset(exclude_claim_ids)
    folded = scoring.fold_for_matching(text)
    query_vector = embedder.embed_text(folded)
    shortlist = corpus.shortlist(query_vector, size=SHORTLIST, exclude=exclude)
    allowed = None
    if not include_drafts:
        shortlisted = [claim_id for claim_id, _ in shortlist]
        allowed = frozenset(Claim.objects.public().filter(pk__in=shortlisted).values_list("pk", flat=True))
    return rank(
        text=text,
        corpus=corpus,
        thresholds=thresholds or scoring.Thresholds.from_settings(),
        now=timezone.now(),
        exclude=exclude,
        allowed=allowed,
        query_vector=query_vector,
        shortlist=shortlist,
        limit=min(limit, MAX_RESULTS),
    )
