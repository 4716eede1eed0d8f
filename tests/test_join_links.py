"""Join links: a program's shareable link, joining by it, approving who joined, and refusals."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.adapter import JOIN_LINK_SESSION_KEY
from mentoring.enrolment import join_links
from mentoring.enrolment.models import JoinLink, JoinRequest, hash_join_token
from mentoring.programs.models import Participant, Program
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"


def join_url(token: str) -> str:
    return reverse("enrolment:join", args=[token])


def link_page(program) -> str:
    return reverse("enrolment:join_link", args=[program.pk])


@pytest.fixture
def made(program, coordinator):
    """The program's join link, and its secret."""
    return join_links.create_join_link(program=program, created_by=coordinator)


@pytest.fixture
def token(made):
    return made[1]


class TestLinkLifecycle:
    def test_the_coordinator_makes_a_link_shown_once_and_stored_hashed(
        self, client_for, program, coordinator
    ):
        client = client_for(coordinator)
        assert "Make a join link" in client.get(link_page(program)).text
        data = {"works_until": "", "domains": "VCH.ca, @phsa.ca vch.ca", "needs_approval": ""}
        response = client.post(link_page(program), data, follow=True)
        link = JoinLink.objects.get(program=program)
        url = re.search(r'value="(http[^"]+/join/[^"]+/)"', response.text).group(1)
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert link.token_hash == hash_join_token(token) != token
        assert link.allowed_domains == ["vch.ca", "phsa.ca"]
        assert link.created_by == coordinator
        assert 'data-copy-target="join-url"' in response.text
        # Shown once: the next visit only says when it was made.
        again = client.get(link_page(program)).text
        assert token not in again
        assert "Made on" in again

    def test_a_new_link_revokes_the_old_and_keeps_its_limits(
        self, client_for, program, coordinator, made
    ):
        old, old_token = made
        old.allowed_domains, old.needs_approval = ["vch.ca"], True
        old.save()
        client = client_for(coordinator)
        client.post(reverse("enrolment:renew_join_link", args=[program.pk]))
        new = JoinLink.objects.live().get(program=program)
        assert new.pk != old.pk
        assert (new.allowed_domains, new.needs_approval) == (["vch.ca"], True)
        response = client.get(join_url(old_token))
        assert response.status_code == 410
        assert "turned off" in response.text

    def test_a_day_past_any_calendar_is_refused_by_the_field(
        self, client_for, program, coordinator
    ):
        data = {"works_until": "9999-12-31", "domains": "", "needs_approval": ""}
        response = client_for(coordinator).post(link_page(program), data)
        assert response.status_code == 200
        assert "Choose a day within five years" in response.text
        assert not JoinLink.objects.exists()

    def test_renewing_an_expired_link_gives_one_that_works(
        self, client_for, program, coordinator, made
    ):
        old, _ = made
        JoinLink.objects.filter(pk=old.pk).update(
            expires_at=timezone.now() - datetime.timedelta(days=1)
        )
        client_for(coordinator).post(reverse("enrolment:renew_join_link", args=[program.pk]))
        new = JoinLink.objects.live().get(program=program)
        assert not new.is_expired

    def test_the_coordinator_revokes_the_link(self, client_for, program, coordinator, token):
        client = client_for(coordinator)
        client.post(reverse("enrolment:revoke_join_link", args=[program.pk]))
        assert not JoinLink.objects.live().exists()
        response = client.get(join_url(token))
        assert response.status_code == 410
        assert "This join link was turned off" in response.text
        assert "no join link" in client.get(link_page(program)).text

    def test_the_coordinator_sets_an_end_date_and_domains(
        self, client_for, program, coordinator, made
    ):
        day = timezone.localdate() + datetime.timedelta(days=7)
        data = {"works_until": day.isoformat(), "domains": "vch.ca", "needs_approval": "on"}
        client_for(coordinator).post(link_page(program), data)
        link = JoinLink.objects.get()
        assert timezone.localtime(link.expires_at).date() == day + datetime.timedelta(days=1)
        assert link.needs_approval and link.allowed_domains == ["vch.ca"]
        page = client_for(coordinator).get(link_page(program)).text
        assert f'value="{day.isoformat()}"' in page

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("domains", "vch", "is not an email domain"),
            ("domains", "not a domain!", "is not an email domain"),
            ("works_until", "2001-01-01", "Choose today or a day to come"),
        ],
    )
    def test_bad_limits_are_refused_beside_their_field(
        self, client_for, program, coordinator, made, field, value, message
    ):
        data = {"works_until": "", "domains": ""} | {field: value}
        response = client_for(coordinator).post(link_page(program), data)
        assert response.status_code == 200
        assert message in response.text
        assert JoinLink.objects.get().allowed_domains == []

    def test_strangers_and_other_coordinators_never_reach_the_panel(
        self, client_for, program, mentee, other_coordinator, made
    ):
        for person in (mentee, other_coordinator):
            client = client_for(person)
            assert client.get(link_page(program)).status_code == 404
            revoke = reverse("enrolment:revoke_join_link", args=[program.pk])
            assert client.post(revoke).status_code == 404
        assert JoinLink.objects.live().exists()


