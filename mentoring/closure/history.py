"""Past mentorships: what a pair keeps once it has ended.

Home lists the last few (a panel below the open pairs, mentoring/programs/panels.py) and the
"see all" page lists them all, a page at a time. Each links to the pair's page (read-only once
ended), the certificate and the portfolio PDFs (closure's views, for the pair's two members).
Both the mentor and the mentee see their own past pairs; coordinators see theirs on the
program's page, not here.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from mentoring.programs.models import Mentorship, Participant
from mentoring.programs.panels import Panel

HISTORY_LIMIT = 5
HISTORY_PER_PAGE = 20


def past_mentorships(user):
    """The ended pairs the user was the mentor or the mentee of, the latest ended first."""
    return Mentorship.objects.ended().of_member(user).as_cards().order_by("-ended_at", "-pk")


def rows(pairs, user) -> list[dict]:
    """What each row says: the partner, the user's role, and the pair."""
    return [
        {
            "pair": pair,
            "partner": pair.partner_of(user),
            "as_mentee": pair.role_of(user) == Participant.Role.MENTEE,
        }
        for pair in pairs
    ]


def history(user) -> Panel | None:
    """Home: the latest few past pairs, and whether there are more. One query."""
    latest = list(past_mentorships(user)[: HISTORY_LIMIT + 1])
    if not latest:
        return None
    context = {"rows": rows(latest[:HISTORY_LIMIT], user), "more": len(latest) > HISTORY_LIMIT}
    return Panel("closure/includes/history_panel.html", context)


@login_required
def history_page(request):
    """Every past pair of the user's, a page at a time."""
    page = Paginator(past_mentorships(request.user), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "rows": rows(page, request.user)}
    return render(request, "closure/history.html", context)
