"""SCIM Users (RFC 7644) as Entra ID and Okta call them: create, find, update, deactivate,
delete; and every bad call refused with its status, never a 500."""

from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from mentoring.audit.models import AccessEvent, Action
from mentoring.closure.models import Closure
from mentoring.preparation.models import MentorRequest
from mentoring.privacy.erasure import erase_account
from mentoring.provisioning.models import ProvisionedAccount
from tests.factories import MentorRequestFactory, MentorshipFactory
from tests.scim import (
    ENTERPRISE,
    entra_user,
    okta_user,
)


def created(directory, body):
    response = directory.post("/Users", body)
    assert response.status_code == 201, response.content
    return response.json()


class TestEntraId:
    def test_a_new_user_gets_an_account_with_the_directory_profile(self, directory):
        resource = created(directory, entra_user())
        user = User.objects.get(email="alex.chen@vch.ca")
        assert (user.full_name, user.job_title, user.department) == (
            "Alex Chen",
            "Charge nurse",
            "Emergency",
        )
        assert not user.has_usable_password()
        assert EmailAddress.objects.get(user=user).verified
        assert resource["id"] == str(user.provisioned.scim_id)
        assert resource["userName"] == "alex.chen@vch.ca"
        assert resource[ENTERPRISE] == {"department": "Emergency"}
        assert resource["active"] is True
        assert resource["meta"]["location"].endswith(f"/scim/v2/Users/{resource['id']}")

    def test_it_finds_the_user_by_user_name_before_creating(self, directory):
        assert (
            directory.get('/Users?filter=userName eq "alex.chen@vch.ca"').json()["totalResults"]
            == 0
        )
        resource = created(directory, entra_user())
        found = directory.get('/Users?filter=userName eq "ALEX.chen@vch.ca"').json()
        assert found["totalResults"] == 1
        assert found["Resources"][0]["id"] == resource["id"]
        by_external = directory.get(
            '/Users?filter=externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"'
        ).json()
        assert by_external["totalResults"] == 1

    def test_an_existing_account_is_linked_by_its_address(self, directory, mentee):
        created(directory, entra_user(user_name="mina@vch.ca", email=mentee.email))
        mentee.refresh_from_db()
        assert mentee.provisioned.user_name == "mina@vch.ca"
        assert mentee.full_name == "Alex Chen"
        assert User.objects.filter(email__iexact=mentee.email).count() == 1

    def test_patch_replaces_what_entra_sends(self, directory):
        resource = created(directory, entra_user())
        response = directory.patch(
            f"/Users/{resource['id']}",
            {
                "op": "Replace",
                "path": 'emails[type eq "work"].value',
                "value": "alex.chen2@vch.ca",
            },
            {"op": "Replace", "path": "name.familyName", "value": "Chen-Li"},
            {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Cardiology"},
            {"op": "Replace", "path": "title", "value": "Nurse educator"},
        )
        assert response.status_code == 200, response.content
        user = User.objects.get(provisioned__scim_id=resource["id"])
        assert user.email == "alex.chen2@vch.ca"
        assert (user.department, user.job_title) == ("Cardiology", "Nurse educator")
        assert response.json()["name"]["familyName"] == "Chen-Li"
        assert EmailAddress.objects.get(user=user).email == "alex.chen2@vch.ca"

    def test_a_name_given_in_parts_follows_a_change_of_one(self, directory):
        body = entra_user()
        body["name"] = {"givenName": "Alex", "familyName": "Chen"}
        resource = created(directory, body)
        directory.patch(
            f"/Users/{resource['id']}",
            {"op": "Replace", "path": "name.givenName", "value": "Alexandra"},
        )
        assert User.objects.get(email="alex.chen@vch.ca").full_name == "Alexandra Chen"

    def test_deactivation_with_the_string_false_ends_pairs_and_sign_in(
        self, directory, client, mentor, program, committed
    ):
        resource = created(directory, entra_user())
        alex = User.objects.get(email="alex.chen@vch.ca")
        pair = MentorshipFactory(program=program, mentor=mentor, mentee=alex)
        with committed():
            response = directory.patch(
                f"/Users/{resource['id']}", {"op": "Replace", "path": "active", "value": "False"}
            )
        assert response.status_code == 200
        assert response.json()["active"] is False
        alex.refresh_from_db()
        pair.refresh_from_db()
        assert not alex.is_active
        assert not pair.is_open
        assert Closure.objects.get(mentorship=pair).status == Closure.Status.PARTICIPANT_LEFT
        assert [message.to for message in mail.outbox] == [[mentor.email]]
        assert "has left" in mail.outbox[0].body
        assert AccessEvent.objects.filter(action=Action.ACCOUNT_DEACTIVATED, subject=alex).exists()
        client.force_login(alex)
        assert client.get("/").wsgi_request.user.is_anonymous

    def test_reactivation_lets_them_back_without_reopening_pairs(self, directory, mentor, program):
        resource = created(directory, entra_user())
        alex = User.objects.get(email="alex.chen@vch.ca")
        pair = MentorshipFactory(program=program, mentor=mentor, mentee=alex)
        directory.patch(
            f"/Users/{resource['id']}", {"op": "Replace", "path": "active", "value": False}
        )
        directory.patch(
            f"/Users/{resource['id']}", {"op": "Replace", "path": "active", "value": True}
        )
        alex.refresh_from_db()
        pair.refresh_from_db()
        assert alex.is_active
        assert not pair.is_open

    def test_a_put_that_leaves_out_active_keeps_it(self, directory):
        resource = created(directory, entra_user())
        path = f"/Users/{resource['id']}"
        directory.patch(path, {"op": "Replace", "path": "active", "value": "False"})
        body = entra_user(title="Nurse educator")
        del body["active"]
        assert directory.put(path, body).json()["active"] is False

    def test_the_enterprise_extension_as_a_path_of_its_own(self, directory):
        resource = created(directory, entra_user())
        directory.patch(
            f"/Users/{resource['id']}",
            {"op": "Replace", "path": ENTERPRISE, "value": {"department": "Oncology"}},
        )
        assert User.objects.get(email="alex.chen@vch.ca").department == "Oncology"

    def test_delete_erases_the_account_and_then_it_is_gone(self, directory, mentor, program):
        resource = created(directory, entra_user())
        path = f"/Users/{resource['id']}"
        assert directory.delete(path).status_code == 204
        alex = User.objects.get(provisioned__isnull=True, erased_at__isnull=False)
        assert alex.email.endswith("@erased.invalid")
        assert not ProvisionedAccount.objects.exists()
        for response in [
            directory.get(path),
            directory.delete(path),
            directory.patch(path, {"op": "Replace", "path": "active", "value": False}),
        ]:
            assert response.status_code == 404
            assert response["Content-Type"] == "application/scim+json"


class TestOkta:
    def test_create_find_replace_and_deactivate(self, directory):
        resource = created(directory, okta_user())
        user = User.objects.get(email="test.user@okta.local")
        assert user.full_name == "Test User"
        found = directory.get(
            '/Users?filter=userName eq "test.user@okta.local"&startIndex=1&count=100'
        ).json()
        assert found["Resources"][0]["id"] == resource["id"]
        replaced = okta_user(id=resource["id"], displayName="Test Q. User", title="Porter")
        response = directory.put(f"/Users/{resource['id']}", replaced)
        assert response.status_code == 200, response.content
        user.refresh_from_db()
        assert (user.full_name, user.job_title) == ("Test Q. User", "Porter")
        response = directory.patch(
            f"/Users/{resource['id']}", {"op": "replace", "value": {"active": False}}
        )
        assert response.status_code == 200
        user.refresh_from_db()
        assert not user.is_active

    def test_a_mentor_leaving_closes_the_requests_waiting_for_them(
        self, directory, program, committed
    ):
        resource = created(directory, okta_user())
        mentor = User.objects.get(email="test.user@okta.local")
        waiting = MentorRequestFactory(program=program, mentor=mentor)
        with committed():
            directory.patch(
                f"/Users/{resource['id']}", {"op": "replace", "value": {"active": False}}
            )
        waiting.refresh_from_db()
        assert waiting.status == MentorRequest.Status.DECLINED
        assert "has left, so your request is closed" in mail.outbox[-1].body


class TestWhatLeavingMeans:
    def test_a_deactivated_mentor_is_not_offered_to_mentees(self, directory):
        resource = created(directory, okta_user())
        mentor = User.objects.get(email="test.user@okta.local")
        mentor.open_to_mentoring = True
        mentor.save()
        assert User.objects.taking_requests().filter(pk=mentor.pk).exists()
        directory.patch(f"/Users/{resource['id']}", {"op": "replace", "value": {"active": False}})
        mentor.refresh_from_db()
        assert not mentor.is_taking_requests
        assert not User.objects.taking_requests().filter(pk=mentor.pk).exists()

    def test_deleting_ones_own_account_forgets_the_directorys_record(self, directory):
        resource = created(directory, entra_user())
        group = directory.post("/Groups", {"displayName": "Nurses"}).json()
        directory.patch(
            f"/Groups/{group['id']}",
            {"op": "Add", "path": "members", "value": [{"value": resource["id"]}]},
        )
        outcome = erase_account(user=User.objects.get(email="alex.chen@vch.ca"))
        assert outcome.removed["directory account"] == 1
        assert outcome.removed["directory groups"] == 1
        assert not ProvisionedAccount.objects.exists()
        assert directory.get(f"/Groups/{group['id']}").json()["members"] == []
        assert directory.get(f"/Users/{resource['id']}").status_code == 404
