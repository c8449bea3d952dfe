"""Every translatable string of ClaimCheck's own code has a Persian translation, and the compiled catalogue is
up to date. Fails with the list of strings to translate: add their Persian to claims/locale/fa/LC_MESSAGES/
django.po, then `make messages`.

makemessages runs on a copy of the claims package in a temporary folder, so the test never writes into the
tracked catalogue.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CLAIMS = Path(settings.BASE_DIR) / "claims"
CATALOGUE = CLAIMS / "locale" / "fa" / "LC_MESSAGES"

pytestmark = pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (apt-get install gettext)")


@pytest.fixture
def catalogue_from_the_code(tmp_path, monkeypatch, settings) -> polib.POFile:
    """The fa catalogue as `make messages` would make it from today's code, merged with today's translations."""
    copy = tmp_path / "claims"
    shutil.copytree(CLAIMS, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fa"], no_obsolete=True, verbosity=0)
    return polib.pofile(str(copy / "locale" / "fa" / "LC_MESSAGES" / "django.po"))


def test_every_translatable_string_has_a_persian_translation(catalogue_from_the_code):
    missing = [entry.msgid for entry in catalogue_from_the_code.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue_from_the_code.fuzzy_entries()]
    assert missing == [], f"{len(missing)} strings without Persian: {missing}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy (unchecked) Persian translations: {fuzzy}"
    assert len(catalogue_from_the_code.translated_entries()) > 200


def test_the_compiled_catalogue_matches_the_translations():
    source = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(CATALOGUE / "django.po"))}
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in polib.mofile(str(CATALOGUE / "django.mo"))}
    stale = [
        msgid
        for (context, msgid), entry in source.items()
        if entry.translated()
        and (compiled.get((context, msgid)) is None or compiled[context, msgid].msgstr != entry.msgstr)
    ]
    assert stale == [], f"django.mo is older than django.po for {stale}: run `make messages`"
