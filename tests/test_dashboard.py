import csv
import datetime
import io
import itertools
import re
import time
import zoneinfo
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core.cache.backends import locmem
from django.db import connection, models
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import zone_or_sites
from mentoring.agreements.models import AgreementVersion, Goal
from mentoring.closure.models import ClosingReflection, Closure, GoalOutcome, ThankYouNote
from mentoring.dashboard import views
from mentoring.enabling import services as enabling_services
from mentoring.enabling.models import ActionStep, CheckInAnswer, PlanSection
from mentoring.meetings.models import (
    AgendaQuestion,
    KickStarterCategory,
    KickStarterQuestion,
    Meeting,
    Reflection,
)
from mentoring.preparation.models import (
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
)
from mentoring.programs.models import Mentorship
from mentoring.status.pairs import check_in_label
from tests.factories import (
    ActionStepFactory,
    AgreementVersionFactory,
    CandidateNoteFactory,
    CheckInAnswerFactory,
    ClosingReflectionFactory,
    ClosureFactory,
    GoalOutcomeFactory,
    MeetingFactory,
    MentorRequestFactory,
    MentorshipFactory,
    PlanningTemplateFactory,
    PlanSectionFactory,
    ProgramFactory,
    ReflectionFactory,
    SelfReflectionFactory,
    ThankYouNoteFactory,
    agreement_in_effect,
)
from tests.helpers import in_effect_since, meeting_held_days_ago, request_help, status_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def dashboard_url(program, **params):
    query = urlencode(params)
    return reverse("dashboard:program", args=[program.pk]) + (f"?{query}" if query else "")


def export_url(program, **params):
    query = urlencode(params)
    return reverse("dashboard:export", args=[program.pk]) + (f"?{query}" if query else "")


def shown_pairs(response) -> list[Mentorship]:
    return [pair for pair, _, _ in response.context["rows"]]


def csv_rows(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


class TestAccess:
    def test_its_coordinator_sees_the_dashboard(self, client_for, coordinator, program, pair):
        response = client_for(coordinator).get(dashboard_url(program))
        assert response.status_code == 200
        assert shown_pairs(response) == [pair]

    @pytest.mark.parametrize("persona", ["other_coordinator", "mentee", "mentor", "stranger"])
    def test_anyone_else_gets_a_404(self, request, client_for, program, pair, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(dashboard_url(program)).status_code == 404
        assert client.get(export_url(program)).status_code == 404

    def test_a_coordinator_of_another_program_cannot_reach_into_this_one(
        self, client_for, other_coordinator, program, pair
    ):
        request_help(pair, pair.mentee)
        client = client_for(other_coordinator)
        assert client.get(dashboard_url(program)).status_code == 404
        assert client.get(export_url(program)).status_code == 404
        url = reverse("dashboard:mark_help_dealt_with", args=[pair.pk])
        assert client.post(url).status_code == 404
        assert CheckInAnswer.objects.help_wanted().exists()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, program):
        for url in [
            dashboard_url(program),
            export_url(program),
            reverse("dashboard:mark_help_dealt_with", args=[1]),
        ]:
            response = client.post(url) if "help" in url else client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))

    @pytest.mark.parametrize("persona", ["mentee", "mentor", "stranger", "other_coordinator"])
    def test_only_its_coordinators_mark_help_dealt_with(self, request, client_for, pair, persona):
        request_help(pair, pair.mentee)
        url = reverse("dashboard:mark_help_dealt_with", args=[pair.pk])
        assert client_for(request.getfixturevalue(persona)).post(url).status_code == 404
        assert CheckInAnswer.objects.help_wanted().exists()

    def test_marking_help_dealt_with_takes_a_post(self, client_for, coordinator, pair):
        url = reverse("dashboard:mark_help_dealt_with", args=[pair.pk])
        assert client_for(coordinator).get(url).status_code == 405

    def test_the_program_and_home_pages_link_to_the_dashboard(
        self, client_for, coordinator, program
    ):
        client = client_for(coordinator)
        assert dashboard_url(program) in client.get(program.get_absolute_url()).text
        assert dashboard_url(program) in client.get(reverse("home")).text


