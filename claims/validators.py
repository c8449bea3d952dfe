"""Text that every output format can carry: the one check for characters XML 1.0 forbids.

Feeds and sitemaps are XML 1.0, which has no way to write most C0 control characters (a vertical tab pasted from
a PDF, a form feed), lone surrogates, U+FFFE or U+FFFF, escaped or not: one of them in a claim used to turn
every feed into a 500. `xml_text_validator` refuses them at input on every text field an editor types (a model
field validator, so the admin, the API and importers share it); `strip_xml_forbidden` removes them from rows
written before the validator existed, in every XML writer.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# XML 1.0 section 2.2, Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
# Everything else that a Python str can hold is below.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_xml_forbidden(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (str in, str out; everything else is kept)."""
    return XML_FORBIDDEN.sub("", text)


@deconstructible
class XmlTextValidator:
    """Refuses text holding a character XML 1.0 forbids, naming the first one (code point and position)."""

    message = _(
        "Remove the invisible control character %(character)s at position %(position)s (pasted text often holds one)."
    )
    code = "xml_forbidden_character"

    def __call__(self, value: object) -> None:
        match = XML_FORBIDDEN.search(str(value))
        if match:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"character": f"U+{ord(match.group()):04X}", "position": match.start() + 1},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, XmlTextValidator)

    def __hash__(self) -> int:
        return hash(XmlTextValidator)


xml_text_validator = XmlTextValidator()
