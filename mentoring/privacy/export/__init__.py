"""The person's copy of their data, as a ZIP: data.json for machines, index.html for people.

The categories are the issue's list: everything this person wrote, or that was written about
them, that they may read; never what a partner kept private. Each part asks the owning app's
rule (person.py, pairs.py, meetings.py). Memory stays bounded whatever the history: rows are
read in chunks and written at once to both documents (records.py). Its headings and labels
are in the person's language (their profile's, or the site's): the worker that builds it has
no request to take one from.
"""

import io
import shutil
import tempfile
import zipfile

from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User, zone_or_sites
from mentoring.lib.languages import language_or_sites
from mentoring.privacy.export import pairs, person
from mentoring.privacy.export.records import Both, HtmlWriter, JsonWriter

FORMAT = "mentoring-toolkit-data-export"
FORMAT_VERSION = 1

PARTS = [
    person.profile,
    person.self_reflection,
    person.candidate_notes,
    person.mentor_requests,
    person.programs,
    pairs.pairs,
    person.access_log,
]


def write_archive(user: User, target) -> None:
    """Write the person's ZIP into `target`, a binary file open for writing."""
    with translation.override(language_or_sites(user.language)):
        _write_archive(user, target)


def _write_archive(user: User, target) -> None:
    zone = zone_or_sites(user.time_zone)
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "title": gettext("Your data in the Mentoring Toolkit: %(name)s")
        % {"name": user.display_name},
        "intro": gettext(
            "Everything you wrote in the toolkit, and what was written about you that you may "
            "read, as it stood when this copy was made. Times are in your time zone, "
            "%(zone)s. data.json, beside this file, holds the same for other programs to read."
        )
        % {"zone": zone},
        "person_id": user.pk,
        "email": user.email,
        "created_at": timezone.now(),
        "time_zone": str(zone),
    }
    with (
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        tempfile.TemporaryFile() as html_file,
    ):
        html = io.TextIOWrapper(html_file, encoding="utf-8")
        with io.TextIOWrapper(archive.open("data.json", "w"), encoding="utf-8") as data:
            writer = Both(JsonWriter(data, zone), HtmlWriter(html, zone))
            writer.begin(header)
            for part in PARTS:
                part(writer, user)
            writer.end()
        html.flush()
        html.detach()
        html_file.seek(0)
        with archive.open("index.html", "w") as entry:
            shutil.copyfileobj(html_file, entry)
