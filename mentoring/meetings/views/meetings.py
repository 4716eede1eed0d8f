"""The pair's meetings: the list, scheduling, logging one already held, rescheduling, the
meeting page with its agenda and shared notes, and marking a meeting held or cancelled."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.meetings import services, wording
from mentoring.meetings.access import (
    get_agenda_meeting_for_mentee,
    get_meeting_for_member,
    get_own_reflection,
    get_partner_reflection,
    get_rw_meeting_for_member,
)
from mentoring.meetings.forms import AgendaForm, MeetingForm, NotesForm, PastMeetingForm
from mentoring.meetings.models import AGENDA_GUIDANCE, Meeting
from mentoring.programs.access import get_mentorship_for_member, get_rw_mentorship_for_member
from mentoring.programs.models import Participant, Phase

MEETINGS_PER_PAGE = 10


def _day(meeting) -> str:
    """The meeting's day in a message ("March 5"), in the viewer's time zone."""
    return date_format(timezone.localtime(meeting.starts_at), gettext("F j"))


@login_required
def meetings(request, pk):
    mentorship, can_edit = get_mentorship_for_member(request.user, pk)
    listed = (
        Meeting.objects.for_mentorship(mentorship)
        .annotate(agenda_count=Count("agenda_items"))
        .upcoming_first()
    )
    page = Paginator(listed, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "mentorship": mentorship,
        "page": page,
        "may_schedule": can_edit and mentorship.phase == Phase.ENABLING,
    }
    return render(request, "meetings/meetings.html", context)


@login_required
def schedule(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    if mentorship.phase != Phase.ENABLING:
        messages.info(request, wording.SCHEDULED_IN_ENABLING)
        return redirect("meetings:meetings", pk)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial=services.meeting_defaults(mentorship),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(
                mentorship=mentorship, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.MeetingError as error:
            messages.error(request, str(error))
            return redirect("meetings:meetings", pk)
        else:
            text = gettext(
                "The meeting on %(date)s is scheduled; %(partner)s has been told by email."
            )
            messages.success(
                request,
                text % {"date": _day(meeting), "partner": mentorship.partner_of(request.user)},
            )
            return redirect(meeting)
    context = {"mentorship": mentorship, "form": form, "from_cadence": bool(form.initial)}
    return render(request, "meetings/schedule.html", context)


@login_required
def log_meeting(request, pk):
    """A meeting that already happened, recorded as held."""
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    if mentorship.phase != Phase.ENABLING:
        messages.info(request, wording.LOGGED_IN_ENABLING)
        return redirect("meetings:meetings", pk)
    initial = services.meeting_defaults(mentorship)
    initial.pop("starts_at", None)  # the cadence's next date is to come, not past
    form = PastMeetingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.log_past_meeting(
                mentorship=mentorship, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.MeetingError as error:
            messages.error(request, str(error))
            return redirect("meetings:meetings", pk)
        else:
            text = gettext(
                "Your meeting of %(date)s is logged as held. Take a moment for your 3-2-1 "
                "reflection."
            )
            messages.success(request, text % {"date": _day(meeting)})
            return redirect(meeting)
    context = {"mentorship": mentorship, "form": form}
    status = 400 if form.errors else 200
    return render(request, "meetings/log_meeting.html", context, status=status)


@login_required
def reschedule(request, pk, meeting_id):
    meeting = get_rw_meeting_for_member(request.user, pk, meeting_id)
    if not meeting.is_scheduled:
        messages.info(request, wording.no_longer_changed(meeting))
        return redirect(meeting)
    initial = {
        "starts_at": timezone.localtime(meeting.starts_at),
        "length_minutes": meeting.length_minutes,
        "mode": meeting.mode,
        "place": meeting.place,
    }
    form = MeetingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.reschedule_meeting(
                meeting=meeting, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.MeetingError as error:
            messages.error(request, str(error))
            return redirect(meeting)
        else:
            if changed:
                partner = meeting.mentorship.partner_of(request.user)
                text = gettext(
                    "The meeting is changed; %(partner)s has been told by email. Calendars "
                    "update from the new .ics."
                )
                messages.success(request, text % {"partner": partner})
            else:
                messages.info(request, wording.NOTHING_CHANGED)
            return redirect(meeting)
    context = {
        "mentorship": meeting.mentorship,
        "meeting": meeting,
        "form": form,
        "partner": meeting.mentorship.partner_of(request.user),
    }
    status = 400 if form.errors else 200
    return render(request, "meetings/reschedule.html", context, status=status)


def _meeting_page(request, meeting, can_edit, *, agenda_form=None, notes_form=None, **extra):
    mentorship = meeting.mentorship
    is_mentee = mentorship.role_of(request.user) == Participant.Role.MENTEE
    agenda_items = list(
        meeting.agenda_items.select_related("question__category").order_by("position")
    )
    may_prepare = can_edit and is_mentee and meeting.is_scheduled
    may_write_notes = can_edit and not meeting.is_cancelled
    context = {
        "mentorship": mentorship,
        "meeting": meeting,
        "can_edit": can_edit,
        "is_mentee": is_mentee,
        "partner": mentorship.partner_of(request.user),
        "agenda_items": agenda_items,
        "agenda_guidance": gettext(AGENDA_GUIDANCE),
        "may_prepare": may_prepare,
        "agenda_form": (agenda_form or AgendaForm(instance=meeting)) if may_prepare else None,
        "notes_form": (notes_form or NotesForm(instance=meeting)) if may_write_notes else None,
        "own_reflection": get_own_reflection(request.user, meeting),
        "partner_reflection": get_partner_reflection(request.user, meeting),
        **extra,
    }
    status = 400 if any(form and form.errors for form in (agenda_form, notes_form)) else 200
    if extra.get("conflict"):
        status = 409
    return render(request, "meetings/meeting.html", context, status=status)


@login_required
def meeting(request, pk, meeting_id):
    meeting, can_edit = get_meeting_for_member(request.user, pk, meeting_id)
    return _meeting_page(request, meeting, can_edit)


@login_required
@require_POST
def save_agenda(request, pk, meeting_id):
    meeting = get_agenda_meeting_for_mentee(request.user, pk, meeting_id)
    form = AgendaForm(request.POST, instance=Meeting(agenda=meeting.agenda))
    if not form.is_valid():
        return _meeting_page(request, meeting, True, agenda_form=form)
    try:
        changed = services.save_agenda(
            meeting=meeting, user=request.user, agenda=form.cleaned_data["agenda"]
        )
    except services.MeetingError as error:
        messages.error(request, str(error))
    else:
        if changed:
            text = gettext("Your discussion points are saved; %(mentor)s sees them.")
            messages.success(request, text % {"mentor": meeting.mentorship.mentor})
        else:
            messages.info(request, wording.NOTHING_CHANGED)
    return redirect(meeting)


@login_required
@require_POST
def save_notes(request, pk, meeting_id):
    meeting = get_rw_meeting_for_member(request.user, pk, meeting_id)
    form = NotesForm(request.POST, instance=Meeting(notes=meeting.notes))
    if not form.is_valid():
        return _meeting_page(request, meeting, True, notes_form=form)
    try:
        changed = services.save_notes(
            meeting=meeting,
            user=request.user,
            notes=form.cleaned_data["notes"],
            revision=form.cleaned_data["revision"],
        )
    except services.NotesConflict as conflict:
        # Their saved text is shown beside the typed one, which stays in the box; saving again
        # (now against the latest revision) keeps whatever the person merged.
        current = conflict.meeting
        data = request.POST.copy()
        data["revision"] = current.notes_revision
        form = NotesForm(data, instance=Meeting())
        form.is_valid()
        return _meeting_page(request, current, True, notes_form=form, conflict=current)
    except services.MeetingError as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(request, gettext("The shared notes are saved."))
        else:
            messages.info(request, wording.NOTHING_CHANGED)
    return redirect(meeting)


@login_required
@require_POST
def mark_held(request, pk, meeting_id):
    meeting = get_rw_meeting_for_member(request.user, pk, meeting_id)
    try:
        services.mark_held(meeting=meeting, user=request.user)
    except services.MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            gettext("The meeting is marked held. Take a moment for your 3-2-1 reflection."),
        )
    return redirect(meeting)


@login_required
@require_POST
def cancel(request, pk, meeting_id):
    meeting = get_rw_meeting_for_member(request.user, pk, meeting_id)
    try:
        services.cancel(meeting=meeting, user=request.user)
    except services.MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("The meeting is cancelled."))
    return redirect(meeting)
