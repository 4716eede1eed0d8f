"""What the export is made of: records, and the two writers that put them on paper.

A record is one thing the person wrote or may read: its ids and dates (`facts`) and its text
under the toolkit's own question (`fields`). The builder hands each record to both writers as
it reads it from the database, so neither the data nor either document is ever held whole:
`JsonWriter` writes data.json straight into its zip entry, `HtmlWriter` writes index.html to a
temporary file in pieces (a zip takes one open entry at a time).
"""

import contextlib
import datetime
import json
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The facts' names in the person's language, for index.html (data.json keeps the names).
FACT_LABELS = {
    "acknowledged_at": _("Acknowledged at"),
    "acknowledged_by": _("Acknowledged by"),
    "action": _("Action"),
    "answered_at": _("Answered at"),
    "answered_by": _("Answered by"),
    "at": _("At"),
    "author": _("Author"),
    "by": _("By"),
    "completed_at": _("Completed at"),
    "created_at": _("Created at"),
    "date_joined": _("Date joined"),
    "detail": _("Detail"),
    "ended_at": _("Ended at"),
    "goal": _("Goal"),
    "in_effect_at": _("In effect at"),
    "ip_address": _("Ip address"),
    "item": _("Item"),
    "joined_at": _("Joined at"),
    "length_minutes": _("Length minutes"),
    "mentee": _("Mentee"),
    "mentor": _("Mentor"),
    "mode": _("Mode"),
    "number": _("Number"),
    "outcome": _("Outcome"),
    "partner": _("Partner"),
    "phase": _("Phase"),
    "program": _("Program"),
    "proposed_at": _("Proposed at"),
    "proposed_by": _("Proposed by"),
    "reason": _("Reason"),
    "responded_at": _("Responded at"),
    "role": _("Role"),
    "sent_at": _("Sent at"),
    "shared_at": _("Shared at"),
    "started_at": _("Started at"),
    "starts_at": _("Starts at"),
    "status": _("Status"),
    "updated_at": _("Updated at"),
    "your_role": _("Your role"),
}


@dataclass
class Record:
    title: str
    facts: dict = field(default_factory=dict)  # machine name -> id, date, status, name
    fields: list = field(default_factory=list)  # (machine name, question, the text)


def answers(obj, names, labels: dict | None = None) -> list[tuple[str, str, object]]:
    """(name, the field's question, its value) for each name, as the model labels them."""
    labels = labels or {}
    return [
        (
            name,
            str(labels.get(name) or capfirst(obj._meta.get_field(name).verbose_name)),
            getattr(obj, name),
        )
        for name in names
    ]


def plain(value, zone):
    """A value as JSON holds it: dates in ISO 8601 (times in the person's zone), yes/no."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, zone).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def readable(value, zone) -> str:
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value, zone), gettext("F j, Y, g:i A"))
    if isinstance(value, datetime.date):
        return date_format(value, gettext("F j, Y"))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return "" if value is None else str(value)


def multiline(text: str) -> str:
    """Escaped, its line breaks kept."""
    return "<br>".join(escape(line) for line in text.replace("\r\n", "\n").split("\n"))


def fact_label(name: str) -> str:
    return str(FACT_LABELS.get(name) or name.replace("_", " ").capitalize())


class JsonWriter:
    """data.json: {"format", "person", "created_at", "categories": {key: {"label", "records":
    [...]}}}; a record with parts carries them as "parts": {key: {"label", "records"}}."""

    def __init__(self, stream, zone):
        self.stream, self.zone = stream, zone
        self.commas = []  # per open container: whether an item was written in it

    def _item(self):
        if self.commas[-1]:
            self.stream.write(",")
        self.commas[-1] = True

    def _dumps(self, value) -> str:
        # Labels may be lazy translations: written as the text they are in the active language.
        return json.dumps(value, ensure_ascii=False, default=str)

    def begin(self, header: dict):
        head = self._dumps({key: plain(value, self.zone) for key, value in header.items()})
        self.stream.write(head[:-1] + ', "categories": {')
        self.commas.append(False)

    def end(self):
        self.commas.pop()
        self.stream.write("}}\n")

    @contextlib.contextmanager
    def group(self, key: str, label: str):
        self._item()
        self.stream.write(f'{self._dumps(key)}: {{"label": {self._dumps(label)}, "records": [')
        self.commas.append(False)
        yield
        self.commas.pop()
        self.stream.write("]}")

    def _object(self, record: Record) -> dict:
        data = {key: plain(value, self.zone) for key, value in record.facts.items()}
        data["fields"] = {
            name: {"label": label, "value": plain(value, self.zone)}
            for name, label, value in record.fields
        }
        return data

    def record(self, record: Record):
        self._item()
        self.stream.write(self._dumps(self._object(record)))

    @contextlib.contextmanager
    def record_with_parts(self, record: Record):
        self._item()
        self.stream.write(self._dumps(self._object(record))[:-1] + ', "parts": {')
        self.commas.append(False)
        yield
        self.commas.pop()
        self.stream.write("}}")


STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 50rem; margin: 2rem auto;
  padding: 0 1rem; color: #212529; }
h1 { font-size: 1.75rem; }
h2 { font-size: 1.4rem; border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; } h4 { font-size: 1rem; margin-top: 1.25rem; }
h5 { font-size: 0.95rem; }
article { margin: 0.75rem 0 1rem; } .parts { margin-left: 1rem; }
.facts { color: #555; font-size: 0.9rem; margin: 0.25rem 0; }
dt { font-weight: 600; margin-top: 0.5rem; } dd { margin: 0 0 0 1rem; overflow-wrap: anywhere; }
.empty { color: #666; font-style: italic; }
"""