class TestDashboardPage:
    def test_it_shows_each_pairs_status_and_why_it_is_at_risk(
        self, client_for, coordinator, program, pair
    ):
        in_effect_since(pair, 60, "weekly")
        request_help(pair, pair.mentor)
        response = client_for(coordinator).get(dashboard_url(program))
        text = response.text
        for expected in [
            "Mina Mentee",
            "Marco Mentor",
            "Enabling",
            "Vancouver General",
            "At risk",
            "twice the agreed weekly cadence",
            "Asked for help",
            "Mark dealt with",
        ]:
            assert expected in text
        assert pair.get_absolute_url() in text

    def test_its_charts_are_inline_svg_with_words_for_screen_readers(
        self, client_for, coordinator, program, pair
    ):
        meeting = meeting_held_days_ago(pair, 1)
        text = client_for(coordinator).get(dashboard_url(program)).text
        assert text.count('<svg role="img"') == 3
        for number, title in enumerate(["Open pairs per phase", "Open pairs needing attention"]):
            assert f'<title id="chart-{number + 1}-title">{title}</title>' in text
        assert "Preparing: 1; Negotiating: 0; Enabling: 0; Closure: 0; Ended: 0." in text
        # The month the meeting fell in where the coordinator lives: a day ago may be last month.
        held_in = timezone.localtime(meeting.starts_at, zone_or_sites(coordinator.time_zone))
        assert re.search(f"{held_in:%B %Y}: 1[;.]", text)
        assert "<script" not in text.split("<main")[1].split("</main>")[0]

    def test_it_filters_by_phase(self, client_for, coordinator, program, pair):
        enabling = MentorshipFactory(program=program)
        in_effect_since(enabling, 1)
        response = client_for(coordinator).get(dashboard_url(program, phase="enabling"))
        assert shown_pairs(response) == [enabling]

    def test_it_filters_by_risk(self, client_for, coordinator, program, pair):
        late = MentorshipFactory(program=program, started_at=timezone.now() - 30 * DAY)
        client = client_for(coordinator)
        assert shown_pairs(client.get(dashboard_url(program, at_risk="yes"))) == [late]
        assert shown_pairs(client.get(dashboard_url(program, at_risk="no"))) == [pair]

    def test_it_filters_by_mentor(self, client_for, coordinator, program, pair):
        other = MentorshipFactory(program=program)
        response = client_for(coordinator).get(dashboard_url(program, mentor=other.mentor_id))
        assert shown_pairs(response) == [other]
        assert f'<option value="{other.mentor_id}" selected>' in response.text

    def test_names_in_the_filters_choices_are_escaped(self, client_for, coordinator, program):
        MentorshipFactory(
            program=program,
            mentor__full_name='<b>"Bold" & Co</b>',
            mentor__department="R&D <script>",
        )
        text = client_for(coordinator).get(dashboard_url(program)).text
        assert "&lt;b&gt;&quot;Bold&quot; &amp; Co&lt;/b&gt;</option>" in text
        assert '<option value="R&amp;D &lt;script&gt;">' in text
        assert "<script>" not in text

    def test_it_filters_by_the_mentees_or_mentors_department(
        self, client_for, coordinator, program, pair
    ):
        by_mentee = MentorshipFactory(program=program, mentee__department="Surrey Memorial")
        by_mentor = MentorshipFactory(program=program, mentor__department="Surrey Memorial")
        response = client_for(coordinator).get(
            dashboard_url(program, department="Surrey Memorial")
        )
        assert set(shown_pairs(response)) == {by_mentee, by_mentor}

    def test_it_searches_mentees_and_mentors_by_name(self, client_for, coordinator, program, pair):
        other = MentorshipFactory(program=program, mentee__full_name="Zoe Zhang")
        client = client_for(coordinator)
        assert shown_pairs(client.get(dashboard_url(program, q="zhang"))) == [other]
        assert shown_pairs(client.get(dashboard_url(program, q="marco"))) == [pair]

    def test_it_sorts_by_a_column_both_ways(self, client_for, coordinator, program):
        names = ["Bea", "Cy", "Al"]
        for name in names:
            MentorshipFactory(program=program, mentee__full_name=name)
        client = client_for(coordinator)
        ascending = shown_pairs(client.get(dashboard_url(program, sort="mentee")))
        descending = shown_pairs(client.get(dashboard_url(program, sort="-mentee")))
        assert [pair.mentee_name for pair in ascending] == ["Al", "Bea", "Cy"]
        assert [pair.mentee_name for pair in descending] == ["Cy", "Bea", "Al"]

    def test_sorting_by_overdue_steps_puts_the_most_first(self, client_for, coordinator, program):
        pairs = MentorshipFactory.create_batch(3, program=program)
        for count, pair in enumerate(pairs):
            section = PlanSectionFactory(mentorship=pair)
            ActionStepFactory.create_batch(
                count, section=section, target_on=timezone.localdate() - DAY
            )
        response = client_for(coordinator).get(dashboard_url(program, sort="-overdue"))
        assert shown_pairs(response) == pairs[::-1]
        assert 'aria-sort="descending"' in response.text

    def test_by_default_open_pairs_come_first_then_by_mentee(
        self, client_for, coordinator, program, pair
    ):
        late = MentorshipFactory(
            program=program, started_at=timezone.now() - 30 * DAY, mentee__full_name="Zed"
        )
        ended = MentorshipFactory(
            program=program,
            started_at=timezone.now() - 60 * DAY,
            ended_at=timezone.now() - DAY,
            mentee__full_name="Abe",
        )
        response = client_for(coordinator).get(dashboard_url(program))
        assert shown_pairs(response) == [pair, late, ended]
        assert late.pk in {row.pk for row, _, _ in response.context["rows"] if row.is_at_risk}

    def test_pairs_at_risk_come_first_when_sorted_so(self, client_for, coordinator, program, pair):
        late = MentorshipFactory(
            program=program, started_at=timezone.now() - 30 * DAY, mentee__full_name="Zed"
        )
        response = client_for(coordinator).get(dashboard_url(program, sort="-risk"))
        assert shown_pairs(response) == [late, pair]

    def test_nonsense_filters_are_reported_and_ignored(
        self, client_for, coordinator, program, pair
    ):
        other = MentorshipFactory(program=program, mentee__full_name="Zoe Zhang")
        response = client_for(coordinator).get(
            dashboard_url(
                program,
                phase="zzz",
                sort="evil",
                page="abc",
                at_risk="maybe",
                mentor="x1",
                department="Nowhere",
                q="zhang",
            )
        )
        assert response.status_code == 200
        assert "Some filters were not understood, so they were left out" in response.text
        for label in ["Phase", "Sort by", "Page", "At risk", "Mentor", "Department"]:
            assert f"<li>{label}" in response.text
        assert shown_pairs(response) == [other]

    def test_a_mentor_of_another_program_is_not_a_filter_value(
        self, client_for, coordinator, program, pair
    ):
        outsider = MentorshipFactory()
        response = client_for(coordinator).get(dashboard_url(program, mentor=outsider.mentor_id))
        assert response.status_code == 200
        assert response.context["form"].errors["mentor"]
        assert shown_pairs(response) == [pair]

    def test_a_page_past_the_end_shows_the_last_page(self, client_for, coordinator, program, pair):
        response = client_for(coordinator).get(dashboard_url(program, page=99))
        assert response.status_code == 200
        assert shown_pairs(response) == [pair]

    def test_pagination_keeps_the_filters(self, client_for, coordinator, program, monkeypatch):
        monkeypatch.setattr(views, "PAIRS_PER_PAGE", 2)
        MentorshipFactory.create_batch(5, program=program)
        response = client_for(coordinator).get(dashboard_url(program, phase="preparing", q=""))
        assert len(shown_pairs(response)) == 2
        assert "?phase=preparing&amp;q=&amp;page=2" in response.text
        assert export_url(program) + "?phase=preparing&amp;q=" in response.text

    @pytest.mark.parametrize("pairs", [4, 40])
    def test_its_query_count_does_not_grow_with_the_program(
        self, client_for, coordinator, program, pairs, django_assert_max_num_queries
    ):
        grow_program(program, pairs)
        client = client_for(coordinator)
        # session + user, the program, its mentors and departments (the filter's choices),
        # the count and the page's ids (filtered and sorted), the status of those pairs, and
        # with no figures kept yet, the charts' counts and the meetings per month
        with django_assert_max_num_queries(10):
            response = client.get(dashboard_url(program, at_risk="yes", sort="-last_meeting"))
        assert response.status_code == 200
        assert len(shown_pairs(response)) == pairs // 2
        # the same, less the charts' two queries
        with django_assert_max_num_queries(8):
            response = client.get(dashboard_url(program))
        assert len(shown_pairs(response)) == pairs


