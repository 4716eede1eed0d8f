import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.forms import ProfileForm
from mentoring.meetings import services
from mentoring.meetings.forms import ReflectionForm
from mentoring.meetings.models import (
    AGENDA_GUIDANCE,
    KICK_STARTERS_INTRO,
    AgendaQuestion,
    CalendarFeed,
    KickStarterCategory,
    KickStarterQuestion,
    Meeting,
    Reflection,
)
from tests.factories import (
    MeetingFactory,
    MentorshipFactory,
    ReflectionFactory,
    UserFactory,
    agreement_in_effect,
)

pytestmark = pytest.mark.django_db

SPEC = settings.BASE_DIR.parent / "shared" / "spec" / "toolkit.md"
TIME_ZONE_MIDDLEWARE = "accounts.middleware.TimeZoneMiddleware"
PERSONAS = ["mentee", "mentor", "coordinator", "other_coordinator", "stranger"]
OUTSIDERS = ["coordinator", "other_coordinator", "stranger"]


@pytest.fixture(autouse=True)
def time_zone_middleware(settings):
    """Each person's own time zone, as settings.MIDDLEWARE will have it."""
    if TIME_ZONE_MIDDLEWARE not in settings.MIDDLEWARE:
        auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[: auth + 1],
            TIME_ZONE_MIDDLEWARE,
            *settings.MIDDLEWARE[auth + 1 :],
        ]


@pytest.fixture(autouse=True)
def _bank(kick_starter_bank):
    """Browser tests may have run first and emptied the bank its migration loaded."""


def spec_section(title: str) -> str:
    text = SPEC.read_text()
    start = text.index(f"### {title}")
    end = text.find("\n#", start + 1)
    return text[start:end]


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def meeting_url(name, meeting, *args):
    return url(name, meeting.mentorship_id, meeting.pk, *args)


@pytest.fixture
def enabling(pair):
    """The pair with their agreement in effect: meeting every two weeks, 60 minutes, video."""
    agreement_in_effect(pair)
    pair.refresh_from_db()
    return pair


