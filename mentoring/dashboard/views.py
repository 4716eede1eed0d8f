import csv
import datetime
import itertools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import User, shown_name
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.closure.models import Closure
from mentoring.dashboard import services
from mentoring.dashboard.forms import SORTS, DashboardFilterForm
from mentoring.health.models import FitCheck
from mentoring.lib.charts import (
    bar_chart,
    column_chart,
    last_months,
    month_labels,
    next_month,
)
from mentoring.lib.languages import joined
from mentoring.lib.page_cache import render_part
from mentoring.lib.spreadsheet import defuse
from mentoring.meetings.models import Meeting
from mentoring.programs.access import (
    get_mentorship_for_coordinator,
    get_program_for_coordinator,
)
from mentoring.programs.models import Mentorship, Phase
from mentoring.status.page import page_of_status
from mentoring.status.pairs import (
    check_in_label,
    risk_reasons,
    start_of_day,
    status_counts,
    with_status,
)

PAIRS_PER_PAGE = 50
# How long the charts' figures are reused: a coordinator watching the program loses little,
# and a large program's dashboard no longer reads every pair on every request.
FIGURES_SECONDS = 5 * 60
CSV_CHUNK = 500


def _filter_form(request, program) -> DashboardFilterForm:
    """The GET filters, with this program's departments as choices."""
    return DashboardFilterForm(request.GET, departments=_departments(program))


def _departments(program) -> list[str]:
    """The program's people's departments, kept a few minutes like the charts: they read every
    participant, and a department new in the last minutes is only missing from the choices."""
    key = f"dashboard-departments:{program.pk}"
    departments = cache.get(key)
    if departments is None:
        departments = list(
            User.objects.filter(participations__program=program)
            .exclude(department="")
            .order_by("department")
            .values_list("department", flat=True)
            .distinct()
        )
        cache.set(key, departments, FIGURES_SECONDS)
    return departments


def _page_pairs(program):
    """The program's pairs for the rows of a page: with `participant_left`, the id of the
    closure that says a participant left, or None (a lookup per row, see `page_of_status`)."""
    left = Closure.objects.filter(
        mentorship=OuterRef("pk"), status=Closure.Status.PARTICIPANT_LEFT
    )
    return Mentorship.objects.filter(program=program).annotate(
        participant_left=Subquery(left.values("pk")[:1])
    )


def _program_pairs(program, today):
    return with_status(Mentorship.objects.filter(program=program), today=today, program=program)


def _figures_key(program_pk: int, today: datetime.date, language: str | None = None) -> str:
    """The charts are drawn in words: one set per time zone and language."""
    zone = timezone.get_current_timezone_name()
    language = language or translation.get_language()
    return f"dashboard-charts:{program_pk}:{today.isoformat()}:{zone}:{language}"


def _chart_figures(program, today) -> dict:
    """The charts' numbers and the charts drawn from them, at most once per FIGURES_SECONDS
    per program.

    Both read every pair and every meeting of the last year, which at thousands of pairs costs
    more than the rest of the page together; the table and its counts stay live.
    """
    key = _figures_key(program.pk, today)
    if figures := cache.get(key):
        return figures
    months = last_months(today)
    bounds = [start_of_day(month) for month in months] + [start_of_day(next_month(today))]
    held = (
        Meeting.objects.held()
        .filter(mentorship__program=program, starts_at__gte=bounds[0], starts_at__lt=bounds[-1])
        .aggregate(
            **{
                str(index): Count("pk", filter=Q(starts_at__gte=start, starts_at__lt=end))
                for index, (start, end) in enumerate(itertools.pairwise(bounds))
            }
        )
    )
    figures = {
        "counts": status_counts(_program_pairs(program, today)),
        "held_per_month": [(month, held[str(index)]) for index, month in enumerate(months)],
        "as_of": timezone.now(),
    }
    # Drawn once with the figures: the same figures always draw the same charts.
    figures["html"] = render_to_string("includes/charts/charts.html", {"charts": _charts(figures)})
    cache.set(key, figures, FIGURES_SECONDS)
    return figures


def forget_chart_figures(program_pk: int) -> None:
    """Have the next dashboard work the charts out afresh, after a change made from it."""
    today = timezone.localdate()
    cache.delete_many(
        [_figures_key(program_pk, today, code) for code, _name in settings.LANGUAGES]
    )


def _charts(figures) -> list:
    """Pairs per phase, pairs needing attention and meetings held per month."""
    counts = figures["counts"]
    return [
        bar_chart(
            gettext("Open pairs per phase"),
            [(phase.label, counts[phase.value]) for phase in Phase]
            + [(gettext("Ended"), counts["ended"])],
        ),
        bar_chart(
            gettext("Open pairs needing attention"),
            [
                (gettext("At risk"), counts["at_risk"]),
                (gettext("Not at risk"), counts["open"] - counts["at_risk"]),
                (gettext("No recent meeting"), counts["risk_no_meeting"]),
                (gettext("Agreement unsigned"), counts["risk_unsigned"]),
                (gettext("Overdue steps"), counts["risk_overdue_steps"]),
                (gettext("Asked for help"), counts["help_requested"]),
            ],
        ),
        column_chart(
            gettext("Meetings held per month"),
            [(*month_labels(month), held) for month, held in figures["held_per_month"]],
        ),
    ]


