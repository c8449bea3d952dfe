"""The pure part of the matcher: how two texts are compared and how a score becomes a tier. No database here.

- Lexical tier: trigram similarity of the folded, lower-cased texts, computed as PostgreSQL's pg_trgm does (each
  word padded with two spaces before and one after; |A∩B| / |A∪B|), so it gives the same figure on SQLite.
  Written here rather than asked of pg_trgm because it scores a shortlist of ~100 texts already in memory, and
  must behave the same on both databases.
- Semantic tier: cosine of e5 embeddings. e5 packs cosines into a narrow high band (unrelated claims ~0.72–0.80),
  so the cosine is stretched linearly from [SEMANTIC_FLOOR, SEMANTIC_CEILING] onto [0, 1].
- Combined score: the larger of the two, each in 0–1 (a lexical near-copy needs no embedding to be believed; a
  translation has no lexical overlap at all).
- The `same` tier (an automatic link) also needs the wording itself to be the same: the folded texts, with spaces
  and punctuation removed, at least `same_verbatim` alike (difflib's ratio). Forwarded copies, retyped with other
  letters, digits or spacing, pass; a paraphrase or a translation is only ever suggested. Measured reason
  (docs/matching.md): on the evaluation set, hard negatives with one word changed ("cut" → "raised", doctors →
  nurses) reach the same semantic scores as true paraphrases, so no semantic threshold keeps them out of `same`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from claims.textfold import fold_text

SEMANTIC_FLOOR = 0.80
SEMANTIC_CEILING = 0.96
# Numbers that differ (50% vs 20%, 2019 vs 2021) make a claim another claim, however alike the words: such a pair
# is only ever suggested, and its score is lowered so that the real repeat ranks above it.
NUMBER_CONFLICT_FACTOR = 0.85

_WORD = re.compile(r"\w+")
_NOT_LETTER = re.compile(r"[\W_]+")
# A number with its scale word, so that "17,000", "17 thousand" and "۱۷ هزار" are one number.
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)(?:\s*(thousand|million|billion|هزار|میلیون|میلیارد))?")
_SCALES = {"thousand": 1e3, "هزار": 1e3, "million": 1e6, "میلیون": 1e6, "billion": 1e9, "میلیارد": 1e9}


def fold_for_matching(text: str) -> str:
    return " ".join(fold_text(text).lower().split())


def compact(folded: str) -> str:
    """The folded text without spaces and punctuation: "به دلیل" and "بدلیل" become one."""
    return _NOT_LETTER.sub("", folded)


def verbatim_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def word_count(folded: str) -> int:
    return len(_WORD.findall(folded))


def trigrams(folded: str) -> frozenset[str]:
    grams: set[str] = set()
    for word in _WORD.findall(folded):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def lexical_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def semantic_score(cosine: float) -> float:
    stretched = (cosine - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR)
    return min(1.0, max(0.0, stretched))


def numbers_in(folded: str) -> frozenset[str]:
    """The numbers a folded text states, as canonical strings ("17000", "1500000", "0.5")."""
    found = set()
    for digits, scale in _NUMBER.findall(folded):
        try:
            value = float(digits.replace(",", "")) * _SCALES.get(scale, 1)
        except ValueError:  # "1.2.3": keep it as written
            found.add(digits)
            continue
        found.add(str(int(value)) if value.is_integer() else f"{value:g}")
    return frozenset(found)


def numbers_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and a != b


@dataclass(frozen=True)
class Thresholds:
    suggest: float
    same: float
    same_verbatim: float
    min_words_for_same: int
    max_age_days_for_same: int

    @classmethod
    def from_settings(cls) -> Thresholds:
        from django.conf import settings

        return cls(
            suggest=settings.MATCHING_SUGGEST,
            same=settings.MATCHING_SAME,
            same_verbatim=settings.MATCHING_SAME_VERBATIM,
            min_words_for_same=settings.MATCHING_MIN_WORDS_FOR_SAME,
            max_age_days_for_same=settings.MATCHING_MAX_AGE_DAYS_FOR_SAME,
        )


@dataclass(frozen=True)
class PairScore:
    score: float  # 0–1
    semantic: float  # 0–1, the stretched cosine
    lexical: float  # 0–1
    only_suggest: str  # why this pair may never be "same" ("" when it may): short / old / numbers / reworded


def score_pair(
    *,
    cosine: float,
    query_grams: frozenset[str],
    candidate_grams: frozenset[str],
    query_numbers: frozenset[str],
    candidate_numbers: frozenset[str],
    query_compact: str,
    candidate_compact: str,
    shortest_words: int,
    candidate_age_days: float,
    thresholds: Thresholds,
) -> PairScore:
    semantic = semantic_score(cosine)
    lexical = lexical_similarity(query_grams, candidate_grams)
    score = max(semantic, lexical)
    reason = ""
    if numbers_conflict(query_numbers, candidate_numbers):
        score *= NUMBER_CONFLICT_FACTOR
        reason = "numbers"
    elif shortest_words < thresholds.min_words_for_same:
        reason = "short"
    elif candidate_age_days > thresholds.max_age_days_for_same:
        reason = "old"
    elif score >= thresholds.same and verbatim_similarity(query_compact, candidate_compact) < thresholds.same_verbatim:
        reason = "reworded"
    return PairScore(score=round(score, 4), semantic=round(semantic, 4), lexical=round(lexical, 4), only_suggest=reason)


def tier_of(pair: PairScore, thresholds: Thresholds) -> str | None:
    """ "same", "suggest" or None (not shown). A pair with a reason in `only_suggest` is never above "suggest"."""
    if pair.score >= thresholds.same and not pair.only_suggest:
        return "same"
    if pair.score >= thresholds.suggest:
        return "suggest"
    return None
