import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from mentoring.meetings import calendar, services
from mentoring.meetings.access import (
    get_agenda_meeting_for_mentee,
    get_feed_owner,
    get_meeting_for_member,
    get_own_reflection,
    get_partner_reflection,
    get_rw_meeting_for_member,
)
from mentoring.meetings.forms import AgendaForm, MeetingForm, NotesForm, ReflectionForm
from mentoring.meetings.models import (
    AGENDA_GUIDANCE,
    KICK_STARTERS_INTRO,
    CalendarFeed,
    KickStarterCategory,
    KickStarterQuestion,
    Meeting,
)
from mentoring.programs.access import get_mentorship_for_member, get_rw_mentorship_for_member
from mentoring.programs.models import Mentorship, Phase

MEETINGS_PER_PAGE = 10
FEED_LIMIT = 100
FEED_URL_KEY = "meetings_new_feed_token"


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
        messages.info(
            request,
            "Meetings are scheduled here in the Enabling phase, once your agreement is signed.",
        )
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
            messages.success(
                request,
                f"The meeting on {timezone.localtime(meeting.starts_at):%B %-d} is scheduled; "
                f"{mentorship.partner_of(request.user)} has been told by email.",
            )
            return redirect(meeting)
    context = {"mentorship": mentorship, "form": form, "from_cadence": bool(form.initial)}
    return render(request, "meetings/schedule.html", context)


@login_required
def reschedule(request, pk, meeting_id):
    meeting = get_rw_meeting_for_member(request.user, pk, meeting_id)
    if not meeting.is_scheduled:
        messages.info(
            request,
            f"This meeting is {meeting.get_status_display().lower()}: it can no longer be "
            "changed. Schedule a new one instead.",
        )
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
                messages.success(
                    request,
                    "The meeting is changed; "
                    f"{partner} has been told by email. Calendars update from the new .ics.",
                )
            else:
                messages.info(request, "Nothing had changed, so there was nothing to save.")
            return redirect(meeting)
    context = {"mentorship": meeting.mentorship, "meeting": meeting, "form": form}
    status = 400 if form.errors else 200
    return render(request, "meetings/reschedule.html", context, status=status)


def _meeting_page(request, meeting, can_edit, *, agenda_form=None, notes_form=None, **extra):
    mentorship = meeting.mentorship
    is_mentee = request.user.pk == mentorship.mentee_id
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
        "agenda_guidance": AGENDA_GUIDANCE,
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
            messages.success(
                request,
                f"Your discussion points are saved; {meeting.mentorship.mentor} sees them.",
            )
        else:
            messages.info(request, "Nothing had changed, so there was nothing to save.")
    return redirect(meeting)


def _back_from_bank(request, meeting):
    """Back to the bank, on the category the mentee was browsing, or to the meeting."""
    if request.POST.get("from") == "bank":
        url = reverse("meetings:meeting_kick_starters", args=[meeting.mentorship_id, meeting.pk])
        category = KickStarterCategory.objects.filter(slug=request.POST.get("category")).first()
        return redirect(f"{url}?category={category.slug}" if category else url)
    return redirect(meeting)


@login_required
@require_POST
def add_question(request, pk, meeting_id):
    meeting = get_agenda_meeting_for_mentee(request.user, pk, meeting_id)
    question = get_object_or_404(KickStarterQuestion, pk=request.POST.get("question") or 0)
    try:
        services.add_question(meeting=meeting, user=request.user, question=question)
    except services.MeetingError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, f"Added to the agenda: “{question.text}”")
    return _back_from_bank(request, meeting)


@login_required
@require_POST
def remove_question(request, pk, meeting_id, question_id):
    meeting = get_agenda_meeting_for_mentee(request.user, pk, meeting_id)
    question = get_object_or_404(KickStarterQuestion, pk=question_id)
    try:
        services.remove_question(meeting=meeting, user=request.user, question=question)
    except services.MeetingError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, f"Taken off the agenda: “{question.text}”")
    return _back_from_bank(request, meeting)


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
            messages.success(request, "The shared notes are saved.")
        else:
            messages.info(request, "Nothing had changed, so there was nothing to save.")
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
            request, "The meeting is marked held. Take a moment for your 3-2-1 reflection."
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
        messages.success(request, "The meeting is cancelled.")
    return redirect(meeting)


@login_required
def meeting_ics(request, pk, meeting_id):
    meeting, _ = get_meeting_for_member(request.user, pk, meeting_id)
    content = calendar.calendar([meeting], calendar.summary(meeting))
    local = timezone.localtime(meeting.starts_at)
    filename = f"mentoring-meeting-{slugify(meeting.mentorship.mentee)}-{local:%Y-%m-%d}.ics"
    return calendar.ics_response(content, filename)


