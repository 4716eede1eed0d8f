"""A pair's meetings, each with its agenda and the 3-2-1 reflections the person may read.

Thousands of meetings stay cheap: three streams per pair, each one query read in chunks and in
the same order (meeting time, then id), walked side by side; nothing is prefetched per chunk.
"""

from django.utils.translation import gettext

from mentoring.meetings.models import AgendaQuestion, Meeting, Reflection
from mentoring.privacy.export.records import Record, answers

CHUNK = 500


class Alongside:
    """Rows of a second stream, sorted like the first, taken for one key after another."""

    def __init__(self, rows, key):
        self.rows, self.key = iter(rows), key
        self.next = next(self.rows, None)

    def take(self, value) -> list:
        taken = []
        while self.next is not None and self.key(self.next) == value:
            taken.append(self.next)
            self.next = next(self.rows, None)
        return taken


def readable_reflections(user, mentorship):
    """The person's own reflections, shared or not, and the partner's once shared: the
    meetings app's rule (`Reflection.objects.shared()`)."""
    mine = Reflection.objects.filter(author=user)
    shared = Reflection.objects.shared()
    return (mine | shared).filter(meeting__mentorship=mentorship)


def reflection_record(reflection: Reflection, user) -> Record:
    labels = {
        name: f"{question} ({reflection._meta.get_field(name).verbose_name})"
        if len(names) > 1
        else question
        for question, names in Reflection.QUESTIONS
        for name in names
    }
    if reflection.author_id == user.pk:
        title = gettext("Your 3-2-1 reflection")
    else:
        title = gettext("%(name)s's 3-2-1 reflection") % {"name": reflection.author.display_name}
    return Record(
        title=title,
        facts={
            "id": reflection.pk,
            "author": reflection.author.display_name,
            "shared_at": reflection.shared_at,
            "updated_at": reflection.updated_at,
        },
        fields=answers(reflection, Reflection.ANSWERS, labels),
    )


def meetings(writer, user, mentorship):
    order = ("starts_at", "pk")
    rows = Meeting.objects.for_mentorship(mentorship).order_by(*order)
    agenda = Alongside(
        AgendaQuestion.objects.filter(meeting__mentorship=mentorship)
        .select_related("question")
        .order_by("meeting__starts_at", "meeting_id", "position")
        .iterator(chunk_size=CHUNK),
        key=lambda item: item.meeting_id,
    )
    reflections = Alongside(
        readable_reflections(user, mentorship)
        .select_related("author")
        .order_by("meeting__starts_at", "meeting_id", "author_id")
        .iterator(chunk_size=CHUNK),
        key=lambda reflection: reflection.meeting_id,
    )
    with writer.group("meetings", gettext("Meetings")):
        for meeting in rows.iterator(chunk_size=CHUNK):
            questions = [
                (
                    f"agenda_question_{item.position}",
                    gettext("Kick-starter question"),
                    item.question.translated_text,
                )
                for item in agenda.take(meeting.pk)
            ]
            record = Record(
                title=gettext("Meeting on %(day)s") % {"day": f"{meeting.starts_at:%Y-%m-%d}"},
                facts={
                    "id": meeting.pk,
                    "starts_at": meeting.starts_at,
                    "length_minutes": meeting.length_minutes,
                    "mode": meeting.get_mode_display(),
                    "status": meeting.get_status_display(),
                },
                fields=answers(meeting, ["place", "agenda"])
                + questions
                + answers(meeting, ["notes"]),
            )
            mine = reflections.take(meeting.pk)
            if not mine:
                writer.record(record)
                continue
            with (
                writer.record_with_parts(record),
                writer.group("reflections", gettext("3-2-1 reflections")),
            ):
                for reflection in mine:
                    writer.record(reflection_record(reflection, user))