class TestChartFigures:
    """The charts' figures are kept a few minutes per program; the table stays live."""

    def test_a_second_look_within_minutes_reuses_the_figures(
        self, client_for, coordinator, program, pair
    ):
        client = client_for(coordinator)
        with CaptureQueriesContext(connection) as first:
            client.get(dashboard_url(program))
        MentorshipFactory(program=program, mentee__full_name="Zed")
        with CaptureQueriesContext(connection) as second:
            response = client.get(dashboard_url(program))
        assert len(second) == len(first) - 2
        assert "Preparing: 1; Negotiating: 0" in response.text
        assert len(shown_pairs(response)) == 2
        assert "Figures as of" in response.text

    def test_they_are_worked_out_afresh_after_the_window(
        self, client_for, coordinator, program, pair, monkeypatch
    ):
        client = client_for(coordinator)
        client.get(dashboard_url(program))
        MentorshipFactory(program=program, mentee__full_name="Zed")
        later = time.time() + views.FIGURES_SECONDS + 1
        monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))
        response = client.get(dashboard_url(program))
        assert "Preparing: 2; Negotiating: 0" in response.text

    def test_they_are_per_program(self, client_for, coordinator, program, pair):
        other = ProgramFactory(coordinators=[coordinator])
        client = client_for(coordinator)
        client.get(dashboard_url(program))
        response = client.get(dashboard_url(other))
        assert "Preparing: 0; Negotiating: 0" in response.text

    def test_marking_help_dealt_with_refreshes_them(self, client_for, coordinator, program, pair):
        request_help(pair, pair.mentee)
        client = client_for(coordinator)
        assert "Asked for help: 1." in client.get(dashboard_url(program)).text
        client.post(reverse("dashboard:mark_help_dealt_with", args=[pair.pk]))
        assert "Asked for help: 0." in client.get(dashboard_url(program)).text


