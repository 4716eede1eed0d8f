"""SCIM Groups and program roles: a group a coordinator names in the program's settings makes
its members mentees or mentors there, and leaving the group takes the role back unless the
person is in a pair; the bodies are Entra ID's and Okta's."""

import pytest
from django.urls import reverse

from accounts.models import User
from mentoring.programs.models import Participant
from mentoring.provisioning.models import DirectoryGroup, ProgramGroup
from mentoring.provisioning.services import add_program_group
from tests.factories import MentorshipFactory, ParticipantFactory
from tests.scim import entra_user, group_body

MENTEE, MENTOR = Participant.Role.MENTEE, Participant.Role.MENTOR


@pytest.fixture
def people(directory):
    """Two people the directory has provisioned: their SCIM ids."""
    return [
        directory.post("/Users", entra_user(user_name=f"{name}@vch.ca")).json()["id"]
        for name in ["ana", "ben"]
    ]


@pytest.fixture
def mentors_group(program):
    add_program_group(program=program, group_name="Nursing Mentors", role=MENTOR)


def roles(program, role=MENTOR):
    return set(
        Participant.objects.filter(program=program, role=role).values_list(
            "user__email", flat=True
        )
    )


def members(value_ids):
    return [{"$ref": None, "value": each} for each in value_ids]


class TestEntraId:
    def test_create_find_and_fill_a_group(self, directory, people, program, mentors_group):
        response = directory.post("/Groups", group_body("nursing mentors"))
        assert response.status_code == 201, response.content
        group = response.json()
        found = directory.get(
            '/Groups?excludedAttributes=members&filter=displayName eq "nursing mentors"'
        ).json()
        assert [each["id"] for each in found["Resources"]] == [group["id"]]
        assert "members" not in found["Resources"][0]
        response = directory.patch(
            f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": members(people)}
        )
        assert response.status_code == 200, response.content
        assert roles(program) == {"ana@vch.ca", "ben@vch.ca"}
        listed = directory.get(f"/Groups/{group['id']}").json()
        assert {each["value"] for each in listed["members"]} == set(people)
        user = directory.get(f"/Users/{people[0]}").json()
        assert user["groups"] == [{"value": group["id"], "display": "nursing mentors"}]

    def test_removing_a_member_takes_the_role_back(
        self, directory, people, program, mentors_group
    ):
        group = directory.post("/Groups", group_body("Nursing Mentors")).json()
        directory.patch(
            f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": members(people)}
        )
        directory.patch(
            f"/Groups/{group['id']}",
            {"op": "Remove", "path": "members", "value": members(people[:1])},
        )
        assert roles(program) == {"ben@vch.ca"}

    def test_a_member_in_a_pair_keeps_the_role(
        self, directory, people, program, mentors_group, mentee
    ):
        group = directory.post("/Groups", group_body("Nursing Mentors")).json()
        directory.patch(
            f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": members(people)}
        )
        ana = User.objects.get(email="ana@vch.ca")
        MentorshipFactory(program=program, mentor=ana, mentee=mentee)
        directory.delete(f"/Groups/{group['id']}")
        assert roles(program) == {"ana@vch.ca"}
        assert not DirectoryGroup.objects.exists()

    def test_a_role_a_coordinator_gave_is_never_taken(
        self, directory, people, program, mentors_group
    ):
        group = directory.post("/Groups", group_body("Nursing Mentors")).json()
        ana = User.objects.get(email="ana@vch.ca")
        ParticipantFactory(program=program, user=ana, role=MENTOR)
        directory.patch(
            f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": members(people)}
        )
        directory.patch(
            f"/Groups/{group['id']}", {"op": "Remove", "path": "members", "value": members(people)}
        )
        assert roles(program) == {"ana@vch.ca"}

    def test_a_member_added_twice_joins_once(self, directory, people, program, mentors_group):
        group = directory.post("/Groups", group_body("Nursing Mentors")).json()
        twice = members([people[0], people[0].upper()])
        response = directory.patch(
            f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": twice}
        )
        assert response.status_code == 200, response.content
        assert roles(program) == {"ana@vch.ca"}

    def test_removing_someone_deleted_since_is_no_error(self, directory, people, program):
        group = directory.post("/Groups", group_body(members=members(people))).json()
        directory.delete(f"/Users/{people[0]}")
        for operation in [
            {"op": "Remove", "path": "members", "value": members(people)},
            {"op": "Remove", "path": f'members[value eq "{people[0]}"]'},
        ]:
            assert directory.patch(f"/Groups/{group['id']}", operation).status_code == 200
        assert directory.get(f"/Groups/{group['id']}").json()["members"] == []

    def test_a_rename_takes_the_old_names_roles(self, directory, people, program, mentors_group):
        group = directory.post(
            "/Groups", group_body("Nursing Mentors", members=members(people))
        ).json()
        add_program_group(program=program, group_name="All mentors", role=MENTOR)
        rename = {"op": "Replace", "path": "displayName", "value": "Former mentors"}
        directory.patch(f"/Groups/{group['id']}", rename)
        assert roles(program) == set()
        back = {"op": "Replace", "path": "displayName", "value": "Nursing Mentors"}
        directory.patch(f"/Groups/{group['id']}", back)
        assert roles(program) == {"ana@vch.ca", "ben@vch.ca"}
        kept = set(Participant.objects.filter(program=program).values_list("pk", flat=True))
        again = {"op": "Replace", "path": "displayName", "value": "All mentors"}
        directory.patch(f"/Groups/{group['id']}", again)
        assert (
            set(Participant.objects.filter(program=program).values_list("pk", flat=True)) == kept
        )

    def test_a_rename_gives_the_roles_of_the_new_name(self, directory, people, program):
        add_program_group(program=program, group_name="Mentees 2027", role=MENTEE)
        group = directory.post("/Groups", group_body("New staff")).json()
        directory.patch(
            f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": members(people)}
        )
        assert roles(program, MENTEE) == set()
        directory.patch(
            f"/Groups/{group['id']}",
            {"op": "Replace", "path": "displayName", "value": "Mentees 2027"},
        )
        assert roles(program, MENTEE) == {"ana@vch.ca", "ben@vch.ca"}

    def test_an_unknown_member_or_attribute_is_refused(self, directory, people):
        group = directory.post("/Groups", group_body()).json()
        for operation in [
            {"op": "Add", "path": "members", "value": members(["not-ours"])},
            {"op": "Add", "path": "members", "value": "everyone"},
            {"op": "Replace", "path": "owner", "value": "x"},
            {"op": "Replace", "path": "displayName", "value": " "},
            {"op": "Replace", "path": "displayName", "value": "Two\nlines"},
            {"op": "Remove", "path": 'members[display eq "ana"]'},
        ]:
            response = directory.patch(f"/Groups/{group['id']}", operation)
            assert response.status_code == 400, (operation, response.content)
        assert not DirectoryGroup.objects.get().members.exists()


