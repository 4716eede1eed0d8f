"""The agreement's PDF: each version as the pair signed it, and who may download it."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from mentoring.agreements import services
from mentoring.agreements.models import AgreementVersion
from tests.helpers import agreements_url, pdf_text

pytestmark = pytest.mark.django_db


class TestPdf:
    def test_it_holds_every_answer_both_names_and_signature_times(
        self, client_for, in_effect, mentee
    ):
        pair = in_effect.agreement.mentorship
        response = client_for(mentee).get(agreements_url("version_pdf", pair, 1))
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        for name in AgreementVersion.TEXT_FIELDS:
            label = str(AgreementVersion._meta.get_field(name).verbose_name)
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
        response = client_for(mentee).get(
            agreements_url("version_pdf", in_effect.agreement.mentorship, 1)
        )
        reader = PdfReader(io.BytesIO(response.content))
        assert round(float(reader.pages[0].mediabox.width)) == width_points

    def test_the_footer_carries_the_program_name_whatever_its_symbols(
        self, client_for, in_effect, mentee
    ):
        program = in_effect.agreement.mentorship.program
        program.name = 'Nurses\' "Lead" </style> \\ Circle'
        program.save()
        response = client_for(mentee).get(
            agreements_url("version_pdf", in_effect.agreement.mentorship, 1)
        )
        text = pdf_text(response.content)
        assert f"{program.name} · Mentoring agreement, version 1" in text, text

    def test_a_draft_pdf_says_it_is_a_draft(self, client_for, draft, mentor):
        response = client_for(mentor).get(
            agreements_url("version_pdf", draft.agreement.mentorship, 1)
        )
        text = pdf_text(response.content)
        assert "not yet in effect" in text
        assert "Mentor: Marco Mentor · not signed yet" in text

    def test_coordinators_get_signed_pdfs_when_the_program_allows(
        self, client_for, in_effect, coordinator
    ):
        pair = in_effect.agreement.mentorship
        pair.program.coordinators_see_agreement_pdf = True
        pair.program.save()
        response = client_for(coordinator).get(agreements_url("version_pdf", pair, 1))
        assert response.status_code == 200
        page = client_for(coordinator).get(pair.get_absolute_url())
        assert "Download the signed agreement (PDF)" in page.text

    def test_coordinators_never_get_a_draft_pdf(self, client_for, in_effect, coordinator, mentee):
        pair = in_effect.agreement.mentorship
        pair.program.coordinators_see_agreement_pdf = True
        pair.program.save()
        services.amend(agreement=in_effect.agreement, user=mentee)
        assert (
            client_for(coordinator).get(agreements_url("version_pdf", pair, 2)).status_code == 404
        )

    def test_coordinators_get_nothing_when_the_program_keeps_agreements_private(
        self, client_for, in_effect, coordinator
    ):
        pair = in_effect.agreement.mentorship
        assert (
            client_for(coordinator).get(agreements_url("version_pdf", pair, 1)).status_code == 404
        )
        page = client_for(coordinator).get(pair.get_absolute_url())
        assert "Download the signed agreement" not in page.text

    @pytest.mark.parametrize("persona", ["stranger", "other_coordinator"])
    def test_anyone_else_gets_404_even_when_allowed(self, request, in_effect, persona):
        pair = in_effect.agreement.mentorship
        pair.program.coordinators_see_agreement_pdf = True
        pair.program.save()
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.get(agreements_url("version_pdf", pair, 1)).status_code == 404
