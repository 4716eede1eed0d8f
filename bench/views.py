"""Issue 14's dashboard figures for bench/scale.py: every view of the dashboard (the first
page, at risk and not, each filter, each sort) at 5,000 pairs against the same at 50, with
their queries. Imported once Django is set up, after bench/grow.py built both programs."""

from urllib.parse import urlencode

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bench.common import MISSED_BECAUSE, VIEW_RATIO_TARGET, VIEW_SIZES, say
from bench.grow import GROWN
from bench.measure import measure_page
from mentoring.dashboard.forms import SORTS
from mentoring.programs.models import Mentorship, Phase


def views_of(built) -> list[tuple[str, dict]]:
    """(label, GET parameters) of every view; the mentor (by name) and department are the
    program's first, the search a common first name, so each view finds pairs at every size."""
    program = built.program
    mentor = (
        Mentorship.objects.filter(program=program).order_by("mentor__full_name").first().mentor
    )
    department = (
        User.objects.filter(mentorships_as_mentee__program=program)
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .first()
    )
    views = [
        ("first page", {}),
        ("page 2", {"page": 2}),
        ("at risk", {"at_risk": "yes"}),
        ("not at risk", {"at_risk": "no"}),
        *((f"phase {phase.label.lower()}", {"phase": phase.value}) for phase in Phase),
        ("search by name", {"q": "Grace"}),
        ("one mentor", {"mentor": mentor.full_name}),
        ("one department", {"department": department}),
        ("at risk, one department", {"at_risk": "yes", "department": department}),
    ]
    for key, (label, _) in SORTS.items():
        views.append((f"sort {label.lower()}", {"sort": key}))
        views.append((f"sort {label.lower()}, descending", {"sort": f"-{key}"}))
    return views


# What building each view costs as the program grows: served from the page cache, every view
# would cost the same at any size.
@override_settings(PAGE_CACHE_SECONDS=0)
def views_section() -> None:
    small, large = VIEW_SIZES
    say(
        f"Dashboard views at {large:,} pairs against {small} (in process, as the coordinator; "
        "median ms of 3 requests after a warm-up; the page cache off, so each is built anew)"
    )
    say(
        f"  {'view':<36} {'q ' + str(small):>6} {'q ' + str(large):>7} "
        f"{'ms ' + str(small):>8} {'ms ' + str(large):>9} {'ratio':>6}"
    )
    measured = {}
    for size in VIEW_SIZES:
        built = GROWN[f"program{size}"]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(built.coordinator)
        url = reverse("dashboard:program", args=[built.program.pk])
        for label, params in views_of(built):
            path = f"{url}?{urlencode(params)}" if params else url
            captured, ms, _ = measure_page(client, path, runs=3)
            # The charts' figures are kept a few minutes: a request that works them out again
            # has two queries more, which is not the view's doing. The fewer of two counts.
            with CaptureQueriesContext(connection) as again:
                client.get(path)
            measured[size, label] = (min(len(captured), len(again)), ms)
    missed, varying = [], []
    for label, _ in views_of(GROWN[f"program{small}"]):
        (q_small, ms_small), (q_large, ms_large) = measured[small, label], measured[large, label]
        ratio = ms_large / ms_small
        marks = []
        if ratio > VIEW_RATIO_TARGET:
            marks.append("time")
            missed.append(label)
        if q_small != q_large:
            marks.append("queries")
            varying.append(label)
        mark = f"  <- MISSED ({', '.join(marks)})" if marks else ""
        say(
            f"  {label:<36} {q_small:6} {q_large:7} {ms_small:8.1f} {ms_large:9.1f} "
            f"{ratio:5.2f}x{mark}"
        )
    say(
        f"  target: every view at {large:,} <= {VIEW_RATIO_TARGET}x its time at {small}: "
        + ("met" if not missed else f"MISSED by {len(missed)} of {len(measured) // 2}")
    )
    if missed:
        say(f"    why: {MISSED_BECAUSE['dashboard views']}")
    say(
        "  target: the same number of queries at both sizes: "
        + ("met" if not varying else f"MISSED by {', '.join(varying)}")
    )
    say()
