"""“Who has looked”: a pair's members see who outside the pair opened its pages or downloaded
its PDFs, or the program's CSV while they were a pair, and when (`mentoring.audit`)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.audit.models import AccessEvent, Action
from mentoring.programs.access import get_mentorship_for_member

EVENTS_PER_PAGE = 25

# The pages a coordinator can open, in the pair's words; the URL name for any other.
PAGES = {
    "programs:mentorship": _("its main page"),
    "agreements:version_pdf": _("the agreement's PDF"),
    "closure:coordinator_close": _("the form to close it"),
}
DOCUMENTS = {
    "planning_template": _("the planning template"),
    "action_plan": _("the action plan"),
    "certificate": _("the certificate"),
    "portfolio": _("the portfolio"),
    "dashboard": _("the program's dashboard"),
}


def what(event: AccessEvent) -> str:
    if event.action == Action.PAIR_VIEWED:
        return PAGES.get(event.detail, event.detail)
    if event.detail.startswith("agreement v"):
        version = event.detail.removeprefix("agreement v")
        return gettext("the agreement, version %(version)s") % {"version": version}
    return DOCUMENTS.get(event.detail, event.detail.replace("_", " "))


@login_required
def access_log(request, pk):
    mentorship = get_mentorship_for_member(request.user, pk)[0]
    events = AccessEvent.objects.about_pair_by_others(mentorship).select_related("actor")
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    staff, coordinator = gettext("Staff"), gettext("Coordinator")
    rows = [(event, staff if event.actor.is_staff else coordinator, what(event)) for event in page]
    context = {"mentorship": mentorship, "page": page, "rows": rows}
    return render(request, "programs/access_log.html", context)
