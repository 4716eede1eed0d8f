"""3-2-1 reflections on a held meeting: writing one's own, and sharing it or taking it back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.meetings import services, wording
from mentoring.meetings.access import (
    get_meeting_for_member,
    get_own_reflection,
    get_rw_meeting_for_member,
)
from mentoring.meetings.forms import ReflectionForm


@login_required
def reflection(request, pk, meeting_id):
    meeting, can_edit = get_meeting_for_member(request.user, pk, meeting_id)
    if not meeting.is_held:
        messages.info(request, wording.not_held_yet(meeting))
        return redirect(meeting)
    own = get_own_reflection(request.user, meeting)
    form = None
    if can_edit:
        form = ReflectionForm(request.POST if request.method == "POST" else None, instance=own)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_meeting_reflection(
                    meeting=meeting, user=request.user, answers=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            except services.MeetingError as error:
                messages.error(request, str(error))
                return redirect("meetings:reflection", pk, meeting_id)
            else:
                text = gettext(
                    "Your reflection is saved. It is private unless you share it with %(partner)s."
                )
                partner = meeting.mentorship.partner_of(request.user)
                messages.success(request, text % {"partner": partner})
                return redirect("meetings:reflection", pk, meeting_id)
    elif request.method == "POST":
        messages.error(request, wording.READ_ONLY)
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
        messages.info(request, gettext("Write your reflection first; then you can share it."))
        return redirect("meetings:reflection", pk, meeting_id)
    own.meeting = meeting
    partner = meeting.mentorship.partner_of(request.user)
    changed = services.set_reflection_shared(reflection=own, user=request.user, shared=shared)
    if shared:
        text = gettext("Your reflection is shared with %(partner)s.")
        if not changed:
            text = gettext("It was already shared.")
    else:
        text = gettext("Your reflection is private again; %(partner)s no longer sees it.")
        if not changed:
            text = gettext("It was already private.")
    messages.success(request, text % {"partner": partner} if changed else text)
    return redirect("meetings:reflection", pk, meeting_id)


@login_required
@require_POST
def share_reflection(request, pk, meeting_id):
    return _share(request, pk, meeting_id, shared=True)


@login_required
@require_POST
def unshare_reflection(request, pk, meeting_id):
    return _share(request, pk, meeting_id, shared=False)
