"""How well the matcher finds repeats, with the thresholds in settings: on the shipped evaluation set and on the
newsroom's own confirmed and rejected pairs."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from claims.matching import evaluation, scoring
from claims.matching.matcher import stored_corpus
from claims.matching.models import MatchSuggestion

COLUMNS = [
    "positives",
    "recall@1",
    "recall@5",
    "precision@suggest",
    "precision@same",
    "negatives",
    "negatives_same",
    "negatives_suggest",
]


def newsroom_pairs() -> list[evaluation.Pair]:
    """Confirmed pairs are positives, rejected and undone ones negatives; each asked from the claim's text."""
    decided = MatchSuggestion.objects.exclude(status=MatchSuggestion.Status.PENDING).select_related(
        "claim", "candidate"
    )
    return [
        evaluation.Pair(
            text=s.claim.text,
            language=s.claim.language,
            target=s.candidate_id,
            target_language=s.candidate.language,
            negative=s.status in (MatchSuggestion.Status.REJECTED, MatchSuggestion.Status.UNDONE),
            exclude=frozenset({s.claim_id}),
        )
        for s in decided
    ]


class Command(BaseCommand):
    help = "Print recall@1, recall@5 and precision per tier, overall and per language pair."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print one JSON object instead of tables."
        )
        parser.add_argument("--shipped-only", action="store_true", help="Skip the newsroom's own pairs.")

    def handle(self, *args, as_json: bool = False, shipped_only: bool = False, **options) -> None:
        thresholds = scoring.Thresholds.from_settings()
        now = timezone.now()
        corpus, pairs = evaluation.load_evalset()
        report = {
            "thresholds": thresholds.__dict__,
            "shipped": evaluation.evaluate(corpus=corpus, pairs=pairs, thresholds=thresholds, now=now),
        }
        if not shipped_only:
            own = newsroom_pairs()
            report["newsroom"] = (
                evaluation.evaluate(corpus=stored_corpus.current(), pairs=own, thresholds=thresholds, now=now)
                if own
                else {}
            )
        if as_json:
            self.stdout.write(_json_dumps(report))
            return
        self.stdout.write("Thresholds: " + ", ".join(f"{k}={v}" for k, v in thresholds.__dict__.items()))
        for title, key in (("Shipped evaluation set", "shipped"), ("This newsroom's decided pairs", "newsroom")):
            if key not in report:
                continue
            self.stdout.write(f"\n{title}")
            if not report[key]:
                self.stdout.write("  (no confirmed or rejected pairs yet)")
                continue
            self.stdout.write("  " + "pair".ljust(8) + "".join(c.rjust(19) for c in COLUMNS))
            for pair_key, row in report[key].items():
                cells = "".join(("–" if row[c] is None else str(row[c])).rjust(19) for c in COLUMNS)
                self.stdout.write("  " + pair_key.ljust(8) + cells)


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
