"""The UI speaks Dutch: the catalogue is complete, compiled, and used when the browser asks for it.

Test settings use English (LANGUAGE_CODE = "en") so that other tests read the source strings;
these tests ask for Dutch the way a browser does, with an Accept-Language header.
"""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from schakel.intake.models import SignalCategory

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "nl" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdi]|%[sdi]|</?\w+[^>]*>")


def _unquote(line: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], line.strip()[1:-1])


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: context, id, plural, translations by index, flags."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"ctx": None, "id": None, "plural": None, "str": {}, "flags": set()}
        field = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if isinstance(field, int):
                    entry["str"][field] += _unquote(line)
                else:
                    entry[field] += _unquote(line)
            else:
                keyword, _, value = line.partition(" ")
                match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
                if match:
                    field = int(match.group(1) or 0)
                    entry["str"][field] = _unquote(value)
                else:
                    field = {"msgctxt": "ctx", "msgid": "id", "msgid_plural": "plural"}[keyword]
                    entry[field] = _unquote(value)
        if entry["id"] and not entry.get("obsolete"):  # skip the header and obsolete entries
            entries.append(entry)
    return entries


def _label(entry: dict) -> str:
    return f"{entry['ctx']}|{entry['id']}" if entry["ctx"] else entry["id"]


def test_dutch_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = read_po(PO_FILE)
    assert len(entries) > 100
    untranslated = [
        _label(e)
        for e in entries
        if "fuzzy" in e["flags"] or not e["str"] or not all(e["str"].values())
    ]
    assert untranslated == [], (
        "Translate these strings in src/schakel/locale/nl/LC_MESSAGES/django.po "
        "and run compilemessages"
    )


def test_dutch_translations_keep_every_placeholder_and_tag():
    broken = []
    for entry in read_po(PO_FILE):
        for index, translation_text in entry["str"].items():
            source = entry["plural"] if index and entry["plural"] else entry["id"]
            if sorted(_PLACEHOLDER.findall(translation_text)) != sorted(
                _PLACEHOLDER.findall(source)
            ):
                broken.append(_label(entry))
    assert broken == []


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo is what Django reads: it must hold every translation of the .po."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in read_po(PO_FILE):
        msgid = f"{entry['ctx']}\x04{entry['id']}" if entry["ctx"] else entry["id"]
        if entry["plural"] is None:
            found = compiled.gettext(msgid)
            if found != entry["str"][0]:
                stale.append(_label(entry))
        else:
            for n, index in ((1, 0), (2, 1)):
                if compiled.ngettext(msgid, entry["plural"], n) != entry["str"][index]:
                    stale.append(_label(entry))
    assert stale == [], "Run compilemessages: the .mo is older than the .po"


def test_login_page_is_dutch_when_the_browser_asks_for_dutch(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Inloggen" in content
    assert "Log in with the account of your organisation." not in content
    assert 'lang="nl"' in content


def test_login_page_is_english_when_the_browser_asks_for_english(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Log in with the account of your organisation." in response.content.decode()


def test_dashboard_of_a_regisseur_is_dutch(client_for, regisseur):
    client = client_for(regisseur)
    response = client.get(reverse("dashboard:home"), HTTP_ACCEPT_LANGUAGE="nl")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Casussen" in content
    assert "Signalen" in content
    assert "Uitloggen" in content
    assert "Signals waiting for triage" not in content


def test_invalid_bsn_error_mentions_the_11_proef(client_for, politie, regisseur):
    client = client_for(politie)
    response = client.post(
        reverse("intake:create"),
        {
            "category": SignalCategory.objects.first().pk,
            "urgency": "high",
            "description": "Bewoner bedreigt buren.",
            "data_category": "general",
            "receiving_organisation": regisseur.organisation.pk,
            "person-bsn": "123456789",
            "person-given_names": "Piet",
            "person-surname": "Verzonnen",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dit BSN voldoet niet aan de 11-proef." in content


def test_domain_words_are_translated():
    with translation.override("nl"):
        assert translation.gettext("Case conference") == "Casusoverleg"
        assert translation.gettext("Action plan") == "Plan van aanpak"
        assert translation.pgettext("button", "Open case") == "Casus openen"
        assert translation.ngettext("%(counter)s signal", "%(counter)s signals", 2) == (
            "%(counter)s signalen"
        )
