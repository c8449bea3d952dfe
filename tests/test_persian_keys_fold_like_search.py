"""Imported rating labels and reader tips fold Persian as search does (claims.textfold): one rule, one key.

However a label or a tip is typed — Arabic kaf and yeh or Persian, with a zero-width non-joiner, a space or
nothing between the parts of a word, Persian, Arabic-Indic or ASCII digits, with or without diacritics — it has
one key in both apps, and that key is the search folding (fold_text) of the text with only spacing and
punctuation on top.
"""

from __future__ import annotations

import hashlib

import pytest

from claims.interop.models import RatingMapping, rating_label_key
from claims.textfold import fold_key, fold_text
from claims.tips.services import tip_fingerprint, tip_submit
from tests.factories import rating

ZWNJ = "\u200c"

# One Persian compound ("misleading", a rating label), as written properly and as readers and newsrooms type it.
LABEL = f"گمراه{ZWNJ}کننده"
LABEL_SPELLINGS = {
    "persian with zwnj": LABEL,
    "no zwnj, joined": "گمراهکننده",
    "a space for the zwnj": "گمراه کننده",
    "arabic kaf": f"گمراه{ZWNJ}كننده",
    "arabic kaf, joined": "گمراهكننده",
    "diacritics and tatweel": f"گُمراه{ZWNJ}کنـنـدِه",
    "punctuation around": f"«گمراه{ZWNJ}کننده!»",
}
# One tip: "the minister says petrol went up 50 percent in 1402".
TIP = f"وزیر می{ZWNJ}گوید قیمت بنزین ۵۰ درصد در سال ۱۴۰۲ گران شد"
TIP_SPELLINGS = {
    "persian digits, zwnj": TIP,
    "arabic yeh and kaf": f"وزير مي{ZWNJ}گويد قيمت بنزين ۵۰ درصد در سال ۱۴۰۲ گران شد",
    "no zwnj, joined": "وزیر میگوید قیمت بنزین ۵۰ درصد در سال ۱۴۰۲ گران شد",
    "a space for the zwnj": "وزیر می گوید قیمت بنزین ۵۰ درصد در سال ۱۴۰۲ گران شد",
    "arabic-indic digits": f"وزیر می{ZWNJ}گوید قیمت بنزین ٥٠ درصد در سال ١٤٠٢ گران شد",
    "ascii digits": f"وزیر می{ZWNJ}گوید قیمت بنزین 50 درصد در سال 1402 گران شد",
    "diacritics": f"وزیرْ می{ZWNJ}گُوید قیمتِ بنزین ۵۰ درصد در سالِ ۱۴۰۲ گران شد.",
    "all at once": "وزير مي گويد قيمتِ بنزين 50 درصد در سال ١٤٠٢ گران شد",
}


@pytest.mark.parametrize("spelling", LABEL_SPELLINGS.values(), ids=LABEL_SPELLINGS.keys())
def test_a_rating_label_has_one_key_however_it_is_typed_and_it_is_the_search_folding(spelling):
    # A one-word label: its key is exactly what search stores and compares for the properly written word.
    assert rating_label_key(spelling) == fold_text(LABEL) == "گمراهکننده"


@pytest.mark.parametrize("spelling", TIP_SPELLINGS.values(), ids=TIP_SPELLINGS.keys())
def test_a_tip_has_one_fingerprint_however_it_is_typed(spelling):
    assert fold_key(spelling) == fold_key(TIP)
    assert tip_fingerprint(spelling) == hashlib.sha256(fold_key(TIP).encode()).hexdigest()


@pytest.mark.parametrize("text", [*LABEL_SPELLINGS.values(), *TIP_SPELLINGS.values(), "Pants on Fire!"])
def test_both_apps_key_a_text_alike_and_only_spacing_and_punctuation_separate_the_key_from_search(text):
    assert tip_fingerprint(text) == hashlib.sha256(rating_label_key(text).encode()).hexdigest()
    # Search's folding of the text, with its spaces and punctuation taken out, is the key's, likewise taken out.
    searched = fold_text(text)
    assert _letters_and_digits(fold_key(text)) == _letters_and_digits(searched)
    assert fold_key(searched) == fold_key(text)


# "50% false", in each digit script, with the Arabic or the ASCII percent sign, with a diacritic.
DIGIT_SPELLINGS = ["۵۰٪ نادرست", "٥٠٪ نادرست", "50% نادرست", "50 ٪ نادرستْ"]


@pytest.mark.parametrize("spelling", DIGIT_SPELLINGS)
def test_a_label_or_tip_with_digits_has_one_key_in_any_digit_script(spelling):
    assert rating_label_key(spelling) == "50 نادرست"
    assert tip_fingerprint(spelling) == hashlib.sha256("50 نادرست".encode()).hexdigest()


def test_the_key_keeps_latin_words_apart_and_drops_number_and_word_separators():
    assert rating_label_key("PANTS-on-fire!") == "pants on fire"
    assert fold_key("The mayor's 5,000 runners") == fold_key("the mayors 5000 runners") == "the mayors 5000 runners"
    assert fold_key("۵٬۰۰۰ دونده") == fold_key("5000 دونده") == "5000 دونده"
    assert fold_key("…!؟") == ""


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", LABEL_SPELLINGS.values(), ids=LABEL_SPELLINGS.keys())
def test_a_mapped_label_is_found_however_an_import_spells_it(spelling):
    # Seeded by interop/0002 as "گمراه‌کننده" → mostly-false.
    assert RatingMapping.objects.rating_for(spelling) == rating("mostly-false")


@pytest.mark.django_db
def test_tips_typed_every_way_are_grouped_under_the_first():
    first, *others = (tip_submit(text=spelling) for spelling in TIP_SPELLINGS.values())
    assert first.duplicate_of is None
    assert {tip.duplicate_of_id for tip in others} == {first.pk}


def _letters_and_digits(text: str) -> str:
    return "".join(char for char in text if char.isalnum())
