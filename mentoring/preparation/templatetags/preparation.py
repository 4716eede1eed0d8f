"""Preparing-phase panels for pages other apps own (home, the mentorship page).

Each tag runs a fixed number of queries, whatever the amount of data, and shows a person only
what is theirs.
"""

from django import template
from django.db.models import Exists, OuterRef

from mentoring.preparation.models import MentorRequest, PlanningTemplate, SelfReflection
from mentoring.programs.models import Mentorship, Participant, Program

register = template.Library()

PREPARING_LIMIT = 10
PENDING_LIMIT = 5


@register.inclusion_tag("preparation/includes/preparing_cards.html")
def preparing_cards(user):
    """For each program where the user is a mentee without a mentor yet: what to do next."""
    # A join and one Exists, no subquery per program: most people who see this are no mentee
    # or have their mentor already, and building SQL costs the page more than running it.
    has_mentor = Mentorship.objects.open().filter(program=OuterRef("pk"), mentee=user)
    programs = list(
        Program.objects.filter(
            participants__user=user, participants__role=Participant.Role.MENTEE
        ).exclude(Exists(has_mentor))[:PREPARING_LIMIT]
    )
    if not programs:
        return {"cards": []}
    # The mentee's own requests in these few programs, newest first: a handful at most.
    latest_requests = {}
    for mentor_request in (
        MentorRequest.objects.filter(mentee=user, program__in=programs)
        .select_related("mentor")
        .order_by("-created_at", "-pk")
    ):
        latest_requests.setdefault(mentor_request.program_id, mentor_request)
    return {
        "cards": [(program, latest_requests.get(program.pk)) for program in programs],
        "reflection": SelfReflection.objects.filter(author=user).first(),
    }


@register.inclusion_tag("preparation/includes/pending_requests.html")
def pending_requests(user):
    """Requests waiting for this mentor's answer: the first few, and whether there are more."""
    pending = list(
        MentorRequest.objects.pending()
        .filter(mentor=user)
        .select_related("mentee", "program")
        # Only what the panel shows: the SQL for every column costs more than running it.
        .only("created_at", "mentee__full_name", "mentee__email", "program__name")
        .order_by("created_at", "pk")[: PENDING_LIMIT + 1]
    )
    return {"pending": pending[:PENDING_LIMIT], "more": len(pending) > PENDING_LIMIT}


@register.simple_tag
def planning_for(mentorship, user) -> PlanningTemplate | None:
    """The pair's planning template as this user may know it: the mentee's own, or shared."""
    if not mentorship.has_member(user):
        return None
    planning = PlanningTemplate.objects.filter(mentorship=mentorship).first()
    if planning and (user.pk == mentorship.mentee_id or planning.is_shared):
        return planning
    return None
