"""Coordinators manage their programs from the site (issue 11): creating and editing a
program, and archiving it when it is over."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from mentoring.demo.people import COORDINATOR, MENTORS, create_people
from mentoring.programs.models import Program
from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = reverse("programs:new_program")


def may_create(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="programs", codename="add_program")
    )
    return user


def program_data(**changes):
    data = {
        "name": "Nursing leaders 2027",
        "description": "For charge nurses stepping into leadership.",
        "starts_on": "2027-01-10",
        "ends_on": "2027-12-15",
        "enrolment_deadline": "2027-02-01",
        "requires_approval": "on",
        "retention_months": "24",
        "pulse_first_after_days": "30",
        "pulse_every_days": "60",
        "target_meetings": "6",
        "anonymity_threshold": "5",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def edit_url(program):
    return reverse("programs:edit_program", args=[program.pk])


class TestCreating:
    def test_it_makes_its_creator_the_coordinator(self, client_for, coordinator):
        client = client_for(may_create(coordinator))
        response = client.post(NEW, program_data())
        program = Program.objects.get(name="Nursing leaders 2027")
        assert response.status_code == 302
        assert response["Location"] == program.get_absolute_url()
        assert list(program.coordinators.all()) == [coordinator]
        assert str(program.enrolment_deadline) == "2027-02-01"
        assert program.requires_approval
        assert not program.coordinators_see_agreement_pdf

    def test_staff_may_always(self, client_for):
        staff = UserFactory(is_staff=True)
        assert client_for(staff).post(NEW, program_data()).status_code == 302
        assert Program.objects.get(name="Nursing leaders 2027").coordinators.get() == staff

    @pytest.mark.parametrize("persona", ["coordinator", "mentee", "stranger"])
    def test_it_is_refused_without_the_permission(self, request, client_for, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, program_data()).status_code == 403
        assert not Program.objects.filter(name="Nursing leaders 2027").exists()

    def test_home_offers_it_only_to_those_who_may(self, client_for, coordinator, program, mentee):
        assert "New program" not in client_for(coordinator).get(reverse("home")).text
        assert "New program" not in client_for(mentee).get(reverse("home")).text
        may_create(coordinator)
        assert NEW in client_for(coordinator).get(reverse("home")).text

    def test_home_offers_it_to_someone_who_coordinates_nothing_yet(self, client_for, stranger):
        assert NEW in client_for(may_create(stranger)).get(reverse("home")).text


def test_the_demos_coordinator_may_create_programs():
    people = create_people(ProgramFactory())
    assert people[COORDINATOR.key].has_perm("programs.add_program")
    assert not people[MENTORS[0].key].has_perm("programs.add_program")


class TestValidation:
    @pytest.fixture
    def client(self, client_for, stranger):
        return client_for(may_create(stranger))

    def test_the_end_comes_after_the_start(self, client):
        response = client.post(NEW, program_data(ends_on="2026-12-31", enrolment_deadline=""))
        assert response.status_code == 400
        form = response.context["form"]
        assert form.errors["ends_on"] == ["The end date must be on or after the start date."]
        # What was typed stays in the form.
        assert 'value="Nursing leaders 2027"' in response.text
        assert 'value="2026-12-31"' in response.text
        assert not Program.objects.filter(name="Nursing leaders 2027").exists()

    @pytest.mark.parametrize("deadline", ["2027-01-09", "2027-12-16"])
    def test_the_deadline_falls_within_the_programs_dates(self, client, deadline):
        response = client.post(NEW, program_data(enrolment_deadline=deadline))
        assert response.status_code == 400
        assert response.context["form"].errors["enrolment_deadline"] == [
            "The enrolment deadline must fall within the program's dates, "
            "from Jan 10, 2027 to Dec 15, 2027."
        ]
        assert f'value="{deadline}"' in response.text

    @pytest.mark.parametrize("deadline", ["2027-01-10", "2027-12-15", None])
    def test_a_deadline_on_either_end_or_none_is_fine(self, client, deadline):
        assert client.post(NEW, program_data(enrolment_deadline=deadline)).status_code == 302

    def test_the_name_is_needed_and_on_one_line(self, client):
        response = client.post(NEW, program_data(name=""))
        assert "name" in response.context["form"].errors
        response = client.post(NEW, program_data(name="Two\nlines"))
        assert "name" in response.context["form"].errors


class TestEditing:
    def test_its_coordinator_changes_it(self, client_for, coordinator, program):
        response = client_for(coordinator).get(edit_url(program))
        assert response.status_code == 200
        assert f'value="{program.name}"' in response.text
        data = program_data(name="Renamed", requires_approval=None)
        data |= {"coordinators_see_agreement_pdf": "on"}
        response = client_for(coordinator).post(edit_url(program), data)
        assert response.status_code == 302
        program.refresh_from_db()
        assert program.name == "Renamed"
        assert program.coordinators_see_agreement_pdf
        assert not program.requires_approval

    def test_agreements_cannot_be_opened_to_coordinators_once_there_are_pairs(
        self, client_for, coordinator, program, pair
    ):
        data = program_data(name=program.name) | {"coordinators_see_agreement_pdf": "on"}
        client = client_for(coordinator)
        assert "Staff can change it in the admin" in client.get(edit_url(program)).text
        client.post(edit_url(program), data)
        program.refresh_from_db()
        assert not program.coordinators_see_agreement_pdf

    def test_a_co_coordinator_may_too(self, client_for, program, stranger):
        program.coordinators.add(stranger)
        assert client_for(stranger).get(edit_url(program)).status_code == 200

    @pytest.mark.parametrize("persona", ["other_coordinator", "stranger", "mentee", "mentor"])
    def test_it_is_404_for_anyone_else(self, request, client_for, program, pair, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(edit_url(program)).status_code == 404
        assert client.post(edit_url(program), program_data()).status_code == 404
        program.refresh_from_db()
        assert program.name != "Nursing leaders 2027"

    def test_staff_without_coordinating_get_a_404(self, client_for, program):
        client = client_for(UserFactory(is_staff=True))
        assert client.get(edit_url(program)).status_code == 404

    def test_a_bad_change_saves_nothing(self, client_for, coordinator, program):
        before = program.name
        data = program_data(name="Renamed", ends_on="2026-01-01")
        response = client_for(coordinator).post(edit_url(program), data)
        assert response.status_code == 400
        assert "ends_on" in response.context["form"].errors
        program.refresh_from_db()
        assert program.name == before

    def test_the_program_page_links_to_it_and_shows_the_deadline(
        self, client_for, coordinator, program
    ):
        program.enrolment_deadline = program.starts_on
        program.save()
        text = client_for(coordinator).get(program.get_absolute_url()).text
        assert edit_url(program) in text
        assert "People can join until" in text


def coordinators_url(name, program, *args):
    return reverse(f"enrolment:{name}", args=[program.pk, *args])


class TestCoCoordinators:
    @pytest.fixture
    def invite(self, client_for, coordinator, program, committed):
        def send(email):
            with committed():
                return client_for(coordinator).post(
                    coordinators_url("invite_coordinator", program), {"email": email}
                )

        return send

    def test_an_account_gets_an_invitation_and_becomes_coordinator_on_accepting(
        self, invite, client_for, program, stranger, mailoutbox
    ):
        response = invite(stranger.email.upper())
        assert response.status_code == 302
        [email] = mailoutbox
        assert email.to == [stranger.email]
        assert f"to coordinate {program}" in email.subject
        assert reverse("enrolment:invitations") in email.body
        assert stranger not in program.coordinators.all()
        page = client_for(stranger).get(reverse("enrolment:invitations")).text
        assert coordinators_url("accept_coordination", program) in page
        response = client_for(stranger).post(coordinators_url("accept_coordination", program))
        assert response["Location"] == program.get_absolute_url()
        assert stranger in program.coordinators.all()
        assert client_for(stranger).get(program.get_absolute_url()).status_code == 200

    def test_declining_leaves_the_coordinators_as_they_were(
        self, invite, client_for, program, stranger, coordinator
    ):
        invite(stranger.email)
        client_for(stranger).post(coordinators_url("decline_coordination", program))
        assert list(program.coordinators.all()) == [coordinator]
        response = client_for(stranger).post(coordinators_url("accept_coordination", program))
        assert response.status_code == 404

    def test_the_page_says_the_same_whether_the_address_has_an_account(
        self, invite, client_for, program, stranger, mailoutbox
    ):
        def said(email):
            response = invite(email)
            page = client_for(response.wsgi_request.user).get(response["Location"])
            return [str(message).replace(email, "ADDRESS") for message in page.context["messages"]]

        known, unknown = said(stranger.email), said("nobody.here@example.org")
        assert known == unknown
        assert "if the address belongs to an account" in known[0]
        # Only the account got an email; nothing lists who was invited.
        assert [email.to for email in mailoutbox] == [[stranger.email]]
        page = client_for(program.coordinators.get()).get(
            coordinators_url("coordinators", program)
        )
        assert stranger.email not in page.text

    def test_someone_coordinating_already_gets_no_email(
        self, invite, coordinator, program, mailoutbox
    ):
        assert invite(coordinator.email).status_code == 302
        assert mailoutbox == []

    def test_a_bad_address_is_shown_by_the_field(self, invite):
        response = invite("not an address")
        assert response.status_code == 400
        assert "email" in response.context["form"].errors
        assert 'value="not an address"' in response.text

    @pytest.mark.parametrize("persona", ["other_coordinator", "stranger", "mentee", "mentor"])
    def test_only_the_programs_coordinators_manage_them(
        self, request, client_for, program, pair, coordinator, persona, mailoutbox
    ):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(coordinators_url("coordinators", program)).status_code == 404
        response = client.post(coordinators_url("invite_coordinator", program), {"email": "a@b.c"})
        assert response.status_code == 404
        remove = coordinators_url("remove_coordinator", program, coordinator.pk)
        assert client.post(remove).status_code == 404
        assert mailoutbox == []

    def test_a_coordinator_removes_a_co_coordinator(
        self, client_for, coordinator, program, stranger
    ):
        program.coordinators.add(stranger)
        client = client_for(coordinator)
        page = client.get(coordinators_url("coordinators", program)).text
        assert stranger.email in page
        response = client.post(coordinators_url("remove_coordinator", program, stranger.pk))
        assert response.status_code == 302
        assert list(program.coordinators.all()) == [coordinator]
        assert client_for(stranger).get(program.get_absolute_url()).status_code == 404

    def test_the_last_coordinator_stays(self, client_for, coordinator, program):
        client = client_for(coordinator)
        response = client.post(
            coordinators_url("remove_coordinator", program, coordinator.pk), follow=True
        )
        assert "the only coordinator" in response.text
        assert list(program.coordinators.all()) == [coordinator]

    def test_someone_who_does_not_coordinate_cannot_be_removed(
        self, client_for, coordinator, program, other_coordinator
    ):
        url = coordinators_url("remove_coordinator", program, other_coordinator.pk)
        assert client_for(coordinator).post(url).status_code == 404