def grow_program(program, pairs: int):
    """`pairs` pairs with activity; every other one at risk by an overdue step."""
    for index in range(pairs):
        pair = MentorshipFactory(program=program, mentee__department=f"Site {index % 7}")
        in_effect_since(pair, 40, "biweekly")
        meeting_held_days_ago(pair, 3)
        MeetingFactory(mentorship=pair)
        CheckInAnswerFactory(mentorship=pair, needs_help=index % 3 == 0)
        target = timezone.localdate() + (-DAY if index % 2 else 5 * DAY)
        ActionStepFactory(section=PlanSectionFactory(mentorship=pair), target_on=target)


class TestExport:
    def test_it_streams_the_dashboards_rows_as_csv(self, client_for, coordinator, program, pair):
        response = client_for(coordinator).get(export_url(program))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'attachment; filename="leadership-program-' in response["Content-Disposition"]
        (row,) = csv_rows(response)
        assert list(row) == views.CSV_HEADERS
        assert (row["Mentee"], row["Mentor"], row["Phase"]) == (
            "Mina Mentee",
            "Marco Mentor",
            "Preparing",
        )

    def test_its_times_are_in_the_coordinators_time_zone(
        self, client_for, coordinator, program, pair
    ):
        coordinator.time_zone = "Pacific/Auckland"
        coordinator.save(update_fields=["time_zone"])
        next_meeting = MeetingFactory(mentorship=pair)
        (row,) = csv_rows(client_for(coordinator).get(export_url(program)))
        auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
        expected = timezone.localtime(next_meeting.starts_at, auckland)
        assert row["Next meeting"] == f"{expected:%Y-%m-%d %H:%M}"

    def test_it_holds_exactly_what_the_filtered_dashboard_shows(
        self, client_for, coordinator, program
    ):
        grow_program(program, 6)
        MentorshipFactory(program=program, started_at=timezone.now() - 30 * DAY)
        client = client_for(coordinator)
        filters = {"at_risk": "yes", "sort": "-mentor"}
        page = client.get(dashboard_url(program, **filters))
        rows = csv_rows(client.get(export_url(program, **filters)))
        today = timezone.localdate()
        assert len(rows) == 4
        assert [
            (
                row["Mentee"],
                row["Mentor"],
                row["Phase"],
                row["Meetings held"],
                row["Meetings planned"],
                row["Overdue action steps"],
                row["Mid-way check-in"],
                row["Asked for help"],
                row["At risk"],
                row["Why at risk"],
            )
            for row in rows
        ] == [
            (
                pair.mentee_name,
                pair.mentor_name,
                pair.get_phase_display(),
                str(pair.meetings_held),
                str(pair.meetings_planned),
                str(pair.overdue_steps),
                check_in,
                "Yes" if pair.help_requested else "No",
                "Yes",
                "; ".join(reasons),
            )
            for pair, reasons, check_in in page.context["rows"]
        ]
        assert all(check_in_label(pair, today) for pair in shown_pairs(page))

    def test_it_has_every_matching_pair_not_only_the_first_page(
        self, client_for, coordinator, program, monkeypatch
    ):
        monkeypatch.setattr(views, "PAIRS_PER_PAGE", 2)
        MentorshipFactory.create_batch(5, program=program)
        assert len(csv_rows(client_for(coordinator).get(export_url(program, page=2)))) == 5

    def test_cells_that_a_spreadsheet_would_run_are_defused(
        self, client_for, coordinator, program
    ):
        MentorshipFactory(
            program=program,
            mentee__full_name='=HYPERLINK("http://evil.example","x")',
            mentee__department="+1 site",
            mentor__full_name="@SUM(A1)",
            mentor__department="-2",
        )
        (row,) = csv_rows(client_for(coordinator).get(export_url(program)))
        assert row["Mentee"] == '\'=HYPERLINK("http://evil.example","x")'
        assert row["Mentee department"] == "'+1 site"
        assert row["Mentor"] == "'@SUM(A1)"
        assert row["Mentor department"] == "'-2"

    def test_nonsense_filters_are_ignored(self, client_for, coordinator, program, pair):
        response = client_for(coordinator).get(export_url(program, phase="zzz", sort="evil"))
        assert response.status_code == 200
        assert len(csv_rows(response)) == 1

    @pytest.mark.parametrize("pairs", [4, 40])
    def test_its_query_count_does_not_grow_with_the_program(
        self, client_for, coordinator, program, pairs, django_assert_max_num_queries
    ):
        grow_program(program, pairs)
        client = client_for(coordinator)
        # session + user, the program, its mentors and departments (to check the filters),
        # and the pairs with their status, read in chunks by one query
        with django_assert_max_num_queries(6):
            rows = csv_rows(client.get(export_url(program)))
        assert len(rows) == pairs


