import datetime
import io
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.agreements import services
from mentoring.agreements.forms import AgreementForm, ResponsibilitiesForm
from mentoring.agreements.models import (
    RESPONSIBILITIES,
    Acknowledgement,
    AgreementVersion,
    Goal,
    Signature,
    version_in_effect,
)
from mentoring.programs.models import Phase
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    GoalFactory,
    MentorshipFactory,
    SignatureFactory,
)
from tests.helpers import pdf_text, spec_section

pytestmark = pytest.mark.django_db


def url(name, pair, *args):
    return reverse(f"agreements:{name}", args=[pair.pk, *args])


@pytest.fixture
def negotiating(pair):
    pair.start_negotiating()
    return pair


@pytest.fixture
def draft(negotiating):
    """Version 1 of the pair's agreement, every question answered, three goals."""
    version = AgreementVersionFactory(
        agreement=AgreementFactory(mentorship=negotiating), filled=True, number=1
    )
    for position in (1, 2, 3):
        GoalFactory(version=version, position=position, text=f"Goal text number {position}")
    return version


def form_data(version, **changes):
    """What the edit form posts for `version` as it is, with some answers changed."""
    data = {name: getattr(version, name) or "" for name in AgreementVersion.TEXT_FIELDS}
    data |= {f"goal_{goal.position}": goal.text for goal in version.goals.all()}
    data["revision"] = version.revision
    return data | changes


def save(version, user, **changes):
    version.refresh_from_db()
    form = AgreementForm(form_data(version, **changes), version=version)
    assert form.is_valid(), form.errors
    return services.save_draft(
        version=version,
        user=user,
        values=form.values(),
        goals=form.goals(),
        revision=form.cleaned_data["revision"],
    )


def sign(version, user, revision=None):
    version.refresh_from_db()
    return services.sign(
        version=version,
        user=user,
        typed_name=user.full_name,
        revision=revision or version.revision,
    )


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
        response = client_for(mentee).get(url("edit", draft.agreement.mentorship))
        assert "How will you respect confidentiality – both ways?" in response.text
        assert "Set any ground rules" in response.text
        assert "State goals in simple, but specific terms" in response.text


