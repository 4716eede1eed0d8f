"""The program health report (mentoring/reports): figures, the anonymity threshold, shared
comments only, cohorts side by side, bad input, its CSV and PDF, and constant queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.closure.models import Closure, Reason
from mentoring.health.models import ClosingFeedback, Fit, FitCheck, PulseSurvey
from tests.factories import (
    MeetingFactory,
    MentorFactory,
    MentorshipFactory,
    ProgramFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

SHARED = "Planted shared: the kick-starter questions got us talking"
UNSHARED = "Planted unshared: I dread our meetings"
WHY = "Planted fit reason: we clash"


def report_url(program, **query) -> str:
    url = reverse("reports:program_health", args=[program.pk])
    return url + (
        "?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else ""
    )


def pairs_of(program, count: int) -> list:
    return [MentorshipFactory(program=program) for _ in range(count)]


def recommend(pairs, scores):
    for pair, score in zip(pairs, scores, strict=True):
        ClosingFeedback.objects.create(
            mentorship=pair, author=pair.mentee, recommend=score, answered_at=timezone.now()
        )


def pulse(pair, author, *, comment="", share=False, rating=4):
    PulseSurvey.objects.create(
        mentorship=pair,
        author=author,
        round=1,
        value=rating,
        follow_up=rating,
        cadence=rating,
        comment=comment,
        share_comment=share,
        answered_at=timezone.now(),
    )


class TestFigures:
    def test_an_empty_program_says_so(self, client_for, coordinator, program):
        response = client_for(coordinator).get(report_url(program))
        assert response.status_code == 200
        assert "No pairs yet" in response.text
        assert "No mentees enrolled yet" in response.text

    def test_facts_about_pairs(self, client_for, coordinator, program):
        met, late, quiet = pairs_of(program, 3)
        agreement_in_effect(met)
        MeetingFactory.create_batch(6, mentorship=met, held=True)
        late.started_at = timezone.now() - datetime.timedelta(days=30)
        late.save()
        page = client_for(coordinator).get(report_url(program)).text
        assert "Mentees matched with a mentor</th><td>3 of 3 (100 %)" in page
        assert "meeting target</th><td>1 of 3 (33 %); target 6 meetings" in page
        # The late pair is past three weeks without signing; the quiet one is not due yet.
        assert "Agreement signed within 3 weeks</th><td>1 of 2 (50 %)" in page
        assert "Meetings held per pair (average)</th><td>2" in page

    @pytest.mark.parametrize("answers, shown", [(4, False), (5, True)])
    def test_answers_show_from_five_people(self, client_for, coordinator, program, answers, shown):
        recommend(pairs_of(program, answers), [10] * answers)
        page = client_for(coordinator).get(report_url(program)).text
        assert ("+100 (" in page) is shown
        assert ("Not shown: fewer than 5 answered" in page) is not shown

    def test_the_program_may_ask_fewer_but_never_below_three(self, client_for, coordinator):
        program = ProgramFactory(coordinators=[coordinator], anonymity_threshold=3)
        recommend(pairs_of(program, 3), [10, 9, 2])
        assert "+33 (3 people)" in client_for(coordinator).get(report_url(program)).text

    def test_fit_checks_goal_outcomes_and_closure_reasons(self, client_for, coordinator, program):
        pairs = pairs_of(program, 5)
        for pair in pairs:
            FitCheck.objects.create(
                mentorship=pair, author=pair.mentee, answer=Fit.GOOD, answered_at=timezone.now()
            )
        Closure.objects.create(
            mentorship=pairs[0],
            status=Closure.Status.NOT_A_FIT,
            proposed_by=pairs[0].mentee,
            reason=Reason.NOT_A_FIT,
        )
        pairs[0].close()
        page = client_for(coordinator).get(report_url(program)).text
        assert "A good fit: 5; Still deciding: 0; Not a fit: 0" in page
        assert "How pairs closed</th><td>Not a fit: 1" in page


class TestPrivacy:
    def world(self, program):
        pairs = pairs_of(program, 5)
        for pair in pairs:
            pulse(pair, pair.mentee, comment=SHARED, share=True)
            pulse(pair, pair.mentor, comment=UNSHARED)
            FitCheck.objects.create(
                mentorship=pair,
                author=pair.mentor,
                answer=Fit.NOT_A_FIT,
                why=WHY,
                answered_at=timezone.now(),
            )
        return pairs

    def test_only_shared_comments_and_no_names_in_page_csv_and_pdf(
        self, client_for, coordinator, program
    ):
        pairs = self.world(program)
        client = client_for(coordinator)
        page = client.get(report_url(program)).text
        csv_url = reverse("reports:program_health_csv", args=[program.pk])
        csv = client.get(csv_url).content.decode()
        pdf = pdf_text(
            client.get(reverse("reports:program_health_pdf", args=[program.pk])).content
        )
        for text in (page, csv, pdf):
            assert SHARED in text
            assert UNSHARED not in text
            assert WHY not in text
            for pair in pairs:
                assert pair.mentee.full_name not in text
                assert pair.mentor.full_name not in text

    def test_comments_wait_for_the_threshold(self, client_for, coordinator, program):
        for pair in pairs_of(program, 4):
            pulse(pair, pair.mentee, comment=SHARED, share=True)
        page = client_for(coordinator).get(report_url(program)).text
        assert SHARED not in page
        assert "fewer than 5 people answered" in page

    def test_a_pulse_round_with_too_few_people_is_withheld(self, client_for, coordinator, program):
        for pair in pairs_of(program, 2):
            pulse(pair, pair.mentee, rating=1)
            pulse(pair, pair.mentor, rating=1)
        page = client_for(coordinator).get(report_url(program)).text
        assert "Pulse survey 1</th><td>Not shown: fewer than 5 answered" in page
        for pair in pairs_of(program, 1):
            pulse(pair, pair.mentee, rating=5)
        page = client_for(coordinator).get(report_url(program)).text
        assert "5 people; I get value from our meetings: 1.8" in page

    def test_one_mentor_of_five_pairs_is_one_person(self, client_for, coordinator, program):
        mentor = MentorFactory(mentee_capacity=5)
        for _ in range(5):
            pair = MentorshipFactory(program=program, mentor=mentor)
            ClosingFeedback.objects.create(
                mentorship=pair, author=mentor, recommend=10, answered_at=timezone.now()
            )
        page = client_for(coordinator).get(report_url(program)).text
        assert "Not shown: fewer than 5 answered" in page
        assert "+100" not in page

    def test_dates_cannot_single_out_the_pairs_left_out(self, client_for, coordinator, program):
        pairs = pairs_of(program, 6)
        recommend(pairs, [10] * 6)
        for pair in pairs:
            pulse(pair, pair.mentee, comment=SHARED, share=True)
        old = pairs[0]
        old.started_at = timezone.now() - datetime.timedelta(days=400)
        old.save()
        since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
        page = client_for(coordinator).get(report_url(program, started_from=since)).text
        # Five pairs started since; the one left out would be the difference with the whole.
        assert "fewer than 5 answered outside these dates" in page
        assert "+100" not in page
        assert SHARED not in page
        assert SHARED in client_for(coordinator).get(report_url(program)).text

    @pytest.mark.parametrize("persona", ["mentee", "mentor", "stranger", "other_coordinator"])
    def test_only_its_coordinators_read_it(self, request, client_for, program, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(report_url(program)).status_code == 404


class TestCohorts:
    def test_two_programs_side_by_side(self, client_for, coordinator, program):
        other = ProgramFactory(coordinators=[coordinator], name="Pharmacy leaders")
        pairs_of(program, 2)
        pairs_of(other, 3)
        page = client_for(coordinator).get(report_url(program, compare_program=other.pk)).text
        assert f'<th scope="col">{program.name}</th><th scope="col">Pharmacy leaders</th>' in page
        assert "Pairs</th><td>2</td><td>3</td>" in page

    def test_date_ranges_side_by_side(self, client_for, coordinator, program):
        old, new = pairs_of(program, 2)
        old.started_at = timezone.now() - datetime.timedelta(days=400)
        old.save()
        year_ago = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
        page = (
            client_for(coordinator)
            .get(report_url(program, started_from=year_ago, compare_to=year_ago))
            .text
        )
        assert "Pairs</th><td>1</td><td>1</td>" in page

    def test_a_program_not_coordinated_cannot_be_compared(self, client_for, coordinator, program):
        stranger_program = ProgramFactory()
        response = client_for(coordinator).get(
            report_url(program, compare_program=stranger_program.pk)
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.text

    @pytest.mark.parametrize(
        "query, message",
        [
            (
                {"started_from": "2026-05-01", "started_to": "2026-01-01"},
                "The end date is before the start date.",
            ),
            (
                {"compare_from": "2026-05-01", "compare_to": "2026-01-01"},
                "The end date is before the start date.",
            ),
            ({"started_from": "not-a-date"}, "Enter a valid date."),
            ({"started_from": "1200-01-01"}, "Choose a date from 2000 to 2100."),
            ({"compare_to": "9999-12-31"}, "Choose a date from 2000 to 2100."),
        ],
    )
    def test_bad_dates_are_named(self, client_for, coordinator, program, query, message):
        response = client_for(coordinator).get(report_url(program, **query))
        assert response.status_code == 400
        assert message in response.text


class TestStaff:
    def test_staff_see_every_program(self, client_for, program):
        staff = UserFactory(is_staff=True)
        pairs_of(program, 2)
        pairs_of(ProgramFactory(), 3)
        page = client_for(staff).get(reverse("reports:all_programs_health")).text
        assert "Pairs</th><td>5</td>" in page


@pytest.mark.parametrize("pairs", [5, 40])
def test_its_queries_do_not_grow_with_pairs(
    pairs, client_for, coordinator, program, django_assert_max_num_queries
):
    for pair in pairs_of(program, pairs):
        agreement_in_effect(pair)
        MeetingFactory(mentorship=pair, held=True)
        pulse(pair, pair.mentee, comment=SHARED, share=True)
        recommend([pair], [8])
    client = client_for(coordinator)
    client.get(report_url(program))
    # The session and programs, then ten for each of the two cohorts (with their comments).
    with django_assert_max_num_queries(24):
        response = client.get(
            report_url(program, compare_program=ProgramFactory(coordinators=[coordinator]).pk)
        )
    assert response.status_code == 200
