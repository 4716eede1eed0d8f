"""Single logout with the OpenID Connect provider of tests/identity_providers.py: signing out
here signs out there (RP-Initiated Logout), and the provider's back-channel logout token ends
sessions here, once its signature, issuer, audience, expiry and use are checked."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from mentoring.audit.models import AccessEvent, Action
from tests.identity_providers import PROVIDER_ID, private_key_pem, sign_in_with_provider


class TestSingleLogout:
    def test_signing_out_here_signs_out_at_the_provider(self, client, oidc_app):
        browser = requests.Session()
        sign_in_with_provider(client, "alex", browser)

        response = client.post(reverse("account_logout"))

        end_session = urlsplit(response["Location"])
        assert f"{end_session.scheme}://{end_session.netloc}" == oidc_app.settings[
            "server_url"
        ].removesuffix("/o")
        query = parse_qs(end_session.query)
        assert query["post_logout_redirect_uri"] == ["http://testserver/"]
        assert query["id_token_hint"]
        back = browser.get(response["Location"], allow_redirects=False, timeout=10)
        assert back.status_code == 302 and back.headers["Location"].startswith(
            "http://testserver/"
        )

    def logout_token(self, oidc_provider, **claims):
        now = int(time.time())
        return oidc_provider.signed(
            {
                "iss": oidc_provider.issuer,
                "aud": oidc_provider.client_id,
                "iat": now,
                "exp": now + 120,
                "jti": f"logout-{now}-{time.monotonic_ns()}",
                "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
                **claims,
            }
        )

    def backchannel(self, client, token):
        url = reverse("sso:backchannel_logout", kwargs={"provider_id": PROVIDER_ID})
        return client.post(url, {"logout_token": token})

    def test_the_provider_ends_the_persons_sessions(self, client, oidc_app, oidc_provider):
        sign_in_with_provider(client, "alex")
        assert client.get(reverse("home")).context["user"].is_authenticated

        response = self.backchannel(Client(), self.logout_token(oidc_provider, sub="alex-0001"))

        assert response.status_code == 200
        assert not client.get(reverse("home")).context["user"].is_authenticated

    @pytest.mark.parametrize(
        "change",
        [
            {"aud": "someone-else"},
            {"iss": "http://127.0.0.1:1/o"},
            {"exp": int(time.time()) - 600},
            {"events": {}},
            {"nonce": "n"},
            {"sub": None},
        ],
        ids=["audience", "issuer", "expired", "no event", "nonce", "nobody"],
    )
    def test_bad_logout_tokens_are_refused(self, client, oidc_app, oidc_provider, change):
        sign_in_with_provider(client, "alex")
        claims = {"sub": "alex-0001", **change}
        token = self.logout_token(
            oidc_provider, **{k: v for k, v in claims.items() if v is not None}
        )

        response = self.backchannel(Client(), token)

        assert response.status_code == 400
        assert client.get(reverse("home")).context["user"].is_authenticated
        assert AccessEvent.objects.filter(action=Action.PROVIDER_MESSAGE_REFUSED).exists()

    def test_a_token_signed_by_another_key_is_refused(self, client, oidc_app, oidc_provider):
        token = oidc_provider.signed({"sub": "alex-0001"}, key=private_key_pem())

        assert self.backchannel(client, token).status_code == 400

    def test_a_replayed_logout_token_is_refused(self, client, oidc_app, oidc_provider):
        token = self.logout_token(oidc_provider, sub="alex-0001")

        assert self.backchannel(client, token).status_code == 200
        assert self.backchannel(client, token).status_code == 400
