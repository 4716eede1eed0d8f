"""The portfolio PDF: everything the pair shared, nothing anyone wrote for themselves."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.meetings.models import AgendaQuestion, KickStarterCategory, KickStarterQuestion
from tests.factories import (
    ActionStepFactory,
    AgreementVersionFactory,
    CandidateNoteFactory,
    CheckInAnswerFactory,
    ClosingReflectionFactory,
    GoalFactory,
    GoalOutcomeFactory,
    MeetingFactory,
    PlanningTemplateFactory,
    PlanSectionFactory,
    ReflectionFactory,
    SelfReflectionFactory,
    ThankYouNoteFactory,
)
from tests.helpers import closure_url, pdf_text

pytestmark = pytest.mark.django_db


def kick_starters(count):
    """Questions of our own: a browser test's flush empties the bank its migration loaded."""
    category, _ = KickStarterCategory.objects.get_or_create(
        slug="closure-tests", defaults={"name": "Closure tests", "position": 99}
    )
    return [
        KickStarterQuestion.objects.get_or_create(
            category=category, position=number, defaults={"text": f"Kick-starter {number}?"}
        )[0]
        for number in range(1, count + 1)
    ]


def plant_private_writing(pair):
    """Unique text in everything a person writes for themselves, to look for in the PDF."""
    secrets = {
        "self-reflection": "SECRET-SELF-REFLECTION-1",
        "candidate note": "SECRET-CANDIDATE-NOTE-2",
        "closing reflection": "SECRET-CLOSING-REFLECTION-3",
    }
    SelfReflectionFactory(author=pair.mentee, strengths=secrets["self-reflection"])
    CandidateNoteFactory(
        author=pair.mentee, mentor=pair.mentor, values_based=secrets["candidate note"]
    )
    ClosingReflectionFactory(
        mentorship=pair, author=pair.mentor, feelings=secrets["closing reflection"]
    )
    return secrets


