"""The agreement: who reaches which page and action, and the queries its pages cost."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.models import Acknowledgement, AgreementVersion, Goal, Signature
from tests.factories import AgreementVersionFactory, GoalFactory, SignatureFactory
from tests.helpers import agreements_url, save_draft, sign_version

pytestmark = pytest.mark.django_db


PAGES = ["responsibilities", "agreement", "edit", "versions"]
ACTIONS = ["acknowledge", "start", "edit", "sign", "amend"]


class TestAccess:
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    @pytest.mark.parametrize("page", [*PAGES, "version", "version_pdf"])
    def test_the_pair_sees_every_page(self, request, draft, persona, page):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        args = [1] if page.startswith("version_") or page == "version" else []
        response = client.get(agreements_url(page, draft.agreement.mentorship, *args))
        assert response.status_code == 200

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("page", [*PAGES, "version"])
    def test_everyone_else_gets_404_on_the_pages(self, request, in_effect, persona, page):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        args = [1] if page == "version" else []
        assert (
            client.get(agreements_url(page, in_effect.agreement.mentorship, *args)).status_code
            == 404
        )

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("action", ACTIONS)
    def test_everyone_else_gets_404_on_the_actions(self, request, draft, persona, action):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        data = {"typed_name": "Casey Coordinator", "revision": 1, "items": ["track"]}
        response = client.post(agreements_url(action, draft.agreement.mentorship), data)
        assert response.status_code == 404
        assert not Signature.objects.exists()
        assert not Acknowledgement.objects.exists()

    @pytest.mark.parametrize("action", ACTIONS)
    def test_a_closed_mentorship_is_read_only(self, client_for, draft, mentee, action):
        draft.agreement.mentorship.close()
        client = client_for(mentee)
        assert (
            client.post(agreements_url(action, draft.agreement.mentorship), {}).status_code == 403
        )
        page = client.get(agreements_url("agreement", draft.agreement.mentorship))
        assert page.status_code == 200
        assert "Edit the draft" not in page.text
        assert "Sign the agreement" not in page.text

    @pytest.mark.parametrize("page", [*PAGES, "version", "version_pdf"])
    def test_anonymous_visitors_are_asked_to_sign_in(self, client, draft, page):
        args = [1] if page.startswith("version") and page != "versions" else []
        response = client.get(agreements_url(page, draft.agreement.mentorship, *args))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("action", ["acknowledge", "start", "sign", "amend"])
    def test_actions_only_accept_post(self, client_for, draft, mentee, action):
        assert (
            client_for(mentee).get(agreements_url(action, draft.agreement.mentorship)).status_code
            == 405
        )

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
        assert agreements_url("agreement", pair) not in page.text

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
            response = client.get(agreements_url("versions", draft.agreement.mentorship))
        assert response.status_code == 200

    @pytest.mark.parametrize("versions", [1, 12])
    def test_the_agreement_page_does_not_grow(
        self, client_for, draft, mentee, mentor, versions, django_assert_max_num_queries
    ):
        grow(draft, versions)
        sign_version(draft, mentee)
        save_draft(draft, mentor, success="Voids the signature")
        sign_version(draft, mentor)
        client = client_for(mentee)
        # session + user, the pair with its people, the draft and the version in effect with
        # who changed them, their goals, their signatures with signers
        with django_assert_max_num_queries(6):
            response = client.get(agreements_url("agreement", draft.agreement.mentorship))
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
            response = client.get(
                agreements_url("version", draft.agreement.mentorship, versions + 1)
            )
        assert response.status_code == 200
