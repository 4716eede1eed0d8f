"""SAML 2.0 sign-in in Chromium, through pysaml2's IdP on loopback (tests/saml_idp.py), at its
own origin: the organisation's SAML button on our sign-in page, the provider's page, its signed
response posted back by the browser, and the person signed in with the profile it sent. axe
checks our sign-in page; the CSP lets the form go on to the provider (tests/browser/test_csp.py
watches for violations everywhere)."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.test_sso import expect_signed_in_as, screenshot, sso_section
from tests.saml_idp import serve

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]


@pytest.fixture
def saml_at_loopback(saml_app, saml_idp, live_server):
    url, stop = serve(saml_idp, live_server.url, "riley")
    saml_app.settings = {**saml_app.settings, "idp": {**saml_app.settings["idp"], "sso_url": url}}
    saml_app.save()
    saml_idp.sso_url = url
    yield url
    stop()


def test_the_saml_button_signs_a_newcomer_in(
    page: Page, live_server, saml_app, saml_at_loopback, assert_accessible
):
    page.goto(f"{live_server.url}/accounts/login/")
    button = sso_section(page).get_by_role("button", name=f"Sign in with {saml_app.name}")
    expect(button).to_be_visible()
    assert_accessible(page)
    button.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Test SAML provider")
    assert page.url.startswith(saml_at_loopback)
    page.get_by_role("button", name="Continue at the provider").click()
    page.get_by_role("button", name="Back to Mentoring Toolkit").click()

    expect_signed_in_as(page, live_server, "Riley Chen")
    screenshot(page, "saml-signed-in")
    riley = User.objects.get(email="riley.chen@vch.ca")
    assert (riley.department, riley.job_title) == ("Cardiology", "Unit Clerk")
