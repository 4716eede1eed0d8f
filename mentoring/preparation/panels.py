"""Preparing's parts of pages programs owns (mentoring/programs/panels.py): the planning
template on the pair's page; on home, requests waiting for a mentor's answer and, for a mentee
without a mentor yet, what to do next. Each runs a fixed number of queries, whatever the
amount of data, and shows a person only what is theirs."""

from django.db.models import Exists, OuterRef

from mentoring.preparation.models import MentorRequest, PlanningTemplate, SelfReflection
from mentoring.programs.models import Mentorship, Participant, Program
from mentoring.programs.panels import PairViewer, Panel

PREPARING_LIMIT = 10
PENDING_LIMIT = 5


def planning(viewer: PairViewer) -> Panel | None:
    """Members only: the mentee sees their own template's state, the mentor whether it is
    shared with them. One query."""
    mentorship, user = viewer.mentorship, viewer.user
    if not viewer.is_member:
        return None
    template = PlanningTemplate.objects.filter(mentorship=mentorship).first()
    is_mentee = mentorship.role_of(user) == Participant.Role.MENTEE
    if template and not (is_mentee or template.is_shared):
        template = None
    return Panel(
        "preparation/includes/mentorship_panel.html",
        {
            "mentorship": mentorship,
            "can_edit": viewer.can_edit,
            "is_mentee": is_mentee,
            "planning": template,
        },
    )


def mentor_requests(user) -> Panel | None:
    """Requests waiting for this mentor's answer: the first few, and whether there are more."""
    pending = list(
        MentorRequest.objects.pending()
        .filter(mentor=user)
        .select_related("mentee", "program")
        # Only what the panel shows: the SQL for every column costs more than running it.
        .only("created_at", "mentee__full_name", "mentee__email", "program__name")
        .order_by("created_at", "pk")[: PENDING_LIMIT + 1]
    )
    if not pending:
        return None
    context = {"pending": pending[:PENDING_LIMIT], "more": len(pending) > PENDING_LIMIT}
    return Panel("preparation/includes/pending_requests.html", context)


def preparing(user) -> Panel | None:
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
        return None
    # The mentee's own requests in these few programs, newest first: a handful at most.
    latest_requests = {}
    for mentor_request in (
        MentorRequest.objects.filter(mentee=user, program__in=programs)
        .select_related("mentor")
        .order_by("-created_at", "-pk")
    ):
        latest_requests.setdefault(mentor_request.program_id, mentor_request)
    return Panel(
        "preparation/includes/preparing_cards.html",
        {
            "cards": [(program, latest_requests.get(program.pk)) for program in programs],
            "reflection": SelfReflection.objects.filter(author=user).first(),
        },
    )