class TestJoining:
    def test_anonymous_signs_up_comes_back_and_joins_as_a_mentor(
        self, client, token, program, mailoutbox
    ):
        page = client.get(join_url(token))
        assert page.status_code == 200
        assert f"Join {program.name}" in page.text
        assert client.session[JOIN_LINK_SESSION_KEY] == JoinLink.objects.get(program=program).pk
        signup = f"{reverse('account_signup')}?next={join_url(token)}"
        assert signup.replace("/", "%2F").split("next=")[1] in page.text or signup in page.text
        data = {"email": "new.person@vch.ca", "password1": PASSWORD, "password2": PASSWORD}
        client.post(signup, data | {"next": join_url(token)})
        [email] = mailoutbox
        confirm = re.search(r"(/accounts/confirm-email/[^/\s]+/)", email.body).group(1)
        response = client.post(confirm)
        assert response.status_code == 302
        assert response["Location"] == join_url(token)
        form = client.get(join_url(token))
        assert "I join as" in form.text
        data = {
            "full_name": "Nia Newcomer",
            "role": "mentor",
            "expertise": "Leadership,  wound care ,",
            "mentee_capacity": "2",
        }
        response = client.post(join_url(token), data, follow=True)
        assert f"Welcome to {program.name}: you are now a mentor there." in response.text
        participant = Participant.objects.get(program=program)
        person = participant.user
        assert (participant.role, person.email) == ("mentor", "new.person@vch.ca")
        assert (person.full_name, person.expertise, person.mentee_capacity) == (
            "Nia Newcomer",
            "Leadership, wound care",
            2,
        )
        assert person.open_to_mentoring
        assert JOIN_LINK_SESSION_KEY not in client.session

    def test_anonymous_who_posts_is_asked_to_sign_in(self, client, token):
        response = client.post(join_url(token), {"role": "mentee"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert not Participant.objects.exists()

    def test_a_signed_in_person_joins_as_a_mentee_without_touching_their_mentor_profile(
        self, client_for, token, program, mentee
    ):
        mentee.expertise = "Triage"
        mentee.save()
        data = {
            "full_name": mentee.full_name,
            "role": "mentee",
            "expertise": "",
            "mentee_capacity": "",
        }
        response = client_for(mentee).post(join_url(token), data, follow=True)
        assert "you are now a mentee there" in response.text
        mentee.refresh_from_db()
        assert mentee.expertise == "Triage"
        assert Participant.objects.get(program=program, user=mentee).role == "mentee"

    def test_a_mentor_says_what_they_help_with_and_how_many(
        self, client_for, token, program, mentee
    ):
        data = {"full_name": "Mina", "role": "mentor", "expertise": " , ", "mentee_capacity": "0"}
        response = client_for(mentee).post(join_url(token), data)
        assert response.status_code == 200
        assert "Say what you can help mentees with." in response.text
        assert "Take at least one mentee" in response.text
        assert not Participant.objects.exists()


class TestRefusals:
    def test_an_unknown_link_is_a_clear_404(self, client_for, mentee, client):
        for person_client in (client, client_for(mentee)):
            response = person_client.get(join_url("not-a-real-token"))
            assert response.status_code == 404
            assert "This join link does not work" in response.text

    def test_an_expired_link_is_gone_with_a_message(self, client, client_for, made, mentee):
        link, token = made
        link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
        link.save()
        for person_client in (client, client_for(mentee)):
            response = person_client.get(join_url(token))
            assert response.status_code == 410
            assert "This join link has expired" in response.text
        data = {"full_name": "Mina", "role": "mentee"}
        assert client_for(mentee).post(join_url(token), data).status_code == 410
        assert not Participant.objects.exists()

    def test_an_address_outside_the_domains_is_told_which_domains(
        self, client_for, made, mentee, program
    ):
        link, token = made
        link.allowed_domains = ["vch.ca", "phsa.ca"]
        link.save()
        client = client_for(mentee)
        assert "vch.ca or phsa.ca" in client.get(join_url(token)).text
        response = client.post(join_url(token), {"full_name": "Mina", "role": "mentee"})
        assert response.status_code == 200
        assert "This join link is for addresses at vch.ca or phsa.ca." in response.text
        assert not Participant.objects.exists()

    def test_an_address_at_an_allowed_domain_joins(self, client_for, made, program):
        link, token = made
        link.allowed_domains = ["vch.ca"]
        link.save()
        person = UserFactory(email="Ana@VCH.ca")
        client_for(person).post(join_url(token), {"full_name": "Ana", "role": "mentee"})
        assert Participant.objects.filter(program=program, user=person).exists()

    def test_joining_twice_says_already_in(self, client_for, token, program, mentee):
        ParticipantFactory(program=program, user=mentee, role="mentee")
        client = client_for(mentee)
        page = client.get(join_url(token))
        assert f"You are already in {program.name}, as a mentee." in page.text
        response = client.post(join_url(token), {"full_name": "Mina", "role": "mentor"})
        assert "You are already in" in response.text
        assert Participant.objects.filter(user=mentee).count() == 1

    def test_a_program_past_its_enrolment_deadline_takes_nobody(
        self, client_for, token, program, mentee
    ):
        if not hasattr(Program, "enrolment_deadline"):
            pytest.skip("programs have no enrolment deadline")
        Program.objects.filter(pk=program.pk).update(
            enrolment_deadline=timezone.localdate() - datetime.timedelta(days=1)
        )
        response = client_for(mentee).get(join_url(token))
        assert response.status_code == 410
        assert "Enrolment in" in response.text

    def test_an_archived_program_takes_nobody(self, client_for, token, program, mentee):
        if not hasattr(Program, "archived_at"):
            pytest.skip("programs cannot be archived yet")
        Program.objects.filter(pk=program.pk).update(archived_at=timezone.now())
        response = client_for(mentee).get(join_url(token))
        assert response.status_code == 410
        assert "is archived" in response.text


@pytest.fixture
def approving(made):
    link, token = made
    link.needs_approval = True
    link.save()
    return token


class TestApproval:
    def test_with_approval_the_person_waits_and_coordinators_are_told(
        self, client_for, approving, program, mentee, coordinator, mailoutbox, committed
    ):
        client = client_for(mentee)
        with committed():
            response = client.post(
                join_url(approving), {"full_name": "Mina", "role": "mentee"}, follow=True
            )
        assert "A coordinator approves who joins" in response.text
        assert not Participant.objects.exists()
        waiting = JoinRequest.objects.get()
        assert (waiting.user, waiting.role) == (mentee, "mentee")
        [email] = mailoutbox
        assert email.to == [coordinator.email]
        assert reverse("enrolment:joins", args=[program.pk]) in email.body
        again = client.get(join_url(approving)).text
        assert "You asked to join" in again

    def test_the_coordinator_approves(
        self, client_for, approving, program, mentee, coordinator, mailoutbox, committed
    ):
        client_for(mentee).post(
            join_url(approving),
            {"full_name": "Mina", "role": "mentor", "expertise": "Lean", "mentee_capacity": 1},
        )
        waiting = JoinRequest.objects.get()
        client = client_for(coordinator)
        assert "Mina" in client.get(reverse("enrolment:joins", args=[program.pk])).text
        url = reverse("enrolment:approve_join", args=[program.pk, waiting.pk])
        with committed():
            response = client.post(url, follow=True)
        assert "is now a mentor in" in response.text
        assert Participant.objects.get(program=program, user=mentee).role == "mentor"
        assert not JoinRequest.objects.exists()
        assert mailoutbox[-1].to == [mentee.email]
        assert "you are now a mentor there" in mailoutbox[-1].body

    def test_an_archived_program_takes_no_one_even_if_they_waited(
        self, client_for, approving, program, mentee, coordinator
    ):
        client_for(mentee).post(join_url(approving), {"full_name": "Mina", "role": "mentee"})
        waiting = JoinRequest.objects.get()
        Program.objects.filter(pk=program.pk).update(archived_at=timezone.now())
        url = reverse("enrolment:approve_join", args=[program.pk, waiting.pk])
        response = client_for(coordinator).post(url, follow=True)
        assert "is archived" in response.text
        assert not Participant.objects.filter(program=program, user=mentee).exists()

    def test_the_coordinator_declines(
        self, client_for, approving, program, mentee, coordinator, mailoutbox, committed
    ):
        client_for(mentee).post(join_url(approving), {"full_name": "Mina", "role": "mentee"})
        waiting = JoinRequest.objects.get()
        url = reverse("enrolment:decline_join", args=[program.pk, waiting.pk])
        with committed():
            client_for(coordinator).post(url)
        assert not JoinRequest.objects.exists()
        assert not Participant.objects.exists()
        assert "declined your request" in mailoutbox[-1].body

    def test_only_the_programs_coordinators_answer(
        self, client_for, approving, program, mentee, other_coordinator
    ):
        client_for(mentee).post(join_url(approving), {"full_name": "Mina", "role": "mentee"})
        waiting = JoinRequest.objects.get()
        other_program = other_coordinator.coordinated_programs.get()
        for person in (mentee, other_coordinator):
            client = client_for(person)
            for name in ("approve_join", "decline_join"):
                assert (
                    client.post(
                        reverse(f"enrolment:{name}", args=[program.pk, waiting.pk])
                    ).status_code
                    == 404
                )
        url = reverse("enrolment:approve_join", args=[other_program.pk, waiting.pk])
        assert client_for(other_coordinator).post(url).status_code == 404
        assert JoinRequest.objects.exists()

    def test_without_coordinators_people_join_at_once(
        self, client_for, approving, program, mentee
    ):
        program.coordinators.clear()
        client_for(mentee).post(join_url(approving), {"full_name": "Mina", "role": "mentee"})
        assert Participant.objects.filter(program=program, user=mentee).exists()

    @pytest.mark.parametrize("waiting", [2, 30])
    def test_the_list_of_pending_joins_takes_the_same_queries_at_any_size(
        self, client_for, program, coordinator, made, waiting
    ):
        for _ in range(waiting):
            JoinRequest.objects.create(program=program, user=UserFactory(), role="mentee")
        client = client_for(coordinator)
        url = reverse("enrolment:joins", args=[program.pk])
        client.get(url)  # the session, warmed
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        # The user (the session, warmed, is read from the cache); the program (coordinated by
        # them), its live link; the count for the pages, and the page of requests with their
        # people.
        assert len(queries) == 5, [query["sql"] for query in queries]
        assert response.text.count("Approve<span") == min(waiting, 25)
