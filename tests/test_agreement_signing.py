"""The agreement: signing it into effect, and amending it once in effect."""

import threading

import pytest
from django.db import connection

from mentoring.agreements import services
from mentoring.agreements.models import AgreementVersion, Goal, Signature, version_in_effect
from mentoring.programs.models import Phase
from tests.factories import AgreementFactory, AgreementVersionFactory, MentorshipFactory
from tests.helpers import agreement_form_data, agreements_url, save_draft, sign_version

pytestmark = pytest.mark.django_db


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
                agreements_url("sign", pair),
                {"typed_name": "mina MENTEE", "revision": 1},
                follow=True,
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
            agreements_url("sign", pair),
            {"typed_name": "Marco Mentor", "revision": 1},
            follow=True,
        )
        assert "version 1 of your agreement is in effect" in response.text
        draft.refresh_from_db()
        pair.refresh_from_db()
        assert draft.status == AgreementVersion.Status.IN_EFFECT
        assert draft.in_effect_at
        assert pair.phase == Phase.ENABLING

    def test_the_typed_name_must_be_the_profile_name(self, client_for, draft, mentee):
        response = client_for(mentee).post(
            agreements_url("sign", draft.agreement.mentorship),
            {"typed_name": "Someone Else", "revision": 1},
        )
        assert response.status_code == 400
        assert "Type your name as it is on your profile: Mina Mentee." in response.text
        assert 'value="Someone Else"' in response.text
        assert not Signature.objects.exists()

    def test_an_empty_name_is_explained(self, client_for, draft, mentee):
        response = client_for(mentee).post(
            agreements_url("sign", draft.agreement.mentorship), {"typed_name": " ", "revision": 1}
        )
        assert "Type your name to sign." in response.text

    def test_a_signature_on_a_stale_version_is_refused(self, client_for, draft, mentee, mentor):
        pair = draft.agreement.mentorship
        save_draft(draft, mentor, success="Changed after the mentee loaded the page")
        response = client_for(mentee).post(
            agreements_url("sign", pair), {"typed_name": "Mina Mentee", "revision": 1}, follow=True
        )
        assert "The agreement changed since you opened this page. Nothing was signed" in (
            response.text
        )
        assert not Signature.objects.exists()

    def test_a_double_submitted_signature_is_explained(self, client_for, draft, mentee):
        client = client_for(mentee)
        data = {"typed_name": "Mina Mentee", "revision": 1}
        client.post(agreements_url("sign", draft.agreement.mentorship), data)
        response = client.post(
            agreements_url("sign", draft.agreement.mentorship), data, follow=True
        )
        assert "You have already signed this version." in response.text
        assert Signature.objects.count() == 1

    def test_a_signature_after_it_came_into_effect_is_explained(
        self, client_for, draft, mentee, mentor
    ):
        sign_version(draft, mentee)
        sign_version(draft, mentor)
        response = client_for(mentee).post(
            agreements_url("sign", draft.agreement.mentorship),
            {"typed_name": "Mina Mentee", "revision": 1},
            follow=True,
        )
        assert "There is no draft waiting for signatures." in response.text

    def test_signing_needs_a_goal_and_the_meeting_cadence(self, negotiating, mentee):
        version = AgreementVersionFactory(agreement=AgreementFactory(mentorship=negotiating))
        with pytest.raises(services.AgreementError) as error:
            sign_version(version, mentee)
        assert str(error.value) == (
            "Before signing, the agreement needs at least one goal, “How often will you meet?”, "
            "“How long will a meeting be?”, “Where/how will you meet?”."
        )

    def test_a_change_after_a_signature_voids_it_and_tells_the_other_party(
        self, client_for, draft, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        sign_version(draft, mentee)
        draft.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentor).post(
                agreements_url("edit", draft.agreement.mentorship),
                agreement_form_data(draft, off_limits="Nothing is off-limits"),
                follow=True,
            )
        assert "both of you need to sign again" in response.text
        signature = Signature.objects.get()
        assert signature.voided_at is not None
        assert not Signature.objects.valid().exists()
        message = mailoutbox[-1]
        assert message.to == [mentee.email]
        assert "please sign again" in message.subject
        assert agreements_url("agreement", draft.agreement.mentorship) in message.body
        page = client_for(mentee).get(agreements_url("agreement", draft.agreement.mentorship))
        assert "no longer count" in page.text
        assert "Sign the agreement" in page.text

    def test_a_closed_mentorship_cannot_sign(self, client_for, draft, mentee):
        draft.agreement.mentorship.close()
        response = client_for(mentee).post(
            agreements_url("sign", draft.agreement.mentorship),
            {"typed_name": "Mina Mentee", "revision": 1},
        )
        assert response.status_code == 403

    def test_signing_says_whether_it_put_the_agreement_in_effect(self, draft, mentee, mentor):
        first = sign_version(draft, mentee)
        assert (first.signature.signer, first.in_effect) == (mentee, False)
        second = sign_version(draft, mentor)
        assert (second.signature.signer, second.in_effect) == (mentor, True)


