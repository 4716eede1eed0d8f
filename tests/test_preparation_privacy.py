"""Preparing's privacy: what a mentee writes for themselves, nobody else ever reads."""

import pytest
from django.contrib import admin
from django.urls import reverse

from mentoring.preparation.models import CandidateNote, PlanningTemplate, SelfReflection
from tests.factories import (
    CandidateNoteFactory,
    PlanningTemplateFactory,
    SelfReflectionFactory,
    UserFactory,
)
from tests.helpers import as_persona

pytestmark = pytest.mark.django_db


SECRET = "Quetzal-7781-private"


class TestPrivacy:
    """Plant unique text in everything private, then look for it as every other persona."""

    @pytest.fixture
    def secrets(self, pair, mentee, mentor):
        SelfReflectionFactory(author=mentee, challenges=f"{SECRET} reflection")
        CandidateNoteFactory(author=mentee, mentor=mentor, connection=f"{SECRET} note")
        PlanningTemplateFactory(mentorship=pair, off_limits=f"{SECRET} planning")
        return pair

    def pages(self, pair):
        candidate = reverse("preparation:candidate", args=[pair.program.pk, pair.mentor.pk])
        return [
            reverse("home"),
            pair.get_absolute_url(),
            pair.program.get_absolute_url(),
            reverse("preparation:self_reflection"),
            reverse("preparation:mentor_directory", args=[pair.program.pk]),
            candidate,
            reverse("preparation:planning_template", args=[pair.pk]),
            reverse("preparation:planning_pdf", args=[pair.pk]),
            reverse("preparation:sent_requests"),
            reverse("preparation:received_requests"),
        ]

    def test_the_author_sees_their_own_writing(self, client_for, secrets, mentee):
        client = client_for(mentee)
        assert SECRET in client.get(reverse("preparation:self_reflection")).text
        candidate = reverse("preparation:candidate", args=[secrets.program.pk, secrets.mentor.pk])
        assert SECRET in client.get(candidate).text
        planning = reverse("preparation:planning_template", args=[secrets.pk])
        assert SECRET in client.get(planning).text

    @pytest.mark.parametrize("persona", ["mentor", "coordinator", "other_coordinator", "stranger"])
    def test_nobody_else_sees_any_of_it(self, request, secrets, persona):
        _, client = as_persona(request, persona)
        for url in self.pages(secrets):
            response = client.get(url)
            assert SECRET.encode() not in response.content, url

    @pytest.mark.parametrize("persona", ["mentor", "coordinator"])
    def test_a_shared_template_still_hides_the_reflection_and_notes(
        self, request, secrets, persona
    ):
        PlanningTemplate.objects.update(shared_at="2026-01-01T00:00Z", off_limits="Shared")
        _, client = as_persona(request, persona)
        for url in self.pages(secrets):
            assert SECRET.encode() not in client.get(url).content, url

    def test_private_models_are_not_in_the_admin(self):
        for model in (SelfReflection, CandidateNote, PlanningTemplate):
            assert not admin.site.is_registered(model)

    def test_the_admin_shows_a_requests_status_but_not_its_text(self, client_for, mentor_request):
        mentor_request.why_this_mentor = SECRET
        mentor_request.save()
        staff = UserFactory(is_staff=True, is_superuser=True)
        client = client_for(staff)
        listing = client.get(reverse("admin:preparation_mentorrequest_changelist"))
        assert listing.status_code == 200
        assert "Waiting for an answer" in listing.text
        change = client.get(
            reverse("admin:preparation_mentorrequest_change", args=[mentor_request.pk])
        )
        assert change.status_code == 200
        for response in (listing, change, client.get(reverse("admin:index"))):
            assert SECRET not in response.text
