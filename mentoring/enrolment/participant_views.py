"""A program's people, for its coordinators: the list, inviting one person (by the CSV
import's rules and path, `services.invite_participants`), and removing one
(`participants.py`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from mentoring.enrolment import participants, services
from mentoring.enrolment.access import get_participant_for_coordinator
from mentoring.enrolment.forms import PersonForm, RemoveParticipantForm
from mentoring.programs.access import get_program_for_coordinator
from mentoring.programs.models import Participant

PARTICIPANTS_PER_PAGE = 25


@login_required
def participants_page(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    people = (
        Participant.objects.filter(program=program)
        .select_related("user")
        .order_by("user__full_name", "user__email", "role", "pk")
    )
    page = Paginator(people, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "enrolment/participants.html", {"program": program, "page": page})


@login_required
def invite_person(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    if program.is_archived:
        messages.info(
            request,
            gettext("%(program)s is archived: it takes no new invitations.")
            % {"program": program},
        )
        return redirect(program)
    form = PersonForm(request.POST if request.method == "POST" else None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_participants(
                program=program, invitees=[form.invitee], invited_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The CSV import's words: whether the address had an account is not ours to say.
            messages.success(
                request,
                gettext(
                    "%(name)s is invited to %(program)s. They join the program when they "
                    "accept the invitation we email them."
                )
                % {"name": form.invitee.name, "program": program},
            )
            return redirect("enrolment:participants", program.pk)
    status = 400 if form.errors else 200
    context = {"program": program, "form": form}
    return render(request, "enrolment/invite_person.html", context, status=status)


@login_required
def remove_participant(request, pk, participant_pk):
    program, participant = get_participant_for_coordinator(request.user, pk, participant_pk)
    pairs = list(participants.open_pairs_of(participant).select_related("mentor", "mentee"))
    data = request.POST if request.method == "POST" else None
    form = RemoveParticipantForm(data, has_open_pair=bool(pairs))
    if request.method == "POST" and form.is_valid():
        try:
            participants.remove_participant(
                participant=participant,
                coordinator=request.user,
                reason=form.cleaned_data.get("reason", ""),
                reason_other=form.cleaned_data.get("reason_other", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            removed = {
                "person": participant.user,
                "role": participant.get_role_display().lower(),
                "program": program,
            }
            if pairs:
                message = gettext(
                    "%(person)s is no longer a %(role)s in %(program)s. Their open pairs here are "
                    "closed; their members are told by email."
                )
            else:
                message = gettext("%(person)s is no longer a %(role)s in %(program)s.")
            messages.success(request, message % removed)
            return redirect("enrolment:participants", program.pk)
    status = 400 if form.errors else 200
    context = {"program": program, "participant": participant, "pairs": pairs, "form": form}
    return render(request, "enrolment/remove_participant.html", context, status=status)
