"""Who may sign up: SIGNUP_POLICY open, domains or invitation (accounts/adapter.py)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from accounts.adapter import AccountAdapter
from accounts.models import User
from mentoring.enrolment import join_links
from mentoring.enrolment.templatetags.invitations import set_password_url
from mentoring.programs.models import Participant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"


def load_settings(show="s.SIGNUP_POLICY", **env) -> subprocess.CompletedProcess:
    """The settings imported in a fresh interpreter with only `env` set."""
    return subprocess.run(
        [sys.executable, "-c", f"import mentoring.settings as s; print({show})"],
        cwd=django_settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )


def sign_up(client, email, next_url=None):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    url = reverse("account_signup") + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


@pytest.fixture
def policy(settings):
    def set_policy(name, domains=()):
        settings.SIGNUP_POLICY = name
        settings.SIGNUP_DOMAINS = list(domains)

    return set_policy


@pytest.fixture
def token(program, coordinator):
    return join_links.create_join_link(program=program, created_by=coordinator)[1]


def test_by_default_anyone_signs_up(client):
    sign_up(client, "anyone@gmail.com")
    assert User.objects.filter(email="anyone@gmail.com").exists()


class TestDomains:
    def test_an_address_at_a_listed_domain_signs_up(self, client, policy):
        policy("domains", ["vch.ca", "phsa.ca"])
        sign_up(client, "Ana@PHSA.ca")
        assert User.objects.filter(email__iexact="ana@phsa.ca").exists()

    def test_another_address_is_told_which_domains(self, client, policy):
        policy("domains", ["vch.ca", "phsa.ca"])
        response = sign_up(client, "someone@gmail.com")
        assert response.status_code == 200
        assert "Sign-up is open to addresses at vch.ca or phsa.ca only." in response.text
        assert not User.objects.filter(email="someone@gmail.com").exists()

    def test_a_join_link_does_not_widen_the_domains(self, client, policy, token):
        policy("domains", ["vch.ca"])
        client.get(reverse("enrolment:join", args=[token]))
        sign_up(client, "someone@gmail.com")
        assert not User.objects.filter(email="someone@gmail.com").exists()

    def test_a_signed_in_person_cannot_add_an_address_elsewhere(self, policy, mentee):
        policy("domains", ["vch.ca"])
        request = RequestFactory().get("/")
        request.user, request.session = mentee, {}
        with pytest.raises(Exception, match="vch.ca only"):
            AccountAdapter(request).clean_email("mina@gmail.com")


class TestInvitation:
    def test_sign_up_is_closed_without_a_join_link(self, client, policy):
        policy("invitation")
        page = client.get(reverse("account_signup"))
        assert "Sign-up is by invitation" in page.text
        sign_up(client, "someone@vch.ca")
        assert not User.objects.filter(email="someone@vch.ca").exists()

    def test_a_join_link_opens_sign_up_and_leads_back_to_joining(
        self, client, policy, token, program, mailoutbox
    ):
        policy("invitation")
        join = reverse("enrolment:join", args=[token])
        client.get(join)
        assert 'name="password1"' in client.get(reverse("account_signup")).text
        sign_up(client, "new@vch.ca", next_url=join)
        person = User.objects.get(email="new@vch.ca")
        confirm = mailoutbox[0].body.split("/accounts/confirm-email/")[1].split("/")[0]
        response = client.post(reverse("account_confirm_email", args=[confirm]))
        assert response["Location"] == join
        client.post(join, {"full_name": "Nia New", "role": "mentee"})
        assert Participant.objects.filter(program=program, user=person).exists()

    def test_a_join_link_with_domains_admits_only_those(
        self, client, policy, token, program, coordinator
    ):
        policy("invitation")
        link = program.join_links.get()
        link.allowed_domains = ["vch.ca"]
        link.save()
        client.get(reverse("enrolment:join", args=[token]))
        response = sign_up(client, "someone@gmail.com")
        assert "Sign-up is open to addresses at vch.ca only." in response.text
        assert not User.objects.filter(email="someone@gmail.com").exists()

    def test_a_revoked_link_opens_nothing(self, client, policy, token, program):
        policy("invitation")
        join_links.revoke_join_link(program=program)
        assert client.get(reverse("enrolment:join", args=[token])).status_code == 410
        sign_up(client, "someone@vch.ca")
        assert not User.objects.filter(email="someone@vch.ca").exists()

    def test_a_link_revoked_after_it_was_opened_opens_nothing(
        self, client, policy, token, program
    ):
        policy("invitation")
        assert client.get(reverse("enrolment:join", args=[token])).status_code == 200
        join_links.revoke_join_link(program=program)
        sign_up(client, "late@gmail.com")
        assert not User.objects.filter(email="late@gmail.com").exists()

    def test_domains_narrowed_after_the_link_was_opened_hold(self, client, policy, token, program):
        policy("invitation")
        client.get(reverse("enrolment:join", args=[token]))
        program.join_links.update(allowed_domains=["vch.ca"])
        response = sign_up(client, "someone@gmail.com")
        assert "Sign-up is open to addresses at vch.ca only." in response.text

    def test_invited_people_still_choose_their_password(self, client, policy):
        policy("invitation")
        invited = UserFactory(email="invited@example.org", password=None, verified=False)
        invited.set_unusable_password()
        invited.save()
        page = client.get(set_password_url(invited), follow=True)
        client.post(page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD})
        client.post(reverse("account_login"), {"login": invited.email, "password": PASSWORD})
        assert client.get(reverse("accounts:profile")).status_code == 200

    def test_the_adapter_outside_a_request_admits_any_domain(self, policy):
        policy("invitation")
        assert AccountAdapter(None).allowed_domains() == []
        request = RequestFactory().get("/")
        request.user, request.session = AnonymousUser(), {}
        assert not AccountAdapter(request).is_open_for_signup(request)


class TestSettings:
    def test_a_policy_it_does_not_know_stops_the_start(self):
        result = load_settings(DEBUG="1", SIGNUP_POLICY="maybe")
        assert "SIGNUP_POLICY must be open, domains or invitation" in result.stderr

    def test_domains_without_domains_stops_the_start(self):
        result = load_settings(DEBUG="1", SIGNUP_POLICY="domains")
        assert "SIGNUP_POLICY=domains needs SIGNUP_DOMAINS" in result.stderr

    def test_domains_are_read_lower_case(self):
        result = load_settings(
            "s.SIGNUP_POLICY, s.SIGNUP_DOMAINS",
            DEBUG="1",
            SIGNUP_POLICY="Domains",
            SIGNUP_DOMAINS="VCH.ca, @phsa.ca",
        )
        assert result.stdout.strip() == "domains ['vch.ca', 'phsa.ca']"
