"""Phase 2, Negotiating: the agreement's words, the responsibilities, its goals, editing the
draft without losing what either member wrote."""

import datetime
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from mentoring.agreements import services
from mentoring.agreements.forms import AgreementForm, ResponsibilitiesForm
from mentoring.agreements.models import RESPONSIBILITIES, Acknowledgement, AgreementVersion, Goal
from tests.factories import AgreementFactory, AgreementVersionFactory
from tests.helpers import (
    agreement_form_data,
    agreements_url,
    save_draft,
    sign_version,
    spec_section,
)

pytestmark = pytest.mark.django_db


class TestLabelsAreTheToolkitsWords:
    def test_the_responsibilities_are_the_five_commitments(self):
        bullets = re.findall(r"^- (.+)$", spec_section("Mentee responsibilities"), re.M)
        assert [text for _, text in RESPONSIBILITIES] == bullets
        form = ResponsibilitiesForm()
        assert [label for _, label in form.fields["items"].choices] == bullets

    def test_the_sections_are_the_seven_parts_of_the_template(self, draft):
        parts = re.findall(r"^\d\. (.+?) \(", spec_section("Mentoring Agreement template"), re.M)
        assert len(parts) == 7
        assert [heading for heading, _ in AgreementForm(version=draft).sections()] == parts

    def test_every_question_of_the_template_is_a_field_label(self, draft):
        section = spec_section("Mentoring Agreement template")
        questions = [
            question[0].upper() + question[1:]
            for question in re.findall(r"\b(?:what|how|where)\b[^?()]*\?", section, re.I)
        ]
        assert len(questions) == 12
        form = AgreementForm(version=draft)
        labels = [
            field.label
            for _, fields in form.sections()
            for field in fields
            if field.label.endswith("?")
        ]
        assert labels == questions

    def test_the_goals_are_numbered_with_the_toolkits_guidance(self, draft):
        section = spec_section("Mentoring Agreement template")
        guidance = re.search(r"\((state goals[^;]+);", section).group(1)
        fields = AgreementForm(version=draft).sections()[0][1]
        assert [field.label for field in fields] == ["Goal 1", "Goal 2", "Goal 3"]
        for field in fields:
            assert field.help_text.startswith(guidance[0].upper() + guidance[1:])

    def test_the_edit_page_shows_the_labels(self, client_for, draft, mentee):
        response = client_for(mentee).get(agreements_url("edit", draft.agreement.mentorship))
        assert "How will you respect confidentiality – both ways?" in response.text
        assert "Set any ground rules" in response.text
        assert "State goals in simple, but specific terms" in response.text


class TestResponsibilities:
    def test_the_mentee_acknowledges_each_commitment(self, client_for, negotiating, mentee):
        response = client_for(mentee).post(
            agreements_url("acknowledge", negotiating),
            {"items": ["prepared", "track"]},
            follow=True,
        )
        assert "your commitments are recorded" in response.text
        acks = Acknowledgement.objects.filter(mentorship=negotiating)
        assert {ack.item for ack in acks} == {"prepared", "track"}
        assert {ack.acknowledged_by for ack in acks} == {mentee}
        assert all(ack.acknowledged_at for ack in acks)

    def test_the_mentor_sees_which_are_acknowledged_but_cannot_acknowledge(
        self, client_for, negotiating, mentor, mentee
    ):
        services.acknowledge_responsibilities(
            mentorship=negotiating, user=mentee, items=["prepared"]
        )
        client = client_for(mentor)
        page = client.get(agreements_url("responsibilities", negotiating))
        assert f"Acknowledged by {mentee}" in page.text
        assert "Do the necessary pre-work" in page.text
        assert 'type="checkbox"' not in page.text
        response = client.post(
            agreements_url("acknowledge", negotiating), {"items": ["track"]}, follow=True
        )
        assert "Only the mentee acknowledges" in response.text
        assert Acknowledgement.objects.count() == 1

    def test_a_double_submit_keeps_the_first_acknowledgement(
        self, client_for, negotiating, mentee
    ):
        client = client_for(mentee)
        client.post(agreements_url("acknowledge", negotiating), {"items": ["prepared"]})
        first = Acknowledgement.objects.get()
        response = client.post(
            agreements_url("acknowledge", negotiating), {"items": ["prepared"]}, follow=True
        )
        assert "already acknowledged" in response.text
        assert list(Acknowledgement.objects.all()) == [first]

    def test_nothing_ticked_is_explained(self, client_for, negotiating, mentee):
        response = client_for(mentee).post(
            agreements_url("acknowledge", negotiating), {}, follow=True
        )
        assert "Tick the responsibilities you commit to." in response.text

    def test_they_wait_for_the_negotiating_phase(self, client_for, pair, mentee):
        page = client_for(mentee).get(agreements_url("responsibilities", pair))
        assert "Start negotiating first" in page.text
        with pytest.raises(services.AgreementError, match="Start negotiating first"):
            services.acknowledge_responsibilities(mentorship=pair, user=mentee, items=["track"])


