"""Preparing-phase panels for pages other apps own (home, the mentorship page).

Each tag runs a fixed number of queries, whatever the amount of data, and shows a person only
what is theirs.
"""

from django import template
from django.db.models import Exists, OuterRef, Subquery

from mentoring.preparation.models import MentorRequest, PlanningTemplate, SelfReflection
from mentoring.programs.models import Mentorship, Participant, Program

register = template.Library()

PREPARING_LIMIT = 10
PENDING_LIMIT = 5


@register.inclusion_tag("preparation/includes/preparing_cards.html")
def preparing_cards(user):
    """For each program where the user is a mentee without a mentor yet: what to do next."""
    has_mentor = Mentorship.objects.open().filter(program=OuterRef("pk"), mentee=user)
    latest_request = MentorRequest.objects.filter(program=OuterRef("pk"), mentee=user).order_by(
        "-created_at", "-pk"
    )
    mentee_of = Participant.objects.filter(user=user, role=Participant.Role.MENTEE)
    programs = list(
        Program.objects.filter(pk__in=mentee_of.values("program"))
        .exclude(Exists(has_mentor))
        .annotate(latest_request_id=Subquery(latest_request.values("pk")[:1]))[:PREPARING_LIMIT]
    )
    if not programs:
        return {"cards": []}
    requests = MentorRequest.objects.select_related("mentor").in_bulk(
        [program.latest_request_id for program in programs if program.latest_request_id]
    )
    return {
        "cards": [(program, requests.get(program.latest_request_id)) for program in programs],
        "reflection": SelfReflection.objects.filter(author=user).first(),
    }


@register.inclusion_tag("preparation/includes/pending_requests.html")
def pending_requests(user):
    """Requests waiting for this mentor's answer: the first few, and whether there are more."""
    pending = list(
        MentorRequest.objects.pending()
        .filter(mentor=user)
        .select_related("mentee", "program")
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
