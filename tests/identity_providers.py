"""Identity providers for the tests, run for real on loopback: `oidc_provider` starts the
django-oauth-toolkit project in `tests/oidc_provider/` in its own process, once per test
worker, with the people below.

`sign_in_at_provider` plays the person at the provider's own sign-in page (with `requests`, as
a browser would: a form, a cookie, redirects), and gives back where the provider sends them.
"""

import dataclasses
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto import jwk

PROVIDER_ID = "test-idp"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
PASSWORD = "provider-password"
LOGIN_URL = f"/accounts/oidc/{PROVIDER_ID}/login/"

# At the provider. `sub` is what the provider knows them by; `amr` says how they signed in there.
PEOPLE = {
    "alex": {
        "sub": "alex-0001",
        "email": "alex.rivera@vch.ca",
        "email_verified": True,
        "name": "Alex Rivera",
        "department": "Emergency Medicine",
        "job_title": "Clinical Nurse Educator",
        "amr": ["pwd", "mfa"],
    },
    "sam": {
        "sub": "sam-0002",
        "email": "sam.lee@example.org",
        "email_verified": True,
        "name": "Sam Lee",
        "amr": ["pwd"],
    },
    "una": {
        "sub": "una-0003",
        "email": "una.ward@example.org",
        "email_verified": False,
        "name": "Una Ward",
        "amr": ["pwd"],
    },
}


@dataclasses.dataclass
class Provider:
    url: str
    client_id: str
    client_secret: str
    private_key: str

    @property
    def server_url(self) -> str:
        return f"{self.url}/o"

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def signed(self, claims: dict, *, key: str | None = None) -> str:
        """A JWT signed as the provider signs its tokens (or with another `key`)."""
        pem = (key or self.private_key).encode()
        kid = jwk.JWK.from_pem(pem).thumbprint()
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc_provider")
    port = free_port()
    provider = Provider(
        url=f"http://127.0.0.1:{port}",
        client_id="mentoring-toolkit",
        client_secret="a-client-secret-only-for-tests",
        private_key=private_key_pem(),
    )
    world = {
        "database": str(folder / "provider.sqlite3"),
        "private_key": provider.private_key,
        "people": {
            username: {"password": PASSWORD, "claims": claims}
            for username, claims in PEOPLE.items()
        },
        "clients": [
            {
                "client_id": provider.client_id,
                "client_secret": provider.client_secret,
                # The test client's host, and the live server's on any port (RFC 8252).
                "redirect_uris": [
                    f"http://testserver{CALLBACK_PATH}",
                    f"http://localhost{CALLBACK_PATH}",
                ],
                "post_logout_redirect_uris": ["http://testserver/", "http://localhost/"],
            }
        ],
    }
    world_file = folder / "world.json"
    world_file.write_text(json.dumps(world))
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port)],
        cwd=Path(__file__).resolve().parent.parent,
        env={"OIDC_TEST_WORLD": str(world_file), "PATH": "/usr/bin:/bin"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(f"{provider.server_url}/.well-known/openid-configuration", process)
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The test provider stopped (exit {process.returncode}).")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The test provider did not answer at {url}.")


def sign_in_at_provider(authorize_url: str, username: str, browser=None) -> str:
    """Open the provider's authorize URL as `username`, sign in on its page, and return the
    URL it sends the person back to (our callback, with its code and state)."""
    browser = browser or requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    if response.status_code == 302 and "/login/" in response.headers["Location"]:
        login_url = urljoin(authorize_url, response.headers["Location"])
        browser.get(login_url, timeout=10)
        response = browser.post(
            login_url,
            data={
                "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
                "username": username,
                "password": PASSWORD,
                "next": parse_qs(urlsplit(login_url).query)["next"][0],
            },
            headers={"Referer": login_url},
            allow_redirects=False,
            timeout=10,
        )
        response = browser.get(
            urljoin(login_url, response.headers["Location"]), allow_redirects=False, timeout=10
        )
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


@pytest.fixture
def oidc_app(oidc_provider, db):
    """The provider, set up in the admin as staff would: SSO only for vch.ca."""
    from allauth.socialaccount.models import SocialApp

    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="Vancouver Coastal Health",
        client_id=oidc_provider.client_id,
        secret=oidc_provider.client_secret,
        settings={"server_url": oidc_provider.server_url, "sso_only_domains": ["vch.ca"]},
    )


def start(client, **data) -> str:
    """Press our "Sign in with …" button: the provider's authorize URL it sends the person to."""
    response = client.post(LOGIN_URL, data)
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def sign_in_with_provider(client, username, browser=None, **data):
    """The whole round trip, as `username` at the provider: our callback's response."""
    callback = sign_in_at_provider(start(client, **data), username, browser)
    return client.get(callback)
