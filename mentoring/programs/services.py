from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from accounts.models import User
from mentoring.audit.log import record
from mentoring.audit.models import Action
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
    record(Action.PAIRED, mentorship=mentorship)
    return mentorship


@transaction.atomic
def create_program(*, program: Program, creator: User) -> Program:
    """Save a new program (validated by its form) with its creator as its first coordinator."""
    program.full_clean()
    program.save()
    program.coordinators.add(creator)
    return program


@transaction.atomic
def archive_program(*, program: Program) -> Program:
    """Archive a program that is over: read-only from then on, still reported on.

    Only once every pair is closed (by its members, or by a coordinator with a reason), so
    archiving never ends a relationship by itself. The program's row is locked, so two
    coordinators archiving at once archive it once.
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    still_open = Mentorship.objects.open().filter(program=program).count()
    if still_open:
        message = ngettext(
            "%(program)s still has %(count)s open pair: close them first (from each pair's "
            "page, “Close this mentorship”), then archive it.",
            "%(program)s still has %(count)s open pairs: close them first (from each pair's "
            "page, “Close this mentorship”), then archive it.",
            still_open,
        )
        raise ValidationError(message % {"program": program, "count": still_open})
    program.archive()
    return program
