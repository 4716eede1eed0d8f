"""The coordinator's dashboard: who sees it, its rows, filters and sorting, the chart figures."""

import re
import time
from types import SimpleNamespace

import pytest
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import zone_or_sites
from mentoring.dashboard import views
from mentoring.enabling.models import CheckInAnswer
from tests.factories import (
    ActionStepFactory,
    MentorshipFactory,
    PlanSectionFactory,
    ProgramFactory,
)
from tests.helpers import (
    DAY,
    dashboard_url,
    export_url,
    grow_program,
    in_effect_since,
    meeting_held_days_ago,
    request_help,
    shown_pairs,
)

pytestmark = pytest.mark.django_db


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

    def test_it_filters_by_part_of_the_mentors_name_or_email(
        self, client_for, coordinator, program, pair
    ):
        other = MentorshipFactory(
            program=program, mentor__full_name="Priya Ramanathan", mentor__email="pr@example.org"
        )
        client = client_for(coordinator)
        response = client.get(dashboard_url(program, mentor="ramanath"))
        assert shown_pairs(response) == [other]
        assert 'name="mentor" value="ramanath"' in response.text
        assert shown_pairs(client.get(dashboard_url(program, mentor="PR@example"))) == [other]

    def test_names_in_the_filters_choices_are_escaped(self, client_for, coordinator, program):
        MentorshipFactory(
            program=program,
            mentor__full_name='<b>"Bold" & Co</b>',
            mentor__department="R&D <script>",
        )
        text = client_for(coordinator).get(dashboard_url(program)).text
        assert "&lt;b&gt;&quot;Bold&quot; &amp; Co&lt;/b&gt;" in text
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
                mentor="x" * 101,
                department="Nowhere",
                q="zhang",
            )
        )
        assert response.status_code == 200
        assert "Some filters were not understood, so they were left out" in response.text
        for label in ["Phase", "Sort by", "Page", "At risk", "Mentor", "Department"]:
            assert f"<li>{label}" in response.text
        assert shown_pairs(response) == [other]

    def test_a_mentor_of_another_program_finds_none_of_their_pairs(
        self, client_for, coordinator, program, pair
    ):
        outsider = MentorshipFactory(mentor__full_name="Olu Outsider")
        response = client_for(coordinator).get(dashboard_url(program, mentor="Olu Outsider"))
        assert response.status_code == 200
        assert shown_pairs(response) == []
        assert outsider.mentee.full_name not in response.text

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
        # every matching id (filtered by a flag: one query, not a count and a page), the
        # page's pairs and their meetings, agreement versions, overdue steps, check-in answers
        # and requests for help, and with no figures kept yet, the charts' counts and the
        # meetings per month
        with django_assert_max_num_queries(14):
            response = client.get(dashboard_url(program, at_risk="yes", sort="-last_meeting"))
        assert response.status_code == 200
        assert len(shown_pairs(response)) == pairs // 2
        # the same less the charts' two queries, with a count and the page's ids
        with django_assert_max_num_queries(13):
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
        assert len(second) == len(first) - 3  # the charts' two queries, the departments
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
