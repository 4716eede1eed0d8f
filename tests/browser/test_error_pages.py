"""The error pages as a person meets them in the browser: in the site's layout, saying what
happened and where to go, and clean for axe at desktop and phone width."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from playwright.sync_api import Page, expect

from mentoring.lib.pdf import PdfRenderingFailed
from mentoring.preparation import views as preparation_views
from mentoring.programs import views as program_views
from tests.factories import PASSWORD, MentorshipFactory, UserFactory
from tests.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("warm_server")]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def signed_in_page(page: Page, live_server):
    person = UserFactory(full_name="Erin Example")
    sign_in(page, live_server, person.email, PASSWORD)
    return page


def check(page: Page, assert_accessible, response, status: int, heading: str) -> None:
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name="Mentoring Toolkit")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)


def test_a_pair_that_is_not_yours_is_not_found(signed_in_page, live_server, assert_accessible):
    pair = MentorshipFactory()
    response = signed_in_page.goto(f"{live_server.url}{pair.get_absolute_url()}")
    check(
        signed_in_page, assert_accessible, status=404, response=response, heading="Page not found"
    )


def test_an_action_not_open_to_you_says_why(signed_in_page, live_server, assert_accessible):
    response = signed_in_page.goto(f"{live_server.url}{reverse('programs:new_program')}")
    check(
        signed_in_page,
        assert_accessible,
        status=403,
        response=response,
        heading="You cannot do this here",
    )
    expect(signed_in_page.get_by_text("Ask the site's staff")).to_be_visible()


@pytest.mark.parametrize(
    ("error", "status", "heading"),
    [
        (SuspiciousOperation, 400, "We could not understand that request"),
        (RuntimeError, 500, "Something went wrong on our side"),
    ],
)
def test_a_failing_request_gets_the_sites_page(
    signed_in_page, live_server, assert_accessible, monkeypatch, error, status, heading
):
    def fail(*args, **kwargs):
        raise error("planted")

    # The live server runs in a thread of this process: home fails for real, cached or not.
    monkeypatch.setattr(program_views, "render_part", fail)
    response = signed_in_page.goto(f"{live_server.url}/")
    check(signed_in_page, assert_accessible, status=status, response=response, heading=heading)
    expect(signed_in_page.get_by_text("planted")).to_have_count(0)


def test_a_pdf_that_fails_to_render_offers_to_try_again(
    page: Page, live_server, assert_accessible, monkeypatch
):
    pair = MentorshipFactory()
    sign_in(page, live_server, pair.mentee.email, PASSWORD)

    def fail(template_name, context):
        raise PdfRenderingFailed(template_name)

    monkeypatch.setattr(preparation_views, "render_pdf", fail)
    url = reverse("preparation:planning_pdf", args=[pair.pk])
    response = page.goto(f"{live_server.url}{url}")
    check(
        page,
        assert_accessible,
        status=500,
        response=response,
        heading="We could not make this PDF",
    )
