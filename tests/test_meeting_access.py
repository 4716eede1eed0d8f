"""Who reaches the meetings' pages and actions, and what never leaves the pair."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.meetings import services
from mentoring.meetings.models import (
    AgendaQuestion,
    CalendarFeed,
    KickStarterQuestion,
    Meeting,
    Reflection,
)
from tests.factories import MeetingFactory, MentorshipFactory, ReflectionFactory, UserFactory
from tests.helpers import meeting_url, meetings_url, reflection_data, schedule_data

# The meetings fixtures (enabling, upcoming, held, committed) are in tests/conftest.py; the
# kick-starter bank is loaded again in case a browser test's flush emptied it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kick_starter_bank")]

PERSONAS = ["mentee", "mentor", "coordinator", "other_coordinator", "stranger"]
OUTSIDERS = ["coordinator", "other_coordinator", "stranger"]


class TestPrivacy:
    SECRET_AGENDA = "AGENDA-7f3a private agenda"
    SECRET_NOTES = "NOTES-91bc private notes"
    SECRET_REFLECTION = "REFLECTION-42de private reflection"

    @pytest.fixture
    def planted(self, held, mentee, mentor):
        Meeting.objects.filter(pk=held.pk).update(
            agenda=self.SECRET_AGENDA, notes=self.SECRET_NOTES
        )
        ReflectionFactory(
            meeting=held, author=mentee, learned_1=self.SECRET_REFLECTION, shared_at=timezone.now()
        )
        ReflectionFactory(meeting=held, author=mentor, learned_1=self.SECRET_REFLECTION)
        return held

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_outsiders_never_see_what_the_pair_wrote(self, request, client_for, planted, persona):
        client = client_for(request.getfixturevalue(persona))
        urls = [
            planted.mentorship.get_absolute_url(),
            meetings_url("meetings", planted.mentorship_id),
            planted.get_absolute_url(),
            meeting_url("reflection", planted),
            meeting_url("meeting_ics", planted),
            meeting_url("meeting_kick_starters", planted),
            meetings_url("calendar"),
            reverse("home"),
        ]
        for address in urls:
            text = client.get(address, follow=True).content.decode()
            for secret in (self.SECRET_AGENDA, self.SECRET_NOTES, self.SECRET_REFLECTION):
                assert secret not in text, address

    def test_the_coordinator_sees_counts_and_dates_only(self, client_for, planted, coordinator):
        MeetingFactory(mentorship=planted.mentorship)
        page = client_for(coordinator).get(planted.mentorship.get_absolute_url()).text
        assert "1 held, 1 planned" in page
        assert "Last meeting held:" in page
        assert reverse("meetings:meetings", args=[planted.mentorship_id]) not in page

    def test_the_calendar_feed_carries_no_agenda_or_notes(self, client, planted, mentee):
        MeetingFactory(mentorship=planted.mentorship, agenda=self.SECRET_AGENDA)
        token = services.renew_calendar_feed(user=mentee)
        text = client.get(meetings_url("feed", token)).content.decode()
        assert "BEGIN:VEVENT" in text
        assert self.SECRET_AGENDA not in text

    def test_an_unshared_reflection_is_invisible_to_the_partner(self, client_for, planted, mentee):
        text = client_for(mentee).get(planted.get_absolute_url()).text
        assert self.SECRET_REFLECTION not in text
        own = client_for(mentee).get(meeting_url("reflection", planted)).text
        assert self.SECRET_REFLECTION in own

    def test_private_models_are_not_in_the_admin(self):
        from django.contrib import admin

        for model in (Meeting, Reflection, CalendarFeed, AgendaQuestion):
            assert not admin.site.is_registered(model)


MEMBER_PAGES = [
    "meetings",
    "schedule",
    "meeting",
    "meeting_kick_starters",
    "meeting_ics",
    "reflection",
]
MEMBER_ACTIONS = [
    ("save_agenda", {"agenda": "x"}),
    ("add_question", {"question": 1}),
    ("save_notes", {"notes": "x", "revision": 0}),
    ("mark_held", {}),
    ("cancel", {}),
    ("reflection", reflection_data()),
    ("share_reflection", {}),
    ("unshare_reflection", {}),
]


def page_url(name, meeting):
    if name in ("meetings", "schedule"):
        return meetings_url(name, meeting.mentorship_id)
    return meeting_url(name, meeting)


class TestAccess:
    @pytest.mark.parametrize("name", MEMBER_PAGES)
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_members_see_the_pages(self, request, client_for, held, name, persona):
        response = client_for(request.getfixturevalue(persona)).get(page_url(name, held))
        # Scheduling belongs to the pair; a held meeting's reflection page is the form.
        assert response.status_code == 200

    @pytest.mark.parametrize("name", MEMBER_PAGES)
    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_everyone_else_gets_404(self, request, client_for, held, name, persona):
        response = client_for(request.getfixturevalue(persona)).get(page_url(name, held))
        assert response.status_code == 404

    @pytest.mark.parametrize(("name", "data"), MEMBER_ACTIONS)
    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_everyone_else_cannot_act(self, request, client_for, upcoming, name, data, persona):
        response = client_for(request.getfixturevalue(persona)).post(
            meeting_url(name, upcoming), data
        )
        assert response.status_code == 404
        upcoming.refresh_from_db()
        assert (upcoming.status, upcoming.agenda, upcoming.notes) == ("scheduled", "", "")

    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_everyone_else_cannot_remove_agenda_questions(
        self, request, client_for, upcoming, persona
    ):
        question = KickStarterQuestion.objects.first()
        AgendaQuestion.objects.create(meeting=upcoming, question=question, position=1)
        response = client_for(request.getfixturevalue(persona)).post(
            meeting_url("remove_question", upcoming, question.pk)
        )
        assert response.status_code == 404
        assert AgendaQuestion.objects.exists()

    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_everyone_else_cannot_schedule(self, request, client_for, enabling, persona):
        response = client_for(request.getfixturevalue(persona)).post(
            meetings_url("schedule", enabling.pk), schedule_data()
        )
        assert response.status_code == 404
        assert not Meeting.objects.exists()

    @pytest.mark.parametrize("name", ["kick_starters", "calendar"])
    @pytest.mark.parametrize("persona", PERSONAS)
    def test_personal_pages_are_for_everyone_signed_in(self, request, client_for, name, persona):
        assert (
            client_for(request.getfixturevalue(persona)).get(meetings_url(name)).status_code == 200
        )

    @pytest.mark.parametrize("name", MEMBER_PAGES)
    def test_anonymous_visitors_are_asked_to_sign_in(self, client, held, name):
        response = client.get(page_url(name, held))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize(("name", "data"), MEMBER_ACTIONS)
    def test_anonymous_visitors_cannot_act(self, client, upcoming, name, data):
        response = client.post(meeting_url(name, upcoming), data)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("name", ["kick_starters", "calendar", "renew_feed", "stop_feed"])
    def test_anonymous_visitors_have_no_bank_or_calendar_page(self, client, db, name):
        response = (
            client.post(meetings_url(name)) if "feed" in name else client.get(meetings_url(name))
        )
        assert response.status_code == 302

    def test_the_feed_needs_no_sign_in_but_its_secret(self, client, mentee):
        assert (
            client.get(meetings_url("feed", services.renew_calendar_feed(user=mentee))).status_code
            == 200
        )

    def test_each_person_renews_only_their_own_feed(self, client_for, mentee, mentor):
        token = services.renew_calendar_feed(user=mentee)
        client_for(mentor).post(meetings_url("renew_feed"))
        assert CalendarFeed.objects.count() == 2
        assert client_for(mentor).get(meetings_url("feed", token)).status_code == 200

    @pytest.mark.parametrize(
        "name",
        ["renew_feed", "stop_feed"] + [n for n, _ in MEMBER_ACTIONS if n != "reflection"],
    )
    def test_changes_need_a_post(self, client_for, upcoming, mentee, name):
        address = meetings_url(name) if "feed" in name else meeting_url(name, upcoming)
        assert client_for(mentee).get(address).status_code == 405

    def test_unknown_and_other_pairs_meetings_are_404(self, client_for, upcoming, mentee):
        other = MeetingFactory()
        client = client_for(mentee)
        assert (
            client.get(meetings_url("meeting", upcoming.mentorship_id, other.pk)).status_code
            == 404
        )
        assert (
            client.get(meetings_url("meeting", upcoming.mentorship_id, 99999)).status_code == 404
        )
        assert client.get(meetings_url("meetings", 99999)).status_code == 404

    def test_a_member_of_another_pair_does_not_reach_this_one(self, client_for, upcoming):
        other_mentee = UserFactory()
        MentorshipFactory(mentee=other_mentee, phase="enabling")
        assert client_for(other_mentee).get(upcoming.get_absolute_url()).status_code == 404
