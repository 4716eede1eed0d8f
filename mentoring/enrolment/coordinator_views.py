"""Pages for co-coordinators: who coordinates a program, inviting and removing them
(`coordinators.py` holds the rules), and the invited person's answer."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.middleware import check_two_factor_again
from mentoring.enrolment import coordinators
from mentoring.enrolment.access import get_coordinator_of_program, get_own_coordinator_invitation
from mentoring.programs.access import get_program_for_coordinator

# The same words for every address: whether it has an account is not ours to say.
INVITED = _(
    "We have emailed %(email)s an invitation to coordinate %(program)s, if the address belongs "
    "to an account of the Mentoring Toolkit. They become a coordinator when they accept; someone "
    "without an account needs to sign up first, and then you can invite them."
)


class CoordinatorEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the new co-coordinator"),
        help_text=_("They need an account of the Mentoring Toolkit, and accept the invitation."),
    )


def render_coordinators(request, program, form=None, status=200):
    context = {
        "program": program,
        "coordinators": program.coordinators.order_by("full_name", "email"),
        "form": form or CoordinatorEmailForm(),
    }
    return render(request, "enrolment/coordinators.html", context, status=status)


@login_required
def coordinators_page(request, pk):
    return render_coordinators(request, get_program_for_coordinator(request.user, pk))


@login_required
@require_POST
def invite_coordinator(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    form = CoordinatorEmailForm(request.POST)
    if not form.is_valid():
        return render_coordinators(request, program, form, status=400)
    email = form.cleaned_data["email"]
    coordinators.invite_coordinator(program=program, email=email, invited_by=request.user)
    messages.success(request, INVITED % {"email": email, "program": program})
    return redirect("enrolment:coordinators", program.pk)


@login_required
@require_POST
def remove_coordinator(request, pk, person_pk):
    program, person = get_coordinator_of_program(request.user, pk, person_pk)
    try:
        coordinators.remove_coordinator(program=program, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("enrolment:coordinators", program.pk)
    if person == request.user:
        messages.success(
            request, gettext("You no longer coordinate %(program)s.") % {"program": program}
        )
        return redirect("home")
    messages.success(
        request,
        gettext("%(person)s no longer coordinates %(program)s.")
        % {"person": person, "program": program},
    )
    return redirect("enrolment:coordinators", program.pk)


@login_required
@require_POST
def accept_coordination(request, pk):
    invitation = get_own_coordinator_invitation(request.user, pk)
    program = coordinators.accept_coordination(invitation=invitation)
    check_two_factor_again(request)
    messages.success(request, gettext("You now coordinate %(program)s.") % {"program": program})
    return redirect(program)


@login_required
@require_POST
def decline_coordination(request, pk):
    invitation = get_own_coordinator_invitation(request.user, pk)
    coordinators.decline_coordination(invitation=invitation)
    messages.info(
        request,
        gettext("You declined to coordinate %(program)s.") % {"program": invitation.program},
    )
    return redirect("enrolment:invitations")
