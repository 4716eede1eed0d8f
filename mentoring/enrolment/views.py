from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mentoring.enrolment import services
from mentoring.enrolment.access import get_own_invitation, get_request_for_coordinator
from mentoring.enrolment.csv_import import COLUMNS, MAX_PEOPLE
from mentoring.enrolment.forms import ApprovalSettingForm, DisapproveForm, InviteForm
from mentoring.enrolment.models import CoordinatorInvitation, ProgramInvitation
from mentoring.preparation import services as preparation
from mentoring.preparation.models import MentorRequest
from mentoring.programs.access import get_program_for_coordinator

REQUESTS_PER_PAGE = 25
# The columns and roles stay as the import reads them; the departments are free text.
EXAMPLE_ROWS = [
    ["ana.lopez@example.org", "Ana Lopez", "mentee", _("Surgery")],
    ["sam.okafor@example.org", "Sam Okafor", "mentor", _("Emergency")],
    ["lee.chen@example.org", "Lee Chen", "mentor", _("Pharmacy")],
]


@login_required
def invite(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    if request.method == "POST":
        form = InviteForm(request.POST, request.FILES, program=program)
    else:
        form = InviteForm(program=program)
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.invite_participants(
                program=program, invitees=form.cleaned_data["file"], invited_by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            # The same words for everyone: whether an address had an account is not ours to say.
            messages.success(
                request,
                ngettext(
                    "%(count)s person invited to %(program)s. "
                    "They join the program when they accept the invitation we email them.",
                    "%(count)s people invited to %(program)s. "
                    "They join the program when they accept the invitation we email them.",
                    invited,
                )
                % {"count": invited, "program": program},
            )
            return redirect("enrolment:invite", program.pk)
    context = {
        "program": program,
        "form": form,
        "columns": COLUMNS,
        "example_rows": EXAMPLE_ROWS,
        "max_people": MAX_PEOPLE,
        "awaiting_answer": services.awaiting_answer(program).count(),
    }
    return render(request, "enrolment/invite.html", context)


@login_required
@require_POST
def invite_again(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    try:
        sent = services.resend_invitations(program=program)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(program)
    if sent:
        messages.success(
            request,
            ngettext(
                "The invitation is on its way again to %(count)s person who has not answered yet.",
                "The invitation is on its way again to %(count)s people who have not answered "
                "yet.",
                sent,
            )
            % {"count": sent},
        )
    else:
        messages.info(request, gettext("Everyone you invited has answered: nobody to remind."))
    return redirect("enrolment:invite", program.pk)


@login_required
def invitations(request):
    """The invitations waiting for the signed-in person's answer."""
    context = {
        "invitations": ProgramInvitation.objects.to(request.user),
        "to_coordinate": CoordinatorInvitation.objects.to(request.user),
    }
    return render(request, "enrolment/invitations.html", context)


@login_required
@require_POST
def accept_invitation(request, invitation_pk):
    invitation = get_own_invitation(request.user, invitation_pk)
    try:
        participant = services.accept_invitation(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("enrolment:invitations")
    role = participant.get_role_display().lower()
    messages.success(
        request,
        gettext("Welcome to %(program)s: you are now a %(role)s there.")
        % {"program": participant.program, "role": role},
    )
    return redirect("home")


@login_required
@require_POST
def decline_invitation(request, invitation_pk):
    invitation = get_own_invitation(request.user, invitation_pk)
    services.decline_invitation(invitation=invitation)
    messages.info(
        request,
        gettext("You declined the invitation to %(program)s.") % {"program": invitation.program},
    )
    return redirect("home")


@login_required
def invite_example(request, pk):
    get_program_for_coordinator(request.user, pk)
    lines = [",".join(COLUMNS)] + [",".join(str(value) for value in row) for row in EXAMPLE_ROWS]
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people-to-invite.csv"'
    return response


def render_requests(request, program, setting_form=None):
    awaiting = (
        MentorRequest.objects.awaiting_approval()
        .filter(program=program)
        .for_coordinators()
        .with_mentor_open_pairs()
        .order_by("created_at", "pk")
    )
    page = Paginator(awaiting, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "page": page,
        "setting_form": setting_form or ApprovalSettingForm(instance=program),
    }
    return render(request, "enrolment/requests.html", context)


@login_required
def requests(request, pk):
    return render_requests(request, get_program_for_coordinator(request.user, pk))


@login_required
@require_POST
def approval_setting(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    if program.is_archived:
        messages.error(
            request,
            gettext("%(program)s is archived: its settings stay as they were.")
            % {"program": program},
        )
        return redirect("enrolment:requests", program.pk)
    form = ApprovalSettingForm(request.POST, instance=program)
    if not form.is_valid():
        return render_requests(request, program, form)
    form.save()
    if program.requires_approval:
        messages.success(
            request, gettext("From now on, mentees' requests come to you for approval first.")
        )
    else:
        messages.success(
            request,
            gettext(
                "From now on, mentees' requests go straight to the mentor. "
                "Any already waiting below still need your answer."
            ),
        )
    return redirect("enrolment:requests", program.pk)


@login_required
@require_POST
def approve_request(request, pk, request_pk):
    program, mentor_request = get_request_for_coordinator(request.user, pk, request_pk)
    try:
        preparation.approve_mentor_request(mentor_request=mentor_request, coordinator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext(
                "Approved: %(mentor)s is told of %(mentee)s's request "
                "and can now accept or decline it."
            )
            % {"mentor": mentor_request.mentor, "mentee": mentor_request.mentee},
        )
    return redirect("enrolment:requests", program.pk)


@login_required
def decline_request(request, pk, request_pk):
    program, mentor_request = get_request_for_coordinator(request.user, pk, request_pk)
    form = DisapproveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            preparation.disapprove_mentor_request(
                mentor_request=mentor_request,
                coordinator=request.user,
                note=form.cleaned_data["coordinator_note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                gettext(
                    "Declined. %(mentee)s is told by email and can ask another "
                    "mentor; %(mentor)s never saw the request."
                )
                % {"mentee": mentor_request.mentee, "mentor": mentor_request.mentor},
            )
        return redirect("enrolment:requests", program.pk)
    context = {"program": program, "mentor_request": mentor_request, "form": form}
    return render(request, "enrolment/decline_request.html", context)
