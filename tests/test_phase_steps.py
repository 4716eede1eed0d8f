"""Progress inside a phase (mentoring/programs/steps.py and each phase's steps.py): the pair's
page lists the phase's steps, done or to do, and the "Next" card names the viewer's first
step still to do as a link to where it is done. Coordinators see the status, without links;
writing only its author may know of stays off everyone else's list."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.models import RESPONSIBILITIES, Acknowledgement
from mentoring.preparation.models import PlanningTemplate
from mentoring.programs import steps as program_steps
from mentoring.programs.models import Mentorship, Phase
from mentoring.programs.panels import PairViewer
from mentoring.programs.steps import phase_steps
from tests.factories import (
    CheckInAnswerFactory,
    ClosingReflectionFactory,
    GoalOutcomeFactory,
    MeetingFactory,
    PlanningTemplateFactory,
    PlanSectionFactory,
    ReflectionFactory,
    SelfReflectionFactory,
    ThankYouNoteFactory,
)
from tests.helpers import DAY, goals_in_effect, sign_version

pytestmark = pytest.mark.django_db


def viewer(pair, user):
    # As the pair's page has it: with its program and people (programs/access.py).
    pair = Mentorship.objects.with_people().get(pk=pair.pk)
    member = pair.has_member(user)
    return PairViewer(pair, user, is_member=member, can_edit=member and pair.is_open)


def states(pair, user) -> dict[str, bool]:
    """Each step's label (up to any bracket) and whether it is done."""
    return {step.label.split(" (")[0]: step.done for step in phase_steps(viewer(pair, user)).steps}


def next_of(pair, user):
    return phase_steps(viewer(pair, user)).next


def acknowledge_all(pair):
    for item, _ in RESPONSIBILITIES:
        Acknowledgement.objects.create(
            mentorship=pair, item=item, acknowledged_by=pair.mentee, acknowledged_at=timezone.now()
        )


def written_template(pair, **fields):
    answers = dict.fromkeys(PlanningTemplate.ANSWERS, "An answer.")
    return PlanningTemplateFactory(mentorship=pair, **answers, **fields)


class TestPreparing:
    def test_a_new_pair_has_everything_to_do_starting_with_the_self_reflection(self, pair):
        assert states(pair, pair.mentee) == {
            "Self-reflection completed": False,
            "Planning template written": False,
            "Planning template shared with Marco Mentor": False,
            "First meeting held": False,
        }
        step = next_of(pair, pair.mentee)
        assert step.action == "Complete your self-reflection"
        assert step.url == reverse("preparation:self_reflection")

    def test_the_template_is_written_once_every_question_is_answered(self, pair):
        SelfReflectionFactory(author=pair.mentee, completed_at=timezone.now())
        template = PlanningTemplateFactory(mentorship=pair)  # one answer only
        assert states(pair, pair.mentee)["Planning template written"] is False
        assert next_of(pair, pair.mentee).url == reverse(
            "preparation:planning_template", args=[pair.pk]
        )
        template.delete()
        written_template(pair)
        found = states(pair, pair.mentee)
        assert found["Self-reflection completed"] and found["Planning template written"]
        assert (
            next_of(pair, pair.mentee).action == "Share your planning template with Marco Mentor"
        )

    def test_once_shared_the_next_step_is_to_meet(self, client_for, pair):
        SelfReflectionFactory(author=pair.mentee, completed_at=timezone.now())
        written_template(pair, shared_at=timezone.now())
        step = next_of(pair, pair.mentee)
        assert step.action == "Meet Marco Mentor, then tell the toolkit you have met"
        assert step.url is None
        text = client_for(pair.mentee).get(pair.get_absolute_url()).text
        assert "We have met: start negotiating" in text

    def test_the_mentor_sees_only_whether_the_template_is_shared_with_them(self, pair):
        SelfReflectionFactory(author=pair.mentee, completed_at=timezone.now())
        written_template(pair)
        assert states(pair, pair.mentor) == {
            "Planning template shared by Mina Mentee": False,
            "First meeting held": False,
        }
        # Until shared the template's page is a 404 for the mentor: no link to it.
        assert phase_steps(viewer(pair, pair.mentor)).steps[0].url is None
        assert next_of(pair, pair.mentor).action.startswith("Meet Mina Mentee")

    def test_the_coordinator_sees_the_first_meeting_only(self, pair, coordinator):
        SelfReflectionFactory(author=pair.mentee, completed_at=timezone.now())
        assert states(pair, coordinator) == {"First meeting held": False}
        assert next_of(pair, coordinator) is None


