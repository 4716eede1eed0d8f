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


def planning_template(viewer: PairViewer) -> PlanningTemplate | None:
    """The pair's planning template, whoever may read it: for the panel and Preparing's steps,
    which each decide what the viewer sees of it. One query; `viewer.once` it."""
    return PlanningTemplate.objects.filter(mentorship=viewer.mentorship).first()


def planning(viewer: PairViewer) -> Panel | None:
    """Members only: the mentee sees their own template's state, the mentor whether it is
    shared with them. One query, which Preparing's steps share."""
    mentorship, user = viewer.mentorship, viewer.user
    if not viewer.is_member:
        return None
    template = viewer.once(planning_template)
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
    """Requests waiting for this mentor's answer: the first few, and whether there are more;
    and for someone open to mentoring, whether they take new requests now."""
    pending = list(
        MentorRequest.objects.pending()
        .filter(mentor=user)
        .select_related("mentee", "program")
        # Only what the panel shows: the SQL for every column costs more than running it.
        .only("created_at", "mentee__full_name", "mentee__email", "program__name")
        .order_by("created_at", "pk")[: PENDING_LIMIT + 1]
    )
    # A mentor also sees whether they take new requests now, and where to pause them.
    if not (pending or user.open_to_mentoring):
        return None
    context = {
        "pending": pending[:PENDING_LIMIT],
        "more": len(pending) > PENDING_LIMIT,
        "open_to_mentoring": user.open_to_mentoring,
        "paused": user.open_to_mentoring and not user.is_taking_requests,
        "back_on": user.requests_back_on,
        "capacity": user.mentee_capacity,
    }
    return Panel("preparation/includes/pending_requests.html", context)


def preparing(user) -> Panel | None:
    """For each program where the user is a mentee without a mentor yet: what to do next; and
    for a mentee with a mentor, the way back to what they prepared (My preparation)."""
    # A join and one Exists: most people who see this are no mentee, and building SQL costs
    # the page more than running it. Programs still without a mentor come first.
    has_mentor = Mentorship.objects.open().filter(program=OuterRef("pk"), mentee=user)
    found = list(
        Program.objects.filter(participants__user=user, participants__role=Participant.Role.MENTEE)
        .only("name")  # all the cards show of it, besides its key
        .annotate(has_mentor=Exists(has_mentor))
        .order_by("has_mentor", "-starts_on", "name")[:PREPARING_LIMIT]
    )
    if not found:
        return None
    programs = [program for program in found if not program.has_mentor]
    # The mentee's own requests in these few programs, newest first: a handful at most.
    latest_requests = {}
    for mentor_request in (
        MentorRequest.objects.filter(mentee=user, program__in=programs)
        .select_related("mentor")
        .order_by("-created_at", "-pk")
        if programs
        else []
    ):
        latest_requests.setdefault(mentor_request.program_id, mentor_request)
    return Panel(
        "preparation/includes/preparing_cards.html",
        {
            "cards": [(program, latest_requests.get(program.pk)) for program in programs],
            "paired": len(programs) < len(found),
            # Its status only: the answers' text stays unread.
            "reflection": SelfReflection.objects.filter(author=user).only("completed_at").first(),
        },
    )
