from django.db import transaction

from accounts.models import User
from mentoring.programs.models import Mentorship, Program


@transaction.atomic
def create_mentorship(*, program: Program, mentor: User, mentee: User) -> Mentorship:
    """Pair a mentor with a mentee in a program, within the mentor's capacity.

    The mentor's row is locked so two pairings at once cannot both take the last place;
    the database trigger from migration 0002 holds the same rule for any other writer.
    """
    mentor = User.objects.select_for_update().get(pk=mentor.pk)
    mentorship = Mentorship(program=program, mentor=mentor, mentee=mentee)
    mentorship.full_clean()
    mentorship.save()
    return mentorship
