"""What a coordinator may reach from the dashboard: their programs' pairs, 404 otherwise."""

from django.shortcuts import get_object_or_404

from mentoring.programs.models import Mentorship, Program


def get_mentorship_for_coordinator(user, pk) -> Mentorship:
    """A pair in one of the programs the user coordinates; members and strangers get a 404."""
    coordinated = Program.objects.coordinated_by(user).values("pk")
    return get_object_or_404(
        Mentorship.objects.filter(program__in=coordinated).with_people(), pk=pk
    )
