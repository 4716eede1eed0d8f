"""The dashboard's CSV export, and calls for help marked dealt with."""

import csv
import io
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from mentoring.dashboard import views
from mentoring.enabling import services as enabling_services
from mentoring.enabling.models import CheckInAnswer
from mentoring.status.pairs import check_in_label
from tests.factories import MeetingFactory, MentorshipFactory
from tests.helpers import (
    DAY,
    dashboard_url,
    export_url,
    grow_program,
    in_effect_since,
    request_help,
    shown_pairs,
    status_of,
)

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


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
        # and the pairs with their status, read in chunks by one query; the access log's row
        with django_assert_max_num_queries(7):
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
