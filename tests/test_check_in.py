"""The mid-way check-in: when it falls due, and each member's answers."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements import services as agreement_services
from mentoring.enabling.models import (
    ActionStep,
    CheckInAnswer,
    PairCheckIn,
    PlanSection,
    check_in_due_on,
    midpoint,
    with_check_in_dates,
)
from mentoring.programs.models import Mentorship
from tests.factories import CheckInAnswerFactory, MentorshipFactory, agreement_in_effect
from tests.helpers import TODAY, check_in_data, enabling_url

pytestmark = pytest.mark.django_db


class TestCheckInDueDate:
    def test_it_is_halfway_from_the_first_version_in_effect_to_the_planned_end(self, pair):
        start = timezone.make_aware(datetime.datetime(2026, 1, 1, 9))
        agreement_in_effect(pair, planned_end_on=datetime.date(2026, 7, 1))
        pair.agreement.versions.update(in_effect_at=start)
        assert check_in_due_on(pair) == datetime.date(2026, 4, 1)

    def test_an_amendment_moves_the_end_but_not_the_start(self, pair, mentee, mentor):
        version = agreement_in_effect(pair)
        start = timezone.make_aware(datetime.datetime(2026, 1, 1, 9))
        pair.agreement.versions.update(in_effect_at=start)
        amendment = agreement_services.amend(agreement=version.agreement, user=mentee)
        amendment.planned_end_on = datetime.date(2026, 3, 2)
        amendment.save()
        for user in (mentee, mentor):
            agreement_services.sign(
                version=amendment, user=user, typed_name=user.full_name, revision=1
            )
        assert check_in_due_on(pair) == datetime.date(2026, 1, 31)

    def test_there_is_none_without_an_end_or_an_agreement(self, pair):
        assert check_in_due_on(pair) is None
        agreement_in_effect(pair, planned_end_on=None)
        assert check_in_due_on(pair) is None
        assert midpoint(None, TODAY()) is None

    def test_a_list_of_pairs_gets_its_dates_in_one_query(self, pair, django_assert_num_queries):
        agreement_in_effect(pair)
        MentorshipFactory.create_batch(3)
        with django_assert_num_queries(1):
            pairs = list(with_check_in_dates(Mentorship.objects.all()))
        due = {m.pk: midpoint(m.agreement_in_effect_at, m.agreement_planned_end_on) for m in pairs}
        assert due[pair.pk] == check_in_due_on(pair)
        assert sum(date is not None for date in due.values()) == 1


class TestCheckIn:
    def test_the_pairs_check_in_is_the_one_rule_on_who_reads_which_answers(
        self, enabling, mentee, mentor
    ):
        mine = CheckInAnswerFactory(mentorship=enabling, author=mentee)
        check_in = PairCheckIn.of(enabling)
        assert (check_in.own(mentee), check_in.own(mentor)) == (mine, None)
        assert check_in.partners(mentor) is None
        assert check_in.partner_has_answered(mentor)
        assert not check_in.partner_has_answered(mentee)
        assert (check_in.is_shared, check_in.shared()) == (False, [])
        theirs = CheckInAnswerFactory(mentorship=enabling, author=mentor)
        check_in = PairCheckIn.of(enabling)
        assert (check_in.partners(mentor), check_in.partners(mentee)) == (mine, theirs)
        assert check_in.shared() == [("Mentee", mentee, mine), ("Mentor", mentor, theirs)]

    def test_answers_stay_private_until_both_have_answered(
        self, client_for, enabling, mentee, mentor, coordinator
    ):
        secret = "PLANTED-MENTEE-ANSWER-7731"
        response = client_for(mentee).post(
            enabling_url("check_in", enabling), check_in_data(on_track=secret)
        )
        assert response.status_code == 302
        assert secret in client_for(mentee).get(enabling_url("check_in", enabling)).text

        mentor_page = client_for(mentor).get(enabling_url("check_in", enabling)).text
        assert secret not in mentor_page
        assert "Mina Mentee has answered" in mentor_page
        assert client_for(coordinator).get(enabling_url("check_in", enabling)).status_code == 404
        assert secret not in client_for(coordinator).get(enabling.get_absolute_url()).text

        client_for(mentor).post(
            enabling_url("check_in", enabling), check_in_data(on_track="MENTOR-7732")
        )
        assert secret in client_for(mentor).get(enabling_url("check_in", enabling)).text
        assert "MENTOR-7732" in client_for(mentee).get(enabling_url("check_in", enabling)).text
        pair_page = client_for(coordinator).get(enabling.get_absolute_url()).text
        assert secret not in pair_page
        assert "MENTOR-7732" not in pair_page
        assert "Both answered" in pair_page

    def test_the_coordinator_sees_the_status_as_it_moves(
        self, client_for, enabling, mentee, mentor, coordinator
    ):
        client = client_for(coordinator)
        assert (
            "Mid-way check-in:\n      Not answered" in client.get(enabling.get_absolute_url()).text
        )
        CheckInAnswerFactory(mentorship=enabling, author=mentee)
        assert "One answered" in client.get(enabling.get_absolute_url()).text

    def test_asking_for_help_shows_the_coordinator_a_flag_and_emails_them(
        self,
        client_for,
        enabling,
        mentor,
        coordinator,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentor).post(
                enabling_url("check_in", enabling),
                check_in_data(needs_help="on", do_differently="SECRET-HELP-TEXT"),
                follow=True,
            )
        assert "Your coordinator has been asked to get in touch." in response.text
        assert [m.to for m in mailoutbox] == [[coordinator.email]]
        assert "SECRET-HELP-TEXT" not in mailoutbox[0].body
        page = client_for(coordinator).get(enabling.get_absolute_url()).text
        assert "Help requested" in page
        assert "SECRET-HELP-TEXT" not in page
        with django_capture_on_commit_callbacks(execute=True):
            client_for(mentor).post(
                enabling_url("check_in", enabling), check_in_data(needs_help="on")
            )
        assert len(mailoutbox) == 1

    def test_no_help_asked_shows_no_flag(self, client_for, enabling, mentee, coordinator):
        client_for(mentee).post(enabling_url("check_in", enabling), check_in_data())
        assert (
            "Help requested" not in client_for(coordinator).get(enabling.get_absolute_url()).text
        )

    def test_goals_needing_change_link_to_amending_the_agreement(
        self, client_for, enabling, mentee
    ):
        response = client_for(mentee).post(
            enabling_url("check_in", enabling),
            check_in_data(goals_need_change="True", goals_change_details="Drop goal 3."),
            follow=True,
        )
        amend = reverse("agreements:amend", args=[enabling.pk])
        assert f'action="{amend}"' in response.text
        assert "Amend the agreement" in response.text

    def test_no_change_needed_shows_no_amend_link(self, client_for, enabling, mentee):
        response = client_for(mentee).post(
            enabling_url("check_in", enabling), check_in_data(), follow=True
        )
        assert "Amend the agreement" not in response.text

    def test_yes_without_saying_what_is_refused(self, client_for, enabling, mentee):
        response = client_for(mentee).post(
            enabling_url("check_in", enabling),
            check_in_data(goals_need_change="True", on_track="Kept text 42"),
        )
        assert response.status_code == 400
        assert "Say what needs to change in the goals." in response.text
        assert "Kept text 42" in response.text

    def test_over_long_answers_are_refused_and_kept(self, client_for, enabling, mentee):
        text = "z" * 3001
        response = client_for(mentee).post(
            enabling_url("check_in", enabling), check_in_data(on_track=text)
        )
        assert response.status_code == 400
        assert "at most 3000 characters" in response.text
        assert text in response.text
        assert not CheckInAnswer.objects.exists()

    def test_answering_again_updates_the_same_answers(self, client_for, enabling, mentee):
        client = client_for(mentee)
        client.post(enabling_url("check_in", enabling), check_in_data())
        client.post(enabling_url("check_in", enabling), check_in_data(on_track="Better now."))
        assert CheckInAnswer.objects.get().on_track == "Better now."

    def test_it_waits_for_the_agreement(self, client_for, pair, mentee):
        pair.start_negotiating()
        response = client_for(mentee).post(
            enabling_url("check_in", pair), check_in_data(), follow=True
        )
        assert "opens once you have both signed" in response.text
        assert not CheckInAnswer.objects.exists()

    def test_the_answers_are_not_in_the_admin(self):
        for model in (CheckInAnswer, PlanSection, ActionStep):
            assert not admin.site.is_registered(model)