class TestOkta:
    def test_push_groups_replace_and_remove_by_filter(
        self, directory, people, program, mentors_group
    ):
        body = group_body("Nursing Mentors", members=members(people))
        group = directory.post("/Groups", body).json()
        assert roles(program) == {"ana@vch.ca", "ben@vch.ca"}
        response = directory.patch(
            f"/Groups/{group['id']}",
            {"op": "remove", "path": f'members[value eq "{people[1]}"]'},
        )
        assert response.status_code == 200
        assert roles(program) == {"ana@vch.ca"}
        response = directory.patch(
            f"/Groups/{group['id']}",
            {"op": "replace", "value": {"id": group["id"], "displayName": "Nursing Mentors"}},
        )
        assert response.status_code == 200
        replaced = {"id": group["id"], "displayName": "Nursing Mentors", "members": []}
        assert directory.put(f"/Groups/{group['id']}", replaced).status_code == 200
        assert roles(program) == set()
        listing = directory.get("/Groups?startIndex=1&count=100").json()
        assert listing["totalResults"] == 1


class TestLists:
    def test_users_are_paged_in_a_constant_number_of_queries(
        self, directory, django_assert_max_num_queries
    ):
        for number in range(12):
            directory.post("/Users", entra_user(user_name=f"person{number}@vch.ca"))
        with django_assert_max_num_queries(6):
            page = directory.get("/Users?startIndex=3&count=5").json()
        assert (page["totalResults"], page["itemsPerPage"], page["startIndex"]) == (12, 5, 3)

    def test_groups_are_paged_in_a_constant_number_of_queries(
        self, directory, people, django_assert_max_num_queries
    ):
        for number in range(8):
            directory.post("/Groups", group_body(f"Group {number}", members=members(people)))
        with django_assert_max_num_queries(6):
            page = directory.get("/Groups?count=50").json()
        assert page["totalResults"] == 8
        assert all(len(group["members"]) == 2 for group in page["Resources"])

    def test_count_is_capped(self, directory):
        assert directory.get("/Users?count=100000").status_code == 200

    def test_discovery(self, directory):
        config = directory.get("/ServiceProviderConfig").json()
        assert config["patch"]["supported"] is True
        assert config["filter"]["supported"] is True
        types = directory.get("/ResourceTypes").json()
        assert {each["id"] for each in types["Resources"]} == {"User", "Group"}
        assert directory.get("/Schemas").status_code == 200


class TestCoordinatorPage:
    def test_a_coordinator_names_a_group_and_its_members_join(
        self, directory, people, program, coordinator, client_for
    ):
        group = directory.post("/Groups", group_body("Nursing Mentors")).json()
        directory.patch(
            f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": members(people)}
        )
        client = client_for(coordinator)
        url = reverse("provisioning:directory_groups", args=[program.pk])
        response = client.post(url, {"group_name": "nursing mentors", "role": MENTOR})
        assert response.status_code == 302
        assert roles(program) == {"ana@vch.ca", "ben@vch.ca"}
        page = client.get(url).content.decode()
        assert "nursing mentors" in page
        again = client.post(url, {"group_name": "NURSING MENTORS", "role": MENTOR})
        assert again.status_code == 200
        assert "already gives that role" in again.content.decode()
        assert 'value="NURSING MENTORS"' in again.content.decode()
        program_group = ProgramGroup.objects.get()
        remove = reverse(
            "provisioning:remove_directory_group", args=[program.pk, program_group.pk]
        )
        assert client.post(remove).status_code == 302
        assert not ProgramGroup.objects.exists()
        assert roles(program) == {"ana@vch.ca", "ben@vch.ca"}

    def test_other_people_get_a_404(self, program, other_coordinator, mentee, client_for):
        url = reverse("provisioning:directory_groups", args=[program.pk])
        for person in [other_coordinator, mentee]:
            assert client_for(person).get(url).status_code == 404

    def test_the_list_is_constant_in_queries(
        self, program, coordinator, client_for, django_assert_max_num_queries
    ):
        for number in range(30):
            add_program_group(program=program, group_name=f"Group {number}", role=MENTEE)
        client = client_for(coordinator)
        url = reverse("provisioning:directory_groups", args=[program.pk])
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.content.decode().count("btn-outline-danger") == 25
