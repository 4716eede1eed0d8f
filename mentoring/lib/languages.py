"""The site's languages (settings.LANGUAGES): the one check of a stored language code, and
writing in the reader's language what it writes its own way: text kept in both languages with the
data, counts, lists and dates."""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext


def language_or_sites(code: str | None) -> str:
    """The language code if the site speaks it, else the site's: a person's stored choice
    may name a language since taken off `LANGUAGES`, or none."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def in_reader_language(english: str, french: str) -> str:
    """Text kept in both languages with the data (the kick-starter bank): the French when the
    active language is French and the row has it, else the English."""
    return french if french and translation.get_language().startswith("fr") else english


def grouped(number: int) -> str:
    """A count with its thousands grouped as the reader's language writes them: 5,000; 5 000.
    (Django's `number_format` groups by the locale's format, which for en-CA is 5 000 too.)"""
    return f"{number:,}".replace(",", pgettext("thousands separator", ","))


def joined(parts) -> str:
    """Items one after the other in the reader's punctuation: "a; b" in English, "a ; b" (with a
    no-break space) in French."""
    return gettext("; ").join(parts)


def short_date(day: datetime.date) -> str:
    """A date as pages write it in a sentence ("Jan 5, 2026"), in the reader's language."""
    return date_format(day, gettext("M j, Y"))
