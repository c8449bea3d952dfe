"""Bidirectional-text isolation for user text in plain-text places: <title>, meta tags, feed titles.

In HTML, an element with `dir` isolates its text; a title, a meta tag's content or a feed title has no
elements, so an unbalanced right-to-left override (U+202E) typed into a claim would reverse everything after it
(the site name, the rating). isolate() removes the explicit embedding, override and isolate controls
(U+202A–U+202E, U+2066–U+2069) from the text and wraps what is left in FIRST STRONG ISOLATE … POP DIRECTIONAL
ISOLATE (U+2068 … U+2069): the text keeps its own direction, Persian or English, and cannot reorder its
surroundings. Marks (U+200E, U+200F) stay: they affect only neighbouring neutral characters.
"""

from __future__ import annotations

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
# LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI: any of them left unbalanced leaks past the end of the text.
# Not claims.textfold's table of invisible characters, on purpose: that one folds text for comparison (it also
# drops the ZWNJ, the LRM/RLM marks and tatweel, and changes letters); this text is shown, so only the controls
# that can leak are removed and every letter, joiner and mark stays as written.
EXPLICIT_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def isolate(text: str) -> str:
    """`text` without explicit bidi controls, between U+2068 and U+2069; "" stays "" (nothing to isolate)."""
    text = str(text).translate(EXPLICIT_CONTROLS)
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}" if text else text


# Unicode's Bidi_Control property: the explicit controls above plus the marks ALM, LRM and RLM.
BIDI_CONTROLS = {**EXPLICIT_CONTROLS, **dict.fromkeys(map(ord, "\u061c\u200e\u200f"))}


def strip_bidi_controls(text: str) -> str:
    """`text` without any bidi control character (marks included): for text taken from elsewhere (a fetched
    page's title) and stored, whose direction the places that show it decide (`dir="auto"`, isolate()).
    ZWNJ and ZWJ, which Persian spelling needs, are not controls and stay."""
    return str(text).translate(BIDI_CONTROLS)
