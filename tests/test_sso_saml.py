"""SAML 2.0 sign-in through a real identity provider (pysaml2's IdP, tests/saml_idp.py) signing
its responses: an account made from the assertion's attributes, its multi-factor context
counting for ours, SSO-only addresses sent to it, and every bad response refused (a wrong
signature, another audience, an expired or replayed response) with the 400 page."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.urls import reverse
from saml2 import BINDING_HTTP_REDIRECT
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID

from accounts.middleware import PROVIDER_MFA_SESSION_KEY
from accounts.models import User
from mentoring.audit.models import AccessEvent, Action
from tests.factories import UserFactory
from tests.saml_idp import (
    MFA,
    PASSWORD_ONLY,
    SLO_URL,
    SLUG,
    key_and_certificate,
    post_to_acs,
    sign_in_with_saml,
    sp_metadata,
    start_saml,
)


def test_first_sign_in_makes_the_account_from_the_assertion(client, saml_app, saml_idp):
    response = sign_in_with_saml(client, saml_idp, "riley")
    assert response.status_code == 302, response.content
    riley = User.objects.get(email="riley.chen@vch.ca")
    assert (riley.full_name, riley.department, riley.job_title) == (
        "Riley Chen",
        "Cardiology",
        "Unit Clerk",
    )
    assert not riley.has_usable_password()
    assert SocialAccount.objects.get(user=riley, provider=SLUG).uid == "riley.chen@vch.ca"
    assert client.session[PROVIDER_MFA_SESSION_KEY] == SLUG
    assert AccessEvent.objects.filter(action=Action.SIGNED_IN, actor=riley).exists()


def test_a_password_only_context_does_not_count_as_mfa(client, saml_app, saml_idp):
    sign_in_with_saml(client, saml_idp, "riley", authn=PASSWORD_ONLY)
    assert "_auth_user_id" in client.session
    assert PROVIDER_MFA_SESSION_KEY not in client.session


def test_an_existing_account_is_linked_and_kept_in_step(client, saml_app, saml_idp):
    person = User.objects.create_user("riley.chen@vch.ca", full_name="R. Chen")
    sign_in_with_saml(client, saml_idp, "riley")
    person.refresh_from_db()
    assert person.full_name == "Riley Chen"
    assert SocialAccount.objects.get(provider=SLUG).user == person


def test_an_sso_only_address_goes_to_the_saml_provider(client, saml_app, saml_idp):
    response = client.post(reverse("account_login"), {"login": "riley.chen@vch.ca"})
    assert response.status_code == 302
    assert response["Location"].startswith(saml_idp.sso_url + "?SAMLRequest=")


def test_unverified_addresses_are_refused(client, saml_app, saml_idp):
    saml_app.settings = {**saml_app.settings, "verified_email": False}
    saml_app.save()
    response = sign_in_with_saml(client, saml_idp, "kim")
    assert response.status_code == 403
    assert not User.objects.filter(email="kim.lo@example.org").exists()


class TestBadResponses:
    def refused(self, response):
        assert response.status_code == 400, response.content
        assert "Signing in with Vancouver Coastal Health (SAML) did not work" in (
            response.content.decode()
        )
        assert "_auth_user_id" not in response.client.session
        assert AccessEvent.objects.filter(action=Action.SIGN_IN_FAILED).exists()
        assert not User.objects.filter(email="riley.chen@vch.ca").exists()

    def test_a_wrong_signature(self, client, saml_app, saml_idp):
        other_key, _, _ = key_and_certificate(saml_idp.directory, "impostor")
        server = saml_idp.server([sp_metadata(client)], key=other_key)
        acs_url, form = saml_idp.answer(server, start_saml(client), "riley")
        self.refused(post_to_acs(client, acs_url, form))

    def test_a_response_for_another_service(self, client, saml_app, saml_idp):
        ours = sp_metadata(client)
        theirs = ours.replace(f"/accounts/saml/{SLUG}/metadata/", "/someone-else/")
        server = saml_idp.server([ours, theirs])
        elsewhere = f"http://testserver/accounts/saml/{SLUG}/metadata/".replace(
            f"/accounts/saml/{SLUG}/metadata/", "/someone-else/"
        )
        acs_url, form = saml_idp.answer(server, start_saml(client), "riley", audience=elsewhere)
        self.refused(post_to_acs(client, acs_url, form))

    def test_an_expired_response(self, client, saml_app, saml_idp):
        server = saml_idp.server([sp_metadata(client)])
        acs_url, form = saml_idp.answer(server, start_saml(client), "riley")
        later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2)
        with time_machine.travel(later, tick=False):
            self.refused(post_to_acs(client, acs_url, form))

    def test_a_replayed_response(self, client, saml_app, saml_idp):
        server = saml_idp.server([sp_metadata(client)])
        acs_url, form = saml_idp.answer(server, start_saml(client), "riley")
        assert post_to_acs(client, acs_url, form).status_code == 302
        client.logout()
        replayed = post_to_acs(client, acs_url, form)
        assert replayed.status_code in (400, 403), replayed.content
        assert "_auth_user_id" not in client.session

    @pytest.mark.parametrize("garbage", ["not base64!", "PHhtbD4=", ""])
    def test_garbage(self, client, saml_app, saml_idp, garbage):
        start_saml(client)
        response = post_to_acs(
            client, f"http://testserver/accounts/saml/{SLUG}/acs/", {"SAMLResponse": garbage}
        )
        assert response.status_code == 400, response.content


def test_staff_test_the_saml_provider_and_stay_themselves(client, saml_app, saml_idp):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    tested = reverse("sso:tested", kwargs={"provider_id": SLUG})
    response = sign_in_with_saml(
        client, saml_idp, "riley", start={"process": "redirect", "next": tested}
    )
    assert response["Location"] == tested
    page = client.get(tested)
    assert page.context["user"] == staff
    assert "riley.chen@vch.ca" in page.content.decode() and "Cardiology" in page.content.decode()
    assert not User.objects.filter(email="riley.chen@vch.ca").exists()


def test_staff_see_what_to_register_at_the_saml_provider(client, saml_app):
    client.force_login(UserFactory(is_staff=True))
    page = client.get(reverse("sso:providers")).content.decode()
    assert f"http://testserver/accounts/saml/{SLUG}/acs/" in page
    assert f"http://testserver/accounts/saml/{SLUG}/metadata/" in page
    assert "AuthnContextClassRef" in page


class TestAdmin:
    FORM = {
        "provider": "saml",
        "provider_id": "adfs",
        "name": "Fraser Health",
        "client_id": "fraser",
        "secret": "",
        "sso_only_domains": "fraserhealth.ca",
        "verified_email": "on",
        "create_accounts": "on",
        "trust_mfa": "on",
        "mfa_amr": "",
        "mfa_acr": MFA,
        "claim_full_name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
        "claim_department": "department",
        "claim_job_title": "title",
    }

    def test_staff_add_a_saml_provider_with_fields(self, client, db, saml_idp):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        form = self.FORM | {
            "idp_entity_id": "https://adfs.fraserhealth.ca/adfs/services/trust",
            "idp_sso_url": "https://adfs.fraserhealth.ca/adfs/ls/",
            "idp_x509cert": saml_idp.certificate_pem,
        }
        response = client.post(reverse("admin:socialaccount_socialapp_add"), form)
        assert response.status_code == 302, response.context["adminform"].form.errors
        app = SocialApp.objects.get(provider_id="adfs")
        assert app.settings["idp"]["sso_url"] == "https://adfs.fraserhealth.ca/adfs/ls/"
        assert app.settings["advanced"]["want_assertion_signed"] is True
        assert app.settings["mfa_acr"] == [MFA]
        assert "server_url" not in app.settings

    def test_a_saml_provider_needs_its_idp_and_keeps_what_was_typed(self, client, db):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        response = client.post(reverse("admin:socialaccount_socialapp_add"), self.FORM)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert set(errors) == {"idp_entity_id", "idp_sso_url", "idp_x509cert"}
        assert 'value="fraser"' in response.content.decode()


class TestSingleLogout:
    def test_signing_out_here_signs_out_at_the_provider(self, client, saml_app, saml_idp):
        sign_in_with_saml(client, saml_idp, "riley")
        server = saml_idp.server([sp_metadata(client)])
        response = client.post(reverse("account_logout"))
        assert response["Location"].startswith(SLO_URL + "?SAMLRequest=")
        assert "_auth_user_id" not in client.session
        query = parse_qs(urlsplit(response["Location"]).query)
        logout = server.parse_logout_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        assert logout.message.name_id.text == "riley.chen@vch.ca"
        answer = server.create_logout_response(logout.message, [BINDING_HTTP_REDIRECT])
        back = server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(answer),
            f"http://testserver/accounts/saml/{SLUG}/sls/",
            query.get("RelayState", [""])[0],
            response=True,
        )
        location = dict(back["headers"])["Location"]
        returned = client.get(urlsplit(location).path + "?" + urlsplit(location).query)
        assert returned.status_code == 302
        assert returned["Location"] in ("/", "http://testserver/")

    def test_the_provider_signing_out_ends_the_session_here(self, client, saml_app, saml_idp):
        sign_in_with_saml(client, saml_idp, "riley")
        assert "_auth_user_id" in client.session
        server = saml_idp.server([sp_metadata(client)])
        sls = f"http://testserver/accounts/saml/{SLUG}/sls/"
        _, request = server.create_logout_request(
            destination=sls,
            issuer_entity_id=f"http://testserver/accounts/saml/{SLUG}/metadata/",
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text="riley.chen@vch.ca"),
        )
        sent = server.apply_binding(BINDING_HTTP_REDIRECT, str(request), sls)
        location = urlsplit(dict(sent["headers"])["Location"])
        response = client.get(f"{location.path}?{location.query}")
        assert response.status_code == 302
        assert response["Location"].startswith(SLO_URL + "?SAMLResponse=")
        assert "_auth_user_id" not in client.session