class TestNegotiating:
    def test_with_no_agreement_the_mentee_acknowledges_and_the_mentor_starts_it(self, negotiating):
        pair = negotiating
        assert states(pair, pair.mentee) == {
            "Mentee responsibilities acknowledged": False,
            "Agreement draft written": False,
            "Signed by Mina Mentee": False,
            "Signed by Marco Mentor": False,
        }
        assert next_of(pair, pair.mentee).url == reverse(
            "agreements:responsibilities", args=[pair.pk]
        )
        step = next_of(pair, pair.mentor)
        assert step.action == "Start your mentoring agreement"
        assert step.url == reverse("agreements:agreement", args=[pair.pk])

    def test_a_draft_missing_the_cadence_is_not_written_yet(self, negotiating):
        from tests.factories import AgreementFactory, AgreementVersionFactory

        AgreementVersionFactory(agreement=AgreementFactory(mentorship=negotiating), number=1)
        assert states(negotiating, negotiating.mentor)["Agreement draft written"] is False
        step = next_of(negotiating, negotiating.mentor)
        assert "at least one goal" in step.action
        assert step.url == reverse("agreements:edit", args=[negotiating.pk])

    def test_a_written_draft_asks_each_member_to_sign(self, draft):
        pair = draft.agreement.mentorship
        acknowledge_all(pair)
        assert states(pair, pair.mentee)["Agreement draft written"] is True
        for person in (pair.mentee, pair.mentor):
            step = next_of(pair, person)
            assert step.action == "Sign the agreement"
            assert step.url == reverse("agreements:agreement", args=[pair.pk])

    def test_once_the_mentee_signed_only_the_mentor_has_a_step_left(self, draft):
        pair = draft.agreement.mentorship
        acknowledge_all(pair)
        sign_version(draft, pair.mentee)
        assert states(pair, pair.mentor) == {
            "Mentee responsibilities acknowledged": True,
            "Agreement draft written": True,
            "Signed by Mina Mentee": True,
            "Signed by Marco Mentor": False,
        }
        assert next_of(pair, pair.mentee) is None  # the card keeps the toolkit's sentence
        assert next_of(pair, pair.mentor).action == "Sign the agreement"

    def test_the_coordinator_sees_the_same_status_without_links(self, draft, coordinator):
        pair = draft.agreement.mentorship
        sign_version(draft, pair.mentee)
        found = phase_steps(viewer(pair, coordinator))
        assert [step.done for step in found.steps] == [False, True, True, False]
        assert all(step.url is None for step in found.steps)
        assert found.next is None