class TestResponsibilities:
    def test_the_mentee_acknowledges_each_commitment(self, client_for, negotiating, mentee):
        response = client_for(mentee).post(
            url("acknowledge", negotiating), {"items": ["prepared", "track"]}, follow=True
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
        page = client.get(url("responsibilities", negotiating))
        assert f"Acknowledged by {mentee}" in page.text
        assert "Do the necessary pre-work" in page.text
        assert 'type="checkbox"' not in page.text
        response = client.post(url("acknowledge", negotiating), {"items": ["track"]}, follow=True)
        assert "Only the mentee acknowledges" in response.text
        assert Acknowledgement.objects.count() == 1

    def test_a_double_submit_keeps_the_first_acknowledgement(
        self, client_for, negotiating, mentee
    ):
        client = client_for(mentee)
        client.post(url("acknowledge", negotiating), {"items": ["prepared"]})
        first = Acknowledgement.objects.get()
        response = client.post(
            url("acknowledge", negotiating), {"items": ["prepared"]}, follow=True
        )
        assert "already acknowledged" in response.text
        assert list(Acknowledgement.objects.all()) == [first]

    def test_nothing_ticked_is_explained(self, client_for, negotiating, mentee):
        response = client_for(mentee).post(url("acknowledge", negotiating), {}, follow=True)
        assert "Tick the responsibilities you commit to." in response.text

    def test_they_wait_for_the_negotiating_phase(self, client_for, pair, mentee):
        page = client_for(mentee).get(url("responsibilities", pair))
        assert "Start negotiating first" in page.text
        with pytest.raises(services.AgreementError, match="Start negotiating first"):
            services.acknowledge_responsibilities(mentorship=pair, user=mentee, items=["track"])


class TestStartingTheAgreement:
    def test_in_preparing_the_page_asks_to_start_negotiating(self, client_for, pair, mentee):
        response = client_for(mentee).get(url("agreement", pair))
        assert "Start negotiating first" in response.text
        response = client_for(mentee).post(url("start", pair), follow=True)
        assert "Start negotiating first" in response.text
        assert not AgreementVersion.objects.exists()

    def test_a_member_starts_it_with_an_empty_draft(self, client_for, negotiating, mentor):
        client = client_for(mentor)
        response = client.post(url("start", negotiating))
        assert response.url == url("edit", negotiating)
        client.post(url("start", negotiating))
        version = AgreementVersion.objects.get()
        assert (version.number, version.status, version.revision) == (
            1,
            AgreementVersion.Status.DRAFT,
            1,
        )


class TestGoals:
    def test_the_form_refuses_a_fourth_goal_field(self, draft):
        form = AgreementForm(form_data(draft, goal_4="A fourth goal"), version=draft)
        assert not form.is_valid()
        assert form.non_field_errors() == [services.TOO_MANY_GOALS]

    def test_the_form_refuses_a_list_of_goals(self, draft):
        form = AgreementForm(form_data(draft, goals=["a", "b", "c", "d"]), version=draft)
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
        data = form_data(draft, goal_1="Changed goal", goal_4="A fourth goal")
        response = client_for(mentee).post(url("edit", draft.agreement.mentorship), data)
        assert response.status_code == 200
        assert "at most three goals" in response.text
        assert "Changed goal" in response.text
        assert draft.goals.get(position=1).text == "Goal text number 1"

    def test_a_goal_keeps_its_row_when_its_words_change(self, draft, mentee):
        before = list(draft.goals.values_list("pk", flat=True))
        save(draft, mentee, goal_2="Reworded second goal")
        assert list(draft.goals.values_list("pk", flat=True)) == before
        assert draft.goals.get(position=2).text == "Reworded second goal"

    def test_blank_goals_close_up(self, draft, mentee):
        save(draft, mentee, goal_1="", goal_2="Only goal", goal_3="")
        assert [(g.position, g.text) for g in draft.goals.all()] == [(1, "Only goal")]


class TestEditingTheDraft:
    def test_both_members_save_changes(self, client_for, draft, mentee, mentor):
        pair = draft.agreement.mentorship
        for person, text in ((mentee, "Monthly, an hour"), (mentor, "Every other week")):
            draft.refresh_from_db()
            response = client_for(person).post(
                url("edit", pair), form_data(draft, time_commitment=text), follow=True
            )
            assert "Your changes to the draft are saved." in response.text
            draft.refresh_from_db()
            assert draft.time_commitment == text
            assert draft.updated_by == person
        assert draft.revision == 3

    def test_saving_nothing_new_changes_nothing(self, draft, mentee):
        assert save(draft, mentee).changed is False
        draft.refresh_from_db()
        assert draft.revision == 1

    def test_meeting_cadence_gives_the_interval_between_meetings(self, draft):
        assert draft.meeting_interval_days() == 14
        assert draft.next_meeting_due(datetime.date(2026, 1, 1)) == datetime.date(2026, 1, 15)
        draft.meeting_frequency = "other"
        assert draft.meeting_interval_days() is None

    @pytest.mark.parametrize("minutes", ["10", "241"])
    def test_a_meeting_length_outside_15_to_240_minutes_is_refused(self, draft, minutes):
        form = AgreementForm(form_data(draft, meeting_length_minutes=minutes), version=draft)
        assert not form.is_valid()
        assert "meeting_length_minutes" in form.errors

    def test_over_long_text_is_refused_and_kept(self, client_for, draft, mentee):
        long_text = "x" * 3001
        response = client_for(mentee).post(
            url("edit", draft.agreement.mentorship), form_data(draft, success=long_text)
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
            url("edit", pair), form_data(draft, planned_end_on=before, success="Kept text")
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
            save(draft, mentee, planned_end_on=yesterday)

    def test_there_is_nothing_to_edit_once_in_effect(self, client_for, draft, mentee, mentor):
        sign(draft, mentee)
        sign(draft, mentor)
        response = client_for(mentee).get(url("edit", draft.agreement.mentorship), follow=True)
        assert "changes through an amendment" in response.text


class TestNothingLostWhenBothEdit:
    def test_a_save_from_a_stale_form_is_refused_with_both_texts(
        self, client_for, draft, mentee, mentor
    ):
        pair = draft.agreement.mentorship
        opened = form_data(draft)
        save(draft, mentor, success="The mentor's success", boundaries="Shared boundary")
        mine = opened | {"success": "The mentee's success", "boundaries": "Shared boundary"}
        response = client_for(mentee).post(url("edit", pair), mine)

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
        response = client_for(mentee).post(url("edit", pair), merged, follow=True)
        assert "Your changes to the draft are saved." in response.text
        draft.refresh_from_db()
        assert draft.success == "Both: a new role and a network"

    def test_the_service_refuses_a_stale_revision(self, draft, mentee, mentor):
        save(draft, mentor, success="Theirs")
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writes")
def test_both_signing_at_once_puts_the_agreement_in_effect(request):
    version = request.getfixturevalue("draft")
    pair = version.agreement.mentorship
    barrier = threading.Barrier(2)
    errors = []

    def sign_as(user):
        try:
            loaded = AgreementVersion.objects.select_related("agreement__mentorship").get(
                pk=version.pk
            )
            barrier.wait()
            services.sign(version=loaded, user=user, typed_name=user.full_name, revision=1)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=sign_as, args=[user]) for user in (pair.mentee, pair.mentor)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AgreementVersion.objects.get(pk=version.pk).status == AgreementVersion.Status.IN_EFFECT
    pair.refresh_from_db()
    assert pair.phase == Phase.ENABLING


class TestSigning:
    def test_both_signatures_put_it_in_effect_and_move_the_pair_to_enabling(
        self, client_for, draft, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        pair = draft.agreement.mentorship
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentee).post(
                url("sign", pair), {"typed_name": "mina MENTEE", "revision": 1}, follow=True
            )
        assert "Marco Mentor has been asked to sign too" in response.text
        assert mailoutbox[0].to == [mentor.email]
        assert "Mina Mentee signed your mentoring agreement" in mailoutbox[0].subject
        signature = Signature.objects.get()
        assert (signature.signer, signature.version, signature.revision) == (mentee, draft, 1)
        assert signature.signed_at
        pair.refresh_from_db()
        assert pair.phase == Phase.NEGOTIATING

        response = client_for(mentor).post(
            url("sign", pair), {"typed_name": "Marco Mentor", "revision": 1}, follow=True
        )
        assert "version 1 of your agreement is in effect" in response.text
        draft.refresh_from_db()
        pair.refresh_from_db()
        assert draft.status == AgreementVersion.Status.IN_EFFECT
        assert draft.in_effect_at
        assert pair.phase == Phase.ENABLING

    def test_the_typed_name_must_be_the_profile_name(self, client_for, draft, mentee):
        response = client_for(mentee).post(
            url("sign", draft.agreement.mentorship), {"typed_name": "Someone Else", "revision": 1}
        )
        assert response.status_code == 400
        assert "Type your name as it is on your profile: Mina Mentee." in response.text
        assert 'value="Someone Else"' in response.text
        assert not Signature.objects.exists()

    def test_an_empty_name_is_explained(self, client_for, draft, mentee):
        response = client_for(mentee).post(
            url("sign", draft.agreement.mentorship), {"typed_name": " ", "revision": 1}
        )
        assert "Type your name to sign." in response.text

    def test_a_signature_on_a_stale_version_is_refused(self, client_for, draft, mentee, mentor):
        pair = draft.agreement.mentorship
        save(draft, mentor, success="Changed after the mentee loaded the page")
        response = client_for(mentee).post(
            url("sign", pair), {"typed_name": "Mina Mentee", "revision": 1}, follow=True
        )
        assert "The agreement changed since you opened this page. Nothing was signed" in (
            response.text
        )
        assert not Signature.objects.exists()

    def test_a_double_submitted_signature_is_explained(self, client_for, draft, mentee):
        client = client_for(mentee)
        data = {"typed_name": "Mina Mentee", "revision": 1}
        client.post(url("sign", draft.agreement.mentorship), data)
        response = client.post(url("sign", draft.agreement.mentorship), data, follow=True)
        assert "You have already signed this version." in response.text
        assert Signature.objects.count() == 1

    def test_a_signature_after_it_came_into_effect_is_explained(
        self, client_for, draft, mentee, mentor
    ):
        sign(draft, mentee)
        sign(draft, mentor)
        response = client_for(mentee).post(
            url("sign", draft.agreement.mentorship),
            {"typed_name": "Mina Mentee", "revision": 1},
            follow=True,
        )
        assert "There is no draft waiting for signatures." in response.text

    def test_signing_needs_a_goal_and_the_meeting_cadence(self, negotiating, mentee):
        version = AgreementVersionFactory(agreement=AgreementFactory(mentorship=negotiating))
        with pytest.raises(services.AgreementError) as error:
            sign(version, mentee)
        assert str(error.value) == (
            "Before signing, the agreement needs at least one goal, “How often will you meet?”, "
            "“How long will a meeting be?”, “Where/how will you meet?”."
        )

    def test_a_change_after_a_signature_voids_it_and_tells_the_other_party(
        self, client_for, draft, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        sign(draft, mentee)
        draft.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentor).post(
                url("edit", draft.agreement.mentorship),
                form_data(draft, off_limits="Nothing is off-limits"),
                follow=True,
            )
        assert "both of you need to sign again" in response.text
        signature = Signature.objects.get()
        assert signature.voided_at is not None
        assert not Signature.objects.valid().exists()
        message = mailoutbox[-1]
        assert message.to == [mentee.email]
        assert "please sign again" in message.subject
        assert url("agreement", draft.agreement.mentorship) in message.body
        page = client_for(mentee).get(url("agreement", draft.agreement.mentorship))
        assert "no longer count" in page.text
        assert "Sign the agreement" in page.text

    def test_a_closed_mentorship_cannot_sign(self, client_for, draft, mentee):
        draft.agreement.mentorship.close()
        response = client_for(mentee).post(
            url("sign", draft.agreement.mentorship), {"typed_name": "Mina Mentee", "revision": 1}
        )
        assert response.status_code == 403

    def test_signing_says_whether_it_put_the_agreement_in_effect(self, draft, mentee, mentor):
        first = sign(draft, mentee)
        assert (first.signature.signer, first.in_effect) == (mentee, False)
        second = sign(draft, mentor)
        assert (second.signature.signer, second.in_effect) == (mentor, True)


@pytest.fixture
def in_effect(draft, mentee, mentor):
    sign(draft, mentee)
    sign(draft, mentor)
    draft.refresh_from_db()
    return draft


class TestAmendments:
    def test_an_amendment_is_a_draft_copy_and_the_agreement_stays_in_effect(
        self, client_for, in_effect, mentor
    ):
        pair = in_effect.agreement.mentorship
        response = client_for(mentor).post(url("amend", pair), follow=True)
        assert "stays in effect until you both sign the amendment" in response.text
        amendment = AgreementVersion.objects.get(status=AgreementVersion.Status.DRAFT)
        assert amendment.number == 2
        assert amendment.success == in_effect.success
        assert [g.text for g in amendment.goals.all()] == [g.text for g in in_effect.goals.all()]
        in_effect.refresh_from_db()
        assert in_effect.status == AgreementVersion.Status.IN_EFFECT

    def test_a_second_amendment_is_explained(self, client_for, in_effect, mentor):
        client = client_for(mentor)
        client.post(url("amend", in_effect.agreement.mentorship))
        response = client.post(url("amend", in_effect.agreement.mentorship), follow=True)
        assert "Version 2 is already being drafted" in response.text
        assert AgreementVersion.objects.count() == 2

    def test_a_draft_is_edited_not_amended(self, draft, mentee):
        with pytest.raises(services.AgreementError, match="Version 1 is already being drafted"):
            services.amend(agreement=draft.agreement, user=mentee)

    def test_signing_the_amendment_supersedes_the_old_version(self, in_effect, mentee, mentor):
        amendment = services.amend(agreement=in_effect.agreement, user=mentee)
        save(amendment, mentee, goal_3="", success="A new kind of success")
        sign(amendment, mentee)
        in_effect.refresh_from_db()
        assert in_effect.status == AgreementVersion.Status.IN_EFFECT
        sign(amendment, mentor)
        in_effect.refresh_from_db()
        amendment.refresh_from_db()
        assert (in_effect.status, amendment.status) == (
            AgreementVersion.Status.SUPERSEDED,
            AgreementVersion.Status.IN_EFFECT,
        )
        assert in_effect.signatures.valid().count() == 2
        assert in_effect.agreement.mentorship.phase == Phase.ENABLING

    def test_the_version_in_effect_is_the_one_rule_for_goals_and_versions(
        self, in_effect, mentee, mentor
    ):
        pair = in_effect.agreement.mentorship
        amendment = services.amend(agreement=in_effect.agreement, user=mentee)
        save(amendment, mentee, goal_1="The amended goal")
        # While the amendment is a draft, the signed version stays the one in effect.
        assert version_in_effect(pair) == in_effect
        assert list(AgreementVersion.objects.for_mentorship(pair).in_effect()) == [in_effect]
        assert {goal.version for goal in Goal.objects.in_effect_for(pair)} == {in_effect}
        sign(amendment, mentee)
        sign(amendment, mentor)
        assert version_in_effect(pair) == amendment
        assert [goal.text for goal in Goal.objects.in_effect_for(pair)][0] == "The amended goal"
        assert version_in_effect(MentorshipFactory()) is None

    def test_every_version_stays_readable_and_shows_what_changed(
        self, client_for, in_effect, mentee
    ):
        amendment = services.amend(agreement=in_effect.agreement, user=mentee)
        save(amendment, mentee, success="A new role applied for and a mentor of my own.")
        pair = in_effect.agreement.mentorship
        client = client_for(mentee)

        listing = client.get(url("versions", pair))
        assert "Version 1" in listing.text
        assert "Version 2" in listing.text
        assert "In effect" in listing.text

        first = client.get(url("version", pair, 1))
        assert "This is the first version." in first.text
        assert in_effect.success in first.text

        second = client.get(url("version", pair, 2))
        changes = second.context["changes"]
        assert [change.label for change in changes] == ["What does success look like?"]
        assert changes[0].runs[:3] == [
            ("same", "A new role applied for and a "),
            ("removed", "network"),
            ("added", "mentor"),
        ]
        assert '<del><span class="visually-hidden">[removed: </span>network<' in second.text
        assert '<ins><span class="visually-hidden">[added: </span>mentor<' in second.text

    def test_an_unknown_version_is_404(self, client_for, draft, mentee):
        assert (
            client_for(mentee).get(url("version", draft.agreement.mentorship, 9)).status_code
            == 404
        )


class TestPdf:
    def test_it_holds_every_answer_both_names_and_signature_times(
        self, client_for, in_effect, mentee
    ):
        pair = in_effect.agreement.mentorship
        response = client_for(mentee).get(url("version_pdf", pair, 1))
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        for name in AgreementVersion.TEXT_FIELDS:
            label = AgreementVersion._meta.get_field(name).verbose_name
            assert label in text
            assert in_effect.display_value(name) in text
        for goal in in_effect.goals.all():
            assert goal.text in text
        for heading in ["Establish the development", "Set any ground rules"]:
            assert heading in text
        assert "Mina Mentee" in text
        assert "Marco Mentor" in text
        assert pair.program.name in text
        assert "Version 1" in text
        assert "In effect" in text
        for signature in in_effect.signatures.all():
            signed = timezone.localtime(signature.signed_at)
            assert f"{signed:%B} {signed.day}, {signed.year}" in text
        assert "Page 1 of" in text

    @pytest.mark.parametrize(("size", "width_points"), [("Letter", 612), ("A4", 595)])
    def test_the_paper_comes_from_the_settings(
        self, client_for, in_effect, mentee, settings, size, width_points
    ):
        settings.PDF_PAGE_SIZE = size
        response = client_for(mentee).get(url("version_pdf", in_effect.agreement.mentorship, 1))
        reader = PdfReader(io.BytesIO(response.content))
        assert round(float(reader.pages[0].mediabox.width)) == width_points

    def test_the_footer_carries_the_program_name_whatever_its_symbols(
        self, client_for, in_effect, mentee
    ):
        program = in_effect.agreement.mentorship.program
        program.name = 'Nurses\' "Lead" </style> \\ Circle'
        program.save()
        response = client_for(mentee).get(url("version_pdf", in_effect.agreement.mentorship, 1))
        text = pdf_text(response.content)
        assert f"{program.name} · Mentoring agreement, version 1" in text, text

    def test_a_draft_pdf_says_it_is_a_draft(self, client_for, draft, mentor):
        response = client_for(mentor).get(url("version_pdf", draft.agreement.mentorship, 1))
        text = pdf_text(response.content)
        assert "not yet in effect" in text
        assert "Mentor: Marco Mentor · not signed yet" in text

    def test_coordinators_get_signed_pdfs_when_the_program_allows(
        self, client_for, in_effect, coordinator
    ):
        pair = in_effect.agreement.mentorship
        pair.program.coordinators_see_agreement_pdf = True
        pair.program.save()
        response = client_for(coordinator).get(url("version_pdf", pair, 1))
        assert response.status_code == 200
        page = client_for(coordinator).get(pair.get_absolute_url())
        assert "Download the signed agreement (PDF)" in page.text

    def test_coordinators_never_get_a_draft_pdf(self, client_for, in_effect, coordinator, mentee):
        pair = in_effect.agreement.mentorship
        pair.program.coordinators_see_agreement_pdf = True
        pair.program.save()
        services.amend(agreement=in_effect.agreement, user=mentee)
        assert client_for(coordinator).get(url("version_pdf", pair, 2)).status_code == 404

    def test_coordinators_get_nothing_when_the_program_keeps_agreements_private(
        self, client_for, in_effect, coordinator
    ):
        pair = in_effect.agreement.mentorship
        assert client_for(coordinator).get(url("version_pdf", pair, 1)).status_code == 404
        page = client_for(coordinator).get(pair.get_absolute_url())
        assert "Download the signed agreement" not in page.text

    @pytest.mark.parametrize("persona", ["stranger", "other_coordinator"])
    def test_anyone_else_gets_404_even_when_allowed(self, request, in_effect, persona):
        pair = in_effect.agreement.mentorship
        pair.program.coordinators_see_agreement_pdf = True
        pair.program.save()
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.get(url("version_pdf", pair, 1)).status_code == 404


PAGES = ["responsibilities", "agreement", "edit", "versions"]
ACTIONS = ["acknowledge", "start", "edit", "sign", "amend"]


class TestAccess:
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    @pytest.mark.parametrize("page", [*PAGES, "version", "version_pdf"])
    def test_the_pair_sees_every_page(self, request, draft, persona, page):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        args = [1] if page.startswith("version_") or page == "version" else []
        response = client.get(url(page, draft.agreement.mentorship, *args))
        assert response.status_code == 200

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("page", [*PAGES, "version"])
    def test_everyone_else_gets_404_on_the_pages(self, request, in_effect, persona, page):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        args = [1] if page == "version" else []
        assert client.get(url(page, in_effect.agreement.mentorship, *args)).status_code == 404

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("action", ACTIONS)
    def test_everyone_else_gets_404_on_the_actions(self, request, draft, persona, action):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        data = {"typed_name": "Casey Coordinator", "revision": 1, "items": ["track"]}
        response = client.post(url(action, draft.agreement.mentorship), data)
        assert response.status_code == 404
        assert not Signature.objects.exists()
        assert not Acknowledgement.objects.exists()

    @pytest.mark.parametrize("action", ACTIONS)
    def test_a_closed_mentorship_is_read_only(self, client_for, draft, mentee, action):
        draft.agreement.mentorship.close()
        client = client_for(mentee)
        assert client.post(url(action, draft.agreement.mentorship), {}).status_code == 403
        page = client.get(url("agreement", draft.agreement.mentorship))
        assert page.status_code == 200
        assert "Edit the draft" not in page.text
        assert "Sign the agreement" not in page.text

    @pytest.mark.parametrize("page", [*PAGES, "version", "version_pdf"])
    def test_anonymous_visitors_are_asked_to_sign_in(self, client, draft, page):
        args = [1] if page.startswith("version") and page != "versions" else []
        response = client.get(url(page, draft.agreement.mentorship, *args))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("action", ["acknowledge", "start", "sign", "amend"])
    def test_actions_only_accept_post(self, client_for, draft, mentee, action):
        assert client_for(mentee).get(url(action, draft.agreement.mentorship)).status_code == 405

    def test_an_unknown_mentorship_is_404(self, client_for, mentee):
        assert (
            client_for(mentee).get(reverse("agreements:agreement", args=[99999])).status_code
            == 404
        )

    def test_the_coordinator_sees_the_status_and_never_the_text(
        self, client_for, in_effect, coordinator
    ):
        pair = in_effect.agreement.mentorship
        page = client_for(coordinator).get(pair.get_absolute_url())
        assert "Signed by both on" in page.text
        assert in_effect.success not in page.text
        assert "Goal text number 1" not in page.text
        assert url("agreement", pair) not in page.text

    def test_the_coordinator_sees_a_draft_as_a_draft(self, client_for, draft, coordinator):
        page = client_for(coordinator).get(draft.agreement.mentorship.get_absolute_url())
        assert "Draft (version 1), not yet signed by both." in page.text

    def test_the_agreement_is_not_in_the_admin(self):
        from django.contrib import admin

        for model in (AgreementVersion, Goal, Signature, Acknowledgement):
            assert not admin.site.is_registered(model)


def grow(draft, versions):
    """`versions` more signed, superseded versions, each with three goals and two signatures."""
    agreement = draft.agreement
    pair = agreement.mentorship
    for number in range(2, versions + 2):
        version = AgreementVersionFactory(
            agreement=agreement,
            number=number,
            filled=True,
            status=AgreementVersion.Status.SUPERSEDED,
            in_effect_at=timezone.now(),
        )
        for position in (1, 2, 3):
            GoalFactory(version=version, position=position)
        SignatureFactory(version=version, signer=pair.mentee)
        SignatureFactory(version=version, signer=pair.mentor)
        SignatureFactory(version=version, signer=pair.mentor, voided_at=timezone.now())


class TestQueryCounts:
    @pytest.mark.parametrize("versions", [1, 12])
    def test_the_versions_list_does_not_grow(
        self, client_for, draft, mentee, versions, django_assert_max_num_queries
    ):
        grow(draft, versions)
        client = client_for(mentee)
        # session + user, the pair with its people, the count, the page of versions with
        # who changed them, their goals, their signatures with signers
        with django_assert_max_num_queries(7):
            response = client.get(url("versions", draft.agreement.mentorship))
        assert response.status_code == 200

    @pytest.mark.parametrize("versions", [1, 12])
    def test_the_agreement_page_does_not_grow(
        self, client_for, draft, mentee, mentor, versions, django_assert_max_num_queries
    ):
        grow(draft, versions)
        sign(draft, mentee)
        save(draft, mentor, success="Voids the signature")
        sign(draft, mentor)
        client = client_for(mentee)
        # session + user, the pair with its people, the draft and the version in effect with
        # who changed them, their goals, their signatures with signers
        with django_assert_max_num_queries(6):
            response = client.get(url("agreement", draft.agreement.mentorship))
        assert response.status_code == 200

    @pytest.mark.parametrize("versions", [1, 12])
    def test_the_version_page_does_not_grow(
        self, client_for, draft, mentee, versions, django_assert_max_num_queries
    ):
        grow(draft, versions)
        client = client_for(mentee)
        # session + user, the pair, the latest version, its goals, the version before it and
        # its goals, the signatures with signers
        with django_assert_max_num_queries(8):
            response = client.get(url("version", draft.agreement.mentorship, versions + 1))
        assert response.status_code == 200
