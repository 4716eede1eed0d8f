"""Single sign-on in a real browser, through a real OpenID Connect provider (django-oauth-toolkit
on 127.0.0.1, tests/identity_providers.py) and back to the live server at localhost: the
organisation's button on the sign-in page; an address at an SSO-only domain typed into our form,
sent to the provider with it as `login_hint`; signing out here signing out there; and a staff
member's test of the provider, which signs nobody in. axe checks the sign-in page with the
button, the list of providers and the test's result.

Screenshots of those pages, at 1280 and 390 px, go to /tmp/shots/sso-*.png for a reviewer.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.helpers import open_person_menu, sign_in
from tests.identity_providers import PASSWORD as PROVIDER_PASSWORD
from tests.identity_providers import PEOPLE, PROVIDER_ID

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]

PROVIDER = "Vancouver Coastal Health"
ALEX = PEOPLE["alex"]
SCREENSHOTS = Path("/tmp/shots")
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def screenshot(page: Page, name: str) -> None:
    """The page as it is, at each width, without reloading it (the test result is shown once);
    back at desktop width after."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.mouse.move(0, 0)
        page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
        page.screenshot(path=SCREENSHOTS / f"sso-{name}-{width}.png", full_page=True)
    page.set_viewport_size(WIDTHS["desktop"])


def sign_in_at_provider(page: Page, oidc_provider, username: str) -> None:
    """On the provider's own page (its origin, not ours): its form, as the person fills it."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
    assert origin(page.url) == oidc_provider.url, page.url
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()


def expect_signed_in_as(page: Page, live_server, name: str) -> None:
    """Back on our home, at our origin, with the person menu in the navigation named `name`."""
    expect(page).to_have_url(f"{live_server.url}{reverse('home')}")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.locator("#person-menu")).to_have_text(name)
    expect(nav.get_by_role("link", name="Sign in")).to_have_count(0)


def sso_section(page: Page):
    return page.get_by_role("region", name="Or sign in with your organisation")


def test_the_organisations_button_signs_a_newcomer_in(
    page: Page, live_server, oidc_app, oidc_provider, assert_accessible
):
    page.goto(f"{live_server.url}{reverse('account_login')}")
    button = sso_section(page).get_by_role("button", name=f"Sign in with {PROVIDER}")
    expect(button).to_be_visible()
    expect(page.get_by_text("Addresses at vch.ca need no password here")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "sign-in")
    assert not User.objects.filter(email=ALEX["email"]).exists()

    button.click()
    sign_in_at_provider(page, oidc_provider, "alex")

    expect_signed_in_as(page, live_server, ALEX["name"])
    alex = User.objects.get(email=ALEX["email"])
    assert (alex.full_name, alex.department, alex.job_title) == (
        ALEX["name"],
        ALEX["department"],
        ALEX["job_title"],
    )
    assert not alex.has_usable_password()
    assert SocialAccount.objects.get(user=alex, provider=PROVIDER_ID).uid == ALEX["sub"]


def test_an_address_the_provider_did_not_verify_is_refused_with_a_way_back(
    page: Page, live_server, oidc_app, oidc_provider, assert_accessible
):
    page.goto(f"{live_server.url}{reverse('account_login')}")
    sso_section(page).get_by_role("button", name=f"Sign in with {PROVIDER}").click()
    sign_in_at_provider(page, oidc_provider, "una")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in did not work")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "refused")
    page.get_by_role("link", name="Back to sign-in").click()
    expect(page.get_by_role("button", name="Sign In", exact=True)).to_be_visible()
    assert not User.objects.filter(email=PEOPLE["una"]["email"]).exists()


def test_an_sso_only_address_typed_in_our_form_goes_to_the_provider(
    page: Page, live_server, oidc_app, oidc_provider
):
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_label("Email").fill(ALEX["email"])
    page.get_by_role("button", name="Sign In", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
    # The provider's login page carries the authorize request it came from as `next`.
    (authorize,) = parse_qs(urlsplit(page.url).query)["next"]
    assert parse_qs(urlsplit(authorize).query)["login_hint"] == [ALEX["email"]]
    sign_in_at_provider(page, oidc_provider, "alex")

    expect_signed_in_as(page, live_server, ALEX["name"])
    assert User.objects.get(email=ALEX["email"]).department == ALEX["department"]


def test_signing_out_here_signs_out_at_the_provider(
    page: Page, live_server, oidc_app, oidc_provider
):
    """RP-initiated logout: out here, out there (the provider asks for the password again),
    and back on our home at the live server's port, which the provider allows for localhost."""
    login = f"{live_server.url}{reverse('account_login')}"
    page.goto(login)
    sso_section(page).get_by_role("button", name=f"Sign in with {PROVIDER}").click()
    sign_in_at_provider(page, oidc_provider, "alex")
    expect_signed_in_as(page, live_server, ALEX["name"])

    open_person_menu(page)
    with page.expect_request(lambda request: "/o/logout/" in request.url) as end_session:
        page.get_by_role("button", name="Sign out").click()
    assert origin(end_session.value.url) == oidc_provider.url
    expect(page).to_have_url(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Sign in")).to_have_count(1)

    page.goto(login)
    sso_section(page).get_by_role("button", name=f"Sign in with {PROVIDER}").click()
    # Signed out there too: the provider's form again, not straight back in.
    expect(page.get_by_role("button", name="Sign in at the provider")).to_be_visible()


def test_staff_test_the_provider_and_stay_themselves(
    page: Page, live_server, oidc_app, oidc_provider, assert_accessible
):
    staff = UserFactory(is_staff=True, full_name="Sasha Staff", email="sasha.staff@example.org")
    sign_in(page, live_server, staff.email, PASSWORD)

    page.goto(f"{live_server.url}{reverse('sso:providers')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Identity providers")
    card = page.get_by_role("region", name=PROVIDER)
    expect(card).to_contain_text(f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/")
    assert_accessible(page)
    screenshot(page, "providers")

    card.get_by_role("button", name=f"Sign in with {PROVIDER} as a test").click()
    sign_in_at_provider(page, oidc_provider, "alex")

    tested = reverse("sso:tested", kwargs={"provider_id": PROVIDER_ID})
    expect(page).to_have_url(f"{live_server.url}{tested}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Identity provider test")
    expect(page.get_by_role("status")).to_have_text(
        "The provider signed the test account in, and its answer checked out."
    )
    main = page.get_by_role("main")
    for shown in (ALEX["email"], ALEX["department"], ALEX["job_title"], "None yet"):
        expect(main).to_contain_text(shown)
    expect(page.get_by_role("navigation", name="Main").locator("#person-menu")).to_have_text(
        "Sasha Staff"
    )
    assert_accessible(page)
    screenshot(page, "tested")
    assert not User.objects.filter(email=ALEX["email"]).exists()
    assert not SocialAccount.objects.exists()