class TestAmendments:
    def test_an_amendment_is_a_draft_copy_and_the_agreement_stays_in_effect(
        self, client_for, in_effect, mentor
    ):
        pair = in_effect.agreement.mentorship
        response = client_for(mentor).post(agreements_url("amend", pair), follow=True)
        assert "stays in effect until you both sign the amendment" in response.text
        amendment = AgreementVersion.objects.get(status=AgreementVersion.Status.DRAFT)
        assert amendment.number == 2
        assert amendment.success == in_effect.success
        assert [g.text for g in amendment.goals.all()] == [g.text for g in in_effect.goals.all()]
        in_effect.refresh_from_db()
        assert in_effect.status == AgreementVersion.Status.IN_EFFECT

    def test_a_second_amendment_is_explained(self, client_for, in_effect, mentor):
        client = client_for(mentor)
        client.post(agreements_url("amend", in_effect.agreement.mentorship))
        response = client.post(
            agreements_url("amend", in_effect.agreement.mentorship), follow=True
        )
        assert "Version 2 is already being drafted" in response.text
        assert AgreementVersion.objects.count() == 2

    def test_a_draft_is_edited_not_amended(self, draft, mentee):
        with pytest.raises(services.AgreementError, match="Version 1 is already being drafted"):
            services.amend(agreement=draft.agreement, user=mentee)

    def test_signing_the_amendment_supersedes_the_old_version(self, in_effect, mentee, mentor):
        amendment = services.amend(agreement=in_effect.agreement, user=mentee)
        save_draft(amendment, mentee, goal_3="", success="A new kind of success")
        sign_version(amendment, mentee)
        in_effect.refresh_from_db()
        assert in_effect.status == AgreementVersion.Status.IN_EFFECT
        sign_version(amendment, mentor)
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
        save_draft(amendment, mentee, goal_1="The amended goal")
        # While the amendment is a draft, the signed version stays the one in effect.
        assert version_in_effect(pair) == in_effect
        assert list(AgreementVersion.objects.for_mentorship(pair).in_effect()) == [in_effect]
        assert {goal.version for goal in Goal.objects.in_effect_for(pair)} == {in_effect}
        sign_version(amendment, mentee)
        sign_version(amendment, mentor)
        assert version_in_effect(pair) == amendment
        assert [goal.text for goal in Goal.objects.in_effect_for(pair)][0] == "The amended goal"
        assert version_in_effect(MentorshipFactory()) is None

    def test_every_version_stays_readable_and_shows_what_changed(
        self, client_for, in_effect, mentee
    ):
        amendment = services.amend(agreement=in_effect.agreement, user=mentee)
        save_draft(amendment, mentee, success="A new role applied for and a mentor of my own.")
        pair = in_effect.agreement.mentorship
        client = client_for(mentee)

        listing = client.get(agreements_url("versions", pair))
        assert "Version 1" in listing.text
        assert "Version 2" in listing.text
        assert "In effect" in listing.text

        first = client.get(agreements_url("version", pair, 1))
        assert "This is the first version." in first.text
        assert in_effect.success in first.text

        second = client.get(agreements_url("version", pair, 2))
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
            client_for(mentee)
            .get(agreements_url("version", draft.agreement.mentorship, 9))
            .status_code
            == 404
        )
