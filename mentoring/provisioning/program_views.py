"""A program's directory groups: coordinators name the groups of their organisation's
directory whose members are the program's mentees or mentors (kept in step by SCIM)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.programs.access import get_program_for_coordinator
from mentoring.programs.models import Participant
from mentoring.provisioning import services
from mentoring.provisioning.forms import ProgramGroupForm
from mentoring.provisioning.models import DirectoryGroup, ProgramGroup

GROUPS_PER_PAGE = 25
KNOWN_GROUPS_SHOWN = 100  # suggestions while typing a name


def with_member_counts(program_groups):
    """Each with how many people the directory has in the group it names, in the same query."""
    members = (
        DirectoryGroup.objects.annotate(name=Lower("display_name"))
        .filter(name=Lower(OuterRef("group_name")))
        .annotate(count=Count("members"))
        .values("count")[:1]
    )
    return program_groups.annotate(directory_members=Subquery(members))


@login_required
def directory_groups(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    form = ProgramGroupForm(request.POST or None, program=program)
    if request.method == "POST" and not program.is_archived and form.is_valid():
        program_group = services.add_program_group(
            program=program,
            group_name=form.cleaned_data["group_name"],
            role=form.cleaned_data["role"],
        )
        added = (
            gettext("Members of %(group)s are now mentors in the program.")
            if program_group.role == Participant.Role.MENTOR
            else gettext("Members of %(group)s are now mentees in the program.")
        )
        messages.success(request, added % {"group": program_group.group_name})
        return redirect("provisioning:directory_groups", program.pk)
    listed = with_member_counts(ProgramGroup.objects.filter(program=program))
    context = {
        "program": program,
        "form": form,
        "page": Paginator(listed, GROUPS_PER_PAGE).get_page(request.GET.get("page")),
        "known_groups": DirectoryGroup.objects.values_list("display_name", flat=True)[
            :KNOWN_GROUPS_SHOWN
        ],
    }
    return render(request, "provisioning/directory_groups.html", context)


@login_required
@require_POST
def remove_directory_group(request, pk, group_pk):
    """The group no longer gives the role; people who have it keep it (a coordinator removes
    someone from the participants page, which closes their pair with a reason)."""
    program = get_program_for_coordinator(request.user, pk)
    program_group = get_object_or_404(ProgramGroup, program=program, pk=group_pk)
    program_group.delete()
    messages.success(
        request,
        gettext("%(group)s no longer gives a role; who has one keeps it.")
        % {"group": program_group.group_name},
    )
    return redirect("provisioning:directory_groups", program.pk)