class TestPortfolio:
    def test_it_holds_the_agreements_versions_and_the_closure(
        self, client_for, in_closure, mentee, mentor
    ):
        version = in_closure.agreement.versions.get()
        version.status = "superseded"
        version.save()
        amended = AgreementVersionFactory(
            agreement=in_closure.agreement,
            number=2,
            filled=True,
            status="in_effect",
            in_effect_at=timezone.now(),
            success="AMENDED-SUCCESS-TEXT",
        )
        goal = GoalFactory(version=amended, position=1, text="The amended goal")
        GoalOutcomeFactory(goal=goal, author=mentor, outcome="partly", comment="Nearly there")
        ThankYouNoteFactory(mentorship=in_closure, text="THANK-YOU-TEXT")
        PlanningTemplateFactory(
            mentorship=in_closure, hoped_gain="SHARED-PLANNING", shared_at=timezone.now()
        )
        response = client_for(mentee).get(closure_url("portfolio", in_closure))
        assert "mentoring-portfolio-mina-mentee.pdf" in response["Content-Disposition"]
        text = pdf_text(response.content)
        for expected in [
            "Version 1: Superseded",
            "Version 2: In effect",
            "AMENDED-SUCCESS-TEXT",
            "Goal 1 of the pair",
            "The amended goal",
            "Mentor: Partly achieved. Nearly there",
            "THANK-YOU-TEXT",
            "SHARED-PLANNING",
            "Reason: Goals achieved",
        ]:
            assert expected in text

    def test_it_holds_the_plan_the_meetings_the_shared_reflections_and_the_check_in(
        self, client_for, in_closure, mentee, mentor
    ):
        section = PlanSectionFactory(
            mentorship=in_closure, position=1, barriers="PLAN-BARRIERS-TEXT"
        )
        ActionStepFactory(section=section, owner="mentor", what="MENTOR-STEP-TEXT")
        meeting = MeetingFactory(
            mentorship=in_closure, held=True, agenda="AGENDA-TEXT", notes="SHARED-NOTES-TEXT"
        )
        (question,) = kick_starters(1)
        AgendaQuestion.objects.create(meeting=meeting, question=question, position=1)
        ReflectionFactory(
            meeting=meeting, author=mentor, learned_1="SHARED-321-TEXT", shared_at=timezone.now()
        )
        CheckInAnswerFactory(mentorship=in_closure, author=mentee, on_track="MENTEE-CHECK-IN")
        CheckInAnswerFactory(mentorship=in_closure, author=mentor, on_track="MENTOR-CHECK-IN")
        text = pdf_text(client_for(mentee).get(closure_url("portfolio", in_closure)).content)
        for expected in [
            "Goal alignment",
            "PLAN-BARRIERS-TEXT",
            "Mentor's action steps and target dates",
            "MENTOR-STEP-TEXT",
            "AGENDA-TEXT",
            question.text,
            "SHARED-NOTES-TEXT",
            "3-2-1 reflection shared by Marco Mentor",
            "SHARED-321-TEXT",
            "MENTEE-CHECK-IN",
            "MENTOR-CHECK-IN",
        ]:
            assert expected in text

    def test_a_check_in_only_one_answered_stays_out(self, client_for, in_closure, mentee):
        CheckInAnswerFactory(mentorship=in_closure, author=mentee, on_track="LONELY-CHECK-IN")
        text = pdf_text(client_for(mentee).get(closure_url("portfolio", in_closure)).content)
        assert "LONELY-CHECK-IN" not in text
        assert "once both of you have answered it" in text

    def test_it_never_holds_what_people_wrote_for_themselves(
        self, client_for, in_closure, mentee, mentor
    ):
        secrets = plant_private_writing(in_closure)
        PlanningTemplateFactory(mentorship=in_closure, hoped_gain="SECRET-UNSHARED-PLANNING-4")
        secrets["unshared planning"] = "SECRET-UNSHARED-PLANNING-4"
        meeting = MeetingFactory(mentorship=in_closure, held=True)
        for person in (mentee, mentor):
            ReflectionFactory(
                meeting=meeting, author=person, never_forget=f"SECRET-321-{person.pk}"
            )
            secrets[f"unshared 3-2-1 of {person}"] = f"SECRET-321-{person.pk}"
        for person in (mentee, mentor):
            text = pdf_text(client_for(person).get(closure_url("portfolio", in_closure)).content)
            for where, secret in secrets.items():
                assert secret not in text, where
            assert "Mina Mentee" in text

    # The portfolio asks the owning apps' rules, as the pages do: what the partner reads on a
    # page is exactly what the PDF holds, in both states of each rule.
    @pytest.mark.parametrize("both_answered", [False, True])
    def test_it_holds_the_partners_check_in_exactly_when_the_check_in_page_shows_it(
        self, client_for, in_closure, mentee, mentor, both_answered
    ):
        CheckInAnswerFactory(mentorship=in_closure, author=mentor, on_track="MENTOR-CHECK-IN-7")
        if both_answered:
            CheckInAnswerFactory(mentorship=in_closure, author=mentee)
        client = client_for(mentee)
        page = client.get(reverse("enabling:check_in", args=[in_closure.pk])).text
        portfolio = pdf_text(client.get(closure_url("portfolio", in_closure)).content)
        assert ("MENTOR-CHECK-IN-7" in page) is ("MENTOR-CHECK-IN-7" in portfolio) is both_answered

    @pytest.mark.parametrize("shared", [False, True])
    def test_it_holds_a_reflection_exactly_when_the_partners_meeting_page_shows_it(
        self, client_for, in_closure, mentee, mentor, shared
    ):
        meeting = MeetingFactory(mentorship=in_closure, held=True)
        ReflectionFactory(
            meeting=meeting,
            author=mentor,
            learned_1="MENTOR-321-7",
            shared_at=timezone.now() if shared else None,
        )
        client = client_for(mentee)
        page = client.get(meeting.get_absolute_url()).text
        portfolio = pdf_text(client.get(closure_url("portfolio", in_closure)).content)
        assert ("MENTOR-321-7" in page) is ("MENTOR-321-7" in portfolio) is shared

    @pytest.mark.parametrize("shared", [False, True])
    def test_it_holds_the_planning_template_exactly_when_the_mentor_may_read_it(
        self, client_for, in_closure, mentor, shared
    ):
        PlanningTemplateFactory(
            mentorship=in_closure,
            hoped_gain="PLANNING-7",
            shared_at=timezone.now() if shared else None,
        )
        client = client_for(mentor)
        page = client.get(reverse("preparation:planning_template", args=[in_closure.pk]))
        portfolio = pdf_text(client.get(closure_url("portfolio", in_closure)).content)
        assert (page.status_code == 200 and "PLANNING-7" in page.text) is shared
        assert ("PLANNING-7" in portfolio) is shared

    def test_its_action_plan_is_the_plan_pages(self, client_for, in_closure, mentee):
        section = PlanSectionFactory(mentorship=in_closure, position=2, support="SUPPORT-7")
        ActionStepFactory(section=section, owner="mentee", what="MENTEE-STEP-7")
        client = client_for(mentee)
        page = client.get(reverse("enabling:action_plan", args=[in_closure.pk])).text
        portfolio = pdf_text(client.get(closure_url("portfolio", in_closure)).content)
        for text in ["SUPPORT-7", "MENTEE-STEP-7"]:
            assert text in page
            assert text in portfolio

    @pytest.mark.parametrize("meetings", [2, 20])
    def test_its_query_count_does_not_grow_with_meetings(
        self, client_for, in_closure, mentee, mentor, meetings, django_assert_max_num_queries
    ):
        questions = kick_starters(2)
        section = PlanSectionFactory(mentorship=in_closure, position=1)
        for number in range(meetings):
            meeting = MeetingFactory(mentorship=in_closure, held=True, notes=f"Notes {number}")
            for position, question in enumerate(questions, start=1):
                AgendaQuestion.objects.create(
                    meeting=meeting, question=question, position=position
                )
            for person in (mentee, mentor):
                ReflectionFactory(meeting=meeting, author=person, shared_at=timezone.now())
            ActionStepFactory(section=section)
        client = client_for(mentee)
        # session + user, the pair with its people; the shared planning template; versions,
        # their goals, their signatures with signers; plan sections and their steps; shared
        # reflections with meetings and authors, meetings, their agenda questions; check-in
        # answers; decided closures with people, goal outcomes with goals and authors, the
        # thank-you; the access log's row
        with django_assert_max_num_queries(17):
            response = client.get(closure_url("portfolio", in_closure))
        assert response.status_code == 200
