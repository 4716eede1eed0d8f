"""Workflows of the pair's meetings: scheduling, the agenda, notes, held or cancelled,
3-2-1 reflections and calendar feeds. Each validates, then saves inside a transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import User, zone_or_sites
from mentoring.agreements.models import AgreementVersion
from mentoring.lib.email import send_templated_email
from mentoring.meetings import wording
from mentoring.meetings.models import (
    AgendaQuestion,
    CalendarFeed,
    KickStarterQuestion,
    Meeting,
    Reflection,
    hash_feed_token,
)
from mentoring.programs.models import Mentorship, Participant, Phase


class MeetingError(Exception):
    """An action that cannot happen as asked; the message says why, in plain words."""


class NotesConflict(Exception):
    """The partner saved the notes since the form was opened; nothing was saved."""

    def __init__(self, meeting: Meeting):
        super().__init__("The notes changed since you opened them.")
        self.meeting = meeting


def meeting_defaults(mentorship: Mentorship) -> dict:
    """Initial values for a new meeting: the agreed length, mode and place, and, when the pair
    meet regularly, the next date in their rhythm at the time of their last meeting."""
    # The version in effect without its goals: only its cadence counts here.
    version = AgreementVersion.objects.for_mentorship(mentorship).in_effect().first()
    if version is None:
        return {}
    initial = {
        "length_minutes": version.meeting_length_minutes,
        "mode": version.meeting_mode,
        "place": version.meeting_place,
    }
    last = (
        Meeting.objects.for_mentorship(mentorship).exclude(status=Meeting.Status.CANCELLED).last()
    )
    interval = version.meeting_interval_days()
    if last and interval:
        starts_at = last.starts_at + datetime.timedelta(days=interval)
        if starts_at > timezone.now():
            initial["starts_at"] = timezone.localtime(starts_at)
    return {name: value for name, value in initial.items() if value not in (None, "")}


def _require_member(mentorship: Mentorship, user: User) -> None:
    if not mentorship.has_member(user):
        raise MeetingError(gettext("Only the mentee and mentor take part in their meetings."))
    if not mentorship.is_open:
        raise MeetingError(str(wording.READ_ONLY))


def _validate_field(meeting: Meeting, name: str) -> None:
    meeting.clean_fields(
        exclude=[field.name for field in Meeting._meta.fields if field.name != name]
    )


def _locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked and fresh, so two requests cannot both change it."""
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    fresh.mentorship = meeting.mentorship
    return fresh


@transaction.atomic
def schedule_meeting(
    *,
    mentorship: Mentorship,
    user: User,
    starts_at: datetime.datetime,
    length_minutes: int,
    mode: str,
    place: str,
) -> Meeting:
    _require_member(mentorship, user)
    if mentorship.phase != Phase.ENABLING:
        raise MeetingError(str(wording.SCHEDULED_IN_ENABLING))
    _require_future(starts_at)
    _refuse_a_second_meeting_at(mentorship, starts_at)
    meeting = Meeting(
        mentorship=mentorship,
        starts_at=starts_at,
        length_minutes=length_minutes,
        mode=mode,
        place=place,
        scheduled_by=user,
    )
    meeting.full_clean()
    meeting.save()
    _tell_partner("meetings/email/scheduled", meeting, user)
    return meeting


def _refuse_a_second_meeting_at(mentorship: Mentorship, starts_at: datetime.datetime) -> None:
    # The pair's row is locked so a double submit cannot slip a second meeting in beside it.
    Mentorship.objects.select_for_update().filter(pk=mentorship.pk).first()
    same_time = Meeting.objects.for_mentorship(mentorship).filter(starts_at=starts_at)
    if same_time.exclude(status=Meeting.Status.CANCELLED).exists():
        raise ValidationError(
            {"starts_at": gettext("You already have a meeting at this time (sent twice?).")}
        )