class TestHelpRequests:
    def test_a_coordinator_marks_help_dealt_with_and_goes_back(
        self, client_for, coordinator, program, pair
    ):
        request_help(pair, pair.mentee)
        back = dashboard_url(program, at_risk="no")
        response = client_for(coordinator).post(
            reverse("dashboard:mark_help_dealt_with", args=[pair.pk]), {"next": back}
        )
        assert response.status_code == 302
        assert response["Location"] == back
        answer = CheckInAnswer.objects.get()
        assert answer.help_resolved_by == coordinator and answer.help_resolved_at
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "The help Mina Mentee and Marco Mentor asked for is marked as dealt with."
        ]
        assert not status_of(pair).help_requested

    def test_it_goes_back_to_the_dashboard_rather_than_another_site(
        self, client_for, coordinator, program, pair
    ):
        request_help(pair, pair.mentee)
        response = client_for(coordinator).post(
            reverse("dashboard:mark_help_dealt_with", args=[pair.pk]),
            {"next": "https://evil.example/"},
        )
        assert response["Location"] == dashboard_url(program)

    def test_nothing_to_mark_says_so(self, client_for, coordinator, program, pair):
        response = client_for(coordinator).post(
            reverse("dashboard:mark_help_dealt_with", args=[pair.pk]), follow=True
        )
        assert "Mina Mentee and Marco Mentor have no request for help waiting." in response.text

    def test_asking_again_after_it_was_dealt_with_shows_it_again(self, coordinator, pair):
        in_effect_since(pair, 10)
        answer = request_help(pair, pair.mentee)
        answer.help_resolved_at, answer.help_resolved_by = timezone.now(), coordinator
        answer.save()
        enabling_services.answer_check_in(
            mentorship=pair, user=pair.mentee, values={"needs_help": False}
        )
        assert not status_of(pair).help_requested
        enabling_services.answer_check_in(
            mentorship=pair, user=pair.mentee, values={"needs_help": True}
        )
        assert status_of(pair).help_requested