@login_required
def reflection(request, pk, meeting_id):
    meeting, can_edit = get_meeting_for_member(request.user, pk, meeting_id)
    if not meeting.is_held:
        messages.info(
            request,
            "A 3-2-1 reflection follows a meeting you have held; this one is "
            f"{meeting.get_status_display().lower()}.",
        )
        return redirect(meeting)
    own = get_own_reflection(request.user, meeting)
    form = None
    if can_edit:
        form = ReflectionForm(request.POST if request.method == "POST" else None, instance=own)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_reflection(
                    meeting=meeting, user=request.user, answers=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            except services.MeetingError as error:
                messages.error(request, str(error))
                return redirect("meetings:reflection", pk, meeting_id)
            else:
                messages.success(
                    request,
                    "Your reflection is saved. It is private unless you share it with "
                    f"{meeting.mentorship.partner_of(request.user)}.",
                )
                return redirect("meetings:reflection", pk, meeting_id)
    elif request.method == "POST":
        messages.error(request, "This mentorship has ended; its meetings are read-only.")
        return redirect("meetings:reflection", pk, meeting_id)
    context = {
        "mentorship": meeting.mentorship,
        "meeting": meeting,
        "form": form,
        "reflection": own,
        "partner": meeting.mentorship.partner_of(request.user),
        "can_edit": can_edit,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "meetings/reflection.html", context, status=status)


def _share(request, pk, meeting_id, *, shared: bool):
    meeting = get_rw_meeting_for_member(request.user, pk, meeting_id)
    own = get_own_reflection(request.user, meeting)
    if own is None:
        messages.info(request, "Write your reflection first; then you can share it.")
        return redirect("meetings:reflection", pk, meeting_id)
    own.meeting = meeting
    partner = meeting.mentorship.partner_of(request.user)
    changed = services.set_reflection_shared(reflection=own, user=request.user, shared=shared)
    if shared:
        text = (
            f"Your reflection is shared with {partner}." if changed else "It was already shared."
        )
    else:
        text = f"Your reflection is private again; {partner} no longer sees it."
        if not changed:
            text = "It was already private."
    messages.success(request, text)
    return redirect("meetings:reflection", pk, meeting_id)


@login_required
@require_POST
def share_reflection(request, pk, meeting_id):
    return _share(request, pk, meeting_id, shared=True)


@login_required
@require_POST
def unshare_reflection(request, pk, meeting_id):
    return _share(request, pk, meeting_id, shared=False)


def _bank(category_slug):
    categories = KickStarterCategory.objects.prefetch_related(
        Prefetch("questions", queryset=KickStarterQuestion.objects.order_by("position"))
    )
    selected = None
    if category_slug:
        selected = get_object_or_404(KickStarterCategory, slug=category_slug)
    all_categories = list(categories)
    shown = [c for c in all_categories if selected is None or c.pk == selected.pk]
    return all_categories, shown, selected


@login_required
def kick_starters(request):
    categories, shown, selected = _bank(request.GET.get("category"))
    context = {
        "intro": KICK_STARTERS_INTRO,
        "categories": categories,
        "shown": shown,
        "selected": selected,
        "base_url": reverse("meetings:kick_starters"),
    }
    return render(request, "meetings/kick_starters.html", context)


@login_required
def meeting_kick_starters(request, pk, meeting_id):
    meeting, can_edit = get_meeting_for_member(request.user, pk, meeting_id)
    categories, shown, selected = _bank(request.GET.get("category"))
    on_agenda = set(meeting.agenda_items.values_list("question_id", flat=True))
    context = {
        "intro": KICK_STARTERS_INTRO,
        "categories": categories,
        "shown": shown,
        "selected": selected,
        "meeting": meeting,
        "mentorship": meeting.mentorship,
        "on_agenda": on_agenda,
        "may_prepare": (
            can_edit and request.user.pk == meeting.mentorship.mentee_id and meeting.is_scheduled
        ),
        "base_url": reverse("meetings:meeting_kick_starters", args=[pk, meeting_id]),
    }
    return render(request, "meetings/kick_starters.html", context)


@login_required
def calendar_feed_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    token = request.session.pop(FEED_URL_KEY, None)
    new_url = None
    if token and feed:
        new_url = request.build_absolute_uri(reverse("meetings:feed", args=[token]))
    return render(request, "meetings/calendar.html", {"feed": feed, "new_url": new_url})


@login_required
@require_POST
def renew_feed(request):
    had_feed = CalendarFeed.objects.filter(user=request.user).exists()
    token = services.renew_calendar_feed(user=request.user)
    # Shown once, on the next page: only its hash is kept.
    request.session[FEED_URL_KEY] = token
    if had_feed:
        messages.success(request, "Your new calendar link is ready; the old one no longer works.")
    else:
        messages.success(request, "Your calendar link is ready.")
    return redirect("meetings:calendar")


@login_required
@require_POST
def stop_feed(request):
    if services.stop_calendar_feed(user=request.user):
        messages.success(request, "Your calendar link is turned off; it no longer works.")
    else:
        messages.info(request, "You had no calendar link.")
    return redirect("meetings:calendar")


@require_safe
def feed(request, token):
    """A person's upcoming meetings for their calendar app: no sign-in, the secret suffices."""
    user = get_feed_owner(token)
    # Today's meetings stay in the feed after they start, so calendars keep showing them.
    since = timezone.now() - datetime.timedelta(days=1)
    pairs = Mentorship.objects.open().filter(Q(mentee=user) | Q(mentor=user))
    upcoming = list(
        Meeting.objects.filter(mentorship__in=pairs, starts_at__gte=since)
        .select_related("mentorship__mentee", "mentorship__mentor")
        .order_by("starts_at", "pk")[:FEED_LIMIT]
    )
    content = calendar.calendar(upcoming, f"Mentoring meetings of {user}")
    response = calendar.ics_response(content, "mentoring-meetings.ics", attachment=False)
    response["Cache-Control"] = "private, no-store"
    return response
