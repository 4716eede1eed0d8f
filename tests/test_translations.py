"""The French catalogue is complete: every message marked for translation in the code and
templates has a French text that is not fuzzy (issue 16). `makemessages` runs as a translator
would, into a copy of the catalogue, which is then counted by `msgfmt --statistics`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import allauth
import pytest
from django.conf import settings

from accounts.allauth_french import REWORDED

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
SOURCES = ["accounts", "mentoring", "templates", "locale", "manage.py"]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    """The catalogue as `makemessages` leaves it after scanning the project now: run in a
    copy of the sources, as makemessages writes to the `locale` directory it finds."""
    copy = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "-v0"],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        check=True,
    )
    return copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def statistics(catalogue: Path) -> str:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr


def test_every_marked_message_has_its_french(refreshed):
    counts = statistics(refreshed)
    assert "untranslated" not in counts, counts
    assert "fuzzy" not in counts, counts


def messages(path: Path) -> set[str]:
    """Every message id of a catalogue, whole (a long one spans several quoted lines)."""
    found, current = set(), None
    for line in path.read_text().splitlines():
        if line.startswith("msgid "):
            current = line[len("msgid ") :].strip('"')
        elif line.startswith('"') and current is not None:
            current += line.strip('"')
        else:
            if current:
                found.add(current)
            current = None
    return found


def test_the_committed_catalogue_is_the_refreshed_one(refreshed):
    """Nothing marked in the code is missing from the committed file (run makemessages)."""
    assert messages(refreshed) == messages(CATALOGUE)


def test_the_allauth_messages_we_reword_are_still_allauths():
    """accounts/allauth_french.py gives some of django-allauth's messages our French
    (« courriel »): each must still be, word for word, a message of the allauth installed, or
    ours would never be asked for."""
    catalogue = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    theirs = {message.replace('\\"', '"') for message in messages(catalogue)}
    assert REWORDED and not [message for message in REWORDED if message not in theirs]


def test_our_french_wins_over_allauths(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-ca"
    page = client.get("/accounts/password/reset/").text
    assert "Indiquez votre adresse courriel ci-dessous" in page and "e-mail" not in page
