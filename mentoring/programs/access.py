"""Who may see and change programs and mentorships: the one place views ask."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from mentoring.audit.log import note_pair_view
from mentoring.programs.models import Mentorship, Program


def get_mentorship_for_user(user, pk) -> tuple[Mentorship, bool]:
    """The mentorship if the user may see it, and whether they may change it.

    Its mentor and mentee may change an open mentorship; coordinators of its program only
    read it; anyone else gets a 404, as if it did not exist. A coordinator's look is logged
    for the pair to see (`programs:access_log`).
    """
    mentorship, can_edit = _visible_mentorship(user, pk)
    if not mentorship.has_member(user):
        note_pair_view(viewer=user, mentorship=mentorship)
    return mentorship, can_edit


def _visible_mentorship(user, pk) -> tuple[Mentorship, bool]:
    mentorship = get_object_or_404(Mentorship.objects.visible_to(user).with_people(), pk=pk)
    return mentorship, mentorship.is_open and mentorship.has_member(user)


def get_rw_mentorship_for_user(user, pk) -> Mentorship:
    mentorship, can_edit = get_mentorship_for_user(user, pk)
    if not can_edit:
        raise PermissionDenied(
            gettext("Only the mentor and mentee can change an open mentorship.")
        )
    return mentorship


def get_mentorship_for_member(user, pk) -> tuple[Mentorship, bool]:
    """For what only the pair sees: the mentorship and whether they may change it.

    Coordinators get a 404 here like strangers: they see a pair's status, never its content.
    """
    mentorship, can_edit = _visible_mentorship(user, pk)
    if not mentorship.has_member(user):
        raise Http404("Only the mentor and mentee see this.")
    return mentorship, can_edit


def get_rw_mentorship_for_member(user, pk) -> Mentorship:
    mentorship, can_edit = get_mentorship_for_member(user, pk)
    if not can_edit:
        raise PermissionDenied(gettext("This mentorship has ended; it is read-only."))
    return mentorship


def get_program_for_coordinator(user, pk) -> Program:
    return get_object_or_404(Program.objects.coordinated_by(user), pk=pk)


def get_mentorship_for_coordinator(user, pk) -> Mentorship:
    """A pair of a program the user coordinates; members and strangers get a 404."""
    mentorship = get_object_or_404(
        Mentorship.objects.with_people().filter(
            program__in=Program.objects.coordinated_by(user).values("pk")
        ),
        pk=pk,
    )
    if not mentorship.has_member(user):
        note_pair_view(viewer=user, mentorship=mentorship)
    return mentorship


def may_create_programs(user) -> bool:
    """Staff, and whoever staff gave the "Can add program" permission (the admin's user page)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # One query, where has_perm would load all of the person's and their groups' permissions
    # (two) on every home page.
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user),
        content_type__app_label="programs",
        codename="add_program",
    ).exists()
