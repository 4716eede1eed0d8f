"""The language of pages (issue 16): the switch on every page, remembered for anonymous
visitors (a cookie) and for people (their profile); the browser's Accept-Language on a first
visit; the same URLs in both languages."""

import io
import zoneinfo

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from accounts.models import User
from mentoring.health.models import Fit
from mentoring.meetings.models import Meeting
from tests.factories import PASSWORD, UserFactory
from tests.helpers import meetings_url, schedule_data

pytestmark = pytest.mark.django_db

SWITCH = reverse("accounts:language")


def lang_of(response) -> str:
    text = response.text
    start = text.index("<html lang=") + len('<html lang="')
    return text[start : text.index('"', start)]


def test_english_by_default_with_a_switch_to_french(client):
    response = client.get(reverse("account_login"))
    assert lang_of(response) == "en-ca"
    assert '<button type="submit" class="btn btn-link nav-link px-2" lang="fr-ca">Français' in (
        response.text
    )


def test_a_first_visit_follows_the_browser(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert lang_of(response) == "fr-ca"
    assert 'lang="en-ca">English</button>' in response.text


def test_an_anonymous_visitor_is_remembered_by_a_cookie(client):
    response = client.post(SWITCH, {"language": "fr-ca", "next": reverse("guide")})
    assert response.status_code == 302
    assert response.url == reverse("guide")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr-ca"
    assert lang_of(client.get(reverse("guide"))) == "fr-ca"


def test_a_person_is_remembered_on_every_device(client_for):
    person = UserFactory()
    client_for(person).post(SWITCH, {"language": "fr-ca", "next": "/"})
    person.refresh_from_db()
    assert person.language == "fr-ca"
    elsewhere = Client()
    elsewhere.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert lang_of(elsewhere.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")) == "fr-ca"


def test_the_profile_can_say_so_too(client_for):
    person = UserFactory(language="fr-ca")
    assert lang_of(client_for(person).get(reverse("accounts:profile"))) == "fr-ca"


@pytest.mark.parametrize(
    "data",
    [
        {"language": "de", "next": "/"},
        {"language": "fr-ca", "next": "https://elsewhere.example/"},
        {},
    ],
)
def test_bad_switches_change_nothing_harmful(client, data):
    response = client.post(SWITCH, data)
    assert response.status_code == 302
    assert not response.url.startswith("https://elsewhere")
    assert (
        response.cookies.get(settings.LANGUAGE_COOKIE_NAME) is None
        or data.get("language") == "fr-ca"
    )


def test_a_get_is_refused(client):
    assert client.get(SWITCH).status_code == 405


def test_our_own_words_are_french_too(client):
    client.post(SWITCH, {"language": "fr-ca", "next": "/"})
    page = client.get(reverse("account_login")).text
    assert "Passer au contenu principal" in page
    assert ">Accueil</a>" in page
    assert "Ce que vous écrivez pour vous-même reste privé" in page


def test_an_email_goes_in_each_recipients_language(client_for, mentee, held, committed):
    french = UserFactory(full_name="Françoise Coordonnatrice", language="fr-ca")
    english = UserFactory(full_name="Eve Coordinator")
    held.mentorship.program.coordinators.set([french, english])
    mail.outbox.clear()
    client = client_for(mentee)  # the sender reads English
    with committed():
        client.post(
            reverse("health:fit_check", args=[held.mentorship.pk]), {"answer": Fit.NOT_A_FIT}
        )
    sent = {tuple(message.to): message for message in mail.outbox}
    assert sent[(french.email,)].subject.startswith("Une vérification de l’affinité dans")
    assert "Bonjour," in sent[(french.email,)].body
    assert sent[(english.email,)].subject.startswith("A fit check in")


def test_a_pdf_is_in_its_readers_language(client_for, mentee, enabling):
    client = client_for(mentee)
    client.post(SWITCH, {"language": "fr-ca", "next": "/"})
    pdf = client.get(reverse("enabling:action_plan_pdf", args=[enabling.pk])).content
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "fr-ca"


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_a_coordinator_still_setting_up_two_factor_may_switch(client, coordinator, program):
    client.force_login(coordinator)
    assert client.get(reverse("home")).status_code == 302  # to the two-factor setup
    response = client.post(SWITCH, {"language": "fr-ca", "next": "/accounts/2fa/"})
    assert response.url == "/accounts/2fa/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr-ca"


def test_a_stored_language_the_site_no_longer_speaks_falls_back(client_for):
    person = UserFactory()
    type(person).objects.filter(pk=person.pk).update(language="de")
    assert lang_of(client_for(person).get(reverse("accounts:profile"))) == "en-ca"


def test_signing_up_keeps_the_language_of_the_pages(client):
    client.post(SWITCH, {"language": "fr-ca", "next": "/"})
    client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.org",
            "password1": "un-long-mot-de-passe-42",
            "password2": "un-long-mot-de-passe-42",
        },
    )
    assert User.objects.get(email="nouvelle@example.org").language == "fr-ca"


def test_the_profiles_language_is_kept_after_signing_out(client_for):
    person = UserFactory()
    client = client_for(person)
    form = client.get(reverse("accounts:profile")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    response = client.post(reverse("accounts:profile"), data | {"language": "fr-ca"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr-ca"


def test_a_french_speaking_partner_is_told_in_french_with_french_dates(
    client_for, enabling, mentor, mentee, mailoutbox, committed
):
    type(mentee).objects.filter(pk=mentee.pk).update(language="fr-ca", time_zone="America/Toronto")
    with committed():  # the mentor, who reads English, schedules
        client_for(mentor).post(meetings_url("schedule", enabling.pk), schedule_data())
    starts = Meeting.objects.get().starts_at.astimezone(zoneinfo.ZoneInfo("America/Toronto"))
    (message,) = mailoutbox
    with translation.override("fr-ca"):
        when = date_format(starts, translation.gettext("l, F j, Y, g:i A"))
    assert message.subject.startswith(f"{mentor} a planifié une rencontre de mentorat le")
    assert f"{when} (America/Toronto)" in message.body
    assert f"{starts:%B}" not in message.body  # the month in French, not in English
    assert "Bonjour" in message.body and "scheduled" not in message.body


def test_a_pdf_is_written_in_its_readers_language(client_for, mentee, mentor, enabling):
    type(mentee).objects.filter(pk=mentee.pk).update(language="fr-ca")
    url = reverse("enabling:action_plan_pdf", args=[enabling.pk])

    def text_of(person) -> str:
        pdf = PdfReader(io.BytesIO(client_for(person).get(url).content))
        return " ".join(page.extract_text() for page in pdf.pages)

    french, english = text_of(mentee), text_of(mentor)
    assert "Plan d’action" in french and "Action Plan" not in french
    assert "Action Plan" in english
