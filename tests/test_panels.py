"""The pages every phase adds to, the pair's page and home: what each contributes, through
mentoring/programs/panels.py, and what they cost in queries per role as the data grows."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.models import RESPONSIBILITIES, Acknowledgement
from mentoring.enrolment.models import ProgramInvitation
from mentoring.programs import panels
from mentoring.programs.models import Participant
from mentoring.programs.panels import PairViewer, Panel
from tests.factories import (
    ActionStepFactory,
    AgreementVersionFactory,
    CheckInAnswerFactory,
    ClosureFactory,
    MeetingFactory,
    MentorRequestFactory,
    MentorshipFactory,
    PlanningTemplateFactory,
    PlanSectionFactory,
    ProgramFactory,
    SelfReflectionFactory,
    UserFactory,
    agreement_in_effect,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PAIR_HEADINGS = ["Planning template", "Mentoring agreement", "Action plan and", "Meetings"]


def positions(text: str, headings: list[str]) -> list[int]:
    return [text.index(f'class="h5">{heading}') for heading in headings]


def grow_pair(pair, scale: int) -> None:
    """A pair in Enabling with `scale` of everything its page counts: amendments, steps (some
    done, some overdue), meetings held and planned, withdrawn proposals to close."""
    version = agreement_in_effect(pair)
    for _ in range(scale):
        AgreementVersionFactory(
            agreement=version.agreement, status="superseded", in_effect_at=timezone.now() - DAY
        )
    AgreementVersionFactory(agreement=version.agreement)
    for item, _ in RESPONSIBILITIES:
        Acknowledgement.objects.create(
            mentorship=pair, item=item, acknowledged_by=pair.mentee, acknowledged_at=timezone.now()
        )
    PlanningTemplateFactory(mentorship=pair, shared_at=timezone.now())
    section = PlanSectionFactory(mentorship=pair)
    for index in range(scale):
        ActionStepFactory(section=section, target_on=timezone.localdate() - DAY)
        ActionStepFactory(section=section, done_at=timezone.now(), done_by=pair.mentee)
        MeetingFactory(mentorship=pair, held=True, starts_at=timezone.now() - (index + 1) * DAY)
        MeetingFactory(mentorship=pair, starts_at=timezone.now() + (index + 1) * DAY)
        ClosureFactory(
            mentorship=pair,
            status="withdrawn",
            answered_by=pair.mentee,
            answered_at=timezone.now(),
        )
    CheckInAnswerFactory(mentorship=pair, author=pair.mentee, needs_help=True)


def grow_home(pair, coordinator, scale: int) -> None:
    """`scale` of everything home lists, for each of the pair's mentee and mentor and the
    coordinator: invitations, requests waiting for the mentor, programs where the mentee is
    still preparing (each with a request), programs coordinated, each with pairs."""
    mentee, mentor = pair.mentee, pair.mentor
    SelfReflectionFactory(author=mentee)
    for _ in range(scale):
        for person in (mentee, mentor, coordinator):
            ProgramInvitation.objects.create(
                program=ProgramFactory(), user=person, role=Participant.Role.MENTEE
            )
        MentorRequestFactory(program=pair.program, mentor=mentor)
        MentorRequestFactory(mentee=mentee)
        program = ProgramFactory(coordinators=[coordinator])
        MentorshipFactory.create_batch(2, program=program)


class TestThePairsPage:
    def test_members_see_each_phases_panel_in_page_order(self, client_for, pair):
        grow_pair(pair, 1)
        for person in (pair.mentee, pair.mentor):
            text = client_for(person).get(pair.get_absolute_url()).text
            found = positions(text, [*PAIR_HEADINGS, "Closure"])
            assert found == sorted(found)

    def test_the_coordinator_sees_the_status_panels_only(self, client_for, pair, coordinator):
        grow_pair(pair, 1)
        text = client_for(coordinator).get(pair.get_absolute_url()).text
        assert "Planning template" not in text
        found = positions(text, [*PAIR_HEADINGS[1:], "Closure"])
        assert found == sorted(found)
        assert "Help requested" in text

    def test_a_help_request_dealt_with_is_no_longer_flagged(self, client_for, pair, coordinator):
        grow_pair(pair, 1)
        pair.check_in_answers.update(help_resolved_at=timezone.now(), help_resolved_by=coordinator)
        assert "Help requested" not in client_for(coordinator).get(pair.get_absolute_url()).text

    def test_a_preparing_pair_sees_only_what_has_begun(self, client_for, pair):
        text = client_for(pair.mentee).get(pair.get_absolute_url()).text
        assert "Planning template" in text
        assert "The agreement opens in the Negotiating phase" in text
        for heading in ["Action plan and", "Meetings", "Closure"]:
            assert f'class="h5">{heading}' not in text


class TestHome:
    def test_it_shows_invitations_then_requests_then_preparing(self, client_for, pair):
        mentee = pair.mentee
        ProgramInvitation.objects.create(
            program=ProgramFactory(), user=mentee, role=Participant.Role.MENTOR
        )
        MentorRequestFactory(program=ProgramFactory(), mentor=mentee)
        MentorRequestFactory(mentee=mentee)
        text = client_for(mentee).get(reverse("home")).text
        found = [
            text.index(heading)
            for heading in ["Invitations to programs", "Requests to mentor you", "Preparing"]
        ]
        assert found == sorted(found)

    def test_someone_with_nothing_waiting_sees_none_of_them(self, client_for, stranger):
        text = client_for(stranger).get(reverse("home")).text
        for heading in ["Invitations to programs", "Requests to mentor you", "Preparing"]:
            assert heading not in text
        assert "No mentorship yet" in text


class TestTheRegistry:
    def test_a_panel_missing_from_the_pages_list_is_refused(self):
        with pytest.raises(ValueError, match="not in the page's list"):
            panels.register_pair_panel("surprise", lambda viewer: None)
        with pytest.raises(ValueError, match="not in the page's list"):
            panels.register_home_panel("surprise", lambda user: None)

    def test_a_name_taken_by_another_builder_is_refused(self):
        with pytest.raises(ValueError, match="registered twice"):
            panels.register_home_panel("invitations", lambda user: None)

    def test_what_a_panel_and_the_steps_both_need_is_fetched_once(self, pair):
        viewer = PairViewer(pair, pair.mentee, is_member=True, can_edit=True)
        calls = []
        assert viewer.once(calls.append) is viewer.once(calls.append) is None
        assert calls == [viewer]
        again = PairViewer(pair, pair.mentee, is_member=True, can_edit=True)
        again.once(calls.append)
        assert calls == [viewer, again]

    def test_panels_come_in_page_order_and_empty_ones_are_left_out(self, monkeypatch, stranger):
        builders = {
            "preparing": lambda user: Panel("c.html", {}),
            "invitations": lambda user: Panel("a.html", {}),
            "mentor_requests": lambda user: None,
        }
        monkeypatch.setattr(panels, "_home_builders", builders)
        assert [panel.template for panel in panels.home_panels(stranger)] == ["a.html", "c.html"]

    def test_the_pages_templates_load_no_tag_that_reads_the_database(self):
        # Panels arrive with their data; `panels` and `phases` only render what they are given.
        for name in ["programs/home.html", "programs/mentorship.html"]:
            text = (Path(settings.BASE_DIR) / "templates" / name).read_text()
            loaded = {
                lib for line in re.findall(r"{% load ([^%]+)%}", text) for lib in line.split()
            }
            assert loaded <= {"panels", "phases"}, name


@pytest.mark.parametrize("scale", [1, 10])
class TestQueryCounts:
    @pytest.mark.parametrize("persona, most", [("mentee", 12), ("mentor", 12), ("coordinator", 9)])
    def test_the_pairs_page_does_not_grow_with_the_pair(
        self, request, client_for, pair, scale, persona, most, django_assert_max_num_queries
    ):
        grow_pair(pair, scale)
        client = client_for(request.getfixturevalue(persona))
        # session + user, the pair with its program and people (the access helper); for
        # members the planning template; the agreement's draft and version in effect with the
        # date it first took effect, and for members the responsibilities acknowledged; the
        # check-in's answers, and for members the step counts; the meetings' counts and dates
        # with the last one held, in one row; the fit check's answers; the latest standing
        # proposal to close; for the coordinator, the access log's row. Enabling's steps
        # (programs/steps.py) add the goals with a plan section and for members my 3-2-1 on
        # the last meeting held, and read the rest from what the panels fetched
        # (PairViewer.once)
        with django_assert_max_num_queries(most):
            response = client.get(pair.get_absolute_url())
        assert response.status_code == 200
        assert f"{scale} held, {scale} planned" in response.text

    @pytest.mark.parametrize("persona, most", [("mentee", 10), ("mentor", 8), ("coordinator", 9)])
    def test_home_does_not_grow_with_what_it_lists(
        self,
        request,
        client_for,
        pair,
        coordinator,
        scale,
        persona,
        most,
        django_assert_max_num_queries,
    ):
        grow_home(pair, coordinator, scale)
        client = client_for(request.getfixturevalue(persona))
        # session + user, my pairs (as mentee and as mentor in one), programs I coordinate, and
        # only when there are some their pairs per phase; the panels: invitations to me,
        # requests waiting for my answer, programs where I am a mentee without a mentor, and
        # only when there are some my requests in them and my self-reflection; my past pairs;
        # whether I may create programs (one query)
        with django_assert_max_num_queries(most):
            response = client.get(reverse("home"))
        assert response.status_code == 200
        assert "Invitations to programs" in response.text


def test_a_new_person_with_no_program_costs_the_fewest_queries(
    client_for, django_assert_max_num_queries
):
    client = client_for(UserFactory())
    # session + user, my pairs, programs I coordinate, invitations, requests to me, preparing,
    # my past pairs; whether I may create programs (one query)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200
