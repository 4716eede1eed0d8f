"""Security policy: the admin signs in through allauth, two-factor for those who see many
pairs, sessions that end, passwords, throttles keyed on the real client behind a proxy."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from accounts.middleware import SessionTimeoutMiddleware
from mentoring.enrolment.models import CoordinatorInvitation
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
LOGIN = reverse("account_login")


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)


class TestAdminSignIn:
    def test_the_admin_sign_in_page_sends_people_to_the_sites_sign_in(self, client):
        response = client.get(reverse("admin:login") + "?next=/admin/")
        assert response.status_code == 302
        assert response.url == f"{LOGIN}?next=%2Fadmin%2F"

    def test_a_password_posted_to_the_admin_never_skips_two_factor(self, client, staff):
        with_totp(staff)
        client.post(
            reverse("admin:login"), {"username": staff.email, "password": PASSWORD, "next": ADMIN}
        )
        assert "_auth_user_id" not in client.session
        assert client.get(ADMIN).status_code == 302

    def test_the_sites_sign_in_asks_staff_for_their_code(self, client, staff):
        with_totp(staff)
        response = client.post(LOGIN, {"login": staff.email, "password": PASSWORD})
        assert response.url == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session

    def test_the_admin_takes_no_password_itself_so_allauths_throttles_apply(self, client, staff):
        for password in ["wrong"] * 12 + [PASSWORD]:
            client.post(reverse("admin:login"), {"username": staff.email, "password": password})
        assert "_auth_user_id" not in client.session

    def test_signed_in_people_who_are_not_staff_are_refused(self, client_for, mentee):
        assert client_for(mentee).get(reverse("admin:login")).status_code == 403


class TestTwoFactorRequired:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.REQUIRE_TWO_FACTOR = True

    def test_a_coordinator_without_it_is_sent_to_set_it_up(self, client_for, coordinator, program):
        response = client_for(coordinator).get(reverse("home"))
        assert response.url == reverse("mfa_activate_totp")

    def test_staff_without_it_cannot_reach_the_admin(self, client_for, staff):
        assert client_for(staff).get(ADMIN).url == reverse("mfa_activate_totp")

    def test_setting_it_up_and_signing_out_stay_open(self, client_for, coordinator, program):
        client = client_for(coordinator)
        activate = client.get(reverse("mfa_activate_totp"))
        assert activate.url.startswith(reverse("account_reauthenticate"))
        assert client.get(reverse("account_reauthenticate")).status_code == 200
        assert client.post(reverse("account_logout")).status_code == 302

    def test_with_it_they_reach_their_pages(self, client_for, coordinator, program, staff):
        with_totp(coordinator)
        with_totp(staff)
        assert client_for(coordinator).get(reverse("home")).status_code == 200
        assert client_for(staff).get(ADMIN).status_code == 200

    def test_becoming_a_coordinator_asks_at_once(self, client_for, stranger, program):
        client = client_for(stranger)
        assert client.get(reverse("home")).status_code == 200
        CoordinatorInvitation.objects.create(program=program, user=stranger)
        client.post(reverse("enrolment:accept_coordination", args=[program.pk]))
        assert client.get(reverse("home")).url == reverse("mfa_activate_totp")

    def test_mentors_and_mentees_are_not_asked(self, client_for, mentee, mentor, pair):
        assert client_for(mentee).get(reverse("home")).status_code == 200
        assert client_for(mentor).get(reverse("home")).status_code == 200

    def test_it_is_checked_again_after_a_few_minutes(self, client_for, coordinator, program):
        with_totp(coordinator)
        client = client_for(coordinator)
        assert client.get(reverse("home")).status_code == 200
        Authenticator.objects.filter(user=coordinator).delete()
        assert client.get(reverse("home")).status_code == 200
        session = client.session
        session["two_factor_checked_at"] -= 6 * 60
        session.save()
        assert client.get(reverse("home")).url == reverse("mfa_activate_totp")

    def test_a_setting_turns_it_off(self, client_for, coordinator, program, settings):
        settings.REQUIRE_TWO_FACTOR = False
        assert client_for(coordinator).get(reverse("home")).status_code == 200


class TestSessionTimeout:
    def age_session(self, client, **seconds_ago):
        session = client.session
        for key, ago in seconds_ago.items():
            session[key] = int(time.time()) - ago
        session.save()

    def test_a_session_idle_for_longer_than_the_limit_is_signed_out(self, client_for, mentee):
        client = client_for(mentee)
        client.get(reverse("home"))
        self.age_session(client, last_seen_at=8 * 3600 + 60)
        response = client.get(reverse("home"))
        assert response.url.startswith(LOGIN)
        assert "_auth_user_id" not in client.session

    def test_activity_keeps_it_open(self, client_for, mentee):
        client = client_for(mentee)
        client.get(reverse("home"))
        self.age_session(client, last_seen_at=7 * 3600)
        assert client.get(reverse("home")).status_code == 200
        assert client.session[SessionTimeoutMiddleware.LAST_SEEN_AT] >= time.time() - 5

    def test_a_session_older_than_its_maximum_age_ends_however_active(self, client_for, mentee):
        client = client_for(mentee)
        client.get(reverse("home"))
        self.age_session(client, signed_in_at=7 * 24 * 3600 + 60, last_seen_at=10)
        assert client.get(reverse("home")).url.startswith(LOGIN)

    @override_settings(SESSION_IDLE_TIMEOUT=60)
    def test_the_idle_time_is_a_setting(self, client_for, mentee):
        client = client_for(mentee)
        client.get(reverse("home"))
        self.age_session(client, last_seen_at=120)
        assert client.get(reverse("home")).url.startswith(LOGIN)


def test_passwords_are_at_least_twelve_characters(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "short@example.com", "password1": "Xq7!short1a", "password2": "Xq7!short1a"},
    )
    assert "at least 12 characters" in response.text


class TestThrottlesBehindAProxy:
    def sign_in_attempts(self, client, count, **forwarded_for):
        return [
            client.post(
                LOGIN,
                {"login": f"person{n}@example.com", "password": "wrong"},
                REMOTE_ADDR="10.1.2.3",
                **({"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"} if forwarded_for else {}),
            ).status_code
            for n in range(count)
        ]

    def test_without_a_trusted_proxy_all_requests_count_as_one_address(self, client):
        assert 429 in self.sign_in_attempts(client, 31)

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_with_a_trusted_proxy_each_client_has_its_own_limit(self, client):
        assert 429 not in self.sign_in_attempts(client, 31, forwarded_for=True)


@pytest.mark.django_db(transaction=True)
def test_throttle_counts_live_in_the_shared_database_cache(client):
    database_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
        "pages": django_settings.CACHES["pages"],
    }
    with override_settings(CACHES=database_cache):
        call_command("createcachetable")
        try:
            UserFactory(email="target@example.com")
            for _ in range(5):
                client.post(LOGIN, {"login": "target@example.com", "password": "wrong"})
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM django_cache")
                assert cursor.fetchone()[0] > 0
            locked = client.post(LOGIN, {"login": "target@example.com", "password": PASSWORD})
            assert "Too many failed login attempts" in locked.text
        finally:
            caches["default"].clear()
