"""Every published claim as JSON Lines, in constant memory: for GET /api/v1/claims/export.jsonl and
`manage.py export_claims`."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder

from claims.api.queries import public_claims
from claims.api.serializers import ClaimSerializer

# Rows loaded per database round trip: memory stays bounded by this, not by the number of claims.
EXPORT_CHUNK_SIZE = 200

# Characters str.splitlines() (and so httpx's iter_lines(), requests' iter_lines(decode_unicode=True)) breaks a
# line at, that json.dumps(ensure_ascii=False) writes raw: they can occur only inside JSON strings, where their
# \u escape means the same character. (It already escapes \n, \r, \v, \f and \x1c-\x1e as controls.)
LINE_SEPARATORS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
LINE_SEPARATOR_ESCAPES = str.maketrans(LINE_SEPARATORS)


def json_line(value: object) -> str:
    """`value` as one line of JSON Lines (ending in "\n") that every line-based reader keeps whole."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(LINE_SEPARATOR_ESCAPES) + "\n"


def export_lines() -> Iterator[str]:
    """One line per published claim, oldest id first, in the representation of /api/v1/claims/{id}/."""
    claims = public_claims().order_by("pk")
    # One serializer for every row: a serializer per row builds its fields anew each time.
    serializer = ClaimSerializer()
    for position, claim in enumerate(claims.iterator(chunk_size=EXPORT_CHUNK_SIZE), start=1):
        yield json_line(serializer.to_representation(claim))
        if position % EXPORT_CHUNK_SIZE == 0:
            # Loaded rows refer to each other (claim <-> verdict): only the cycle collector frees them, and left
            # to itself it lets them pile up in its oldest generation as the export runs.
            gc.collect()