# The privacy probe: unique text in every free-text field of what pairs write, then every page
# a coordinator can load, none of which may show any of it.

PRIVATE_MODELS = [
    SelfReflection,
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    AgreementVersion,
    Goal,
    PlanSection,
    ActionStep,
    CheckInAnswer,
    Meeting,
    Reflection,
    ClosingReflection,
    GoalOutcome,
    ThankYouNote,
    Closure,
]


def free_text_fields(model) -> list[models.Field]:
    """The fields people type into: text and char fields without a fixed list of choices.

    Found by type, not by name, so a field added later is probed too."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


class Planter:
    def __init__(self):
        self.secrets: dict[str, str] = {}

    def plant(self, obj):
        """Fill every free-text field of `obj` with a text found nowhere else, and save it."""
        model = type(obj).__name__
        for field in free_text_fields(type(obj)):
            text = f"Secret{len(self.secrets):03d}x{model}x{field.name}"
            self.secrets[text] = f"{model}.{field.name} #{len(self.secrets)}"
            setattr(obj, field.name, text)
        obj.save()
        return obj


def rich_pair(program, planter):
    """A pair in Enabling that wrote in every place: agreement and an amendment draft, plan,
    steps, check-in with a call for help, meetings with agendas, notes and reflections."""
    pair = MentorshipFactory(program=program, started_at=timezone.now() - 60 * DAY)
    planter.plant(SelfReflectionFactory(author=pair.mentee))
    planter.plant(CandidateNoteFactory(author=pair.mentee, mentor=pair.mentor))
    planter.plant(
        MentorRequestFactory(
            program=program,
            mentee=pair.mentee,
            mentor=pair.mentor,
            status="accepted",
            responded_at=timezone.now(),
            mentorship=pair,
        )
    )
    planter.plant(PlanningTemplateFactory(mentorship=pair))
    version = agreement_in_effect(pair)
    planter.plant(version)
    for goal in version.goals.all():
        planter.plant(goal)
    draft = planter.plant(
        AgreementVersionFactory(agreement=version.agreement, number=2, filled=True)
    )
    planter.plant(Goal.objects.create(version=draft, position=1, text="x"))
    for position in (1, 2):
        section = planter.plant(PlanSectionFactory(mentorship=pair, position=position))
        for owner, target in [("mentee", -DAY), ("mentor", 9 * DAY)]:
            planter.plant(
                ActionStepFactory(
                    section=section, owner=owner, target_on=timezone.localdate() + target
                )
            )
    planter.plant(CheckInAnswerFactory(mentorship=pair, author=pair.mentee, needs_help=True))
    planter.plant(CheckInAnswerFactory(mentorship=pair, author=pair.mentor))
    category = KickStarterCategory.objects.create(name="Probe", slug="probe", position=99)
    question = KickStarterQuestion.objects.create(
        category=category, position=1, text="SecretKickStarterOnAnAgenda"
    )
    held = planter.plant(meeting_held_days_ago(pair, 3))
    AgendaQuestion.objects.create(meeting=held, question=question, position=1)
    planter.plant(ReflectionFactory(meeting=held, author=pair.mentee))
    planter.plant(ReflectionFactory(meeting=held, author=pair.mentor, shared_at=timezone.now()))
    planter.plant(MeetingFactory(mentorship=pair))
    return pair, question


def closing_pair(program, planter):
    """A pair in Closure: a declined and an agreed proposal with other reasons, outcomes,
    reflections, the thank-you, and a planning template shared with the mentor."""
    pair = MentorshipFactory(program=program, started_at=timezone.now() - 200 * DAY)
    planter.plant(PlanningTemplateFactory(mentorship=pair, shared_at=timezone.now()))
    version = agreement_in_effect(pair)
    planter.plant(version)
    goal = planter.plant(version.goals.first())
    answered = {
        "answered_by": pair.mentor,
        "answered_at": timezone.now(),
        "reason": "other",
        "reason_other": "x",
    }
    planter.plant(ClosureFactory(mentorship=pair, status="declined", **answered))
    pair.start_closure()
    planter.plant(ClosureFactory(mentorship=pair, status="agreed", **answered))
    for author in (pair.mentee, pair.mentor):
        planter.plant(GoalOutcomeFactory(goal=goal, mentorship=pair, author=author))
        planter.plant(ClosingReflectionFactory(mentorship=pair, author=author))
    planter.plant(ThankYouNoteFactory(mentorship=pair))
    return pair


def url_patterns(resolver=None, namespace=""):
    """(name for reverse, its keyword arguments) for every named URL pattern of the project."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", list(pattern.pattern.regex.groupindex)


