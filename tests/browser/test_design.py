"""The design system in a browser: the styleguide and the accessibility statement pass axe and
reflow at 320 px; the person menu works by keyboard alone, and without JavaScript."""

import pytest
from django.urls import get_resolver
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, UserFactory
from tests.helpers import PASSWORD_LABEL, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True, scope="module")
def _urls_imported():
    """The live server's first request imports every view, WeasyPrint's included: seconds on
    a busy machine, beyond the 5-second page timeouts. Imported here, before any page."""
    get_resolver().url_patterns  # noqa: B018 (a lazy property: reading it imports)


NARROWEST = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 800}


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_styleguide_and_statement_pass_axe_and_reflow(page: Page, live_server, assert_accessible):
    staff = UserFactory(full_name="Sid Staff", is_staff=True)
    sign_in(page, live_server, staff.email, PASSWORD)

    for path, heading in [
        ("/styleguide/", "Styleguide"),
        ("/accessibility/", "Accessibility statement"),
    ]:
        page.set_viewport_size(WIDE)
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
        page.set_viewport_size(NARROWEST)
        assert overflow(page) <= 0, f"{path} overflows by {overflow(page)} px at 320 px"
        assert_accessible(page)

    # Hover and focus states keep their contrast too: axe on the at-risk row's button, hovered.
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server.url}/styleguide/")
    page.get_by_role("button", name="Mark dealt with").hover()
    assert_accessible(page)
    page.get_by_role("button", name="Mark dealt with").focus()
    assert_accessible(page)


def test_the_statement_is_public_and_in_the_footer(page: Page, live_server, assert_accessible):
    page.goto(live_server.url)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("heading", name="Conformance status")).to_be_visible()
    assert_accessible(page)


def tab_to(page: Page, target, limit: int = 40) -> None:
    """Press Tab until `target` (a locator) has the focus: the keyboard's way there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, NARROWEST], ids=["wide", "320"]
)
def test_the_person_menu_by_keyboard_alone(page: Page, live_server, assert_accessible, viewport):
    mentee = UserFactory(full_name="Mina Mentee")
    page.set_viewport_size(viewport)
    sign_in(page, live_server, mentee.email, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.get_by_role("button", name="Mina Mentee")
    page.goto(f"{live_server.url}/guide/")

    if viewport == NARROWEST:
        # The collapsed navigation opens from its toggler, by Enter.
        toggler = nav.get_by_role("button", name="Toggle navigation")
        tab_to(page, toggler)
        page.keyboard.press("Enter")
        expect(menu).to_be_visible()
        assert overflow(page) <= 0

    tab_to(page, menu)
    expect(menu).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    for name in ["Profile", "Sign-in & security", "Your data"]:
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)

    # Escape closes it and gives focus back to the menu's button.
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    # Space opens it too; Tab walks its items in order, Enter follows one.
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Profile")).to_be_focused()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Sign-in & security")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")
    expect(page.get_by_role("link", name="Change your password")).to_be_visible()
    assert_accessible(page)


def test_without_javascript_every_item_is_reachable(browser, live_server):
    mentee = UserFactory(full_name="Mina Mentee")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(mentee.email)
        page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()

        nav = page.get_by_role("navigation", name="Main")
        # The toggler and the menu's button could do nothing, so they are not there to press;
        # what they would open is shown.
        expect(nav.get_by_role("button", name="Toggle navigation")).to_be_hidden()
        for name in ["Home", "Guide", "Profile", "Sign-in & security", "Your data"]:
            expect(nav.get_by_role("link", name=name)).to_be_visible()
        assert overflow(page) <= 0

        nav.get_by_role("link", name="Sign-in & security").click()
        expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
        ).to_be_visible()
    finally:
        context.close()
