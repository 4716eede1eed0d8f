"""Sessions are read through the shared cache and kept in the database too (settings'
SESSION_ENGINE, cached_db): losing the cache signs nobody out, and signing out ends the session
wherever it is read from."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def signed_in(client) -> bool:
    return "Sign out" in client.get(reverse("guide")).text


def test_a_cleared_cache_signs_nobody_out(client_for, mentee):
    client = client_for(mentee)
    assert signed_in(client)
    cache.clear()
    assert signed_in(client)


def test_a_session_signed_out_is_gone_from_the_cache_too(client_for, mentee):
    client = client_for(mentee)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert signed_in(client)
    client.post(reverse("account_logout"))
    # A copy of the old cookie, as another browser (or a request on another node) sends it.
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert not signed_in(other)
