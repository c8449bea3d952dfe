"""The API's JSON parser: DRF's, refusing numbers no field can hold and nesting deeper than any body needs."""

from __future__ import annotations

import math
import re

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json


def finite_float(text: str) -> float:
    # 1e309 is valid JSON but parses to infinity, and int(infinity) in a field's validation raised OverflowError.
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


# An escaped character, a quote or a bracket: enough to follow strings and nesting in one linear pass.
_SIGNIFICANT = re.compile(r'\\.|["\[\]{}]', re.S)


def nesting_depth(text: str, *, stop_above: int | None = None) -> int:
    """How deeply arrays and objects nest in `text` (0 for a scalar); brackets inside strings are text.

    Stops counting once the depth passes `stop_above`. Malformed text is left to the parser to refuse.
    """
    depth = deepest = 0
    in_string = False
    for match in _SIGNIFICANT.finditer(text):
        symbol = match.group()
        if symbol == '"':
            in_string = not in_string
        elif in_string or len(symbol) == 2:
            continue
        elif symbol in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if stop_above is not None and deepest > stop_above:
                break
        else:
            depth -= 1
    return deepest


class FiniteJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - the body is not {encoding}") from exc
        # Python's decoder recurses once per level: 1,000 levels (2 kB of brackets) raised RecursionError, a 500.
        limit = settings.API_JSON_MAX_DEPTH
        if nesting_depth(text, stop_above=limit) > limit:
            raise ParseError(f"JSON parse error - nested deeper than {limit} levels")
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant, parse_float=finite_float)
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
