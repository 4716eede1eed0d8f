"""A SAML 2.0 identity provider for the tests: pysaml2's IdP (`saml2.server.Server`), signing
its responses and assertions with its own key (RSA-SHA256, with Debian's xmlsec1), for the
SocialApp `saml_app` makes. `SamlIdP.answer` reads our AuthnRequest and writes the signed
Response as the IdP would post it back; `sign_in_with_saml` runs the whole flow with Django's
test client. `serve` puts the same IdP on loopback for the browser, with a sign-in form.
"""

import base64
import dataclasses
import datetime
import html
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
import requests
from allauth.socialaccount.models import SocialApp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server

SLUG = "vch-saml"
SLO_URL = "https://idp.vch.test/saml/slo"
IDP_ENTITY = "https://idp.vch.test/saml/metadata"
MFA = "http://schemas.microsoft.com/claims/multipleauthn"
PASSWORD_ONLY = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
SHA256 = {
    "sign_alg": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "digest_alg": "http://www.w3.org/2001/04/xmlenc#sha256",
}
CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"
# At the provider, as ADFS and Entra ID name the attributes.
PEOPLE = {
    "riley": {
        f"{CLAIMS}/emailaddress": "riley.chen@vch.ca",
        f"{CLAIMS}/name": "Riley Chen",
        f"{CLAIMS}/department": "Cardiology",
        f"{CLAIMS}/title": "Unit Clerk",
    },
    "kim": {f"{CLAIMS}/emailaddress": "kim.lo@example.org", f"{CLAIMS}/name": "Kim Lo"},
}


def key_and_certificate(directory: Path, name: str) -> tuple[Path, Path, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_path, certificate_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    certificate_path.write_bytes(pem)
    return key_path, certificate_path, pem.decode()


@dataclasses.dataclass
class SamlIdP:
    sso_url: str
    key: Path
    certificate: Path
    certificate_pem: str
    directory: Path

    def server(self, sp_metadata: list[str], *, key: Path | None = None) -> Server:
        config = IdPConfig()
        config.load(
            {
                "entityid": IDP_ENTITY,
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)],
                            "single_logout_service": [(SLO_URL, BINDING_HTTP_REDIRECT)],
                        },
                        "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                        "policy": {"default": {"lifetime": {"minutes": 5}}},
                    }
                },
                "key_file": str(key or self.key),
                "cert_file": str(self.certificate),
                "metadata": {"inline": sp_metadata},
                "xmlsec_binary": "/usr/bin/xmlsec1",
                "allow_unknown_attributes": True,
            }
        )
        return Server(config=config)

    def answer(
        self,
        server: Server,
        redirect_url: str,
        person: str,
        *,
        authn=MFA,
        audience: str | None = None,
    ) -> tuple[str, dict]:
        """(where to post it, the form) for our AuthnRequest at `redirect_url`."""
        query = parse_qs(urlsplit(redirect_url).query)
        request = server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        message = request.message
        attributes = PEOPLE[person]
        response = server.create_authn_response(
            identity={name: [value] for name, value in attributes.items()},
            in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=audience or message.issuer.text,
            name_id=NameID(
                format=NAMEID_FORMAT_EMAILADDRESS, text=attributes[f"{CLAIMS}/emailaddress"]
            ),
            authn={"class_ref": authn},
            sign_assertion=True,
            sign_response=True,
            **SHA256,
        )
        form = {"SAMLResponse": base64.b64encode(str(response).encode()).decode()}
        if relay_state := query.get("RelayState"):
            form["RelayState"] = relay_state[0]
        return message.assertion_consumer_service_url, form


def sp_metadata(client) -> str:
    return client.get(f"/accounts/saml/{SLUG}/metadata/").content.decode()


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    directory = tmp_path_factory.mktemp("saml-idp")
    key, certificate, pem = key_and_certificate(directory, "idp")
    return SamlIdP("https://idp.vch.test/saml/sso", key, certificate, pem, directory)


@pytest.fixture
def saml_app(saml_idp, db):
    return SocialApp.objects.create(
        provider="saml",
        provider_id=SLUG,
        client_id=SLUG,
        name="Vancouver Coastal Health (SAML)",
        settings={
            "idp": {
                "entity_id": IDP_ENTITY,
                "sso_url": saml_idp.sso_url,
                "slo_url": SLO_URL,
                "x509cert": saml_idp.certificate_pem,
            },
            "attribute_mapping": {
                "uid": f"{CLAIMS}/emailaddress",
                "email": f"{CLAIMS}/emailaddress",
            },
            "advanced": {
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
                # The test client's host, "testserver", has no dot.
                "allow_single_label_domains": True,
            },
            "verified_email": True,
            "sso_only_domains": ["vch.ca"],
            "claims": {
                "full_name": f"{CLAIMS}/name",
                "department": f"{CLAIMS}/department",
                "job_title": f"{CLAIMS}/title",
            },
            "mfa_acr": [MFA],
        },
    )


def start_saml(client, **data) -> str:
    """Press the provider's button: where our AuthnRequest sends the browser."""
    response = client.post(f"/accounts/saml/{SLUG}/login/", {"process": "login", **data})
    assert response.status_code == 302, response.content
    return response["Location"]


def post_to_acs(client, acs_url: str, form: dict):
    """The IdP's auto-submitting form arriving, and allauth finishing at its next step."""
    arrived = client.post(urlsplit(acs_url).path, form)
    assert arrived.status_code == 302, arrived.content
    return client.get(arrived["Location"])


def sign_in_with_saml(client, saml_idp, person: str, start=None, **answer):
    server = saml_idp.server([sp_metadata(client)])
    acs_url, form = saml_idp.answer(server, start_saml(client, **(start or {})), person, **answer)
    return post_to_acs(client, acs_url, form)


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve(saml_idp: SamlIdP, live_server_url: str, person: str):
    """The IdP on loopback for a browser: its sign-in page, then the signed response posted
    back to our ACS by the browser, as a real IdP's page does. Returns (url, stop)."""
    state = {}

    def app(environ, start_response):
        if environ["PATH_INFO"] != "/sso":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not found"]
        if environ["REQUEST_METHOD"] == "GET":
            state["request"] = "/sso?" + environ.get("QUERY_STRING", "")
            body = (
                f"<p>Signing in as {html.escape(person)}.</p><form method='post'>"
                "<button type='submit'>Continue at the provider</button></form>"
            )
        else:
            metadata = requests.get(
                f"{live_server_url}/accounts/saml/{SLUG}/metadata/", timeout=10
            ).text
            server = saml_idp.server([metadata])
            acs_url, form = saml_idp.answer(server, state["request"], person)
            fields = "".join(
                f"<input type='hidden' name='{name}' value='{html.escape(value)}'>"
                for name, value in form.items()
            )
            body = (
                f"<form method='post' action='{html.escape(acs_url)}'>{fields}"
                "<button type='submit'>Back to Mentoring Toolkit</button></form>"
            )
        page = (
            '<!doctype html><html lang="en"><title>Test SAML provider</title>'
            f"<main><h1>Test SAML provider</h1>{body}</main></html>"
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]

    httpd = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_port}/sso", httpd.shutdown