class TestEnabling:
    def test_a_new_agreement_starts_with_the_action_plan(self, enabling):
        assert states(enabling, enabling.mentee) == {
            "Action plan started: a section for each goal": False,
            "Meeting bi-weekly as agreed: 0 meetings held": False,
            "3-2-1 reflection on the last meeting held": False,
            "Mid-way check-in answered by you": False,
        }
        step = next_of(enabling, enabling.mentor)
        assert step.url == reverse("enabling:action_plan", args=[enabling.pk])

    def test_then_meetings_then_the_reflection_then_the_check_in(self, enabling):
        pair = enabling
        for position in (1, 2, 3):
            PlanSectionFactory(mentorship=pair, position=position)
        assert next_of(pair, pair.mentee).url == reverse("meetings:meetings", args=[pair.pk])
        meeting = MeetingFactory(mentorship=pair, held=True, starts_at=timezone.now() - DAY)
        found = states(pair, pair.mentee)
        assert found["Meeting bi-weekly as agreed: 1 meeting held"] is True
        for person in (pair.mentee, pair.mentor):
            step = next_of(pair, person)
            assert step.url == reverse("meetings:reflection", args=[pair.pk, meeting.pk])
        ReflectionFactory(meeting=meeting, author=pair.mentee)
        assert next_of(pair, pair.mentee).url == reverse("enabling:check_in", args=[pair.pk])
        assert next_of(pair, pair.mentor).url == reverse(
            "meetings:reflection", args=[pair.pk, meeting.pk]
        )
        CheckInAnswerFactory(mentorship=pair, author=pair.mentee)
        step = next_of(pair, pair.mentee)
        # Everything done: the phase's move, proposing to close.
        assert step.move and step.url == reverse("closure:closure", args=[pair.pk])

    def test_a_meeting_longer_ago_than_the_cadence_is_to_do_again(self, enabling):
        MeetingFactory(mentorship=enabling, held=True, starts_at=timezone.now() - 20 * DAY)
        found = states(enabling, enabling.mentee)
        assert found["Meeting bi-weekly as agreed: 1 meeting held"] is False
        meetings = phase_steps(viewer(enabling, enabling.mentee)).steps[1]
        assert meetings.action == "Schedule your next meeting"

    def test_the_coordinator_sees_counts_not_reflections_and_no_links(self, enabling, coordinator):
        ReflectionFactory(meeting__mentorship=enabling, author=enabling.mentee)
        CheckInAnswerFactory(mentorship=enabling, author=enabling.mentee)
        found = phase_steps(viewer(enabling, coordinator))
        labels = [step.label for step in found.steps]
        assert not any("3-2-1" in label for label in labels)
        assert "Mid-way check-in answered by both (one answered)" in labels
        assert all(step.url is None for step in found.steps)
        assert found.next is None


class TestClosure:
    def test_first_each_records_the_outcomes(self, in_closure):
        pair = in_closure
        assert states(pair, pair.mentee) == {
            "Every goal's outcome recorded by both": False,
            "Your closing reflection written": False,
            "Thank-you note sent by Mina Mentee": False,
            "Closure completed": False,
        }
        for person in (pair.mentee, pair.mentor):
            assert next_of(pair, person).url.endswith("/closure/#goals")

    def test_once_the_mentee_has_recorded_theirs_they_reflect_and_thank(self, in_closure):
        pair = in_closure
        for goal in goals_in_effect(pair):
            GoalOutcomeFactory(goal=goal, mentorship=pair, author=pair.mentee)
        assert next_of(pair, pair.mentee).action == "Write your closing reflection"
        assert next_of(pair, pair.mentor).action == "Record how each goal ended"
        ClosingReflectionFactory(mentorship=pair, author=pair.mentee)
        step = next_of(pair, pair.mentee)
        assert (step.action, step.url) == (
            "Thank Marco Mentor",
            reverse("closure:closure", args=[pair.pk]) + "#thanks",
        )
        ThankYouNoteFactory(mentorship=pair)
        assert next_of(pair, pair.mentee) is None  # the mentor's outcomes are theirs to record

    def test_a_closed_pair_has_its_closure_done_and_nothing_next(self, closed, coordinator):
        found = states(closed, closed.mentor)
        assert found["Every goal's outcome recorded by both"] and found["Closure completed"]
        assert next_of(closed, closed.mentor) is None
        coordinators = states(closed, coordinator)
        assert "Your closing reflection written" not in coordinators


