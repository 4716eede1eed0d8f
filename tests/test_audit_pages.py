"""Reading the access log: the staff's page and CSV, and a pair's "Who has looked".

What is recorded where: tests/test_audit_log.py.
"""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.log import record
from mentoring.audit.models import AccessEvent, Action
from tests.factories import MentorshipFactory, ProgramFactory, UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(full_name="Sid Staff", email="sid@example.com", is_staff=True)


def log_url(**params):
    return reverse("audit:log"), params


def shown(response) -> list[AccessEvent]:
    return list(response.context["page"].object_list)


def many(count, *, actor, **fields):
    for _ in range(count):
        record(Action.PAIR_VIEWED, actor=actor, detail="programs:mentorship", **fields)


class TestStaffLog:
    def test_only_staff_read_it(self, client_for, coordinator, staff):
        assert client_for(coordinator).get(reverse("audit:log")).status_code == 403
        response = client_for(staff).get(reverse("audit:log"))
        assert response.status_code == 200
        assert reverse("audit:log") in response.text  # the nav's "Access log"

    def test_it_filters_by_person_as_actor_or_subject(self, client_for, staff, pair, coordinator):
        record(Action.PAIR_VIEWED, actor=coordinator, mentorship=pair)
        record(Action.ENROLLED, actor=staff, subject=pair.mentee, program=pair.program)
        record(Action.SIGNED_IN, actor=pair.mentor)
        client = client_for(staff)
        by_email = coordinator.email.split("@")[0].upper()
        assert [e.actor for e in shown(client.get(*log_url(person=by_email)))] == [coordinator]
        about = shown(client.get(*log_url(person=pair.mentee.email)))
        assert [e.action for e in about] == [Action.ENROLLED]

    def test_it_filters_by_pair_program_action_and_dates(
        self, client_for, staff, pair, coordinator
    ):
        other = MentorshipFactory(program=ProgramFactory(coordinators=[coordinator]))
        with time_machine.travel(timezone.now() - datetime.timedelta(days=10), tick=False):
            record(Action.PAIR_VIEWED, actor=coordinator, mentorship=pair)
        record(Action.PDF_DOWNLOADED, actor=coordinator, mentorship=pair, detail="portfolio")
        record(Action.PAIR_VIEWED, actor=coordinator, mentorship=other)
        client = client_for(staff)
        assert len(shown(client.get(*log_url(pair=pair.pk)))) == 2
        assert len(shown(client.get(*log_url(program=other.program_id)))) == 1
        downloads = shown(client.get(*log_url(action=Action.PDF_DOWNLOADED)))
        assert [e.detail for e in downloads] == ["portfolio"]
        today = timezone.localdate()
        recent = shown(client.get(*log_url(pair=pair.pk, since=today.isoformat())))
        assert [e.action for e in recent] == [Action.PDF_DOWNLOADED]
        before = (today - datetime.timedelta(days=5)).isoformat()
        assert [e.action for e in shown(client.get(*log_url(until=before)))] == [
            Action.PAIR_VIEWED
        ]

    @pytest.mark.parametrize("number", ["seven", "99999999999999999999", "-1"])
    def test_a_filter_that_does_not_validate_is_left_out(self, client_for, staff, pair, number):
        record(Action.ENROLLED, subject=pair.mentee)
        response = client_for(staff).get(*log_url(pair=number, action=Action.ENROLLED))
        assert "were not understood" in response.text
        assert len(shown(response)) == 1

    @pytest.mark.parametrize("count", [3, 120])
    def test_it_pages_by_fifty_in_the_same_queries(
        self, client_for, staff, pair, coordinator, count, django_assert_max_num_queries
    ):
        people = [UserFactory() for _ in range(3)]
        for person in people:
            many(count // 3, actor=person, subject=coordinator, mentorship=pair)
        client = client_for(staff)
        # session + user, the programs to filter by, the count, the page with its people
        with django_assert_max_num_queries(5):
            response = client.get(*log_url(action=Action.PAIR_VIEWED))
        assert len(shown(response)) == min(count // 3 * 3, 50)
        if count > 50:
            assert "Page 1 of 3" in response.text

    def test_the_csv_has_the_filtered_events_and_is_logged(
        self, client_for, staff, pair, coordinator
    ):
        record(
            Action.PAIR_VIEWED, actor=coordinator, mentorship=pair, detail="programs:mentorship"
        )
        record(Action.SIGNED_IN, actor=pair.mentee)
        response = client_for(staff).get(
            reverse("audit:log_csv"),
            {"action": Action.PAIR_VIEWED, "person": coordinator.email[:6]},
        )
        assert response.streaming
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0][0] == "\ufeffWhen"
        assert [row[1:7] for row in rows[1:]] == [
            [
                "Opened a pair's page",
                coordinator.email,
                "",
                str(pair.program_id),
                str(pair.pk),
                "programs:mentorship",
            ]
        ]
        exported = AccessEvent.objects.get(action=Action.LOG_EXPORTED)
        assert exported.actor == staff
        # The filters by name, but not the words typed in the person box.
        assert exported.detail == "person=… action=pair_viewed"

    def test_the_csv_streams_in_bounded_memory(self, client_for, staff, coordinator):
        many(30, actor=coordinator)
        response = client_for(staff).get(reverse("audit:log_csv"))
        lines = list(response.streaming_content)
        # One chunk a row, never the whole file at once: the header, the 30, the staff
        # member's sign-in and this export.
        assert len(lines) == 1 + 30 + 2


def looked_url(pair):
    return reverse("programs:access_log", args=[pair.pk])


class TestWhoHasLooked:
    def test_members_see_a_coordinators_view_and_download(
        self, client_for, enabling, coordinator, mentee, mentor
    ):
        enabling.program.coordinators_see_agreement_pdf = True
        enabling.program.save()
        client = client_for(coordinator)
        client.get(enabling.get_absolute_url())
        client.get(reverse("agreements:version_pdf", args=[enabling.pk, 1]))
        client_for(mentor).get(enabling.get_absolute_url())  # a member's own look is not listed
        response = client_for(mentee).get(looked_url(enabling))
        assert response.status_code == 200
        rows = response.context["rows"]
        assert [(event.actor, role, what) for event, role, what in rows] == [
            (coordinator, "Coordinator", "the agreement, version 1"),
            (coordinator, "Coordinator", "its main page"),
        ]
        assert "Casey Coordinator" in response.text
        assert "Downloaded a PDF: the agreement, version 1" in response.text

    def test_the_programs_csv_while_they_were_a_pair_and_staff(self, client_for, pair, mentee):
        staff = UserFactory(is_staff=True, full_name="Sid Staff")
        with time_machine.travel(pair.started_at - datetime.timedelta(days=1), tick=False):
            record(Action.CSV_DOWNLOADED, actor=staff, program=pair.program, detail="dashboard")
        record(Action.CSV_DOWNLOADED, actor=staff, program=pair.program, detail="dashboard")
        record(Action.CSV_DOWNLOADED, actor=staff, program=ProgramFactory(), detail="dashboard")
        rows = client_for(mentee).get(looked_url(pair)).context["rows"]
        assert [(role, what) for _, role, what in rows] == [("Staff", "the program's dashboard")]

    @pytest.mark.parametrize("persona", ["coordinator", "stranger", "other_coordinator"])
    def test_it_is_a_404_to_anyone_else(self, request, client_for, pair, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(looked_url(pair)).status_code == 404

    def test_the_pairs_page_links_to_it_for_members_only(
        self, client_for, pair, mentee, coordinator
    ):
        assert looked_url(pair) in client_for(mentee).get(pair.get_absolute_url()).text
        assert looked_url(pair) not in client_for(coordinator).get(pair.get_absolute_url()).text

    @pytest.mark.parametrize("count", [2, 40])
    def test_its_queries_do_not_grow(
        self, client_for, pair, mentee, coordinator, count, django_assert_max_num_queries
    ):
        many(count, actor=coordinator, mentorship=pair)
        client = client_for(mentee)
        # session + user, the pair with its people, the count, the page with who looked
        with django_assert_max_num_queries(5):
            response = client.get(looked_url(pair))
        assert len(response.context["rows"]) == min(count, 25)
