"""Issue 15's figure for bench/scale.py: the program health report (its page, CSV and a
comparison of two cohorts) at 5,000 pairs against the same at 50, with their queries. The
grown programs get answers first: a pulse survey from every mentee, closing feedback from
every member of an ended pair, a fit check from every pair that met."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.common import VIEW_RATIO_TARGET, VIEW_SIZES, say
from bench.grow import GROWN
from bench.measure import measure_page
from mentoring.health.models import ClosingFeedback, Fit, FitCheck, PulseSurvey
from mentoring.programs.models import Mentorship

REPORTS = [
    ("whole program", "reports:program_health", ""),
    ("its CSV", "reports:program_health_csv", ""),
    (
        "this year against the years before",
        "reports:program_health",
        "?started_from={year}-01-01&compare_to={last}-12-31",
    ),
]


def answers_for(program) -> None:
    now = timezone.now()
    pairs = list(
        Mentorship.objects.filter(program=program).values("pk", "mentee", "mentor", "ended_at")
    )
    PulseSurvey.objects.bulk_create(
        PulseSurvey(
            mentorship_id=pair["pk"],
            author_id=pair["mentee"],
            round=1 + index % 3,
            value=1 + index % 5,
            follow_up=1 + (index * 3) % 5,
            cadence=1 + (index * 7) % 5,
            comment="Going well" if index % 4 == 0 else "",
            share_comment=index % 8 == 0,
            answered_at=now,
        )
        for index, pair in enumerate(pairs)
    )
    FitCheck.objects.bulk_create(
        FitCheck(
            mentorship_id=pair["pk"],
            author_id=pair["mentor"],
            answer=list(Fit)[index % 3],
            answered_at=now,
        )
        for index, pair in enumerate(pairs)
    )
    ClosingFeedback.objects.bulk_create(
        ClosingFeedback(
            mentorship_id=pair["pk"], author_id=author, recommend=(index * 7) % 11, answered_at=now
        )
        for index, pair in enumerate(pairs)
        if pair["ended_at"]
        for author in (pair["mentee"], pair["mentor"])
    )


def health_section() -> None:
    small, large = VIEW_SIZES
    say(
        f"Program health report at {large:,} pairs against {small} (in process, as the "
        "coordinator; median ms of 3 requests after a warm-up)"
    )
    year = timezone.localdate().year
    measured = {}
    for size in VIEW_SIZES:
        built = GROWN[f"program{size}"]
        answers_for(built.program)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(built.coordinator)
        for label, name, query in REPORTS:
            path = reverse(name, args=[built.program.pk]) + query.format(year=year, last=year - 1)
            captured, ms, _ = measure_page(client, path, runs=3)
            with CaptureQueriesContext(connection) as again:
                client.get(path)
            measured[size, label] = (min(len(captured), len(again)), ms)
    say(
        f"  {'report':<36} {'q ' + str(small):>6} {'q ' + str(large):>7} "
        f"{'ms ' + str(small):>8} {'ms ' + str(large):>9} {'ratio':>6}"
    )
    for label, _, _ in REPORTS:
        (q_small, ms_small), (q_large, ms_large) = measured[small, label], measured[large, label]
        same = "" if q_small == q_large else "  <- queries differ"
        say(
            f"  {label:<36} {q_small:6} {q_large:7} {ms_small:8.1f} {ms_large:9.1f} "
            f"{ms_large / ms_small:5.2f}x{same}"
        )
    say(
        f"  (no target in the issue beyond measuring it; for scale, the dashboard's is "
        f"{VIEW_RATIO_TARGET}x)"
    )
    say()