def _headers(current: str | None) -> list[dict]:
    """The table's column headers in order; a sortable one has the ?sort= its link sets (the
    other direction when it is the current sort) and its aria-sort."""
    headers = []
    for key, (label, _fields) in SORTS.items():
        direction = {key: "ascending", f"-{key}": "descending"}.get(current or "")
        sort = f"-{key}" if direction == "ascending" else key
        headers.append({"label": label, "sort": sort, "aria_sort": direction})
    unsortable = [{"label": gettext("Mid-way check-in")}, {"label": gettext("Asked for help")}]
    return headers[:-1] + unsortable + headers[-1:]


@login_required
def program_dashboard(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    content = render_part(
        request,
        "dashboard/includes/program_content.html",
        vary=(program.pk, request.GET.urlencode()),
        context=lambda: dashboard_context(request, program),
    )
    context = {"program": program, "content": content}
    return render(request, "dashboard/program.html", context)


def dashboard_context(request, program) -> dict:
    today = timezone.localdate()
    form = _filter_form(request, program)
    figures = _chart_figures(program, today)
    all_pairs = with_status(
        Mentorship.objects.filter(program=program),
        today=today,
        only=form.annotations(),
        program=program,
    )
    # The page's ids first, filtered and sorted over the whole program; then the status of
    # those pairs only, whatever the program's size. A filter or sort on a flag works each
    # pair's flags out: then every matching id in one query, rather than that work twice, for
    # a COUNT and for the page.
    ids = form.apply(all_pairs).values_list("pk", flat=True)
    if "is_at_risk" in form.annotations():
        ids = list(ids)
    page = Paginator(ids, PAIRS_PER_PAGE).get_page(form.valid_values.get("page"))
    rows = [
        (pair, risk_reasons(pair), check_in_label(pair, today))
        for pair in page_of_status(_page_pairs(program), list(page), today=today)
    ]
    # Whether someone in the pair answered the fit check "Not a fit": never who, never why.
    not_a_fit = set(
        FitCheck.objects.not_a_fit()
        .filter(mentorship__in=list(page))
        .values_list("mentorship_id", flat=True)
    )
    return {
        "program": program,
        "form": form,
        "page": page,
        "rows": rows,
        "not_a_fit": not_a_fit,
        "headers": _headers(form.valid_values.get("sort")),
        "charts": figures["html"],
        "figures_as_of": figures["as_of"],
        "figures_minutes": FIGURES_SECONDS // 60,
    }


# In the reader's language: the export is read, never imported back.
CSV_HEADERS = [
    _("Mentee"),
    _("Mentee department"),
    _("Mentor"),
    _("Mentor department"),
    _("Phase"),
    _("Ended on"),
    _("Agreement signed on"),
    _("Meetings held"),
    _("Meetings planned"),
    _("Last meeting"),
    _("Next meeting"),
    _("Overdue action steps"),
    _("Mid-way check-in"),
    _("Asked for help"),
    _("At risk"),
    _("Why at risk"),
]


def _local(moment: datetime.datetime | None, format: str) -> str:
    return timezone.localtime(moment).strftime(format) if moment else ""


def csv_cells(pair, today: datetime.date) -> list:
    """One pair's row of the export: the dashboard's columns, dates as ISO, status only."""
    return [
        shown_name(pair.mentee_name),
        pair.mentee.department,
        shown_name(pair.mentor_name),
        pair.mentor.department,
        pair.get_phase_display(),
        _local(pair.ended_at, "%Y-%m-%d"),
        _local(pair.agreement_signed_at, "%Y-%m-%d"),
        pair.meetings_held,
        pair.meetings_planned,
        _local(pair.last_meeting_at, "%Y-%m-%d"),
        _local(pair.next_meeting_at, "%Y-%m-%d %H:%M"),
        pair.overdue_steps,
        check_in_label(pair, today),
        gettext("Yes") if pair.help_requested else gettext("No"),
        gettext("Yes") if pair.is_at_risk else gettext("No"),
        joined(risk_reasons(pair)),
    ]


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, line):
        return line


@login_required
def export(request, pk):
    """The dashboard's rows as CSV: same filters, search and sort, every page, streamed."""
    program = get_program_for_coordinator(request.user, pk)
    today = timezone.localdate()
    pairs = _filter_form(request, program).apply(_program_pairs(program, today))
    writer = csv.writer(_Echo())
    # The rows are written after the view returns, once the middleware has put the site's time
    # zone back: keep the coordinator's for the dates, and their language for the words.
    zone = timezone.get_current_timezone()
    language = translation.get_language()

    def lines():
        with timezone.override(zone), translation.override(language):
            # The byte-order mark makes spreadsheet programs read the names as UTF-8.
            yield "\ufeff" + writer.writerow([str(header) for header in CSV_HEADERS])
            for pair in pairs.iterator(chunk_size=CSV_CHUNK):
                yield writer.writerow([defuse(cell) for cell in csv_cells(pair, today)])

    record(Action.CSV_DOWNLOADED, program=program, detail="dashboard")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"{slugify(program.name) or 'program'}-dashboard-{today:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def mark_help_dealt_with(request, pk):
    mentorship = get_mentorship_for_coordinator(request.user, pk)
    pair = {"mentee": mentorship.mentee, "mentor": mentorship.mentor}
    if services.mark_help_dealt_with(mentorship=mentorship, coordinator=request.user):
        forget_chart_figures(mentorship.program_id)
        messages.success(
            request,
            gettext("The help %(mentee)s and %(mentor)s asked for is marked as dealt with.")
            % pair,
        )
    else:
        messages.info(
            request, gettext("%(mentee)s and %(mentor)s have no request for help waiting.") % pair
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("dashboard:program", args=[mentorship.program_id])
    return redirect(back)
