"""Turning reminders off: the link in every reminder, and the preferences page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.reminders import services
from mentoring.reminders.links import opt_out_token
from mentoring.reminders.models import Kind, OptOut, Reminder
from tests.factories import MeetingFactory
from tests.helpers import DAY, links_in, sent_to, tomorrow_at

pytestmark = pytest.mark.django_db


class TestOptOut:
    def test_every_reminder_links_to_stop_it_and_to_the_preferences(
        self, run_sweep, step_of, mentee
    ):
        step_of("mentee", timezone.localdate() - DAY)

        run_sweep()

        (message,) = sent_to(mentee)
        stop = reverse("reminders:opt_out", args=[opt_out_token(mentee, Kind.STEP_OVERDUE)])
        assert f"http://127.0.0.1:8000{stop}" in links_in(message)
        assert "http://127.0.0.1:8000/account/reminders/" in links_in(message)

    def test_the_link_asks_first_then_stops_that_kind_only_without_signing_in(
        self, client, run_sweep, enabling, step_of, mentee
    ):
        url = reverse("reminders:opt_out", args=[opt_out_token(mentee, Kind.STEP_OVERDUE)])

        response = client.get(url)
        assert response.status_code == 200
        assert b"Stop these reminders" in response.content
        assert not OptOut.objects.exists()

        response = client.post(url, follow=True)
        assert response.redirect_chain == [(url, 302)]
        assert b"Reminder turned off" in response.content
        assert OptOut.objects.get().kind == Kind.STEP_OVERDUE

        step_of("mentee", timezone.localdate() - DAY)
        step_of("mentee", timezone.localdate() + 2 * DAY)
        run_sweep()
        (message,) = sent_to(mentee)
        assert message.subject.startswith("An action step of yours is due on")

    def test_a_tampered_link_changes_nothing(self, client, mentee, mentor):
        # The mentor's name in the token, with the signature made for the mentee's.
        genuine = opt_out_token(mentee, Kind.STEP_OVERDUE)
        payload = opt_out_token(mentor, Kind.STEP_OVERDUE).split(":")[0]
        token = ":".join([payload, *genuine.split(":")[1:]])

        assert client.post(reverse("reminders:opt_out", args=[token])).status_code == 404
        assert client.post(reverse("reminders:opt_out", args=["nonsense"])).status_code == 404
        assert not OptOut.objects.exists()

    def test_an_opted_out_person_gets_nothing_of_that_kind(
        self, run_sweep, enabling, mentee, mentor
    ):
        OptOut.objects.create(user=mentor, kind=Kind.MEETING_TOMORROW)
        MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(10))

        run_sweep()

        assert len(sent_to(mentee)) == 1
        assert sent_to(mentor) == []
        assert not Reminder.objects.filter(recipient=mentor).exists()

    def test_turning_a_kind_off_stops_one_already_waiting_to_be_sent(
        self, run_sweep, step_of, mentee
    ):
        # Written by a sweep whose send failed, say: it waits for the next sweep.
        step_of("mentee", timezone.localdate() - DAY)
        services.record(services.find_due(now=timezone.now()))
        services.opt_out(user=mentee, kind=Kind.STEP_OVERDUE)

        run_sweep()

        assert sent_to(mentee) == []
        assert Reminder.objects.get(kind=Kind.STEP_OVERDUE).status == Reminder.Status.SKIPPED

    def test_a_deactivated_person_gets_nothing_already_waiting(self, run_sweep, step_of, mentee):
        step_of("mentee", timezone.localdate() - DAY)
        services.record(services.find_due(now=timezone.now()))
        mentee.is_active = False
        mentee.save()

        run_sweep()

        assert sent_to(mentee) == []


class TestPreferencesPage:
    URL = "/account/reminders/"

    def test_it_needs_signing_in(self, client):
        assert reverse("reminders:preferences") == self.URL
        response = client.get(self.URL)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_everything_is_on_until_turned_off(self, client_for, mentee):
        response = client_for(mentee).get(self.URL)

        assert response.status_code == 200
        for kind in Kind:
            assert str(kind.label) in response.content.decode()
        assert all(field.initial for field in response.context["form"].fields.values())

    def test_unticking_turns_kinds_off_and_ticking_turns_them_back_on(self, client_for, mentee):
        client = client_for(mentee)
        keep = [kind.value for kind in Kind if kind not in {Kind.STEP_DUE_SOON, Kind.CHECK_IN_DUE}]

        response = client.post(self.URL, dict.fromkeys(keep, "on"), follow=True)

        assert "Your reminder choices are saved." in response.content.decode()
        assert set(OptOut.objects.filter(user=mentee).values_list("kind", flat=True)) == {
            Kind.STEP_DUE_SOON,
            Kind.CHECK_IN_DUE,
        }
        form = response.context["form"]
        assert form.fields[Kind.STEP_DUE_SOON].initial is False
        assert form.fields[Kind.MEETING_TOMORROW].initial is True

        client.post(self.URL, dict.fromkeys(Kind.values, "on"))
        assert not OptOut.objects.filter(user=mentee).exists()

    def test_the_profile_links_to_it(self, client_for, mentee):
        response = client_for(mentee).get(reverse("accounts:profile"))

        assert self.URL in response.content.decode()
