"""The JSON Lines export escapes every character str.splitlines() breaks a line at (U+2028 from pasted text), so
line-based readers (`splitlines()`, httpx's `iter_lines()`) get one whole record per line."""

from __future__ import annotations

import json

import httpx
import pytest
from rest_framework.test import APIClient

from claims.api.export import json_line
from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db

TEXT = "First line\u2028second line\u2029third\u0085fourth"


def test_a_claim_holding_u2028_reads_back_whole_with_splitlines():
    factories.PublishedVerdictFactory(claim__text=TEXT, conclusion="Also\u2028here.")
    factories.PublishedVerdictFactory()
    response = APIClient().get("/api/v1/claims/export.jsonl")
    body = b"".join(response.streaming_content).decode()
    lines = body.splitlines()
    assert len(lines) == 2
    claims = [json.loads(line) for line in lines]
    assert TEXT in [claim["text"] for claim in claims]
    # httpx reads lines as str.splitlines() does.
    assert list(httpx.Response(200, content=body.encode()).iter_lines()) == lines


def test_every_splitlines_separator_is_escaped_and_round_trips():
    separators = [chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) > 1]
    value = {"text": "".join(separators)}
    line = json_line(value)
    assert line.splitlines() == [line[:-1]]
    assert json.loads(line) == value