class TestStartingTheAgreement:
    def test_in_preparing_the_page_asks_to_start_negotiating(self, client_for, pair, mentee):
        response = client_for(mentee).get(agreements_url("agreement", pair))
        assert "Start negotiating first" in response.text
        response = client_for(mentee).post(agreements_url("start", pair), follow=True)
        assert "Start negotiating first" in response.text
        assert not AgreementVersion.objects.exists()

    def test_a_member_starts_it_with_an_empty_draft(self, client_for, negotiating, mentor):
        client = client_for(mentor)
        response = client.post(agreements_url("start", negotiating))
        assert response.url == agreements_url("edit", negotiating)
        client.post(agreements_url("start", negotiating))
        version = AgreementVersion.objects.get()
        assert (version.number, version.status, version.revision) == (
            1,
            AgreementVersion.Status.DRAFT,
            1,
        )


class TestGoals:
    def test_the_form_refuses_a_fourth_goal_field(self, draft):
        form = AgreementForm(agreement_form_data(draft, goal_4="A fourth goal"), version=draft)
        assert not form.is_valid()
        assert form.non_field_errors() == [services.TOO_MANY_GOALS]

    def test_the_form_refuses_a_list_of_goals(self, draft):
        form = AgreementForm(agreement_form_data(draft, goals=["a", "b", "c", "d"]), version=draft)
        assert not form.is_valid()

    def test_the_service_refuses_four_goals(self, draft, mentee):
        with pytest.raises(ValidationError) as error:
            services.save_draft(
                version=draft,
                user=mentee,
                values={},
                goals=["one", "two", "three", "four"],
                revision=draft.revision,
            )
        assert error.value.message_dict["goal_1"] == [services.TOO_MANY_GOALS]
        assert draft.goals.count() == 3

    def test_the_database_cannot_hold_a_fourth_goal(self, draft):
        with pytest.raises(IntegrityError), transaction.atomic():
            Goal.objects.create(version=draft, position=4, text="Too many")

    def test_a_posted_fourth_goal_is_refused_with_a_message(self, client_for, draft, mentee):
        data = agreement_form_data(draft, goal_1="Changed goal", goal_4="A fourth goal")
        response = client_for(mentee).post(
            agreements_url("edit", draft.agreement.mentorship), data
        )
        assert response.status_code == 200
        assert "at most three goals" in response.text
        assert "Changed goal" in response.text
        assert draft.goals.get(position=1).text == "Goal text number 1"

    def test_a_goal_keeps_its_row_when_its_words_change(self, draft, mentee):
        before = list(draft.goals.values_list("pk", flat=True))
        save_draft(draft, mentee, goal_2="Reworded second goal")
        assert list(draft.goals.values_list("pk", flat=True)) == before
        assert draft.goals.get(position=2).text == "Reworded second goal"

    def test_blank_goals_close_up(self, draft, mentee):
        save_draft(draft, mentee, goal_1="", goal_2="Only goal", goal_3="")
        assert [(g.position, g.text) for g in draft.goals.all()] == [(1, "Only goal")]