class TestThePage:
    def page(self, client_for, pair, person):
        return client_for(person).get(pair.get_absolute_url()).text

    def test_it_lists_the_steps_with_their_state_in_words(self, client_for, draft):
        pair = draft.agreement.mentorship
        text = self.page(client_for, pair, pair.mentee)
        section = re.search(r'<section class="phase-steps.*?</section>', text, re.S).group(0)
        assert 'aria-labelledby="phase-steps-heading"' in section
        assert ">Steps in Negotiating</h2>" in section
        assert section.count('class="step-done"') == 1
        assert section.count('class="step-todo"') == 3
        assert section.count(">Done</span>") == 1
        assert section.count(">To do</span>") == 3

    def test_the_next_card_links_to_the_action(self, client_for, draft):
        pair = draft.agreement.mentorship
        text = self.page(client_for, pair, pair.mentor)
        card = re.search(r'id="next-step".*?</section>', text, re.S).group(0)
        agreement = reverse("agreements:agreement", args=[pair.pk])
        assert f'<a href="{agreement}">Sign the agreement</a>' in card
        assert "then both sign it" in card  # the toolkit's sentence stays, as the why

    def test_the_coordinator_gets_the_status_and_no_link_into_the_pair(
        self, client_for, draft, coordinator
    ):
        pair = draft.agreement.mentorship
        text = self.page(client_for, pair, coordinator)
        section = re.search(r'<section class="phase-steps.*?</section>', text, re.S).group(0)
        assert "<a " not in section
        assert "Signed by Mina Mentee" in section
        assert 'id="next-step"' not in text


class TestTheRegistry:
    def test_a_name_missing_from_the_phase_list_is_refused(self):
        with pytest.raises(ValueError, match="not in"):
            program_steps.register_phase_steps(Phase.CLOSURE, "surprise", lambda viewer: [])

    def test_a_name_taken_by_another_builder_is_refused(self):
        with pytest.raises(ValueError, match="registered twice"):
            program_steps.register_phase_steps(Phase.CLOSURE, "closure", lambda viewer: [])


# The builders' queries, per role, at two sizes: each fetches a fixed number of rows. On the
# pair's page Enabling's steps share the agreement's versions, the meetings' summary and the
# check-in's answers with the panels (PairViewer.once), and Preparing's the planning template.
QUERIES = {
    "preparing": {"mentee": 2, "mentor": 1, "coordinator": 0},
    "negotiating": {"mentee": 2, "mentor": 2, "coordinator": 2},
    "enabling": {"mentee": 5, "mentor": 5, "coordinator": 4},
    "closure": {"mentee": 3, "mentor": 3, "coordinator": 3},
}


def grow(pair, phase: str, scale: int):
    if phase == "preparing":
        SelfReflectionFactory(author=pair.mentee, completed_at=timezone.now())
        written_template(pair, shared_at=timezone.now())
        return pair
    if phase == "negotiating":
        pair.start_negotiating()
        acknowledge_all(pair)
        return pair
    from tests.factories import agreement_in_effect

    agreement_in_effect(pair)
    for index in range(scale):
        meeting = MeetingFactory(
            mentorship=pair, held=True, starts_at=timezone.now() - (index + 1) * DAY
        )
        ReflectionFactory(meeting=meeting, author=pair.mentee)
    PlanSectionFactory(mentorship=pair, position=1)
    CheckInAnswerFactory(mentorship=pair, author=pair.mentor)
    if phase == "closure":
        pair.start_closure()
        for goal in goals_in_effect(pair):
            GoalOutcomeFactory(goal=goal, mentorship=pair, author=pair.mentee)
    return pair


@pytest.mark.parametrize("scale", [1, 8])
@pytest.mark.parametrize("phase", list(QUERIES))
@pytest.mark.parametrize("persona", ["mentee", "mentor", "coordinator"])
def test_the_steps_cost_the_same_queries_whatever_the_data(
    request, pair, phase, persona, scale, django_assert_num_queries
):
    grow(pair, phase, scale)
    seen = viewer(pair, request.getfixturevalue(persona))
    with django_assert_num_queries(QUERIES[phase][persona]):
        found = phase_steps(seen)
    assert found.phase == phase
