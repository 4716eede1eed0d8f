"""The site's languages (settings.LANGUAGES): the one check of a stored language code."""

from django.conf import settings


def language_or_sites(code: str | None) -> str:
    """The language code if the site speaks it, else the site's: a person's stored choice
    may name a language since taken off `LANGUAGES`, or none."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
