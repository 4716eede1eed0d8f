"""The language switch in a real browser: on the sign-in page, to French and back, with the
page's `lang` following (axe checks it is valid) and the choice kept across pages."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]


def test_the_switch_turns_the_pages_french_and_back(page: Page, live_server, assert_accessible):
    page.goto(f"{live_server.url}{reverse('account_login')}")
    expect(page.locator("html")).to_have_attribute("lang", "en-ca")
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr-ca")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('guide')}")
    expect(page.locator("html")).to_have_attribute("lang", "fr-ca")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-ca")
    assert page.url.endswith(reverse("guide"))
