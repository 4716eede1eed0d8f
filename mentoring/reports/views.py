"""The program health report: a page with charts and a table, its CSV and its PDF, for the
program's coordinators; and the same across every program, for staff."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from mentoring.lib.charts import bar_chart, column_chart
from mentoring.lib.pdf import pdf_response, pdf_view, render_pdf
from mentoring.lib.spreadsheet import defuse
from mentoring.programs.access import get_program_for_coordinator
from mentoring.programs.models import Program
from mentoring.reports.figures import health_report
from mentoring.reports.forms import CohortsForm


def _charts(report) -> list:
    charts = [bar_chart(title, items) for title, items in report.bars]
    if report.pulse_columns:
        charts.append(
            column_chart(
                gettext("Pulse surveys: average rating out of 5, by survey"), report.pulse_columns
            )
        )
    return charts


def _rows(reports) -> list[tuple[str, list[str]]]:
    """The table: each figure's label with what each cohort shows for it; a figure that one
    cohort has and the other not (a pulse survey round) is "—" in the other."""
    labels = []
    for report in reports:
        labels += [figure.label for figure in report.figures if figure.label not in labels]
    shown = [{figure.label: figure for figure in report.figures} for report in reports]
    return [(label, [by_label.get(label) for by_label in shown]) for label in labels]


def _report(request, *, programs: tuple, choices, title: str, scope: str, export: str = ""):
    form = CohortsForm(request.GET or None, programs=choices)
    context = {"form": form, "title": title, "scope": scope, "programs": programs}
    if form.is_bound and not form.is_valid():
        return render(request, "reports/health.html", context, status=400)
    now = timezone.now()
    reports = [health_report(cohort, now=now) for cohort in form.cohorts(programs)]
    rows = _rows(reports)
    if export == "csv":
        return _csv(reports, rows, title)
    context |= {"reports": reports, "rows": rows, "printed_on": timezone.localdate()}
    context["charts"] = [
        (report, [(f"{index}-{number}", chart) for number, chart in enumerate(_charts(report))])
        for index, report in enumerate(reports)
    ]
    if export == "pdf":
        pdf = render_pdf("reports/health_pdf.html", context)
        return pdf_response(pdf, f"{slugify(title) or 'program'}-health-report.pdf")
    return render(request, "reports/health.html", context)


def _csv(reports, rows, title: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(title) or 'program'}-health-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    header = [gettext("Figure")]
    for report in reports:
        number = gettext("%(cohort)s (number)") % {"cohort": report.cohort.name}
        header += [report.cohort.name, number]
    writer.writerow([defuse(cell) for cell in header])
    for label, figures in rows:
        cells = [label]
        for figure in figures:
            cells += ["", ""] if figure is None else [figure.display, _number(figure.value)]
        writer.writerow([defuse(cell) for cell in cells])
    for report in reports:
        for comment in report.comments:
            cells = [gettext("Comment"), report.cohort.name, comment]
            writer.writerow([defuse(cell) for cell in cells])
    return response


def _number(value) -> float | str:
    return "" if value is None else value


def _coordinated(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    return program, Program.objects.coordinated_by(request.user).exclude(pk=program.pk)


@login_required
@require_GET
@pdf_view
def program_health(request, pk, export=""):
    """The page, or with `export` its CSV or PDF (their own URLs: files, not pages)."""
    program, others = _coordinated(request, pk)
    return _report(
        request,
        programs=(program,),
        choices=others,
        title=program.name,
        scope="program",
        export=export,
    )


@login_required
@require_GET
def all_programs_health(request, export=""):
    """Every program together, for staff (who run the site, not a program)."""
    if not request.user.is_staff:
        raise PermissionDenied(gettext("The report across every program is for staff."))
    return _report(
        request,
        programs=tuple(Program.objects.order_by("name")),
        choices=Program.objects.all(),
        title=gettext("Every program"),
        scope="all",
        export=export,
    )
