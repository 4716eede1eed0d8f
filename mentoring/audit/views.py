"""The staff's access log: filtered, paged, and downloaded as CSV (which is logged too)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy

from mentoring.audit.forms import LogFilterForm
from mentoring.audit.log import record
from mentoring.audit.models import AccessEvent, Action
from mentoring.lib.spreadsheet import defuse
from mentoring.programs.models import Program

EVENTS_PER_PAGE = 50
CSV_CHUNK = 500
# The download's column names, in the reader's language (the same words as the page's table).
CSV_HEADERS = [
    pgettext_lazy("access log column", "When"),
    pgettext_lazy("access log column", "Action"),
    pgettext_lazy("access log column", "Who"),
    pgettext_lazy("access log column", "About"),
    pgettext_lazy("access log column", "Program"),
    pgettext_lazy("access log column", "Pair"),
    pgettext_lazy("access log column", "Detail"),
    pgettext_lazy("access log column", "Address"),
]


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied(gettext("The access log is for the site's staff."))


def _filter_form(request) -> LogFilterForm:
    return LogFilterForm(request.GET, programs=Program.objects.order_by("name"))


@login_required
def log(request):
    _staff_only(request)
    form = _filter_form(request)
    events = form.apply(AccessEvent.objects.with_people())
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "page": page})


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, line):
        return line


def _cells(event: AccessEvent) -> list:
    cells = [
        timezone.localtime(event.at).isoformat(timespec="seconds"),
        event.get_action_display(),
        event.actor.email if event.actor else "",
        event.subject.email if event.subject else "",
        event.program_id or "",
        event.mentorship_id or "",
        event.detail,
        event.ip_address or "",
    ]
    return [defuse(cell) for cell in cells]


@login_required
def log_csv(request):
    _staff_only(request)
    form = _filter_form(request)
    events = form.apply(AccessEvent.objects.select_related("actor", "subject"))
    record(Action.LOG_EXPORTED, detail=form.described())
    writer = csv.writer(_Echo())
    zone, language = timezone.get_current_timezone(), translation.get_language()

    def lines():
        # Written after the view returns, once the middleware has put the site's zone back.
        with timezone.override(zone), translation.override(language):
            yield "\ufeff" + writer.writerow([str(header) for header in CSV_HEADERS])
            for event in events.iterator(chunk_size=CSV_CHUNK):
                yield writer.writerow(_cells(event))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"access-log-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