@pytest.fixture
def upcoming(enabling):
    return MeetingFactory(mentorship=enabling)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` sends the emails a request queued, as its commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def held(enabling):
    return MeetingFactory(mentorship=enabling, held=True)


def next_january_15() -> datetime.date:
    """A winter date to come, whatever the year the tests run (Pacific Standard Time)."""
    return datetime.date(timezone.localdate().year + 1, 1, 15)


def schedule_data(**changes):
    starts = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "length_minutes": 45,
        "mode": "in_person",
        "place": "Room 4B, Vancouver General",
    }
    return data | changes


def ics_events(content: bytes) -> list:
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def reflection_data(**changes):
    data = dict.fromkeys(Reflection.ANSWERS, "")
    data |= {
        "learned_1": "Budgets tell stories.",
        "learned_2": "Ask before assuming.",
        "learned_3": "Sleep on big decisions.",
        "action_1": "Book a budget review.",
        "action_2": "Delegate the rota.",
        "never_forget": "Lead with curiosity.",
    }
    return data | changes


class TestLabelsAreTheToolkitsWords:
    def test_the_reflection_questions_are_the_toolkits(self):
        bullets = re.findall(r"^- (.+?) \(", spec_section("Meeting reflection"), re.M)
        assert len(bullets) == 3
        assert [question for question, _ in Reflection.QUESTIONS] == bullets
        form = ReflectionForm()
        assert [question for question, _ in form.questions()] == bullets
        # One answer: the field itself carries the question; three and two: a fieldset each.
        assert form.fields["never_forget"].label == bullets[2]
        assert [len(fields) for _, fields in form.questions()] == [3, 2, 1]

    def test_the_reflection_page_shows_each_question_once_as_legend_or_label(
        self, client_for, held, mentee
    ):
        page = client_for(mentee).get(meeting_url("reflection", held)).text
        assert '<legend class="h6 fw-semibold">What are 3 things you learned today?</legend>' in (
            page
        )
        assert "What are 2 actions or changes you will make?</legend>" in page
        assert re.search(r"<label[^>]*>\s*What is 1 thing that you will never forget\?", page)

    def test_the_bank_holds_every_kick_starter_of_the_toolkit_word_for_word(self):
        section = spec_section("Conversation kick-starters")
        items = re.findall(r"^- \*\*(.+?)\*\*: (.+)$", section, re.M)
        expected = [(name, questions.split(" · ")) for name, questions in items]
        assert len(expected) == 8
        stored = [
            (category.name, [question.text for question in category.questions.all()])
            for category in KickStarterCategory.objects.order_by("position")
        ]
        assert stored == expected
        assert KickStarterQuestion.objects.count() == 34

    def test_the_bank_keeps_two_questions_in_one_item_as_the_toolkit_has_them(self):
        assert KickStarterQuestion.objects.filter(
            text="What have you already tried? What can you learn from that?"
        ).exists()

    def test_the_intro_and_agenda_guidance_are_the_toolkits_words(self):
        text = SPEC.read_text()
        assert f'"{KICK_STARTERS_INTRO}"' in spec_section("Conversation kick-starters")
        assert f"will {AGENDA_GUIDANCE}" in text

    def test_the_bank_page_shows_the_intro_and_every_question(self, client_for, stranger):
        page = client_for(stranger).get(url("kick_starters")).text
        assert KICK_STARTERS_INTRO in page
        for question in KickStarterQuestion.objects.all():
            assert str(question.text).replace("'", "&#x27;") in page

    def test_the_meeting_page_shows_the_agenda_guidance(self, client_for, upcoming, mentee):
        page = client_for(mentee).get(upcoming.get_absolute_url()).text
        assert f"“{AGENDA_GUIDANCE}”" in page


class TestTimeZones:
    def test_people_start_in_the_sites_time_zone_and_choose_theirs_on_the_profile(
        self, client_for, mentee
    ):
        assert mentee.time_zone == "America/Vancouver" == settings.TIME_ZONE
        form = ProfileForm(instance=mentee)
        names = [name for name, _ in form.fields["time_zone"].choices]
        assert names == sorted(zoneinfo.available_timezones())
        data = {
            "full_name": mentee.full_name,
            "mentee_capacity": 1,
            "time_zone": "America/Toronto",
        }
        response = client_for(mentee).post(reverse("accounts:profile"), data)
        assert response.status_code == 302
        mentee.refresh_from_db()
        assert mentee.time_zone == "America/Toronto"

    def test_an_unknown_time_zone_is_refused(self, client_for, mentee):
        data = {"full_name": mentee.full_name, "mentee_capacity": 1, "time_zone": "Mars/Olympus"}
        response = client_for(mentee).post(reverse("accounts:profile"), data)
        assert "Select a valid choice" in response.text
        mentee.refresh_from_db()
        assert mentee.time_zone == "America/Vancouver"

    def test_a_vancouver_time_shows_back_the_same_wall_time_and_utc_in_the_ics(
        self, client_for, enabling, mentee, mentor
    ):
        day = next_january_15()
        response = client_for(mentee).post(
            url("schedule", enabling.pk), schedule_data(starts_at=f"{day}T10:00")
        )
        meeting = Meeting.objects.get()
        assert response.url == meeting.get_absolute_url()
        assert meeting.starts_at == datetime.datetime(day.year, 1, 15, 18, 0, tzinfo=datetime.UTC)
        page = client_for(mentee).get(meeting.get_absolute_url()).text
        assert f"January 15, {day.year}, 10:00 a.m." in page
        assert "10:00 a.m.–10:45 a.m. PST" in page
        (event,) = ics_events(client_for(mentee).get(meeting_url("meeting_ics", meeting)).content)
        assert event.to_ical().decode().count(f"DTSTART:{day:%Y%m%d}T180000Z") == 1
        assert f"DTEND:{day:%Y%m%d}T184500Z" in event.to_ical().decode()

    def test_a_viewer_in_toronto_sees_the_converted_wall_time(
        self, client_for, enabling, mentee, mentor
    ):
        day = next_january_15()
        client_for(mentee).post(
            url("schedule", enabling.pk), schedule_data(starts_at=f"{day}T10:00")
        )
        mentor.time_zone = "America/Toronto"
        mentor.save(update_fields=["time_zone"])
        page = client_for(mentor).get(Meeting.objects.get().get_absolute_url()).text
        assert "1:00 p.m.–1:45 p.m. EST" in page

    def test_a_zone_the_tz_database_no_longer_knows_falls_back_to_the_sites(
        self, client_for, upcoming, mentee
    ):
        type(mentee).objects.filter(pk=mentee.pk).update(time_zone="Mars/Olympus")
        response = client_for(mentee).get(upcoming.get_absolute_url())
        assert response.status_code == 200
        assert timezone.localtime(upcoming.starts_at).strftime("%Z") in response.text

    def test_a_profile_posted_without_a_zone_keeps_the_persons_zone(self, client_for, mentee):
        type(mentee).objects.filter(pk=mentee.pk).update(time_zone="Europe/Paris")
        data = {"full_name": mentee.full_name, "mentee_capacity": 1}
        assert client_for(mentee).post(reverse("accounts:profile"), data).status_code == 302
        mentee.refresh_from_db()
        assert mentee.time_zone == "Europe/Paris"

    def test_a_time_is_read_in_the_zone_of_the_person_who_enters_it(
        self, client_for, enabling, mentor
    ):
        mentor.time_zone = "America/Toronto"
        mentor.save(update_fields=["time_zone"])
        day = next_january_15()
        client_for(mentor).post(
            url("schedule", enabling.pk), schedule_data(starts_at=f"{day}T13:00")
        )
        assert Meeting.objects.get().starts_at.astimezone(datetime.UTC).hour == 18

    def test_a_time_that_does_not_exist_in_the_zone_is_explained(
        self, client_for, enabling, mentee
    ):
        # Clocks jump from 2:00 to 3:00 on the second Sunday of March in Vancouver.
        year = timezone.localdate().year + 1
        march = datetime.date(year, 3, 1)
        second_sunday = march + datetime.timedelta(days=(6 - march.weekday()) % 7 + 7)
        response = client_for(mentee).post(
            url("schedule", enabling.pk), schedule_data(starts_at=f"{second_sunday}T02:30")
        )
        assert response.status_code == 200
        assert "may be ambiguous or it may not exist" in response.text
        assert not Meeting.objects.exists()


class TestScheduling:
    def test_the_form_starts_from_the_agreed_cadence(self, client_for, enabling, mentee):
        response = client_for(mentee).get(url("schedule", enabling.pk))
        form = response.context["form"]
        assert form.initial == {
            "length_minutes": 60,
            "mode": "video",
            "place": "The team's usual video room",
        }
        assert "come from the cadence in your agreement" in response.text

    def test_the_next_date_follows_the_agreed_rhythm(self, client_for, enabling, mentee):
        last = MeetingFactory(
            mentorship=enabling, starts_at=timezone.now() + datetime.timedelta(1)
        )
        response = client_for(mentee).get(url("schedule", enabling.pk))
        assert response.context["form"].initial["starts_at"] == timezone.localtime(
            last.starts_at + datetime.timedelta(days=14)
        )

    def test_either_member_schedules_and_the_owner_is_set_by_the_view(
        self, client_for, enabling, mentor, mentee
    ):
        data = schedule_data(scheduled_by=mentee.pk, mentorship=999)
        response = client_for(mentor).post(url("schedule", enabling.pk), data, follow=True)
        meeting = Meeting.objects.get()
        assert (meeting.mentorship, meeting.scheduled_by) == (enabling, mentor)
        assert (meeting.length_minutes, meeting.mode) == (45, "in_person")
        assert meeting.place == "Room 4B, Vancouver General"
        assert "is scheduled" in response.text

    def test_the_partner_is_told_by_email_in_their_time_zone(
        self, client_for, enabling, mentor, mentee, mailoutbox, committed
    ):
        mentee.time_zone = "Asia/Tokyo"
        mentee.save()
        with committed():
            client_for(mentor).post(url("schedule", enabling.pk), schedule_data())
        meeting = Meeting.objects.get()
        (message,) = mailoutbox
        assert message.to == [mentee.email]
        assert f"{mentor} scheduled a mentoring meeting" in message.subject
        tokyo = meeting.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
        assert f"{tokyo:%A, %B %-d, %Y, %-I:%M}" in message.body
        assert "(Asia/Tokyo), 45 minutes" in message.body
        assert meeting_url("meeting_ics", meeting) in message.body

    def test_a_partner_zone_the_tz_database_no_longer_knows_falls_back_to_the_sites(
        self, client_for, enabling, mentor, mentee, mailoutbox, committed
    ):
        type(mentee).objects.filter(pk=mentee.pk).update(time_zone="Mars/Olympus_Mons")
        with committed():
            response = client_for(mentor).post(url("schedule", enabling.pk), schedule_data())
        assert response.status_code == 302
        (message,) = mailoutbox
        assert f"({timezone.get_default_timezone_name()}), 45 minutes" in message.body

    def test_a_time_in_the_past_is_refused_and_the_input_kept(self, client_for, enabling, mentee):
        past = (timezone.localtime() - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        data = schedule_data(starts_at=past, place="Kept: the board room")
        response = client_for(mentee).post(url("schedule", enabling.pk), data)
        assert response.status_code == 200
        assert "This time has already passed" in response.text
        assert 'value="Kept: the board room"' in response.text
        assert f'value="{past}"' in response.text
        assert not Meeting.objects.exists()

    def test_a_double_submit_schedules_one_meeting(self, client_for, enabling, mentee):
        client = client_for(mentee)
        data = schedule_data()
        client.post(url("schedule", enabling.pk), data)
        response = client.post(url("schedule", enabling.pk), data)
        assert response.status_code == 200
        assert "You already have a meeting at this time" in response.text
        assert Meeting.objects.count() == 1

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"starts_at": ""}, "Choose the date and time."),
            ({"starts_at": "next tuesday"}, "Enter a valid date/time."),
            ({"length_minutes": 5}, "A meeting is at least 15 minutes."),
            ({"length_minutes": 600}, "A meeting is at most 240 minutes"),
            ({"mode": "carrier pigeon"}, "Select a valid choice."),
            ({"place": "x" * 301}, "at most 300 characters"),
        ],
    )
    def test_bad_input_is_explained_beside_the_field(
        self, client_for, enabling, mentee, changes, message
    ):
        response = client_for(mentee).post(url("schedule", enabling.pk), schedule_data(**changes))
        assert response.status_code == 200
        assert message in response.text
        assert not Meeting.objects.exists()

    def test_meetings_wait_for_the_enabling_phase(self, client_for, pair, mentee):
        response = client_for(mentee).get(url("schedule", pair.pk), follow=True)
        assert "in the Enabling phase" in response.text
        client_for(mentee).post(url("schedule", pair.pk), schedule_data())
        assert not Meeting.objects.exists()
        with pytest.raises(services.MeetingError, match="Enabling phase"):
            services.schedule_meeting(
                mentorship=pair,
                user=mentee,
                starts_at=timezone.now() + datetime.timedelta(days=1),
                length_minutes=60,
                mode="phone",
                place="",
            )

    def test_a_closed_pair_is_read_only(self, client_for, enabling, mentee):
        enabling.close()
        assert client_for(mentee).get(url("schedule", enabling.pk)).status_code == 403
        response = client_for(mentee).post(url("schedule", enabling.pk), schedule_data())
        assert response.status_code == 403
        assert not Meeting.objects.exists()


class TestRescheduling:
    @pytest.fixture(autouse=True)
    def site_time_zone(self):
        """A request leaves its person's zone active in this thread: start in the site's."""
        timezone.deactivate()

    def test_the_form_opens_with_the_meeting_as_it_is(self, client_for, upcoming, mentor):
        response = client_for(mentor).get(meeting_url("reschedule", upcoming))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.initial["starts_at"] == timezone.localtime(upcoming.starts_at)
        assert form.initial["place"] == "https://video.example.com/room"
        page = client_for(mentor).get(upcoming.get_absolute_url()).text
        assert meeting_url("reschedule", upcoming) in page

    @pytest.mark.parametrize(("by", "told"), [("mentee", "mentor"), ("mentor", "mentee")])
    def test_either_member_moves_it_calendars_update_and_the_partner_is_told(
        self, request, client_for, upcoming, mailoutbox, committed, by, told
    ):
        person, partner = request.getfixturevalue(by), request.getfixturevalue(told)
        partner.time_zone = "Europe/London"
        partner.save()
        data = schedule_data(place="Room 12", length_minutes=30)
        with committed():
            response = client_for(person).post(meeting_url("reschedule", upcoming), data)
        assert response.status_code == 302
        was = upcoming.starts_at
        upcoming.refresh_from_db()
        assert (
            timezone.localtime(upcoming.starts_at).strftime("%Y-%m-%dT%H:%M")
            == (data["starts_at"])
        )
        assert (upcoming.length_minutes, upcoming.mode, upcoming.place) == (
            30,
            "in_person",
            "Room 12",
        )
        assert upcoming.sequence == 1
        (event,) = ics_events(
            client_for(partner).get(meeting_url("meeting_ics", upcoming)).content
        )
        assert event["SEQUENCE"] == 1
        assert str(event["LOCATION"]) == "Room 12"

        (message,) = mailoutbox
        assert message.to == [partner.email]
        assert f"{person} changed your mentoring meeting" in message.subject
        london = zoneinfo.ZoneInfo("Europe/London")
        assert f"{upcoming.starts_at.astimezone(london):%A, %B %-d, %Y, %-I:%M}" in message.body
        assert f"(it was {was.astimezone(london):%A, %B %-d, %-I:%M}" in message.body
        assert "(the place changed)" in message.body
        assert "video.example.com" not in message.body
        assert meeting_url("meeting_ics", upcoming) in message.body

    def test_saving_it_unchanged_tells_nobody(
        self, client_for, upcoming, mentee, mailoutbox, committed
    ):
        local = timezone.localtime(upcoming.starts_at).replace(microsecond=0)
        data = {
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "length_minutes": 60,
            "mode": "video",
            "place": "https://video.example.com/room",
        }
        Meeting.objects.filter(pk=upcoming.pk).update(starts_at=local.replace(second=0))
        with committed():
            response = client_for(mentee).post(
                meeting_url("reschedule", upcoming), data, follow=True
            )
        assert "Nothing had changed" in response.text
        upcoming.refresh_from_db()
        assert upcoming.sequence == 0
        assert mailoutbox == []

    def test_the_agenda_and_notes_stay_with_it(self, client_for, upcoming, mentee):
        upcoming.agenda, upcoming.notes = "Kept agenda", "Kept notes"
        upcoming.save()
        client_for(mentee).post(meeting_url("reschedule", upcoming), schedule_data())
        upcoming.refresh_from_db()
        assert (upcoming.agenda, upcoming.notes, upcoming.sequence) == (
            "Kept agenda",
            "Kept notes",
            1,
        )

    def test_a_time_in_the_past_is_refused_and_the_input_kept(
        self, client_for, upcoming, mentee, mailoutbox, committed
    ):
        past = (timezone.localtime() - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        data = schedule_data(starts_at=past, place="Kept: the board room")
        with committed():
            response = client_for(mentee).post(meeting_url("reschedule", upcoming), data)
        assert response.status_code == 400
        assert "This time has already passed" in response.text
        assert 'value="Kept: the board room"' in response.text
        assert f'value="{past}"' in response.text
        upcoming.refresh_from_db()
        assert (upcoming.sequence, upcoming.place) == (0, "https://video.example.com/room")
        assert mailoutbox == []

    def test_a_meeting_that_did_not_happen_moves_to_a_time_to_come(
        self, client_for, upcoming, mentor
    ):
        Meeting.objects.filter(pk=upcoming.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=1)
        )
        response = client_for(mentor).post(meeting_url("reschedule", upcoming), schedule_data())
        assert response.status_code == 302
        upcoming.refresh_from_db()
        assert upcoming.starts_at > timezone.now()

    def test_it_cannot_land_on_another_meeting(self, client_for, upcoming, mentee):
        other_time = timezone.localtime() + datetime.timedelta(days=14)
        other_time = other_time.replace(second=0, microsecond=0)
        MeetingFactory(mentorship=upcoming.mentorship, starts_at=other_time)
        data = schedule_data(starts_at=other_time.strftime("%Y-%m-%dT%H:%M"))
        response = client_for(mentee).post(meeting_url("reschedule", upcoming), data)
        assert response.status_code == 400
        assert "another meeting at this time" in response.text

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"starts_at": ""}, "Choose the date and time."),
            ({"length_minutes": 5}, "A meeting is at least 15 minutes."),
            ({"mode": "carrier pigeon"}, "Select a valid choice."),
        ],
    )
    def test_bad_input_is_explained_beside_the_field(
        self, client_for, upcoming, mentee, changes, message
    ):
        data = schedule_data(**changes)
        response = client_for(mentee).post(meeting_url("reschedule", upcoming), data)
        assert response.status_code == 400
        assert message in response.text

    @pytest.mark.parametrize("status", ["held", "cancelled"])
    def test_a_held_or_cancelled_meeting_stays_as_it_was(
        self, client_for, upcoming, mentee, status
    ):
        Meeting.objects.filter(pk=upcoming.pk).update(status=status)
        client = client_for(mentee)
        response = client.get(meeting_url("reschedule", upcoming), follow=True)
        assert "it can no longer be changed" in response.text
        response = client.post(meeting_url("reschedule", upcoming), schedule_data(), follow=True)
        assert "it can no longer be changed" in response.text
        upcoming.refresh_from_db()
        assert upcoming.sequence == 0
        assert (
            meeting_url("reschedule", upcoming) not in client.get(upcoming.get_absolute_url()).text
        )

    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_everyone_else_gets_404(self, request, client_for, upcoming, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(meeting_url("reschedule", upcoming)).status_code == 404
        response = client.post(meeting_url("reschedule", upcoming), schedule_data())
        assert response.status_code == 404
        upcoming.refresh_from_db()
        assert upcoming.sequence == 0

    def test_a_closed_pair_is_read_only(self, client_for, upcoming, mentee):
        upcoming.mentorship.close()
        client = client_for(mentee)
        assert client.get(meeting_url("reschedule", upcoming)).status_code == 403
        response = client.post(meeting_url("reschedule", upcoming), schedule_data())
        assert response.status_code == 403


class TestMeetingsList:
    def test_upcoming_meetings_come_first_soonest_first_then_past_latest_first(
        self, client_for, enabling, mentee
    ):
        now = timezone.now()
        days = [-20, 10, -3, 2]
        for offset in days:
            MeetingFactory(mentorship=enabling, starts_at=now + datetime.timedelta(days=offset))
        response = client_for(mentee).get(url("meetings", enabling.pk))
        order = [(m.starts_at - now).days for m in response.context["page"]]
        assert order == [2, 10, -3, -20]
        text = response.text
        assert text.index("Upcoming meetings") < text.index("Past meetings")

    def test_it_is_paginated(self, client_for, enabling, mentee):
        MeetingFactory.create_batch(12, mentorship=enabling)
        client = client_for(mentee)
        assert len(client.get(url("meetings", enabling.pk)).context["page"]) == 10
        assert len(client.get(url("meetings", enabling.pk), {"page": 2}).context["page"]) == 2
        assert client.get(url("meetings", enabling.pk), {"page": "x"}).status_code == 200

    @pytest.mark.parametrize("meetings", [3, 30])
    def test_its_query_count_does_not_grow_with_meetings(
        self, client_for, enabling, mentee, meetings, django_assert_max_num_queries
    ):
        for meeting in MeetingFactory.create_batch(meetings, mentorship=enabling):
            AgendaQuestion.objects.create(
                meeting=meeting, question=KickStarterQuestion.objects.first(), position=1
            )
        client = client_for(mentee)
        # session + user, the mentorship with its people, the count, the page of meetings
        # with their agenda counts
        with django_assert_max_num_queries(5):
            response = client.get(url("meetings", enabling.pk))
        assert response.status_code == 200


class TestAgenda:
    def test_the_mentee_writes_discussion_points_and_the_mentor_reads_them(
        self, client_for, upcoming, mentee, mentor
    ):
        response = client_for(mentee).post(
            meeting_url("save_agenda", upcoming), {"agenda": "1. The budget course"}, follow=True
        )
        assert f"{mentor} sees them" in response.text
        page = client_for(mentor).get(upcoming.get_absolute_url()).text
        assert "1. The budget course" in page
        assert 'name="agenda"' not in page

    def test_only_the_mentee_edits_the_agenda(self, client_for, upcoming, mentor):
        client = client_for(mentor)
        question = KickStarterQuestion.objects.first()
        assert (
            client.post(meeting_url("save_agenda", upcoming), {"agenda": "x"}).status_code == 403
        )
        response = client.post(meeting_url("add_question", upcoming), {"question": question.pk})
        assert response.status_code == 403
        upcoming.refresh_from_db()
        assert upcoming.agenda == ""
        assert not AgendaQuestion.objects.exists()

    def test_too_long_discussion_points_are_explained_and_kept(self, client_for, upcoming, mentee):
        text = "Budget " * 500
        response = client_for(mentee).post(meeting_url("save_agenda", upcoming), {"agenda": text})
        assert response.status_code == 400
        assert "at most 3000 characters" in response.text
        assert text.strip() in response.text
        upcoming.refresh_from_db()
        assert upcoming.agenda == ""

    def test_questions_from_the_bank_go_on_the_agenda_in_order_and_come_off(
        self, client_for, upcoming, mentee
    ):
        client = client_for(mentee)
        first, second = KickStarterQuestion.objects.filter(category__slug="action-review")[:2]
        client.post(meeting_url("add_question", upcoming), {"question": second.pk})
        response = client.post(
            meeting_url("add_question", upcoming),
            {"question": first.pk, "from": "bank", "category": "action-review"},
        )
        assert response.url == meeting_url("meeting_kick_starters", upcoming) + (
            "?category=action-review"
        )
        assert [item.question for item in upcoming.agenda_items.order_by("position")] == [
            second,
            first,
        ]
        page = client.get(upcoming.get_absolute_url()).text
        assert page.index(second.text.replace("'", "&#x27;")) < page.index(
            first.text.replace("'", "&#x27;")
        )
        response = client.post(meeting_url("remove_question", upcoming, second.pk), follow=True)
        assert "Taken off the agenda" in response.text
        assert list(upcoming.agenda_questions.all()) == [first]

    def test_adding_a_question_twice_or_removing_it_twice_is_explained(
        self, client_for, upcoming, mentee
    ):
        client = client_for(mentee)
        question = KickStarterQuestion.objects.first()
        client.post(meeting_url("add_question", upcoming), {"question": question.pk})
        response = client.post(
            meeting_url("add_question", upcoming), {"question": question.pk}, follow=True
        )
        assert "already on the agenda" in response.text
        assert AgendaQuestion.objects.count() == 1
        client.post(meeting_url("remove_question", upcoming, question.pk))
        response = client.post(meeting_url("remove_question", upcoming, question.pk), follow=True)
        assert "was not on the agenda any more" in response.text

    def test_unknown_questions_and_categories_are_404(self, client_for, upcoming, mentee):
        client = client_for(mentee)
        assert (
            client.post(meeting_url("add_question", upcoming), {"question": 9999}).status_code
            == 404
        )
        assert client.post(meeting_url("add_question", upcoming), {}).status_code == 404
        assert client.post(meeting_url("remove_question", upcoming, 9999)).status_code == 404
        assert client.get(url("kick_starters"), {"category": "nope"}).status_code == 404

    def test_the_agenda_is_final_once_the_meeting_is_held(self, client_for, held, mentee):
        response = client_for(mentee).post(
            meeting_url("save_agenda", held), {"agenda": "Late points"}, follow=True
        )
        assert "its agenda is final" in response.text
        held.refresh_from_db()
        assert held.agenda == ""

    def test_the_bank_browses_by_category_and_marks_what_is_on_the_agenda(
        self, client_for, upcoming, mentee, mentor
    ):
        question = KickStarterQuestion.objects.get(text="What inspires you?")
        client_for(mentee).post(meeting_url("add_question", upcoming), {"question": question.pk})
        page = (
            client_for(mentor)
            .get(
                meeting_url("meeting_kick_starters", upcoming),
                {"category": "personal-development"},
            )
            .text
        )
        assert "What inspires you?" in page
        assert "What&#x27;s some networking advice?" not in page
        assert "On the agenda" in page
        assert "Add to agenda" not in page

    @pytest.mark.parametrize("on_agenda", [1, 10])
    def test_the_bank_page_query_count_does_not_grow(
        self, client_for, upcoming, mentee, on_agenda, django_assert_max_num_queries
    ):
        for position, question in enumerate(KickStarterQuestion.objects.all()[:on_agenda], 1):
            AgendaQuestion.objects.create(meeting=upcoming, question=question, position=position)
        client = client_for(mentee)
        # session + user, the mentorship, the meeting, categories, their questions,
        # the agenda's question ids
        with django_assert_max_num_queries(7):
            response = client.get(meeting_url("meeting_kick_starters", upcoming))
        assert response.status_code == 200

    @pytest.mark.parametrize("on_agenda", [1, 10])
    def test_the_meeting_page_query_count_does_not_grow(
        self, client_for, held, mentee, on_agenda, django_assert_max_num_queries
    ):
        for position, question in enumerate(KickStarterQuestion.objects.all()[:on_agenda], 1):
            AgendaQuestion.objects.create(meeting=held, question=question, position=position)
        ReflectionFactory(meeting=held, author=held.mentorship.mentor, shared_at=timezone.now())
        client = client_for(mentee)
        # session + user, the mentorship, the meeting, the agenda's questions with categories,
        # my reflection, my partner's shared reflection
        with django_assert_max_num_queries(7):
            response = client.get(held.get_absolute_url())
        assert response.status_code == 200


class TestNotes:
    def test_both_write_the_shared_notes(self, client_for, held, mentee, mentor):
        client_for(mentee).post(
            meeting_url("save_notes", held), {"notes": "Talked budgets.", "revision": 0}
        )
        response = client_for(mentor).post(
            meeting_url("save_notes", held),
            {"notes": "Talked budgets. Next: rota.", "revision": 1},
            follow=True,
        )
        assert "The shared notes are saved." in response.text
        held.refresh_from_db()
        assert (held.notes, held.notes_revision, held.notes_updated_by) == (
            "Talked budgets. Next: rota.",
            2,
            mentor,
        )

    def test_a_save_over_the_partners_newer_notes_loses_nothing(
        self, client_for, held, mentee, mentor
    ):
        client_for(mentee).post(
            meeting_url("save_notes", held), {"notes": "Mentee's words", "revision": 0}
        )
        response = client_for(mentor).post(
            meeting_url("save_notes", held), {"notes": "Mentor's words", "revision": 0}
        )
        assert response.status_code == 409
        assert "Mentee&#x27;s words" in response.text
        assert "Mentor&#x27;s words" in response.text
        assert 'name="revision" value="1"' in response.text
        held.refresh_from_db()
        assert held.notes == "Mentee's words"

    def test_too_long_notes_are_explained_and_kept(self, client_for, held, mentor):
        text = "n" * 3001
        response = client_for(mentor).post(
            meeting_url("save_notes", held), {"notes": text, "revision": 0}
        )
        assert response.status_code == 400
        assert "at most 3000 characters" in response.text
        assert text in response.text

    def test_a_cancelled_meeting_keeps_no_notes(self, client_for, upcoming, mentee):
        services.cancel(meeting=upcoming, user=mentee)
        response = client_for(mentee).post(
            meeting_url("save_notes", upcoming), {"notes": "x", "revision": 0}, follow=True
        )
        assert "was cancelled" in response.text
        assert 'name="notes"' not in response.text


class TestHeldOrCancelled:
    def test_a_meeting_is_marked_held_once_it_has_started(self, client_for, upcoming, mentor):
        client = client_for(mentor)
        response = client.post(meeting_url("mark_held", upcoming), follow=True)
        assert "has not started yet" in response.text
        Meeting.objects.filter(pk=upcoming.pk).update(
            starts_at=timezone.now() - datetime.timedelta(minutes=5)
        )
        response = client.post(meeting_url("mark_held", upcoming), follow=True)
        assert "marked held" in response.text
        upcoming.refresh_from_db()
        assert upcoming.is_held
        assert upcoming.sequence == 1
        response = client.post(meeting_url("mark_held", upcoming), follow=True)
        assert "already marked held" in response.text
        response = client.post(meeting_url("cancel", upcoming), follow=True)
        assert "it cannot be marked cancelled now" in response.text
        upcoming.refresh_from_db()
        assert upcoming.is_held

    def test_a_cancelled_meeting_cannot_be_held(self, client_for, upcoming, mentee):
        client = client_for(mentee)
        client.post(meeting_url("cancel", upcoming))
        response = client.post(meeting_url("cancel", upcoming), follow=True)
        assert "already marked cancelled" in response.text
        Meeting.objects.filter(pk=upcoming.pk).update(
            starts_at=timezone.now() - datetime.timedelta(minutes=5)
        )
        response = client.post(meeting_url("mark_held", upcoming), follow=True)
        assert "it cannot be marked held now" in response.text
        upcoming.refresh_from_db()
        assert upcoming.is_cancelled

    def test_a_closed_pairs_meetings_are_read_only(self, client_for, held, mentee):
        held.mentorship.close()
        client = client_for(mentee)
        page = client.get(held.get_absolute_url())
        assert page.status_code == 200
        assert "its meetings are read-only" in page.text
        assert 'name="notes"' not in page.text
        for name, data in [
            ("save_notes", {"notes": "x", "revision": 0}),
            ("save_agenda", {"agenda": "x"}),
            ("cancel", {}),
            ("mark_held", {}),
            ("share_reflection", {}),
        ]:
            assert client.post(meeting_url(name, held), data).status_code == 403
        response = client.post(meeting_url("reflection", held), reflection_data(), follow=True)
        assert "read-only" in response.text
        assert not Reflection.objects.exists()


class TestReflection:
    def test_it_waits_for_a_held_meeting(self, client_for, upcoming, mentee):
        client = client_for(mentee)
        response = client.get(meeting_url("reflection", upcoming), follow=True)
        assert "follows a meeting you have held; this one is scheduled" in response.text
        response = client.post(meeting_url("reflection", upcoming), reflection_data(), follow=True)
        assert "this one is scheduled" in response.text
        services.cancel(meeting=upcoming, user=mentee)
        response = client.get(meeting_url("reflection", upcoming), follow=True)
        assert "this one is cancelled" in response.text
        assert not Reflection.objects.exists()
        upcoming.refresh_from_db()
        with pytest.raises(services.MeetingError, match="this one is cancelled"):
            services.save_reflection(meeting=upcoming, user=mentee, answers=reflection_data())

    def test_each_person_writes_their_own_private_reflection(
        self, client_for, held, mentee, mentor
    ):
        response = client_for(mentee).post(
            meeting_url("reflection", held), reflection_data(), follow=True
        )
        assert "private unless you share it" in response.text
        client_for(mentor).post(
            meeting_url("reflection", held), reflection_data(never_forget="Mentor's own")
        )
        mine = Reflection.objects.get(author=mentee)
        assert mine.learned_3 == "Sleep on big decisions."
        assert not mine.is_shared
        assert Reflection.objects.get(author=mentor).never_forget == "Mentor's own"
        page = client_for(mentor).get(held.get_absolute_url()).text
        assert "Sleep on big decisions." not in page
        assert "has not shared a reflection" in page

    def test_saving_again_updates_the_same_reflection(self, client_for, held, mentee):
        client = client_for(mentee)
        client.post(meeting_url("reflection", held), reflection_data())
        client.post(meeting_url("reflection", held), reflection_data(learned_1="Changed"))
        assert Reflection.objects.get().learned_1 == "Changed"

    def test_an_empty_or_too_long_reflection_is_explained_and_kept(self, client_for, held, mentee):
        client = client_for(mentee)
        response = client.post(meeting_url("reflection", held), {})
        assert response.status_code == 400
        assert "Write at least one answer." in response.text
        response = client.post(
            meeting_url("reflection", held), reflection_data(learned_2="y" * 1001)
        )
        assert response.status_code == 400
        assert "at most 1000 characters" in response.text
        assert "Budgets tell stories." in response.text
        assert not Reflection.objects.exists()

    def test_the_author_shares_it_with_the_partner_and_takes_it_back(
        self, client_for, held, mentee, mentor
    ):
        ReflectionFactory(meeting=held, author=mentee, learned_1="Shared lesson")
        client = client_for(mentee)
        response = client.post(meeting_url("share_reflection", held), follow=True)
        assert f"shared with {mentor}" in response.text
        assert "Shared lesson" in client_for(mentor).get(held.get_absolute_url()).text
        response = client_for(mentee).post(meeting_url("share_reflection", held), follow=True)
        assert "already shared" in response.text
        client_for(mentee).post(meeting_url("unshare_reflection", held))
        assert "Shared lesson" not in client_for(mentor).get(held.get_absolute_url()).text
        assert not Reflection.objects.get().is_shared

    def test_the_partner_cannot_share_or_reach_someone_elses_reflection(
        self, client_for, held, mentee, mentor
    ):
        ReflectionFactory(meeting=held, author=mentee, learned_1="Mentee only")
        client = client_for(mentor)
        response = client.post(meeting_url("share_reflection", held), follow=True)
        assert "Write your reflection first" in response.text
        assert not Reflection.objects.get().is_shared
        assert "Mentee only" not in client.get(meeting_url("reflection", held)).text

    def test_sharing_before_writing_is_explained(self, client_for, held, mentee):
        response = client_for(mentee).post(meeting_url("share_reflection", held), follow=True)
        assert "Write your reflection first" in response.text


class TestCalendar:
    def test_a_meeting_downloads_as_an_ics_file(self, client_for, upcoming, mentee):
        response = client_for(mentee).get(meeting_url("meeting_ics", upcoming))
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        (event,) = ics_events(response.content)
        pair = upcoming.mentorship
        assert str(event["SUMMARY"]) == f"Mentoring meeting: {pair.mentee} & {pair.mentor}"
        assert str(event["LOCATION"]) == "https://video.example.com/room"
        assert event.decoded("DTSTART") == upcoming.starts_at.replace(microsecond=0)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=1)
        assert str(event["STATUS"]) == "CONFIRMED"
        again = ics_events(client_for(mentee).get(meeting_url("meeting_ics", upcoming)).content)
        assert str(again[0]["UID"]) == str(event["UID"]) == f"meeting-{upcoming.uid}"

    def test_a_cancelled_meeting_says_so_in_the_calendar(self, client_for, upcoming, mentee):
        services.cancel(meeting=upcoming, user=mentee)
        (event,) = ics_events(client_for(mentee).get(meeting_url("meeting_ics", upcoming)).content)
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1

    def test_the_feed_link_is_shown_once_and_lists_upcoming_meetings_of_every_pair(
        self, client, client_for, upcoming, mentor, mentee
    ):
        other_pair = MentorshipFactory(mentor=mentor, phase="enabling")
        theirs = MeetingFactory(mentorship=other_pair)
        MeetingFactory(mentorship=upcoming.mentorship, held=True)
        closed = MeetingFactory(mentorship=MentorshipFactory(mentor=mentor))
        closed.mentorship.close()
        MeetingFactory()  # someone else's
        signed_in = client_for(mentor)
        signed_in.post(url("renew_feed"))
        page = signed_in.get(url("calendar"))
        feed_url = page.context["new_url"]
        assert feed_url in page.text
        assert signed_in.get(url("calendar")).context["new_url"] is None
        signed_in.logout()
        response = client.get(feed_url)
        assert response.status_code == 200
        uids = {str(event["UID"]) for event in ics_events(response.content)}
        assert uids == {f"meeting-{upcoming.uid}", f"meeting-{theirs.uid}"}

    def test_a_wrong_renewed_or_stopped_token_is_404(self, client, mentor, upcoming):
        token = services.renew_calendar_feed(user=mentor)
        assert client.get(url("feed", token)).status_code == 200
        assert client.get(url("feed", token + "x")).status_code == 404
        assert client.get(url("feed", "not-a-token")).status_code == 404
        new_token = services.renew_calendar_feed(user=mentor)
        assert client.get(url("feed", token)).status_code == 404
        assert client.get(url("feed", new_token)).status_code == 200
        services.stop_calendar_feed(user=mentor)
        assert client.get(url("feed", new_token)).status_code == 404

    def test_only_a_hash_of_the_token_is_stored(self, mentor):
        token = services.renew_calendar_feed(user=mentor)
        stored = CalendarFeed.objects.get(user=mentor).token_hash
        assert token not in stored
        assert len(stored) == 64

    def test_renewing_and_stopping_are_explained(self, client_for, mentor):
        client = client_for(mentor)
        assert "calendar link is ready" in client.post(url("renew_feed"), follow=True).text
        response = client.post(url("renew_feed"), follow=True)
        assert "the old one no longer works" in response.text
        assert "turned off" in client.post(url("stop_feed"), follow=True).text
        assert "You had no calendar link" in client.post(url("stop_feed"), follow=True).text


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
            url("meetings", planted.mentorship_id),
            planted.get_absolute_url(),
            meeting_url("reflection", planted),
            meeting_url("meeting_ics", planted),
            meeting_url("meeting_kick_starters", planted),
            url("calendar"),
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
        text = client.get(url("feed", token)).content.decode()
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
        return url(name, meeting.mentorship_id)
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
            url("schedule", enabling.pk), schedule_data()
        )
        assert response.status_code == 404
        assert not Meeting.objects.exists()

    @pytest.mark.parametrize("name", ["kick_starters", "calendar"])
    @pytest.mark.parametrize("persona", PERSONAS)
    def test_personal_pages_are_for_everyone_signed_in(self, request, client_for, name, persona):
        assert client_for(request.getfixturevalue(persona)).get(url(name)).status_code == 200

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
        response = client.post(url(name)) if "feed" in name else client.get(url(name))
        assert response.status_code == 302

    def test_the_feed_needs_no_sign_in_but_its_secret(self, client, mentee):
        assert (
            client.get(url("feed", services.renew_calendar_feed(user=mentee))).status_code == 200
        )

    def test_each_person_renews_only_their_own_feed(self, client_for, mentee, mentor):
        token = services.renew_calendar_feed(user=mentee)
        client_for(mentor).post(url("renew_feed"))
        assert CalendarFeed.objects.count() == 2
        assert client_for(mentor).get(url("feed", token)).status_code == 200

    @pytest.mark.parametrize(
        "name",
        ["renew_feed", "stop_feed"] + [n for n, _ in MEMBER_ACTIONS if n != "reflection"],
    )
    def test_changes_need_a_post(self, client_for, upcoming, mentee, name):
        address = url(name) if "feed" in name else meeting_url(name, upcoming)
        assert client_for(mentee).get(address).status_code == 405

    def test_unknown_and_other_pairs_meetings_are_404(self, client_for, upcoming, mentee):
        other = MeetingFactory()
        client = client_for(mentee)
        assert client.get(url("meeting", upcoming.mentorship_id, other.pk)).status_code == 404
        assert client.get(url("meeting", upcoming.mentorship_id, 99999)).status_code == 404
        assert client.get(url("meetings", 99999)).status_code == 404

    def test_a_member_of_another_pair_does_not_reach_this_one(self, client_for, upcoming):
        other_mentee = UserFactory()
        MentorshipFactory(mentee=other_mentee, phase="enabling")
        assert client_for(other_mentee).get(upcoming.get_absolute_url()).status_code == 404


class TestMentorshipPanel:
    def test_members_see_counts_and_the_way_to_their_meetings(self, client_for, held, mentee):
        MeetingFactory(mentorship=held.mentorship)
        page = client_for(mentee).get(held.mentorship.get_absolute_url()).text
        assert "1 held, 1 planned" in page
        assert url("meetings", held.mentorship_id) in page

    def test_it_waits_for_the_enabling_phase(self, client_for, pair, mentee):
        page = client_for(mentee).get(pair.get_absolute_url()).text
        assert 'id="meetings-panel"' not in page

    @pytest.mark.parametrize("meetings", [2, 20])
    @pytest.mark.parametrize("persona", ["mentee", "coordinator"])
    def test_its_query_count_does_not_grow(self, request, client_for, enabling, meetings, persona):
        MeetingFactory.create_batch(meetings // 2, mentorship=enabling)
        MeetingFactory.create_batch(meetings // 2, mentorship=enabling, held=True)
        client = client_for(request.getfixturevalue(persona))
        # Other phases' panels share the page: count this panel's queries on its own table.
        with CaptureQueriesContext(connection) as captured:
            response = client.get(enabling.get_absolute_url())
        assert response.status_code == 200
        ours = [q for q in captured.captured_queries if "meetings_" in q["sql"]]
        # The meetings panel: one aggregate query, whatever the number of meetings.
        assert len(ours) == 1


class TestPublicHelpers:
    def test_summary_counts_held_and_planned_with_last_and_next(self, enabling):
        now = timezone.now()
        MeetingFactory(mentorship=enabling, held=True, starts_at=now - datetime.timedelta(9))
        last = MeetingFactory(mentorship=enabling, held=True)
        soon = MeetingFactory(mentorship=enabling, starts_at=now + datetime.timedelta(days=2))
        MeetingFactory(mentorship=enabling, starts_at=now + datetime.timedelta(days=20))
        MeetingFactory(mentorship=enabling, status="cancelled")
        MeetingFactory(held=True)  # another pair
        summary = Meeting.objects.for_mentorship(enabling).summary()
        assert summary == {
            "held": 2,
            "planned": 2,
            "last_held_at": last.starts_at,
            "next_at": soon.starts_at,
        }

    def test_summaries_give_each_pair_its_summary_in_one_query(
        self, enabling, django_assert_num_queries
    ):
        other = MeetingFactory(held=True)
        MeetingFactory(mentorship=enabling)
        with django_assert_num_queries(1):
            summaries = Meeting.objects.summaries()
        assert summaries[enabling.pk]["planned"] == 1
        assert summaries[other.mentorship_id]["held"] == 1

    def test_shared_in_gives_the_pairs_shared_reflections_only(self, held, mentee, mentor):
        shared = ReflectionFactory(meeting=held, author=mentee, shared_at=timezone.now())
        ReflectionFactory(meeting=held, author=mentor)
        ReflectionFactory(shared_at=timezone.now())  # another pair's
        assert list(Reflection.objects.shared_in(held.mentorship)) == [shared]
