"""How well the matcher finds repeats: recall@1, recall@5 and precision per tier, overall and per language pair.

Used by `manage.py match_report` on the shipped evaluation set (data/evalset.json) and on the newsroom's own
confirmed and rejected pairs. A result counts only when the matcher would show it (at or above `suggest`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from claims.matching import embedder, scoring
from claims.matching.matcher import Corpus, rank

EVALSET_PATH = Path(__file__).parent / "data" / "evalset.json"
RANKED = 10


@dataclass(frozen=True)
class Pair:
    text: str
    language: str
    target: int  # claim id in the corpus
    target_language: str
    negative: bool  # a hard negative: the target must not be "same"
    exclude: frozenset[int] = frozenset()


@dataclass
class Tally:
    positives: int = 0
    found_at_1: int = 0
    found_at_5: int = 0
    negatives: int = 0
    negatives_same: int = 0
    negatives_suggest: int = 0
    shown: dict[str, int] = field(default_factory=lambda: {"suggest": 0, "same": 0})
    correct: dict[str, int] = field(default_factory=lambda: {"suggest": 0, "same": 0})

    def row(self) -> dict[str, float | int | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "positives": self.positives,
            "recall@1": ratio(self.found_at_1, self.positives),
            "recall@5": ratio(self.found_at_5, self.positives),
            # Of all results shown at that tier or above, the share that is the pair's target.
            "precision@suggest": ratio(self.correct["suggest"], self.shown["suggest"]),
            "precision@same": ratio(self.correct["same"], self.shown["same"]),
            "negatives": self.negatives,
            "negatives_same": self.negatives_same,
            "negatives_suggest": self.negatives_suggest,
        }


def load_evalset(path: Path = EVALSET_PATH) -> tuple[Corpus, list[Pair]]:
    """The shipped set as an in-memory corpus (claim ids 1…n, all created now) and its pairs."""
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = {claim["key"]: i for i, claim in enumerate(data["claims"], start=1)}
    languages = {claim["key"]: claim["language"] for claim in data["claims"]}
    folded = [scoring.fold_for_matching(claim["text"]) for claim in data["claims"]]
    vectors = embedder.embed_texts(folded)
    now = datetime.now().astimezone()
    corpus = Corpus()
    corpus.upsert(
        (ids[c["key"]], embedder.to_bytes(v), f, now) for c, v, f in zip(data["claims"], vectors, folded, strict=True)
    )
    pairs = [
        Pair(
            text=p["text"],
            language=p["language"],
            target=ids[p["target"]],
            target_language=languages[p["target"]],
            negative=p["kind"] == "negative",
        )
        for p in data["pairs"]
    ]
    return corpus, pairs


def embed_pairs(pairs: list[Pair]) -> np.ndarray:
    return embedder.embed_texts([scoring.fold_for_matching(p.text) for p in pairs])


def evaluate(
    *,
    corpus: Corpus,
    pairs: list[Pair],
    thresholds: scoring.Thresholds,
    now: datetime,
    query_vectors: np.ndarray | None = None,
) -> dict[str, dict[str, float | int | None]]:
    """Figures per language pair ("en→fa": query in English, stored claim in Persian) and "all".
    `query_vectors` (from `embed_pairs`) saves embedding the queries again when trying several thresholds."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    vectors = embed_pairs(pairs) if query_vectors is None else query_vectors
    for pair, vector in zip(pairs, vectors, strict=True):
        results = rank(
            text=pair.text,
            corpus=corpus,
            thresholds=thresholds,
            now=now,
            exclude=pair.exclude,
            query_vector=vector,
            limit=RANKED,
        )
        for key in ("all", f"{pair.language}→{pair.target_language}"):
            tally = tallies[key]
            target_tier = next((m.tier for m in results if m.claim_id == pair.target), None)
            if pair.negative:
                tally.negatives += 1
                tally.negatives_same += target_tier == "same"
                tally.negatives_suggest += target_tier == "suggest"
            else:
                tally.positives += 1
                ranked_ids = [m.claim_id for m in results]
                tally.found_at_1 += pair.target in ranked_ids[:1]
                tally.found_at_5 += pair.target in ranked_ids[:5]
            for match in results:
                is_target = match.claim_id == pair.target and not pair.negative
                tally.shown["suggest"] += 1
                tally.correct["suggest"] += is_target
                if match.tier == "same":
                    tally.shown["same"] += 1
                    tally.correct["same"] += is_target
    return {key: tallies[key].row() for key in sorted(tallies, key=lambda k: (k != "all", k))}
