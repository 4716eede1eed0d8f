"""Typed text stays on its line: names, titles and places hold no line break or control
character, paragraphs hold no control character but line breaks and tabs, and calendar files
stay whole even with text saved before these checks."""

import icalendar
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from accounts.models import User
from mentoring.agreements.forms import SignForm, goal_field
from mentoring.dashboard.forms import DashboardFilterForm
from mentoring.lib.text import (
    SINGLE_LINE_MESSAGE,
    single_line,
    validate_multiline,
    validate_single_line,
)
from mentoring.meetings import services as meeting_services
from mentoring.meetings.models import Meeting
from mentoring.preparation.forms import DirectoryFilterForm
from tests.factories import MeetingFactory, agreement_in_effect

pytestmark = pytest.mark.django_db

CONTROL_CHARACTERS = ["\n", "\r", "\t", "\x00", "\x0b", "\x1b", "\x7f", "\x85"]
LINE_SEPARATORS = ["\u2028", "\u2029"]
# Taken as typed: accents, other scripts, an emoji joined by U+200D (a format character).
ORDINARY = "José O'Brien-Łukasz, 李小龍 👩‍⚕️ (ICU; night shift) & co."
INJECTED = "Mina\r\nBEGIN:VEVENT\r\nSUMMARY:Injected"
# Not typed by anyone: hashes, keys, the time zone chosen from a list, a slug of our own.
NOT_TYPED = {
    ("accounts.User", "password"),
    ("accounts.User", "time_zone"),
    ("meetings.CalendarFeed", "token_hash"),
    ("enrolment.JoinLink", "token_hash"),
    ("reminders.Reminder", "key"),
    ("reminders.Reminder", "last_error"),
    # Written by the code (a URL name, a document's kind, counts), never typed by a person.
    ("audit.AccessEvent", "detail"),
    ("branding.Branding", "logo_digest"),
    # Typed, but only # and six hex digits pass (validate_primary_colour): no line breaks.
    ("branding.Branding", "primary_colour"),
    # Written by the worker: its id, its host's name, a message id.
    ("operations.WorkerHeartbeat", "worker_id"),
    ("operations.WorkerHeartbeat", "host"),
    ("operations.SentEmail", "message_id"),
    # From an identity provider's signed token, and our session's key.
    ("sso.ProviderSession", "provider_id"),
    ("sso.ProviderSession", "uid"),
    ("sso.ProviderSession", "sid"),
    ("sso.ProviderSession", "session_key"),
    ("provisioning.ProvisioningToken", "digest"),
}


class TestTheChecks:
    @pytest.mark.parametrize("character", CONTROL_CHARACTERS + LINE_SEPARATORS)
    def test_it_refuses_control_characters_on_a_line(self, character):
        with pytest.raises(ValidationError, match="Use a single line of text"):
            validate_single_line(f"Mina{character}Mentee")

    @pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1b", "\x85", *LINE_SEPARATORS])
    def test_it_refuses_control_characters_in_a_paragraph(self, character):
        with pytest.raises(ValidationError, match="Remove the control characters"):
            validate_multiline(f"First{character}second")

    def test_ordinary_text_passes(self):
        validate_single_line(ORDINARY)
        validate_multiline(f"{ORDINARY}\r\n\tand a second line\n")

    def test_old_text_is_put_on_one_line(self):
        assert single_line(INJECTED) == "Mina  BEGIN:VEVENT  SUMMARY:Injected"

    def test_every_typed_field_of_every_model_is_checked(self):
        unchecked = []
        for model in apps.get_models():
            app = model._meta.app_config.name
            if not (app.startswith("mentoring.") or app == "accounts"):
                continue
            for field in model._meta.concrete_fields:
                if type(field) not in (models.CharField, models.TextField) or field.choices:
                    continue
                if (model._meta.label, field.name) in NOT_TYPED:
                    continue
                check = (
                    validate_multiline
                    if isinstance(field, models.TextField)
                    else validate_single_line
                )
                if check not in field.validators:
                    unchecked.append(f"{model._meta.label}.{field.name}")
        assert unchecked == []

    @pytest.mark.parametrize(
        "form",
        [
            lambda value: SignForm({"typed_name": value, "revision": 1}),
            lambda value: DashboardFilterForm({"q": value}, departments=[]),
            lambda value: DirectoryFilterForm({"q": value}, departments=[]),
        ],
        ids=["signature", "dashboard search", "directory search"],
    )
    def test_forms_that_are_not_model_forms_check_too(self, form):
        bound = form("Mina\nMentee")
        assert not bound.is_valid()
        assert SINGLE_LINE_MESSAGE in str(bound.errors)

    def test_a_goal_is_one_line(self):
        with pytest.raises(ValidationError, match="Use a single line of text"):
            goal_field(1).clean("Lead the unit\u2028by March")


