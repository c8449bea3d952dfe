"""Helpers for the ClaimReview exchange tests: the sample files the team wrote in the shapes of real feeds."""

from __future__ import annotations

from pathlib import Path

from claims.interop.models import ImportRun
from claims.interop.services import ImportReport, claimreviews_import

SAMPLES = Path(__file__).parent / "claimreview_samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def import_sample(name: str, *, user=None) -> ImportReport:
    return claimreviews_import(content=sample(name), location=name, origin=ImportRun.Origin.FILE, user=user)


def positions(report: ImportReport) -> list[str]:
    return [error.position for error in report.errors]
