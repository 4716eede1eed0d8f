import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import TimeZoneMiddleware
from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-passphrase-42"


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


class TestUserModel:
    def test_email_is_the_login(self):
        user = User.objects.create_user("Someone@Example.COM", PASSWORD)
        assert user.email == "Someone@example.com"
        assert user.check_password(PASSWORD)
        assert not hasattr(user, "username") or user.username is None

    def test_it_requires_an_email(self):
        with pytest.raises(ValueError, match="email"):
            User.objects.create_user("", PASSWORD)

    def test_a_superuser_is_staff(self):
        admin = User.objects.create_superuser("admin@example.com", PASSWORD)
        assert admin.is_staff and admin.is_superuser

    def test_it_is_shown_by_name_or_else_email(self):
        assert str(UserFactory(full_name="Ann Lee")) == "Ann Lee"
        assert str(UserFactory(full_name="", email="x@example.com")) == "x@example.com"

    def test_expertise_reads_as_a_list(self):
        user = UserFactory(expertise="Budgets, , Leading change ")
        assert user.expertise_list == ["Budgets", "Leading change"]


class TestSignUpAndSignIn:
    def test_it_signs_up_verifies_the_email_and_signs_in(self, client):
        response = client.post(
            reverse("account_signup"),
            {"email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        assert response.url == reverse("account_email_verification_sent")
        assert not EmailAddress.objects.get(email="new@example.com").verified

        confirm_url = link_in(mail.outbox[-1])
        response = client.post(confirm_url)
        assert EmailAddress.objects.get(email="new@example.com").verified
        response = client.get(reverse("home"), follow=True)
        assert response.context["user"].email == "new@example.com"

    def test_an_unverified_email_cannot_sign_in(self, client):
        UserFactory(email="pending@example.com", verified=False)
        response = client.post(
            reverse("account_login"), {"login": "pending@example.com", "password": PASSWORD}
        )
        assert response.url == reverse("account_email_verification_sent")
        assert "_auth_user_id" not in client.session

    def test_a_verified_person_signs_in(self, client):
        UserFactory(email="known@example.com")
        response = client.post(
            reverse("account_login"), {"login": "known@example.com", "password": PASSWORD}
        )
        assert response.url == reverse("home")
        assert "_auth_user_id" in client.session

    def test_a_wrong_password_is_explained_and_the_email_kept(self, client):
        UserFactory(email="known@example.com")
        response = client.post(
            reverse("account_login"), {"login": "known@example.com", "password": "nope"}
        )
        assert response.status_code == 200
        assert "not correct" in response.text
        assert 'value="known@example.com"' in response.text

    def test_a_bad_sign_up_keeps_what_was_typed(self, client):
        UserFactory(email="taken@example.com")
        response = client.post(
            reverse("account_signup"),
            {"email": "taken@example.com", "password1": NEW_PASSWORD, "password2": "different"},
        )
        assert response.status_code == 200
        assert 'value="taken@example.com"' in response.text
        assert "invalid-feedback" in response.text

    def test_a_forgotten_password_is_reset_by_email(self, client):
        user = UserFactory(email="forgot@example.com")
        client.post(reverse("account_reset_password"), {"email": "forgot@example.com"})
        reset_url = link_in(mail.outbox[-1])
        response = client.get(reset_url, follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
        client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)

    def test_two_factor_authentication_can_be_turned_on_and_is_then_asked_for(self, client):
        UserFactory(email="careful@example.com")
        credentials = {"login": "careful@example.com", "password": PASSWORD}
        client.post(reverse("account_login"), credentials)
        assert client.get(reverse("mfa_activate_totp")).url.startswith(
            reverse("account_reauthenticate")
        )
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

        response = client.get(reverse("mfa_activate_totp"))
        assert response.status_code == 200
        secret = response.context["form"].secret
        code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
        client.post(reverse("mfa_activate_totp"), {"code": code})
        assert Authenticator.objects.filter(
            user__email="careful@example.com", type=Authenticator.Type.TOTP
        ).exists()

        client.post(reverse("account_logout"))
        response = client.post(reverse("account_login"), credentials)
        assert response.url == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session


class TestProfile:
    url = reverse("accounts:profile")

    def form_data(self, **changes):
        return {
            "full_name": "Mina Mentee",
            "job_title": "Charge Nurse",
            "department": "UBC Hospital",
            "bio": "Ten years in acute care.",
            "expertise": "Scheduling,  Teamwork ,",
            "growth_areas": " Budgets,, Quality improvement ",
            "open_to_mentoring": "on",
            "mentee_capacity": "2",
        } | changes

    def test_it_asks_anonymous_visitors_to_sign_in(self, client, db):
        assert client.get(self.url).status_code == 302

    def test_it_saves_the_profile(self, client_for, mentee):
        response = client_for(mentee).post(self.url, self.form_data(), follow=True)
        mentee.refresh_from_db()
        assert "Your profile is saved." in response.text
        assert mentee.job_title == "Charge Nurse"
        assert mentee.expertise == "Scheduling, Teamwork"
        assert mentee.growth_areas == "Budgets, Quality improvement"
        assert mentee.growth_areas_list == ["Budgets", "Quality improvement"]
        assert mentee.open_to_mentoring
        assert mentee.mentee_capacity == 2

    def test_it_edits_only_the_signed_in_person(self, client_for, mentee, stranger):
        data = self.form_data(email=stranger.email, full_name="Changed")
        client_for(mentee).post(self.url, data)
        stranger.refresh_from_db()
        mentee.refresh_from_db()
        assert stranger.full_name == "Stan Stranger"
        assert mentee.full_name == "Changed"
        assert mentee.email != stranger.email

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"mentee_capacity": "11"}, "mentee_capacity", "at most 10 mentees"),
            ({"mentee_capacity": "-1"}, "mentee_capacity", "greater than or equal to 0"),
            ({"full_name": ""}, "full_name", "This field is required."),
            ({"bio": "x" * 1001}, "bio", "at most 1000 characters"),
        ],
    )
    def test_bad_input_is_explained_beside_the_field_and_kept(
        self, client_for, mentee, changes, field, message
    ):
        response = client_for(mentee).post(self.url, self.form_data(**changes))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field])
        assert f'id="error_1_id_{field}"' in response.text
        assert "Ten years in acute care." in response.text or field == "bio"
        mentee.refresh_from_db()
        assert mentee.job_title == "Manager"


class TestTimeZone:
    def test_a_request_runs_in_the_persons_zone_and_puts_the_sites_back(self, rf, mentee):
        mentee.time_zone = "Asia/Tokyo"
        request = rf.get("/")
        request.user = mentee
        site_zone = timezone.get_current_timezone_name()
        seen = []
        TimeZoneMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))(
            request
        )
        assert seen == ["Asia/Tokyo"]
        assert timezone.get_current_timezone_name() == site_zone