class HtmlWriter:
    """index.html: one heading per category, a record's questions as labels; self-contained
    (its style inline, nothing fetched), every text the person typed escaped."""

    def __init__(self, stream, zone):
        self.stream, self.zone = stream, zone
        self.level = 2
        self.counts = []  # records written in each open group, to say when one is empty

    def begin(self, header: dict):
        title = escape(header["title"])
        self.stream.write(
            f'<!DOCTYPE html>\n<html lang="{escape(translation.get_language())}"><head>'
            '<meta charset="utf-8">'
            f"<title>{title}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n"
            f"<p>{escape(header['intro'])}</p>\n"
        )

    def end(self):
        self.stream.write("</body></html>\n")

    def _heading(self, level: int, text: str):
        level = min(level, 6)
        self.stream.write(f"<h{level}>{escape(text)}</h{level}>\n")

    @contextlib.contextmanager
    def group(self, key: str, label: str):
        self.stream.write(f'<section id="{escape(key)}">')
        self._heading(self.level, label)
        self.level += 1
        self.counts.append(0)
        yield
        if not self.counts.pop():
            empty = escape(gettext("Nothing here."))
            self.stream.write(f'<p class="empty">{empty}</p>\n')
        self.level -= 1
        self.stream.write("</section>\n")

    def _record_body(self, record: Record):
        self._heading(self.level, record.title)
        facts = [
            escape(
                gettext("%(label)s: %(value)s")
                % {"label": fact_label(name), "value": readable(value, self.zone)}
            )
            for name, value in record.facts.items()
            if value not in (None, "") and not name.endswith("id")
        ]
        if facts:
            self.stream.write(f'<p class="facts">{" · ".join(facts)}</p>\n')
        if record.fields:
            self.stream.write("<dl>")
            for _, label, value in record.fields:
                text = readable(value, self.zone)
                blank = escape(gettext("(blank)"))
                shown = multiline(text) if text else f'<span class="empty">{blank}</span>'
                self.stream.write(f"<dt>{escape(label)}</dt><dd>{shown}</dd>")
            self.stream.write("</dl>\n")

    def record(self, record: Record):
        self.counts[-1] += 1
        self.stream.write("<article>")
        self._record_body(record)
        self.stream.write("</article>\n")

    @contextlib.contextmanager
    def record_with_parts(self, record: Record):
        self.counts[-1] += 1
        self.stream.write("<article>")
        self._record_body(record)
        self.stream.write('<div class="parts">')
        self.level += 1
        yield
        self.level -= 1
        self.stream.write("</div></article>\n")


class Both:
    """Hands everything to each writer in turn."""

    def __init__(self, *writers):
        self.writers = writers

    def begin(self, header):
        for writer in self.writers:
            writer.begin(header)

    def end(self):
        for writer in self.writers:
            writer.end()

    def record(self, record):
        for writer in self.writers:
            writer.record(record)

    @contextlib.contextmanager
    def group(self, key, label):
        with contextlib.ExitStack() as stack:
            for writer in self.writers:
                stack.enter_context(writer.group(key, label))
            yield

    @contextlib.contextmanager
    def record_with_parts(self, record):
        with contextlib.ExitStack() as stack:
            for writer in self.writers:
                stack.enter_context(writer.record_with_parts(record))
            yield
