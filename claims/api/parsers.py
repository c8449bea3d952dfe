"""The API's JSON parser: DRF's, refusing numbers no field can hold."""

from __future__ import annotations

import codecs
import math

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


class FiniteJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded_stream = codecs.getreader(encoding)(stream)
            parse_constant = json.strict_constant if self.strict else None
            return json.load(decoded_stream, parse_constant=parse_constant, parse_float=finite_float)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
