"""A directory calling our SCIM endpoints, as Entra ID and Okta do: JSON bodies with a bearer
token. Bodies below are those of Microsoft's and Okta's public SCIM guides."""

import json

import pytest

from mentoring.provisioning.models import ProvisioningToken

BASE = "/scim/v2"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


class Directory:
    def __init__(self, client, secret: str):
        self.client, self.secret = client, secret

    def call(self, method: str, path: str, body=None, *, raw: bytes | None = None, **headers):
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.secret}")
        return self.client.generic(
            method, BASE + path, data=data, content_type="application/scim+json", **headers
        )

    def get(self, path, **headers):
        return self.call("GET", path, **headers)

    def post(self, path, body, **headers):
        return self.call("POST", path, body, **headers)

    def put(self, path, body):
        return self.call("PUT", path, body)

    def patch(self, path, *operations):
        return self.call("PATCH", path, {"schemas": [PATCH_OP], "Operations": list(operations)})

    def delete(self, path):
        return self.call("DELETE", path)


def entra_user(user_name="alex.chen@vch.ca", email=None, **changes) -> dict:
    """Microsoft's "Create User" request, with our person in it."""
    body = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": user_name,
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": email or user_name}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Alex Chen", "familyName": "Chen", "givenName": "Alex"},
        "title": "Charge nurse",
        ENTERPRISE: {"department": "Emergency"},
        "roles": [],
    }
    return body | changes


def okta_user(user_name="test.user@okta.local", **changes) -> dict:
    """Okta's "Create the user" request."""
    body = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": True, "value": user_name, "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": True,
    }
    return body | changes


def group_body(name="Nursing mentors", **changes) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
        "displayName": name,
        "meta": {"resourceType": "Group"},
    } | changes


@pytest.fixture
def provisioning_token(db):
    token = ProvisioningToken(name="Entra ID")
    secret = token.issue()
    token.save()
    token.secret = secret
    return token


@pytest.fixture
def directory(client, provisioning_token):
    return Directory(client, provisioning_token.secret)
