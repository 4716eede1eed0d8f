"""`{% fixed_url %}`: base.html's argument-less URLs, reversed once per process."""

from django.template import engines
from django.test import override_settings
from django.urls import path, reverse

NAMES = ["home", "guide", "accounts:profile", "privacy:your_data", "account_logout"]


def render(text: str) -> str:
    return engines["django"].from_string(text).render({})


def test_it_writes_what_the_url_tag_writes():
    for name in NAMES:
        assert render(f"{{% load fixed_url %}}{{% fixed_url '{name}' %}}") == render(
            f"{{% url '{name}' %}}"
        )


def elsewhere(request):
    """A page only this URLconf names "home"."""


urlpatterns = [path("elsewhere/", elsewhere, name="home")]


def test_a_new_urlconf_is_reversed_anew():
    assert render("{% load fixed_url %}{% fixed_url 'home' %}") == reverse("home")
    with override_settings(ROOT_URLCONF=__name__):
        assert render("{% load fixed_url %}{% fixed_url 'home' %}") == "/elsewhere/"
    assert render("{% load fixed_url %}{% fixed_url 'home' %}") == reverse("home")