class TestPagesExplainBesideTheField:
    PROFILE = {
        "full_name": "Mina Mentee",
        "job_title": "Charge Nurse",
        "department": "UBC Hospital",
        "bio": "",
        "expertise": "",
        "growth_areas": "",
        "mentee_capacity": "1",
    }

    @pytest.mark.parametrize("field", ["full_name", "job_title", "department"])
    def test_the_profile_refuses_a_line_break_and_keeps_what_was_typed(
        self, client_for, mentee, field
    ):
        typed = "Charge\nBEGIN:VEVENT"
        response = client_for(mentee).post(
            reverse("accounts:profile"), self.PROFILE | {field: typed}
        )
        assert response.status_code == 200
        assert f'id="error_1_id_{field}"' in response.text
        assert SINGLE_LINE_MESSAGE in response.text
        assert "BEGIN:VEVENT" in response.text
        mentee.refresh_from_db()
        assert "BEGIN:VEVENT" not in getattr(mentee, field)

    def test_a_bio_keeps_its_line_breaks_but_not_an_escape_code(self, client_for, mentee):
        client = client_for(mentee)
        response = client.post(reverse("accounts:profile"), self.PROFILE | {"bio": "a\x1b[31mb"})
        assert 'id="error_1_id_bio"' in response.text
        client.post(reverse("accounts:profile"), self.PROFILE | {"bio": "One.\r\nTwo."})
        mentee.refresh_from_db()
        assert mentee.bio == "One.\r\nTwo."

    def test_a_meeting_place_is_one_line(self, client_for, pair, mentee):
        agreement_in_effect(pair)
        url = reverse("meetings:schedule", args=[pair.pk])
        response = client_for(mentee).post(
            url,
            {
                "starts_at": "2099-01-15T10:00",
                "length_minutes": 45,
                "mode": "in_person",
                "place": "Room 4B\nBEGIN:VEVENT",
            },
        )
        assert response.status_code == 200
        assert 'id="error_1_id_place"' in response.text
        assert not Meeting.objects.exists()

    def test_an_imported_name_or_department_is_one_line(self, client_for, coordinator, program):
        content = (
            "email,name,role,department\n"
            'ana@example.org,"Ana\nBEGIN:VEVENT",mentee,ICU\n'
            "lee@example.org,Lee,mentor,Phar\u2028macy\n"
        )
        response = client_for(coordinator).post(
            reverse("enrolment:invite", args=[program.pk]),
            {"file": SimpleUploadedFile("people.csv", content.encode(), "text/csv")},
        )
        one_line = "holds a line break or another control character: use a single line of text"
        assert response.context["form"].errors["file"] == [
            f"Line 2: the name {one_line}.",
            f"Line 4: the department {one_line}.",
        ]
        assert not User.objects.filter(email__in=["ana@example.org", "lee@example.org"]).exists()


class TestCalendarsWithTextSavedBeforeTheChecks:
    @pytest.fixture
    def meeting(self, pair, mentee):
        agreement_in_effect(pair)
        # Straight to the database, as rows saved before names were checked are.
        User.objects.filter(pk=mentee.pk).update(full_name=INJECTED)
        meeting = MeetingFactory(mentorship=pair)
        Meeting.objects.filter(pk=meeting.pk).update(place="Room 4B\nBEGIN:VALARM")
        return meeting

    def assert_whole(self, response):
        assert response.status_code == 200
        lines = response.content.decode().split("\r\n")
        assert lines.count("BEGIN:VEVENT") == 1
        assert not any(line.startswith(("SUMMARY:Injected", "BEGIN:VALARM")) for line in lines)
        (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert "BEGIN:VEVENT  SUMMARY:Injected" in str(event["SUMMARY"])
        assert str(event["LOCATION"]) == "Room 4B BEGIN:VALARM"

    def test_the_partners_ics_file_stays_whole(self, client_for, meeting, mentor):
        url = reverse("meetings:meeting_ics", args=[meeting.mentorship_id, meeting.pk])
        self.assert_whole(client_for(mentor).get(url))

    def test_the_feed_named_after_its_owner_stays_whole(self, client, meeting, mentee):
        token = meeting_services.renew_calendar_feed(user=User.objects.get(pk=mentee.pk))
        response = client.get(reverse("meetings:feed", args=[token]))
        self.assert_whole(response)
        calendar = icalendar.Calendar.from_ical(response.content)
        assert str(calendar["X-WR-CALNAME"]) == f"Mentoring meetings of {single_line(INJECTED)}"