@transaction.atomic
def log_past_meeting(
    *,
    mentorship: Mentorship,
    user: User,
    starts_at: datetime.datetime,
    length_minutes: int,
    mode: str,
    place: str,
) -> Meeting:
    """Record a meeting that already happened, as held: it counts as held everywhere, and
    each member may write their 3-2-1 reflection on it."""
    _require_member(mentorship, user)
    if mentorship.phase != Phase.ENABLING:
        raise MeetingError(str(wording.LOGGED_IN_ENABLING))
    if starts_at > timezone.now():
        raise ValidationError(
            {
                "starts_at": gettext(
                    "This time is still to come: a meeting you log as held has already "
                    "happened. Schedule it instead."
                )
            }
        )
    if starts_at < mentorship.started_at:
        began = timezone.localtime(mentorship.started_at)
        raise ValidationError(
            {
                "starts_at": gettext(
                    "This is before your mentorship began, on %(date)s: choose a later date."
                )
                % {"date": date_format(began, gettext("F j, Y"))}
            }
        )
    _refuse_a_second_meeting_at(mentorship, starts_at)
    meeting = Meeting(
        mentorship=mentorship,
        starts_at=starts_at,
        length_minutes=length_minutes,
        mode=mode,
        place=place,
        scheduled_by=user,
        status=Meeting.Status.HELD,
        status_changed_at=timezone.now(),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def _require_future(starts_at: datetime.datetime) -> None:
    if starts_at <= timezone.now():
        raise ValidationError(
            {"starts_at": gettext("This time has already passed: choose a date and time to come.")}
        )


@transaction.atomic
def reschedule_meeting(
    *,
    meeting: Meeting,
    user: User,
    starts_at: datetime.datetime,
    length_minutes: int,
    mode: str,
    place: str,
) -> bool:
    """Move a scheduled meeting or change how it happens; False when nothing changed.

    The calendar sequence grows, so calendar apps that have the meeting replace it, and the
    partner is told by email.
    """
    meeting = _locked(meeting)
    _require_member(meeting.mentorship, user)
    if not meeting.is_scheduled:
        raise MeetingError(wording.no_longer_changed(meeting))
    values = {
        "starts_at": starts_at,
        "length_minutes": length_minutes,
        "mode": mode,
        "place": place,
    }
    changes = {name: value for name, value in values.items() if getattr(meeting, name) != value}
    if not changes:
        return False
    if "starts_at" in changes:
        _require_future(starts_at)
        same_time = Meeting.objects.for_mentorship(meeting.mentorship).filter(starts_at=starts_at)
        if same_time.exclude(status=Meeting.Status.CANCELLED).exclude(pk=meeting.pk).exists():
            raise ValidationError(
                {"starts_at": gettext("You already have another meeting at this time.")}
            )
    moved_from = meeting.starts_at if "starts_at" in changes else None
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.sequence += 1
    meeting.save(update_fields=[*changes, "sequence", "updated_at"])
    # Only that the place changed: the old one is someone's words (often a video link), and
    # an email's task arguments hold no text.
    _tell_partner(
        "meetings/email/rescheduled",
        meeting,
        user,
        moved_from=moved_from,
        place_changed="place" in changes,
    )
    return True


def _tell_partner(template_prefix: str, meeting: Meeting, user: User, **context) -> None:
    partner = meeting.mentorship.partner_of(user)
    send_templated_email(
        template_prefix,
        {
            "meeting": meeting,
            "by": user,
            "partner": partner,
            "partner_zone": zone_or_sites(partner.time_zone),
            **context,
        },
        to=[partner],
    )


def _require_mentee_agenda(meeting: Meeting, user: User) -> None:
    _require_member(meeting.mentorship, user)
    if meeting.mentorship.role_of(user) != Participant.Role.MENTEE:
        raise MeetingError(str(wording.MENTEE_PREPARES))
    if not meeting.is_scheduled:
        raise MeetingError(wording.agenda_final(meeting))


@transaction.atomic
def save_agenda(*, meeting: Meeting, user: User, agenda: str) -> bool:
    """Save the mentee's discussion points; False when nothing changed."""
    meeting = _locked(meeting)
    _require_mentee_agenda(meeting, user)
    if meeting.agenda == agenda:
        return False
    meeting.agenda = agenda
    _validate_field(meeting, "agenda")
    meeting.save(update_fields=["agenda", "updated_at"])
    return True


@transaction.atomic
def add_question(*, meeting: Meeting, user: User, question: KickStarterQuestion) -> AgendaQuestion:
    meeting = _locked(meeting)
    _require_mentee_agenda(meeting, user)
    if meeting.agenda_items.filter(question=question).exists():
        raise MeetingError(gettext("This question is already on the agenda."))
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    return AgendaQuestion.objects.create(meeting=meeting, question=question, position=last + 1)


@transaction.atomic
def remove_question(*, meeting: Meeting, user: User, question: KickStarterQuestion) -> None:
    meeting = _locked(meeting)
    _require_mentee_agenda(meeting, user)
    deleted, _ = meeting.agenda_items.filter(question=question).delete()
    if not deleted:
        raise MeetingError(gettext("That question was not on the agenda any more."))


@transaction.atomic
def save_notes(*, meeting: Meeting, user: User, notes: str, revision: int) -> bool:
    """Save the shared notes made against `revision`; False when nothing changed.

    Both people write here, so a save over a newer revision than the one the form was opened
    on would silently lose the other's words: it raises NotesConflict instead.
    """
    meeting = _locked(meeting)
    _require_member(meeting.mentorship, user)
    if meeting.is_cancelled:
        raise MeetingError(gettext("This meeting was cancelled: there are no notes to keep."))
    if meeting.notes == notes:
        return False
    if meeting.notes_revision != revision:
        raise NotesConflict(meeting)
    meeting.notes = notes
    _validate_field(meeting, "notes")
    meeting.notes_revision += 1
    meeting.notes_updated_by = user
    meeting.save(update_fields=["notes", "notes_revision", "notes_updated_by", "updated_at"])
    return True


def _move(meeting: Meeting, user: User, status: Meeting.Status) -> Meeting:
    meeting = _locked(meeting)
    _require_member(meeting.mentorship, user)
    if meeting.status == status:
        raise MeetingError(wording.already_marked(status))
    if not meeting.is_scheduled:
        raise MeetingError(wording.cannot_mark(meeting, status))
    meeting.status = status
    meeting.status_changed_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["status", "status_changed_at", "sequence", "updated_at"])
    return meeting