class TestEditingTheDraft:
    def test_both_members_save_changes(self, client_for, draft, mentee, mentor):
        pair = draft.agreement.mentorship
        for person, text in ((mentee, "Monthly, an hour"), (mentor, "Every other week")):
            draft.refresh_from_db()
            response = client_for(person).post(
                agreements_url("edit", pair),
                agreement_form_data(draft, time_commitment=text),
                follow=True,
            )
            assert "Your changes to the draft are saved." in response.text
            draft.refresh_from_db()
            assert draft.time_commitment == text
            assert draft.updated_by == person
        assert draft.revision == 3

    def test_saving_nothing_new_changes_nothing(self, draft, mentee):
        assert save_draft(draft, mentee).changed is False
        draft.refresh_from_db()
        assert draft.revision == 1

    def test_meeting_cadence_gives_the_interval_between_meetings(self, draft):
        assert draft.meeting_interval_days() == 14
        assert draft.next_meeting_due(datetime.date(2026, 1, 1)) == datetime.date(2026, 1, 15)
        draft.meeting_frequency = "other"
        assert draft.meeting_interval_days() is None

    @pytest.mark.parametrize("minutes", ["10", "241"])
    def test_a_meeting_length_outside_15_to_240_minutes_is_refused(self, draft, minutes):
        form = AgreementForm(
            agreement_form_data(draft, meeting_length_minutes=minutes), version=draft
        )
        assert not form.is_valid()
        assert "meeting_length_minutes" in form.errors

    def test_over_long_text_is_refused_and_kept(self, client_for, draft, mentee):
        long_text = "x" * 3001
        response = client_for(mentee).post(
            agreements_url("edit", draft.agreement.mentorship),
            agreement_form_data(draft, success=long_text),
        )
        assert "Ensure this value has at most 3000 characters" in response.text
        assert long_text in response.text
        assert "Up to 3,000 characters." in response.text
        draft.refresh_from_db()
        assert draft.success != long_text

    def test_a_planned_end_before_the_start_is_refused(self, client_for, draft, mentee):
        pair = draft.agreement.mentorship
        before = timezone.localdate(pair.started_at) - datetime.timedelta(days=3)
        response = client_for(mentee).post(
            agreements_url("edit", pair),
            agreement_form_data(draft, planned_end_on=before, success="Kept text"),
        )
        assert "The planned end must be after the mentorship started" in response.text
        assert "Kept text" in response.text
        draft.refresh_from_db()
        assert draft.success != "Kept text"

    def test_a_planned_end_in_the_past_is_refused(self, draft, mentee):
        pair = draft.agreement.mentorship
        pair.started_at -= datetime.timedelta(days=30)
        pair.save(update_fields=["started_at"])
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        with pytest.raises(ValidationError, match="after today"):
            save_draft(draft, mentee, planned_end_on=yesterday)

    def test_there_is_nothing_to_edit_once_in_effect(self, client_for, draft, mentee, mentor):
        sign_version(draft, mentee)
        sign_version(draft, mentor)
        response = client_for(mentee).get(
            agreements_url("edit", draft.agreement.mentorship), follow=True
        )
        assert "changes through an amendment" in response.text


class TestNothingLostWhenBothEdit:
    def test_a_save_from_a_stale_form_is_refused_with_both_texts(
        self, client_for, draft, mentee, mentor
    ):
        pair = draft.agreement.mentorship
        opened = agreement_form_data(draft)
        save_draft(draft, mentor, success="The mentor's success", boundaries="Shared boundary")
        mine = opened | {"success": "The mentee's success", "boundaries": "Shared boundary"}
        response = client_for(mentee).post(agreements_url("edit", pair), mine)

        assert response.status_code == 409
        assert "Marco Mentor saved changes since you opened this form" in response.text
        assert "Nothing of yours was saved" in response.text
        conflicts = response.context["conflicts"]
        assert conflicts == [
            ("What does success look like?", "The mentor's success", "The mentee's success")
        ]
        form = response.context["form"]
        assert form["success"].value() == "The mentee's success"
        draft.refresh_from_db()
        assert draft.success == "The mentor's success"
        assert form["revision"].value() == draft.revision

        # Merging and saving again works: the form now carries the current revision.
        merged = dict(form.data.items()) | {"success": "Both: a new role and a network"}
        response = client_for(mentee).post(agreements_url("edit", pair), merged, follow=True)
        assert "Your changes to the draft are saved." in response.text
        draft.refresh_from_db()
        assert draft.success == "Both: a new role and a network"

    def test_the_service_refuses_a_stale_revision(self, draft, mentee, mentor):
        save_draft(draft, mentor, success="Theirs")
        draft.refresh_from_db()
        with pytest.raises(services.EditConflict) as conflict:
            services.save_draft(
                version=draft, user=mentee, values={"success": "Mine"}, goals=[], revision=1
            )
        assert conflict.value.version.success == "Theirs"
        draft.refresh_from_db()
        assert draft.success == "Theirs"
        assert draft.goals.count() == 3

    def test_the_check_is_in_the_update_itself(self, draft, mentee):
        """A save whose read was current but whose write comes second is still refused."""
        AgreementVersion.objects.filter(pk=draft.pk).update(revision=2, success="Theirs")
        with pytest.raises(services.EditConflict):
            services.save_draft(
                version=draft, user=mentee, values={"success": "Mine"}, goals=[], revision=1
            )
        draft.refresh_from_db()
        assert draft.success == "Theirs"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writes")
def test_two_saves_at_once_from_the_same_revision_cannot_both_win(request):
    pair = request.getfixturevalue("pair")
    pair.start_negotiating()
    version = AgreementVersionFactory(agreement=AgreementFactory(mentorship=pair), number=1)
    barrier = threading.Barrier(2)
    outcomes = []

    def save_as(user, text):
        try:
            loaded = AgreementVersion.objects.select_related("agreement__mentorship").get(
                pk=version.pk
            )
            barrier.wait()
            services.save_draft(
                version=loaded, user=user, values={"success": text}, goals=[], revision=1
            )
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save_as, args=[pair.mentee, "mentee"]),
        threading.Thread(target=save_as, args=[pair.mentor, "mentor"]),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert AgreementVersion.objects.get(pk=version.pk).revision == 2