def page_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        reader = PdfReader(io.BytesIO(content))
        return " ".join(page.extract_text() for page in reader.pages)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def test_nothing_a_pair_writes_reaches_a_page_or_export_a_coordinator_can_load(
    client_for, coordinator, program
):
    planter = Planter()
    pair, agenda_question = rich_pair(program, planter)
    closing = closing_pair(program, planter)
    ended = closing_pair(program, planter)
    ended.close()
    waiting = MentorRequestFactory(program=program, mentor=pair.mentor)
    planter.plant(waiting)
    awaiting = MentorRequestFactory(
        program=program, mentor=pair.mentor, status=MentorRequest.Status.AWAITING_APPROVAL
    )
    planter.plant(awaiting)
    planted_models = {label.split(".")[0] for label in planter.secrets.values()}
    assert planted_models == {model.__name__ for model in PRIVATE_MODELS}

    # Every URL of the project with every value that fits its arguments: the program, the
    # pairs, their meetings, steps, goals, closures and agreement versions.
    meetings = list(Meeting.objects.values_list("pk", flat=True))
    values = {
        "pk": [program.pk, pair.pk, closing.pk, ended.pk, waiting.pk],
        "program_pk": [program.pk],
        "request_pk": [waiting.pk, awaiting.pk],
        "mentor_pk": [pair.mentor_id],
        "meeting_id": meetings,
        "number": [1, 2],
        "position": [1, 2],
        "owner": ["mentee", "mentor"],
        "step": list(ActionStep.objects.values_list("pk", flat=True)),
        "goal_pk": list(Goal.objects.values_list("pk", flat=True)),
        "closure_pk": list(Closure.objects.values_list("pk", flat=True)),
        "question_id": [agenda_question.pk],
    }
    urls = {reverse("home"), program.get_absolute_url()}
    for name, arguments in url_patterns():
        if name.startswith("admin:") or any(argument not in values for argument in arguments):
            continue
        for combination in itertools.product(*(values[argument] for argument in arguments)):
            urls.add(reverse(name, kwargs=dict(zip(arguments, combination, strict=True))))
    filters = [{"phase": phase} for phase in ("preparing", "negotiating", "enabling", "closure")]
    filters += [{"at_risk": "yes"}, {"at_risk": "no"}, {"mentor": pair.mentor_id}]
    filters += [{"department": "Vancouver General"}, {"q": pair.mentee.full_name.split()[0]}]
    filters += [{"sort": key} for key in views.SORTS]
    for params in filters:
        urls.add(dashboard_url(program, **params))
        urls.add(export_url(program, **params))

    client = client_for(coordinator)
    loaded = {}
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code == 200:
            loaded[url] = page_text(response)
    assert {
        reverse("home"),
        program.get_absolute_url(),
        dashboard_url(program),
        export_url(program),
        pair.get_absolute_url(),
        closing.get_absolute_url(),
        reverse("enrolment:requests", args=[program.pk]),
        reverse("enrolment:decline_request", args=[program.pk, awaiting.pk]),
    } <= set(loaded)

    leaks = [
        (url, label)
        for url, text in loaded.items()
        for secret, label in planter.secrets.items()
        if secret in text
    ]
    assert leaks == []
    # The kick-starter bank is the toolkit's, open to all; which question a pair put on an
    # agenda is theirs.
    bank = reverse("meetings:kick_starters")
    assert [url for url, text in loaded.items() if agenda_question.text in text] in ([], [bank])
