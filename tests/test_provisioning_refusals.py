"""Bad SCIM calls: each refused with its status and a SCIM error a directory's log can show,
the refusals of unknown tokens written to the access log, and never a 500."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from mentoring.audit.models import AccessEvent, Action
from mentoring.provisioning.models import ProvisioningToken
from tests.factories import UserFactory
from tests.scim import (
    Directory,
    entra_user,
)


def refused(response, status: int, scim_type: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/scim+json"
    error = json.loads(response.content)
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert error["detail"]
    if scim_type:
        assert error["scimType"] == scim_type
    return error


@pytest.fixture
def alex(directory):
    return directory.post("/Users", entra_user()).json()


class TestTokens:
    @pytest.mark.parametrize(
        "header", [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "bearer  "]
    )
    def test_no_or_a_wrong_token_is_refused_and_logged(self, client, db, header):
        caller = Directory(client, "")
        headers = {"HTTP_AUTHORIZATION": header} if header else {"HTTP_AUTHORIZATION": ""}
        if header is None:
            headers = {}
            response = client.get("/scim/v2/Users")
        else:
            response = caller.get("/Users", **headers)
        refused(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
        (event,) = AccessEvent.objects.filter(action=Action.PROVISIONING_REFUSED)
        assert event.detail.startswith("GET /scim/v2/Users")

    def test_a_revoked_token_no_longer_works(self, directory, provisioning_token):
        assert directory.get("/Users").status_code == 200
        provisioning_token.revoke()
        refused(directory.get("/Users"), 401)

    def test_only_the_digest_is_kept(self, provisioning_token):
        stored = ProvisioningToken.objects.get()
        assert provisioning_token.secret not in stored.digest
        assert ProvisioningToken.objects.matching(provisioning_token.secret) == stored

    def test_use_is_noted(self, directory, provisioning_token):
        directory.get("/Users")
        provisioning_token.refresh_from_db()
        assert provisioning_token.last_used_at is not None

    def test_guessing_is_throttled_and_stops_being_logged(self, client, db):
        guesser = Directory(client, "guess")
        statuses = [guesser.get("/Users").status_code for _ in range(25)]
        assert statuses[:20] == [401] * 20
        assert set(statuses[20:]) == {429}
        assert AccessEvent.objects.filter(action=Action.PROVISIONING_REFUSED).count() == 20

    def test_a_token_is_held_to_its_rate(self, directory, settings):
        settings.SCIM_CALLS_PER_MINUTE = 3
        assert [directory.get("/Users").status_code for _ in range(4)] == [200, 200, 200, 429]
        assert not AccessEvent.objects.filter(action=Action.PROVISIONING_REFUSED).exists()


class TestBadBodies:
    @pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"[1, 2]", b'"text"', b"null"])
    def test_a_body_that_is_not_a_json_object(self, directory, raw):
        refused(directory.call("POST", "/Users", raw=raw), 400)
        (event,) = AccessEvent.objects.filter(action=Action.PROVISIONING_REFUSED)
        assert event.detail == "Entra ID: POST /scim/v2/Users: 400"

    @pytest.mark.parametrize(
        "change, message",
        [
            ({"userName": ""}, "userName"),
            ({"emails": [{"value": "not an address", "primary": True}]}, "email"),
            ({"active": "maybe"}, "active"),
            ({"title": "x" * 151}, "title"),
            ({"displayName": "Alex\x00Chen"}, "displayName"),
            ({"name": {"givenName": "Al\nex"}}, "name.givenName"),
            ({"externalId": "x" * 256}, "externalId"),
            ({"name": {"givenName": "\ud800"}}, "name.givenName"),
            ({"favouriteColour": "teal"}, "favouriteColour"),
        ],
    )
    def test_bad_values_are_named(self, directory, change, message):
        error = refused(directory.post("/Users", entra_user() | change), 400)
        assert message in error["detail"]
        assert not User.objects.filter(email="alex.chen@vch.ca").exists()

    def test_the_same_user_name_twice_is_a_conflict(self, directory, alex):
        refused(directory.post("/Users", entra_user(email="other@vch.ca")), 409, "uniqueness")

    def test_a_staff_account_is_not_the_directorys(self, directory):
        UserFactory(email="alex.chen@vch.ca", is_staff=True)
        error = refused(directory.post("/Users", entra_user()), 409, "mutability")
        assert "staff" in error["detail"]

    def test_an_account_made_staff_since_is_no_longer_the_directorys(self, directory, alex):
        User.objects.filter(email="alex.chen@vch.ca").update(is_staff=True, is_superuser=True)
        path = f"/Users/{alex['id']}"
        for response in [
            directory.patch(path, {"op": "replace", "path": "emails", "value": "evil@x.org"}),
            directory.patch(path, {"op": "replace", "path": "active", "value": False}),
            directory.delete(path),
        ]:
            refused(response, 409, "mutability")
        staff = User.objects.get(is_staff=True)
        assert (staff.email, staff.is_active, staff.is_erased) == ("alex.chen@vch.ca", True, False)

    def test_an_account_staff_turned_off_stays_off(self, directory, alex):
        UserFactory(email="off@vch.ca", is_active=False)
        refused(directory.post("/Users", entra_user(user_name="off@vch.ca")), 409)
        User.objects.filter(email="alex.chen@vch.ca").update(is_active=False)
        response = directory.patch(
            f"/Users/{alex['id']}", {"op": "replace", "path": "active", "value": "True"}
        )
        refused(response, 409, "mutability")
        assert not User.objects.get(email="alex.chen@vch.ca").is_active

    def test_an_address_another_account_has_verified(self, directory, alex, mentee):
        EmailAddress.objects.create(user=mentee, email="second@vch.ca", verified=True)
        refused(directory.post("/Users", entra_user(user_name="second@vch.ca")), 409)
        response = directory.patch(
            f"/Users/{alex['id']}", {"op": "replace", "path": "emails", "value": "second@vch.ca"}
        )
        refused(response, 409, "uniqueness")
        assert "second@vch.ca" not in json.dumps(response.json()["detail"])

    def test_an_address_another_account_has(self, directory, alex, mentee):
        response = directory.patch(
            f"/Users/{alex['id']}", {"op": "replace", "path": "emails", "value": mentee.email}
        )
        refused(response, 409, "uniqueness")


class TestBadPatches:
    @pytest.mark.parametrize(
        "operation, scim_type",
        [
            ({"op": "Replace", "path": "favouriteColour", "value": "teal"}, "invalidPath"),
            ({"op": "Replace", "path": "name.nickname", "value": "Al"}, "invalidPath"),
            (
                {"op": "Replace", "path": "urn:example:schema:User:level", "value": 3},
                "invalidPath",
            ),
            ({"op": "Replace", "path": "a[[b", "value": 3}, "invalidPath"),
            ({"op": "Replace", "value": {"shoeSize": 9}}, "invalidPath"),
            ({"op": "Remove", "path": "userName"}, "mutability"),
            ({"op": "Remove"}, "noTarget"),
            ({"op": "Move", "path": "title", "value": "x"}, None),
            ({"op": "Replace", "value": "not an object"}, None),
        ],
    )
    def test_refused_with_the_reason_and_nothing_changed(
        self, directory, alex, operation, scim_type
    ):
        response = directory.patch(
            f"/Users/{alex['id']}",
            {"op": "Replace", "path": "title", "value": "Changed"},
            operation,
        )
        refused(response, 400, scim_type)
        assert User.objects.get(email="alex.chen@vch.ca").job_title == "Charge nurse"

    def test_operations_must_be_a_list(self, directory, alex):
        response = directory.call("PATCH", f"/Users/{alex['id']}", {"Operations": "replace"})
        refused(response, 400)

    def test_known_attributes_we_do_not_keep_are_accepted(self, directory, alex):
        response = directory.patch(
            f"/Users/{alex['id']}",
            {"op": "Add", "path": 'phoneNumbers[type eq "work"].value', "value": "604-555-0100"},
            {"op": "Replace", "path": f"{entra_user()['schemas'][1]}:manager", "value": "x"},
        )
        assert response.status_code == 200


class TestLookups:
    def test_an_unknown_or_malformed_id_is_not_found(self, directory):
        for identifier in ["3f1e0d4c-0000-4000-8000-000000000000", "not-a-uuid", "1"]:
            refused(directory.get(f"/Users/{identifier}"), 404)
            refused(directory.delete(f"/Groups/{identifier}"), 404)

    @pytest.mark.parametrize(
        "query",
        [
            'nickName eq "x"',
            "userName eq",
            'userName eq "a" and (',
            'title eq "x"',
            "userName gt null",
            "(" * 500 + 'userName eq "a"' + ")" * 500,
            'userName eq "a\x00b"',
        ],
    )
    def test_a_filter_we_cannot_read(self, directory, query):
        refused(directory.get(f"/Users?filter={query}"), 400, "invalidFilter")

    def test_bad_paging(self, directory):
        refused(directory.get("/Users?startIndex=0"), 400)
        refused(directory.get("/Users?count=many"), 400)
        far = directory.get("/Users?startIndex=99999999999999999999").json()
        assert far["Resources"] == []

    def test_deleting_the_last_coordinator_of_a_program_is_refused(self, directory, alex, program):
        person = User.objects.get(email="alex.chen@vch.ca")
        program.coordinators.set([person])
        error = refused(directory.delete(f"/Users/{alex['id']}"), 409)
        assert "only coordinator" in error["detail"]
        assert not User.objects.get(pk=person.pk).is_erased


class TestTokensInTheAdmin:
    def test_staff_see_the_secret_once_and_it_works(self, client, db):
        staff = UserFactory(is_staff=True, is_superuser=True)
        client.force_login(staff)
        response = client.post(
            reverse("admin:provisioning_provisioningtoken_add"), {"name": "Okta"}
        )
        assert response.status_code == 200
        secret = response.context["secret"]
        assert secret in response.content.decode()
        token = ProvisioningToken.objects.get(name="Okta")
        assert token.created_by == staff
        assert secret not in token.digest
        assert Directory(client, secret).get("/Users").status_code == 200
        change = client.get(
            reverse("admin:provisioning_provisioningtoken_change", args=[token.pk])
        )
        assert secret not in change.content.decode()

    def test_revoking_from_the_list(self, client, directory, provisioning_token):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        client.post(
            reverse("admin:provisioning_provisioningtoken_changelist"),
            {"action": "revoke", "_selected_action": [provisioning_token.pk]},
        )
        provisioning_token.refresh_from_db()
        assert provisioning_token.is_revoked
        refused(directory.get("/Users"), 401)