@transaction.atomic
def mark_held(*, meeting: Meeting, user: User) -> Meeting:
    if meeting.is_scheduled and not meeting.has_started:
        raise MeetingError(
            gettext("This meeting has not started yet: mark it held once you have met.")
        )
    return _move(meeting, user, Meeting.Status.HELD)


@transaction.atomic
def cancel(*, meeting: Meeting, user: User) -> Meeting:
    return _move(meeting, user, Meeting.Status.CANCELLED)


def _require_held(meeting: Meeting) -> None:
    if not meeting.is_held:
        raise MeetingError(wording.not_held_yet(meeting))


@transaction.atomic
def save_meeting_reflection(
    *, meeting: Meeting, user: User, answers: dict[str, str]
) -> Reflection:
    """Create or update the user's own 3-2-1 reflection on a held meeting."""
    _require_member(meeting.mentorship, user)
    _require_held(meeting)
    if not any(answers.get(name, "").strip() for name in Reflection.ANSWERS):
        raise ValidationError(gettext("Write at least one answer."))
    reflection = Reflection.objects.filter(meeting=meeting, author=user).first() or Reflection(
        meeting=meeting, author=user
    )
    for name in Reflection.ANSWERS:
        setattr(reflection, name, answers.get(name, ""))
    reflection.full_clean(exclude=["meeting", "author"])
    try:
        with transaction.atomic():
            reflection.save()
    except IntegrityError:
        # The same person saving twice at once from two tabs: keep the first, say so.
        raise MeetingError(
            gettext("Your reflection was just saved from another window.")
        ) from None
    return reflection


@transaction.atomic
def set_reflection_shared(*, reflection: Reflection, user: User, shared: bool) -> bool:
    """Share the author's reflection with their partner, or take it back; False if no change."""
    if reflection.author_id != user.pk:
        raise MeetingError(gettext("Only its author can share a reflection."))
    _require_member(reflection.meeting.mentorship, user)
    if reflection.is_shared == shared:
        return False
    reflection.shared_at = timezone.now() if shared else None
    reflection.save(update_fields=["shared_at", "updated_at"])
    return True


@transaction.atomic
def renew_calendar_feed(*, user: User) -> str:
    """A new secret feed token for the user; any earlier feed URL stops working at once."""
    token = CalendarFeed.new_token()
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token_hash": hash_feed_token(token), "created_at": timezone.now()},
    )
    return token


def stop_calendar_feed(*, user: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
