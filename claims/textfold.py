"""The one text normaliser for search and matching over Persian, Arabic and Latin text: `fold_text`.

Readers and editors type the same Persian word in several ways: Arabic kaf and yeh from Arabic keyboard layouts
(`كتاب` for `کتاب`), without the zero-width non-joiner (`میگوید` for `می‌گوید`), with Arabic-Indic or ASCII digits
(`1395` for `۱۳۹۵`), with or without diacritics and tatweel. Folding both the stored text and the query to one
form lets any of them find the others. Shared REFERENCE.md lists the variants.

persiantools does what it covers (Arabic kaf and yeh to Persian, Persian and Arabic-Indic digits). The rest is
ours because no maintained library folds it for search: hazm's normaliser keeps the ZWNJ (it is right for display)
and pulls in NLTK; PyArabic has not been released since 2022. What we fold ourselves: alef with hamza or madda,
waw and yeh with hamza, teh marbuta and heh with yeh, diacritics (harakat, superscript alef, Quranic marks),
tatweel, the zero-width and bidi control characters.

`FOLD_SQL_TABLE` is derived from `fold_text` itself so that PostgreSQL can apply the same folding in SQL
(`claims.search.Folded`): one rule, two engines.

`fold_key` is fold_text for exact-match keys (imported rating labels, tip fingerprints): spacing and punctuation
on top of it, nothing else, so that a key never disagrees with what search considers the same text.
"""

from __future__ import annotations

import re
import unicodedata

from persiantools import characters, digits

# Letters folded to one form, beyond persiantools' kaf and yeh (it maps ي ى → ی, ك → ک).
_LETTERS = {
    "أ": "ا",  # alef with hamza above
    "إ": "ا",  # alef with hamza below
    "آ": "ا",  # alef with madda
    "ٱ": "ا",  # alef wasla
    "ؤ": "و",  # waw with hamza
    "ئ": "ی",  # yeh with hamza (پائیز / پاییز)
    "ة": "ه",  # teh marbuta
    "ۀ": "ه",  # heh with yeh above (خانۀ / خانه)
    "ە": "ه",  # ae
    "ھ": "ه",  # heh doachashmee
    "ہ": "ه",  # heh goal
    "ۃ": "ه",  # teh marbuta goal
    "ك": "ک",
    "ڪ": "ک",  # swash kaf
    "ي": "ی",
    "ى": "ی",
    "ې": "ی",
    "ۍ": "ی",
}
# Characters that are nothing to a search: zero-width (non-)joiners and spaces, bidi controls, tatweel.
_NOTHING = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u0640"
_TABLE = str.maketrans({**_LETTERS, **dict.fromkeys(_NOTHING)})


def _is_arabic_mark(char: str) -> bool:
    """Harakat, shadda, sukun, superscript alef, hamza above/below, Quranic annotation marks."""
    code = ord(char)
    return (
        0x0610 <= code <= 0x061A
        or 0x064B <= code <= 0x065F
        or code == 0x0670
        or 0x06D6 <= code <= 0x06ED
        or 0x08D3 <= code <= 0x08FF
    )


def fold_text(text: str) -> str:
    """`text` in the one form that search compares: NFKC, letter variants and digits folded, marks dropped, casefolded.

    Letters: Arabic kaf and yeh to Persian (ک ی), alef forms to ا, teh marbuta and heh forms to ه, waw and yeh
    with hamza to و ی. Digits: Persian ۰–۹ and Arabic-Indic ٠–٩ to ASCII 0–9. Dropped: diacritics, tatweel, zero-
    width non-joiner and joiner, bidi controls. Latin text is casefolded, nothing more (English stemming is the
    search engine's). Pure: no I/O; never raises on any str. The result may be shorter than `text`.
    """
    text = unicodedata.normalize("NFKC", text)
    text = characters.ar_to_fa(text)
    text = digits.fa_to_en(digits.ar_to_fa(text))
    text = text.translate(_TABLE)
    # NFD would split آ into ا + madda; the marks left after NFKC are separate code points: drop them.
    text = "".join(char for char in text if not _is_arabic_mark(char))
    return text.casefold()


# Arabic-script letters as fold_text leaves them (it never produces presentation forms: NFKC removes those).
_ARABIC_LETTERS = "".join(
    char for char in map(chr, range(0x0600, 0x0900)) if unicodedata.category(char).startswith("L")
)
_SEPARATORS = re.compile(r"[\W_]+")  # punctuation, symbols, white space and whatever else is not a letter or digit
# Dropped rather than made a space: a thousands separator inside a number ("5,000", "۵٬۰۰۰") and an apostrophe
# inside a word ("don't"), so that the number and the word are the ones written without them.
_INSIDE_SEPARATORS = re.compile(r"(?<=\d)[,'’\u066c](?=\d{3}(?!\d))|(?<=\w)['’](?=\w)")
_SPACE_IN_ARABIC_SCRIPT = re.compile(f"(?<=[{_ARABIC_LETTERS}]) (?=[{_ARABIC_LETTERS}])")


def fold_key(text: str) -> str:
    """`text` as a key for exact matching: fold_text, then spacing and punctuation made irrelevant.

    After fold_text: thousands separators inside numbers and apostrophes inside words dropped (`5,000` = `5000`,
    `don't` = `dont`); every run of characters that are neither letters nor digits (punctuation, symbols, white
    space) made one space, trimmed at both ends; then a space between two Arabic-script letters dropped. That last
    step is why the key is more than fold_text: Persian writers put a zero-width non-joiner, a space or nothing
    between the parts of one word (`نیمه‌درست`, `نیمه درست`, `نیمهدرست`); fold_text drops the ZWNJ, which makes
    the first and third one, and the key makes the second one with them. Latin words keep their spaces (`pants on
    fire`): Latin writers do not vary there, and a Latin key stays readable.

    Examples: `Pants-on-Fire!` → `pants on fire`; `نيمه درست` and `نیمه‌درست` → `نیمهدرست`; `۵٬۰۰۰ دونده` → `5000
    دونده`. Pure; never raises on any str; "" for text with no letter or digit. fold_key(fold_key(x)) == fold_key(x)
    and fold_key(fold_text(x)) == fold_key(x).
    """
    key = _INSIDE_SEPARATORS.sub("", fold_text(text))
    key = _SEPARATORS.sub(" ", key).strip()
    return _SPACE_IN_ARABIC_SCRIPT.sub("", key)


def _fold_sql_table() -> tuple[str, str]:
    """(from, to) for SQL `translate()`, applied after NFKC and lower(): every character of the Arabic-script
    blocks and the invisible controls that `fold_text` changes into one character (mapped) or none (deleted)."""
    ranges = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0x200B, 0x200F), (0x202A, 0x202E)]
    ranges += [(0x2060, 0x2060), (0x2066, 0x2069), (0xFEFF, 0xFEFF)]
    mapped_from, mapped_to, deleted = [], [], []
    for low, high in ranges:
        for code in range(low, high + 1):
            char = chr(code)
            if unicodedata.normalize("NFKC", char) != char:
                continue  # SQL normalises first, so this character never reaches translate()
            folded = fold_text(char)
            if folded == char.lower():
                continue
            if folded == "":
                deleted.append(char)
            elif len(folded) == 1:
                mapped_from.append(char)
                mapped_to.append(folded)
    # translate() deletes the characters of `from` that have no counterpart in `to`: put those last.
    return "".join(mapped_from) + "".join(deleted), "".join(mapped_to)


FOLD_SQL_TABLE = _fold_sql_table()
