"""The kick-starter question bank, on its own and for a meeting's agenda, and putting its
questions on the agenda or taking them off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.meetings import services
from mentoring.meetings.access import get_agenda_meeting_for_mentee, get_meeting_for_member
from mentoring.meetings.models import KICK_STARTERS_INTRO, KickStarterCategory, KickStarterQuestion
from mentoring.programs.models import Participant


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
        text = gettext("Added to the agenda: “%(question)s”")
        messages.success(request, text % {"question": question.translated_text})
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
        text = gettext("Taken off the agenda: “%(question)s”")
        messages.success(request, text % {"question": question.translated_text})
    return _back_from_bank(request, meeting)


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
        "intro": gettext(KICK_STARTERS_INTRO),
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
        "intro": gettext(KICK_STARTERS_INTRO),
        "categories": categories,
        "shown": shown,
        "selected": selected,
        "meeting": meeting,
        "mentorship": meeting.mentorship,
        "on_agenda": on_agenda,
        "may_prepare": (
            can_edit
            and meeting.mentorship.role_of(request.user) == Participant.Role.MENTEE
            and meeting.is_scheduled
        ),
        "base_url": reverse("meetings:meeting_kick_starters", args=[pk, meeting_id]),
    }
    return render(request, "meetings/kick_starters.html", context)
