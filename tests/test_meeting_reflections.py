"""At and after a meeting: marking it held or cancelled, the shared notes, 3-2-1 reflections."""

import datetime

import pytest
from django.utils import timezone

from mentoring.meetings import services
from mentoring.meetings.models import Meeting, Reflection
from tests.factories import ReflectionFactory
from tests.helpers import meeting_url, reflection_data

# The meetings fixtures (enabling, upcoming, held, committed) are in tests/conftest.py; the
# kick-starter bank is loaded again in case a browser test's flush emptied it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kick_starter_bank")]


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
            services.save_meeting_reflection(
                meeting=upcoming, user=mentee, answers=reflection_data()
            )

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
