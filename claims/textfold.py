"""Folding of Persian and Arabic text for search and matching: one function, `fold_text`.

A minimal version written for #14 (claim matching); #10 (Persian search) owns this module and its fuller version
replaces this one at merge. The signature is the contract: `fold_text(text: str) -> str`.
"""

from __future__ import annotations

import unicodedata

_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh → Persian yeh
        "\u0649": "\u06cc",  # alef maksura → Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf → Persian keheh
        "\u200c": None,  # zero-width non-joiner, written by some typists and left out by others
        "\u0640": None,  # tatweel
        **{chr(c): None for c in range(0x064B, 0x0653)},  # harakat
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    }
)


def fold_text(text: str) -> str:
    """The text with look-alike Persian/Arabic letters, digits and invisible marks made one: NFKC, then ي/ى→ی,
    ك→ک, ZWNJ, tatweel and harakat dropped, Persian and Arabic-Indic digits → ASCII. Case is left alone."""
    return unicodedata.normalize("NFKC", text).translate(_LETTERS)
