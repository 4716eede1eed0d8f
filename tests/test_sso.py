"""Signing in through an OpenID Connect provider: a real one (django-oauth-toolkit, in its own
process on loopback, tests/identity_providers.py), the whole authorization-code flow with
PKCE, tokens fetched and checked over HTTP."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from mentoring.audit.models import AccessEvent, Action
from tests.factories import UserFactory
from tests.identity_providers import (
    LOGIN_URL,
    PROVIDER_ID,
    free_port,
    sign_in_at_provider,
    sign_in_with_provider,
    start,
)


def failures(**filters):
    return AccessEvent.objects.filter(action=Action.SIGN_IN_FAILED, **filters)


def test_first_sign_in_makes_the_account_from_the_providers_claims(client, oidc_app):
    response = sign_in_with_provider(client, "alex")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    alex = User.objects.get(email="alex.rivera@vch.ca")
    assert (alex.full_name, alex.department, alex.job_title) == (
        "Alex Rivera",
        "Emergency Medicine",
        "Clinical Nurse Educator",
    )
    assert not alex.has_usable_password()
    assert EmailAddress.objects.get(user=alex).verified
    assert SocialAccount.objects.get(user=alex).uid == "alex-0001"
    assert client.get(reverse("home")).context["user"] == alex
    assert AccessEvent.objects.filter(action=Action.SIGNED_IN, actor=alex).exists()


def test_the_provider_keeps_department_and_title_up_to_date(client, oidc_app):
    sign_in_with_provider(client, "alex")
    alex = User.objects.get(email="alex.rivera@vch.ca")
    alex.department, alex.job_title = "Old department", "Old title"
    alex.save()
    client.logout()

    sign_in_with_provider(client, "alex")

    alex.refresh_from_db()
    assert (alex.department, alex.job_title) == ("Emergency Medicine", "Clinical Nurse Educator")


def test_an_existing_account_is_linked_by_its_verified_address(client, oidc_app):
    sam = UserFactory(email="sam.lee@example.org", full_name="Sam Lee (here)")

    response = sign_in_with_provider(client, "sam")

    assert response.status_code == 302
    assert User.objects.filter(email="sam.lee@example.org").count() == 1
    assert SocialAccount.objects.get(uid="sam-0002").user == sam
    sam.refresh_from_db()
    assert sam.has_usable_password(), "a verified address keeps its password"


def test_an_address_the_provider_did_not_verify_is_refused(client, oidc_app):
    response = sign_in_with_provider(client, "una")

    assert response.status_code == 403
    assert "did not confirm that your email address is yours" in response.content.decode()
    assert not User.objects.filter(email="una.ward@example.org").exists()
    assert failures(detail=f"{PROVIDER_ID}: email not verified").exists()


def test_a_replayed_answer_is_refused(client, oidc_app):
    callback = sign_in_at_provider(start(client), "alex")
    assert client.get(callback).status_code == 302
    client.logout()

    replayed = client.get(callback)

    assert replayed.status_code == 400
    assert "did not work" in replayed.content.decode()
    assert failures(detail__startswith=f"{PROVIDER_ID}: ").exists()


def test_an_error_from_the_provider_is_shown_not_raised(client, oidc_app):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]

    response = client.get(
        reverse("openid_connect_callback", kwargs={"provider_id": PROVIDER_ID}),
        {"error": "server_error", "state": state},
    )

    assert response.status_code == 400
    assert failures().exists()


def test_a_provider_that_is_down_gets_a_clear_page(client, oidc_app):
    oidc_app.settings = {"server_url": f"http://127.0.0.1:{free_port()}/o"}
    oidc_app.save()

    response = client.post(LOGIN_URL)

    assert response.status_code == 502
    page = response.content.decode()
    assert "could not reach Vancouver Coastal Health" in page
    assert reverse("account_login") in page
    assert failures(detail__contains="provider unreachable").exists()


class TestSsoOnlyDomain:
    def test_the_sign_in_form_sends_the_address_to_its_provider(self, client, oidc_app):
        response = client.post(reverse("account_login"), {"login": "alex.rivera@vch.ca"})

        assert response.status_code == 302
        authorize = urlsplit(response["Location"])
        assert authorize.netloc == urlsplit(oidc_app.settings["server_url"]).netloc
        assert parse_qs(authorize.query)["login_hint"] == ["alex.rivera@vch.ca"]
        callback = sign_in_at_provider(response["Location"], "alex")
        assert client.get(callback).status_code == 302
        assert client.get(reverse("home")).context["user"].email == "alex.rivera@vch.ca"

    def test_a_right_password_does_not_sign_in(self, client, oidc_app):
        UserFactory(email="kim@vch.ca", password="a-long-enough-password")

        response = client.post(
            reverse("account_login"), {"login": "kim@vch.ca", "password": "a-long-enough-password"}
        )

        assert response.status_code == 302
        assert urlsplit(response["Location"]).netloc != "testserver"
        assert "_auth_user_id" not in client.session

    def test_other_addresses_still_need_their_password(self, client, oidc_app):
        response = client.post(reverse("account_login"), {"login": "pat@example.org"})

        assert response.status_code == 200
        assert response.context["form"].errors["password"] == ["This field is required."]
        assert "vch.ca need no password" in response.content.decode()

    def test_no_password_sign_up_or_reset(self, client, oidc_app):
        signup = client.post(
            reverse("account_signup"),
            {
                "email": "new@vch.ca",
                "password1": "x-long-password-1",
                "password2": "x-long-password-1",
            },
        )
        reset = client.post(reverse("account_reset_password"), {"email": "kim@vch.ca"})

        message = "Addresses at vch.ca sign in with Vancouver Coastal Health, not a password."
        assert signup.context["form"].errors["email"] == [message]
        assert reset.context["form"].errors["email"] == [message]


class TestMultiFactor:
    @pytest.fixture
    def with_totp(self, db):
        def make(email):
            user = UserFactory(email=email)
            Authenticator.objects.create(
                user=user, type=Authenticator.Type.TOTP, data={"secret": "unused"}
            )
            return user

        return make

    def test_the_providers_mfa_counts(self, client, oidc_app, with_totp):
        with_totp("alex.rivera@vch.ca")

        response = sign_in_with_provider(client, "alex")

        assert response["Location"] == reverse("home")

    def test_without_mfa_at_the_provider_ours_is_asked(self, client, oidc_app, with_totp):
        with_totp("sam.lee@example.org")

        response = sign_in_with_provider(client, "sam")

        assert response["Location"] == reverse("mfa_authenticate")

    def test_a_provider_not_trusted_for_mfa(self, client, oidc_app, with_totp):
        oidc_app.settings["trust_mfa"] = False
        oidc_app.save()
        with_totp("alex.rivera@vch.ca")

        assert sign_in_with_provider(client, "alex")["Location"] == reverse("mfa_authenticate")

    @override_settings(REQUIRE_TWO_FACTOR=True)
    def test_staff_need_no_authenticator_app_after_the_providers_mfa(self, client, oidc_app):
        UserFactory(email="alex.rivera@vch.ca", is_staff=True)
        sign_in_with_provider(client, "alex")

        assert client.get(reverse("home")).status_code == 200

    @override_settings(REQUIRE_TWO_FACTOR=True)
    def test_staff_without_it_are_asked_to_set_up_two_factor(self, client, oidc_app):
        UserFactory(email="sam.lee@example.org", is_staff=True)
        sign_in_with_provider(client, "sam")

        assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_a_provider_may_admit_only_existing_accounts(client, oidc_app):
    oidc_app.settings["create_accounts"] = False
    oidc_app.save()

    response = sign_in_with_provider(client, "alex")

    assert not User.objects.filter(email="alex.rivera@vch.ca").exists()
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]


class TestProviderTest:
    def test_staff_see_what_the_provider_sends_and_stay_themselves(self, client, oidc_app):
        staff = UserFactory(is_staff=True)
        client.force_login(staff)
        assert client.get(reverse("sso:providers")).status_code == 200
        tested = reverse("sso:tested", kwargs={"provider_id": PROVIDER_ID})

        response = sign_in_with_provider(client, "alex", process="redirect", next=tested)

        assert response["Location"] == tested
        page = client.get(tested)
        assert page.context["user"] == staff
        text = page.content.decode()
        assert "alex.rivera@vch.ca" in text and "Emergency Medicine" in text
        assert "None yet: signing in would make one" in text
        assert not User.objects.filter(email="alex.rivera@vch.ca").exists()

    def test_only_for_staff(self, client, oidc_app):
        client.force_login(UserFactory())

        assert client.get(reverse("sso:providers")).status_code == 403

    def test_the_page_is_paged_and_says_where_provisioning_is(
        self, client, db, django_assert_max_num_queries
    ):
        for number in range(12):
            SocialApp.objects.create(
                provider="openid_connect",
                provider_id=f"idp-{number}",
                name=f"Provider {number}",
                client_id=f"client-{number}",
                settings={"server_url": "http://127.0.0.1:9/o"},
            )
        client.force_login(UserFactory(is_staff=True))
        with django_assert_max_num_queries(12):
            page = client.get(reverse("sso:providers")).content.decode()
        assert page.count("as a test</button>") == 10
        assert "Page 1 of 2" in page
        assert "http://testserver/scim/v2/" in page


class TestAdmin:
    def test_staff_add_a_provider_with_fields_not_json(self, client, db, oidc_provider):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        form = {
            "provider": "openid_connect",
            "provider_id": "vch",
            "name": "Vancouver Coastal Health",
            "client_id": "the-client",
            "secret": "the-secret",
            "server_url": oidc_provider.server_url,
            "sso_only_domains": "vch.ca, @PHSA.ca",
            "verified_email": "on",
            "create_accounts": "on",
            "trust_mfa": "on",
            "mfa_amr": "mfa hwk",
            "mfa_acr": "",
            "claim_full_name": "name",
            "claim_department": "department",
            "claim_job_title": "jobTitle",
        }

        response = client.post(reverse("admin:socialaccount_socialapp_add"), form)

        assert response.status_code == 302, response.context["adminform"].form.errors
        app = SocialApp.objects.get(provider_id="vch")
        assert app.settings["sso_only_domains"] == ["vch.ca", "phsa.ca"]
        assert app.settings["mfa_amr"] == ["mfa", "hwk"]
        assert app.settings["claims"]["job_title"] == "jobTitle"
        assert app.settings["verified_email"] is True
        assert app.settings["single_logout"] is False

    def test_a_bad_domain_is_shown_next_to_its_field(self, client, db, oidc_provider):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))

        response = client.post(
            reverse("admin:socialaccount_socialapp_add"),
            {
                "provider": "openid_connect",
                "name": "X",
                "client_id": "c",
                "server_url": "not a url",
                "sso_only_domains": "vch..ca",
            },
        )

        errors = response.context["adminform"].form.errors
        assert errors["sso_only_domains"] == ["“vch..ca” is not an email domain, like vch.ca."]
        assert "server_url" in errors


def test_deleting_the_account_removes_its_provider_links(client, oidc_app):
    from mentoring.privacy.erasure import erase_account
    from mentoring.sso.models import ProviderSession

    sign_in_with_provider(client, "alex")
    alex = User.objects.get(email="alex.rivera@vch.ca")
    assert ProviderSession.objects.filter(user=alex).exists()

    erase_account(user=alex)

    assert not SocialAccount.objects.filter(user=alex).exists()
    assert not ProviderSession.objects.filter(user=alex).exists()


class TestContentSecurityPolicy:
    """Chromium holds a form's redirects to the page's `form-action` (tests/browser/test_sso)."""

    def test_the_sign_in_page_lets_its_forms_reach_the_provider(self, client, oidc_app):
        policy = client.get(reverse("account_login"))["Content-Security-Policy"]

        origin = oidc_app.settings["server_url"].removesuffix("/o")
        assert f"form-action 'self' {origin}" in policy

    def test_pages_of_a_password_session_read_no_provider(self, client, oidc_app):
        client.force_login(UserFactory())
        client.get(reverse("accounts:profile"))

        with CaptureQueriesContext(connection) as queries:
            policy = client.get(reverse("accounts:profile"))["Content-Security-Policy"]

        assert policy.endswith("form-action 'self'")
        assert not [q for q in queries.captured_queries if "socialaccount_socialapp" in q["sql"]]

    def test_a_provider_session_may_sign_out_there(self, client, oidc_app):
        sign_in_with_provider(client, "alex")

        policy = client.get(reverse("accounts:profile"))["Content-Security-Policy"]

        assert oidc_app.settings["server_url"].removesuffix("/o") in policy
