"""Reminders of a signature waiting on the agreement and of the mid-way check-in."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    CheckInAnswerFactory,
    GoalFactory,
    SignatureFactory,
    agreement_in_effect,
)
from tests.helpers import DAY, links_in, sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(pair):
    pair.start_negotiating()
    version = AgreementVersionFactory(agreement=AgreementFactory(mentorship=pair), filled=True)
    GoalFactory(version=version)
    return version


class TestSignatureWaiting:
    def test_the_partner_is_reminded_three_days_after_the_first_signature(
        self, run_sweep, draft, mentee, mentor, pair
    ):
        SignatureFactory(version=draft, signer=mentee, signed_at=timezone.now() - 3 * DAY)

        run_sweep()

        (message,) = sent_to(mentor)
        assert message.subject == "Your mentoring agreement is waiting for your signature"
        agreement = reverse("agreements:agreement", args=[pair.pk])
        assert f"http://127.0.0.1:8000{agreement}" in links_in(message)
        assert sent_to(mentee) == []

    def test_a_recent_signature_or_a_signed_partner_sends_nothing(
        self, run_sweep, draft, mentee, mentor
    ):
        SignatureFactory(version=draft, signer=mentee, signed_at=timezone.now() - 2 * DAY)
        run_sweep()
        assert mail.outbox == []

        draft.signatures.update(signed_at=timezone.now() - 5 * DAY)
        SignatureFactory(version=draft, signer=mentor)
        run_sweep()
        assert mail.outbox == []

    def test_a_voided_signature_sends_nothing(self, run_sweep, draft, mentee):
        SignatureFactory(
            version=draft,
            signer=mentee,
            signed_at=timezone.now() - 4 * DAY,
            voided_at=timezone.now() - DAY,
        )

        run_sweep()

        assert mail.outbox == []


@pytest.fixture
def halfway(pair):
    """A pair whose check-in fell due yesterday: 100 days in, 98 to go."""
    agreement_in_effect(pair, planned_end_on=timezone.localdate() + 98 * DAY)
    pair.agreement.versions.update(in_effect_at=timezone.now() - 100 * DAY)
    return pair


class TestCheckInDue:
    def test_each_member_who_has_not_answered_is_reminded(
        self, run_sweep, halfway, mentee, mentor
    ):
        CheckInAnswerFactory(mentorship=halfway, author=mentee)

        run_sweep()

        (message,) = sent_to(mentor)
        assert message.subject == f"Time for your mid-way check-in with {mentee}"
        check_in = reverse("enabling:check_in", args=[halfway.pk])
        assert f"http://127.0.0.1:8000{check_in}" in links_in(message)
        assert sent_to(mentee) == []

    def test_nothing_before_the_midpoint(self, run_sweep, pair):
        agreement_in_effect(pair, planned_end_on=timezone.localdate() + 180 * DAY)

        run_sweep()

        assert mail.outbox == []
